from django import forms
from django.utils.translation import gettext_lazy as _

from eyesandears.core.forms import IdChoiceField
from organisations.choices import OrganisationKind
from organisations.models import Organisation

from .choices import LicenceKind


class CheckForm(forms.Form):
    q = forms.CharField(
        label=_("Licence number or certificate code"),
        max_length=60,
        help_text=_("For example PH-00123, or a certificate code such as EAE-7KQ4M-2XD9F-J3KQ7."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter a licence number or a certificate code.")},
    )


class DeclareLicenceForm(forms.Form):
    authority = IdChoiceField(
        label=_("Which council licensed you?"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.LICENSING_AUTHORITY),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the council that licensed you.")},
    )
    number = forms.CharField(
        label=_("Licence number"), max_length=40, error_messages={"required": _("Enter your licence number.")}
    )
    kind = forms.ChoiceField(label=_("Type of licence"), choices=LicenceKind.choices, widget=forms.RadioSelect)
