"""Wagtail admin: issue API keys to licensing authorities, and revoke them.

A new key is shown once, on the page that answers the form, and never again: the database keeps
only its hash and its first 12 characters. Issuing needs `licensing.add_apikey` (and an
authenticator app, since a key reads an authority's whole register); revoking needs
`licensing.change_apikey`. Superusers have both. Both are written to Wagtail's audit log.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from eyesandears.core.forms import IdChoiceField
from organisations.access import has_totp
from organisations.choices import OrganisationKind
from organisations.models import Organisation

from . import api_keys
from .models import ApiKey

ISSUE_PERMISSION = "licensing.add_apikey"
REVOKE_PERMISSION = "licensing.change_apikey"


def may_manage_api_keys(user):
    return user.has_perm(ISSUE_PERMISSION) or user.has_perm(REVOKE_PERMISSION)


class IssueApiKeyForm(forms.Form):
    authority = IdChoiceField(
        queryset=Organisation.objects.none(),
        label=gettext_lazy("Licensing authority"),
        help_text=gettext_lazy("The key sees this authority's register only."),
        error_messages={"required": gettext_lazy("Choose the licensing authority the key is for.")},
    )
    name = forms.CharField(
        label=gettext_lazy("What will use this key?"),
        max_length=80,
        help_text=gettext_lazy(
            "For example 'Licensing system (live)'. It is shown in the record of every check made with the key."
        ),
        error_messages={"required": gettext_lazy("Say what will use this key.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.LICENSING_AUTHORITY
        ).order_by("name")


def index(request):
    if not may_manage_api_keys(request.user):
        raise PermissionDenied
    keys = ApiKey.objects.select_related("authority", "created_by").order_by("revoked_at", "-created_at")
    return TemplateResponse(
        request,
        "licensing/api_keys/index.html",
        {
            "keys": keys,
            "may_issue": request.user.has_perm(ISSUE_PERMISSION),
            "may_revoke": request.user.has_perm(REVOKE_PERMISSION),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def issue(request):
    if not request.user.has_perm(ISSUE_PERMISSION):
        raise PermissionDenied
    if not has_totp(request.user):
        messages.warning(request, _("Set up an authenticator app before you issue API keys."))
        return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
    form = IssueApiKeyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        api_key, raw_key = api_keys.api_key_issue(
            authority=form.cleaned_data["authority"], name=form.cleaned_data["name"], created_by=request.user
        )
        # The only time the key is ever shown: this response is not cached and cannot be fetched again.
        return TemplateResponse(
            request,
            "licensing/api_keys/issued.html",
            {"api_key": api_key, "raw_key": raw_key, "api_root": request.build_absolute_uri("/api/v1/")},
        )
    return TemplateResponse(request, "licensing/api_keys/issue.html", {"form": form})


@require_http_methods(["GET", "POST"])
def revoke(request, key_id):
    if not request.user.has_perm(REVOKE_PERMISSION):
        raise PermissionDenied
    api_key = get_object_or_404(ApiKey.objects.select_related("authority"), pk=key_id)
    if request.method == "POST":
        api_keys.api_key_revoke(api_key=api_key, by=request.user)
        messages.success(
            request,
            _("The key '%(name)s' (%(prefix)s…) is revoked and no longer works.")
            % {"name": api_key.name, "prefix": api_key.prefix},
        )
        return redirect("licensing_api_keys:index")
    return TemplateResponse(request, "licensing/api_keys/revoke.html", {"api_key": api_key})


app_name = "licensing_api_keys"
urlpatterns = [
    path("", index, name="index"),
    path("issue/", issue, name="issue"),
    path("<int:key_id>/revoke/", revoke, name="revoke"),
]


def admin_urls():
    """For the register_admin_urls hook: /admin/api-keys/ (Wagtail checks admin access first)."""
    return [path("api-keys/", include((urlpatterns, app_name)))]


class ApiKeysMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_api_keys(request.user)


def menu_item():
    return ApiKeysMenuItem(gettext_lazy("API keys"), reverse("licensing_api_keys:index"), icon_name="key", order=241)
