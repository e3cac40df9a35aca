from django import forms

from courses.models import JobRole
from eyesandears.core.forms import IdChoiceField

from .choices import MemberRole


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name."}
    )
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter their e-mail address.",
            "invalid": "Enter an e-mail address in the right format, like name@example.com.",
        },
    )
    job_role = IdChoiceField(
        label="Job role",
        queryset=JobRole.objects.all(),
        empty_label="Choose a job role",
        error_messages={"required": "Choose their job role."},
    )
    reference = forms.CharField(
        label="Reference (optional)",
        max_length=60,
        required=False,
        help_text="A badge, payroll or licence number, to help you find them in reports.",
    )
    role = forms.ChoiceField(
        label="What can they do here?",
        choices=[
            (MemberRole.LEARNER, "Take training"),
            (MemberRole.MANAGER, "Take training and manage this organisation"),
        ],
        initial=MemberRole.LEARNER,
        widget=forms.RadioSelect,
    )


class PeopleFileForm(forms.Form):
    """A CSV or XLSX file of people; cleaning reads it, so a file we cannot read is an error on the field."""

    file = forms.FileField(
        label="File of people",
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": "Choose a CSV or XLSX file to upload.",
            "empty": "The file is empty.",
            "invalid": "Choose a CSV or XLSX file to upload.",
        },
    )

    def __init__(self, *args, **kwargs):
        from .uploads import describe_bytes, max_bytes, max_rows

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A CSV or Excel (XLSX) file of up to {max_rows():,} people and {describe_bytes(max_bytes())}."
        )

    def clean_file(self):
        from .uploads import PeopleFileError, read_people_file

        uploaded = self.cleaned_data["file"]
        try:
            self.people = read_people_file(uploaded)
        except PeopleFileError as error:
            raise forms.ValidationError(error.message, code="unreadable") from error
        return uploaded
