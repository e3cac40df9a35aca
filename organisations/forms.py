from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.models import JobRole
from eyesandears.core.forms import IdChoiceField

from .choices import MemberRole


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, error_messages={"required": _("Enter their full name.")}
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter their e-mail address."),
            "invalid": _("Enter an e-mail address in the right format, like name@example.com."),
        },
    )
    job_role = IdChoiceField(
        label=_("Job role"),
        queryset=JobRole.objects.all(),
        empty_label=_("Choose a job role"),
        error_messages={"required": _("Choose their job role.")},
    )
    reference = forms.CharField(
        label=_("Reference (optional)"),
        max_length=60,
        required=False,
        help_text=_("A badge, payroll or licence number, to help you find them in reports."),
    )
    role = forms.ChoiceField(
        label=_("What can they do here?"),
        choices=[
            (MemberRole.LEARNER, _("Take training")),
            (MemberRole.MANAGER, _("Take training and manage this organisation")),
        ],
        initial=MemberRole.LEARNER,
        widget=forms.RadioSelect,
    )


class PeopleFileForm(forms.Form):
    """A CSV or XLSX file of people; cleaning reads it, so a file we cannot read is an error on the field."""

    file = forms.FileField(
        label=_("File of people"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": _("Choose a CSV or XLSX file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a CSV or XLSX file to upload."),
        },
    )

    def __init__(self, *args, **kwargs):
        from .uploads import count_text, describe_bytes, max_bytes, max_rows

        super().__init__(*args, **kwargs)
        limit = max_rows()
        self.fields["file"].help_text = ngettext(
            "A CSV or Excel (XLSX) file of up to %(count)s person and %(size)s.",
            "A CSV or Excel (XLSX) file of up to %(count)s people and %(size)s.",
            limit,
        ) % {"count": count_text(limit), "size": describe_bytes(max_bytes())}

    def clean_file(self):
        from .uploads import PeopleFileError, read_people_file

        uploaded = self.cleaned_data["file"]
        try:
            self.people = read_people_file(uploaded)
        except PeopleFileError as error:
            raise forms.ValidationError(error.message, code="unreadable") from error
        return uploaded
