from django import forms
from django.utils.translation import gettext as _

from .choices import QuestionKind


class AnswerForm(forms.Form):
    """One question: radios for a single answer or true/false, checkboxes for "select all that apply"."""

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(option["id"], option["text"]) for option in question["options"]]
        label = question["text"]
        if question["kind"] == QuestionKind.MULTIPLE:
            self.fields["answer"] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Select all that apply."),
                error_messages={"required": _("Select at least one answer.")},
            )
        else:
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Select an answer.")},
            )

    def chosen_ids(self):
        answer = self.cleaned_data["answer"]
        return list(answer) if isinstance(answer, list) else [answer]
