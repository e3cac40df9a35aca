from django import forms
from django.core.validators import EMPTY_VALUES
from django.forms.renderers import TemplatesSetting

LARGEST_ID = 2**63 - 1  # no database holds a larger integer key


def is_too_large_for_an_id(value):
    """A number beyond any integer key: asked about it, SQLite raises OverflowError (a 500), not "no such row"."""
    try:
        return abs(int(str(value))) > LARGEST_ID
    except ValueError:
        return False  # not a number at all: Django's own validation says so


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not one of the choices" for an impossibly large id."""

    def to_python(self, value):
        if value not in EMPTY_VALUES and is_too_large_for_an_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class AccessibleFormRenderer(TemplatesSetting):
    """Forms render with an error summary, hints and errors tied to their fields (GOV.UK pattern)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
