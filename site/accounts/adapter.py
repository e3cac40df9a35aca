from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from eyesandears.core.languages import interface_language


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """After signing in on an English page, a learner who prefers Urdu or Polish lands in it."""
        url = super().get_login_redirect_url(request)
        preferred = interface_language(getattr(request.user, "preferred_language", ""))
        if translation.get_language() == settings.LANGUAGE_CODE and preferred != settings.LANGUAGE_CODE:
            return translate_url(url, preferred)
        return url
