from django import forms

from .models import JobRole


class JobRoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class JobRolesForm(forms.Form):
    job_roles = JobRoleChoiceField(
        label="Which of these describe your work?",
        help_text="Select all that apply. We use this to show you the training your job needs.",
        queryset=JobRole.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one job role."},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the training", max_length=200, required=False)
