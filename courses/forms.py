from django import forms
from django.utils.translation import gettext_lazy as _

from eyesandears.core.forms import is_too_large_for_an_id

from .models import JobRole


class JobRoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name

    def _check_values(self, value):
        # A number too large for any id is no job role; asked about it, SQLite raises OverflowError (a 500).
        for pk in value:
            if is_too_large_for_an_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class JobRolesForm(forms.Form):
    job_roles = JobRoleChoiceField(
        label=_("Which of these describe your work?"),
        help_text=_("Select all that apply. We use this to show you the training your job needs."),
        queryset=JobRole.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one job role.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the training"), max_length=200, required=False)
