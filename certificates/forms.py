from django import forms
from django.utils.translation import gettext_lazy as _


class CheckForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_("For example, EAE-7KQ4M-2XD9F-J3KQ7. Capital or small letters, with or without dashes."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the certificate code.")},
    )


class RevokeForm(forms.Form):
    """Used only in the Wagtail admin, which stays in English: not marked for translation."""

    reason = forms.CharField(
        label="Why is this certificate being revoked?",
        help_text="The holder is sent this reason by e-mail.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": "Give the reason for revoking the certificate."},
    )
