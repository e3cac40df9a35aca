from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import Language


class LanguageSelect(forms.Select):
    """Each language is named in itself, so each option says which language it is written in."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class SignupDetailsForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        initial=Language.ENGLISH,
        required=False,
        widget=LanguageSelect,
    )

    field_order = ["full_name", "email", "password1", "password2", "preferred_language"]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(gettext("Enter your full name."))
        return name

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.preferred_language = self.cleaned_data.get("preferred_language") or Language.ENGLISH
        user.save(update_fields=["full_name", "preferred_language"])


class CloseAccountForm(forms.Form):
    """Closing an account is confirmed with the account's password."""

    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To show that it is you closing your account."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to close your account.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("The password is not right. Enter the password you sign in with."))
        return password
