"""A quiz's questions. Each question and each option keeps the id Wagtail gives its block, so a
question can be followed across edits, reordering and revisions."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .choices import QuestionKind


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False, help_text="Tick if this option is a right answer.")
    feedback = blocks.CharBlock(max_length=400, required=False, help_text="Shown after the quiz is submitted.")

    class Meta:
        icon = "radio-full"
        label = "Option"


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    scenario = blocks.TextBlock(required=False, help_text="A short situation shown before the question.")
    image = ImageChooserBlock(required=False)
    image_alt = blocks.CharBlock(max_length=250, required=False, help_text="Required when there is an image.")
    text = blocks.CharBlock(max_length=300, help_text="The question itself.")
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(help_text="Shown after submission: why the right answer is right.")
    revise_lesson = blocks.PageChooserBlock(
        page_type="courses.LessonPage", required=False, help_text="The lesson to revise if this is answered wrongly."
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        correct = sum(1 for option in value["options"] if option["correct"])
        if value["kind"] in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and correct != 1:
            errors["options"] = ValidationError("Tick exactly one right answer.")
        elif value["kind"] == QuestionKind.MULTIPLE and correct < 1:
            errors["options"] = ValidationError("Tick at least one right answer.")
        if value["kind"] == QuestionKind.TRUE_FALSE and len(value["options"]) != 2:
            errors["options"] = ValidationError("A true or false question has exactly two options.")
        if value["image"] and not value["image_alt"].strip():
            errors["image_alt"] = ValidationError("Describe the image for people who cannot see it.")
        if errors:
            raise StructBlockValidationError(errors)
        return value

    class Meta:
        icon = "help"
        label = "Question"
        description = "A question with its options, feedback for each option and an explanation."
