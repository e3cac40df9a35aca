from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .languages import preference_value, supported_codes


@require_POST
def choose_language(request):
    """The language switcher: remember a signed-in learner's choice (their e-mails follow it) and
    go to the page in that language."""
    language = request.POST.get("language", "")
    if language not in supported_codes():
        return HttpResponseBadRequest("Choose one of the languages offered.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    if request.user.is_authenticated:
        preferred = preference_value(language)
        if request.user.preferred_language != preferred:
            request.user.preferred_language = preferred
            request.user.save(update_fields=["preferred_language"])
    return HttpResponseRedirect(target)
