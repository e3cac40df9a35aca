"""Share codes: the driver's own page (create, see uses, withdraw) and the page where an organisation's
manager enters a code."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eyesandears.accounts import audit
from eyesandears.core.forms import IdChoiceField
from eyesandears.core.ratelimits import over_limit
from organisations.access import managed_organisations, manager_view, mfa_required
from organisations.choices import OrganisationKind

from . import sharing
from .models import ShareCode


class ShareCodeForm(forms.Form):
    organisation = IdChoiceField(
        label=gettext_lazy("Who do you want to share your training with?"),
        queryset=sharing.organisations_to_share_with(),
        empty_label=gettext_lazy("Choose an organisation"),
        help_text=gettext_lazy(
            "Only this organisation can use the code. It sees your name and your training, nothing else."
        ),
        error_messages={"required": gettext_lazy("Choose the organisation you want to share your training with.")},
    )
    days = forms.IntegerField(
        label=gettext_lazy("How many days should the code work for?"),
        initial=sharing.DEFAULT_DAYS,
        min_value=1,
        max_value=sharing.MAX_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Enter how many days the code should work for."),
            "invalid": gettext_lazy("Enter a number of days, like 21."),
            "min_value": gettext_lazy("The code must work for at least 1 day."),
            # Django fills in the limit (sharing.MAX_DAYS) when it shows the error.
            "max_value": ngettext_lazy(
                "The code can work for %(limit_value)s day at most.",
                "The code can work for %(limit_value)s days at most.",
                "limit_value",
            ),
        },
    )
    max_uses = forms.IntegerField(
        label=gettext_lazy("How many times can it be used?"),
        initial=sharing.DEFAULT_MAX_USES,
        min_value=1,
        max_value=sharing.MAX_USES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Enter how many times the code can be used."),
            "invalid": gettext_lazy("Enter a number of times, like 5."),
            "min_value": gettext_lazy("The code must be usable at least once."),
            # Django fills in the limit (sharing.MAX_USES) when it shows the error.
            "max_value": ngettext_lazy(
                "The code can be used %(limit_value)s time at most.",
                "The code can be used %(limit_value)s times at most.",
                "limit_value",
            ),
        },
    )


class ShareCodeCheckForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Share code"),
        max_length=40,
        help_text=gettext_lazy("The driver gives you this. It looks like SHR-7KQ4M-2XD9F."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": gettext_lazy("Enter the share code the driver gave you.")},
    )


@login_required
def your_share_codes(request):
    form = ShareCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        share_code = sharing.share_code_create(
            driver=request.user, organisation=data["organisation"], days=data["days"], max_uses=data["max_uses"]
        )
        messages.success(
            request,
            _("Your share code for %(organisation)s is %(code)s. Give it to them: it works only for them.")
            % {"organisation": share_code.organisation.name, "code": sharing.display(share_code.code)},
        )
        return redirect("licensing:share_codes")
    return render(
        request, "licensing/share_codes.html", {"codes": sharing.share_codes_of(request.user), "form": form}
    )


@login_required
@require_POST
def share_code_withdraw(request, public_id):
    share_code = get_object_or_404(ShareCode.objects.select_related("organisation"), driver=request.user,
                                   public_id=public_id)
    sharing.share_code_withdraw(share_code=share_code)
    messages.success(
        request,
        _("Your share code for %(organisation)s is withdrawn. It no longer works.")
        % {"organisation": share_code.organisation.name},
    )
    return redirect("licensing:share_codes")


@mfa_required
def share_code_organisations(request):
    """Which of the manager's organisations is checking a code (straight there when there is one)."""
    organisations = list(
        managed_organisations(request.user).exclude(kind=OrganisationKind.LICENSING_AUTHORITY).order_by("name")
    )
    if len(organisations) == 1:
        return redirect("licensing:share_code_check", organisations[0].pk)
    return render(request, "licensing/share_code_organisations.html", {"organisations": organisations})


@never_cache
@manager_view
def share_code_check(request, organisation):
    if organisation.kind == OrganisationKind.LICENSING_AUTHORITY:
        raise Http404
    form = ShareCodeCheckForm(request.POST if request.method == "POST" else None)
    status, http_status = None, 200
    if request.method == "POST" and form.is_valid():
        if over_limit(request, group="share-code-check", key="user", rate=sharing.CHECK_RATE):
            form.add_error("code", _("You have tried too many codes. Wait a minute, then try again."))
            http_status = 429
        elif share_code := sharing.share_code_use(
            organisation=organisation, entered=form.cleaned_data["code"], user=request.user
        ):
            status = sharing.shared_status(share_code)
            audit.audit_look(request, organisation, audit.SHARE_CODE_CHECKED, share_code_id=str(share_code.public_id))
        else:
            form.add_error("code", sharing.INVALID_MESSAGE)
    return render(
        request,
        "licensing/share_code_check.html",
        {"organisation": organisation, "form": form if status is None else ShareCodeCheckForm(), "status": status},
        status=http_status,
    )
