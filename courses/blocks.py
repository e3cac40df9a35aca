"""The building blocks of a lesson. Each has an icon, a template and a preview for editors."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html

LESSON_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class GlossaryLinksMixin:
    """The block's rendering, with the first mention on the page of each glossary term linked to its definition
    (courses/glossary.py: the terms are read once per request, whatever the number of blocks)."""

    def render(self, value, context=None):
        from .glossary import link_glossary_terms

        return link_glossary_terms(super().render(value, context=context), context)


class WarningSignBlock(GlossaryLinksMixin, blocks.StructBlock):
    sign = blocks.CharBlock(max_length=160, help_text="What someone might see or hear, in a short sentence.")
    why_it_matters = blocks.TextBlock(help_text="Why this can point to exploitation.")

    class Meta:
        icon = "warning"
        template = "courses/blocks/warning_sign.html"
        label = "Warning sign"
        description = "A sign to look out for, and why it matters."
        preview_value = {
            "sign": "An adult pays the fare but does not travel",
            "why_it_matters": "An adult may pay for a young person to be taken somewhere so they are not seen "
            "with them.",
        }


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    situation = blocks.TextBlock(help_text="What happens, told in a few sentences.")
    question = blocks.CharBlock(max_length=200, help_text="A question for the learner to think about.")
    discussion = blocks.TextBlock(help_text="Shown when the learner opens it: what a good response looks like.")

    class Meta:
        icon = "help"
        template = "courses/blocks/scenario.html"
        label = "Scenario"
        description = "A situation from work, a question to reflect on and a discussion the learner can open."
        preview_value = {
            "title": "A late pick-up",
            "situation": "You collect a girl of about 14 from a hotel at 2am. A man pays but does not travel.",
            "question": "What would you do?",
            "discussion": "Note the details and call 101, or 999 if she is in danger now.",
        }


class WhatToDoBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="What to do and who to call")
    intro = blocks.TextBlock(required=False, help_text="The numbers themselves come from the council's settings.")

    def get_context(self, value, parent_context=None):
        from eyesandears.core.models import CouncilSettings

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        if request is not None:
            context["council"] = CouncilSettings.for_request(request)
        else:
            from wagtail.models import Site

            context["council"] = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
        return context

    class Meta:
        icon = "tick-inverse"
        template = "courses/blocks/what_to_do.html"
        label = "What to do and who to call"
        description = "The council's safeguarding contacts: 999, 101, children's social care, out of hours."
        preview_value = {"heading": "What to do and who to call", "intro": "Use the numbers below."}


class MythFactBlock(GlossaryLinksMixin, blocks.StructBlock):
    myth = blocks.CharBlock(max_length=200)
    fact = blocks.TextBlock()

    class Meta:
        icon = "pick"
        template = "courses/blocks/myth_fact.html"
        label = "Myth and fact"
        description = "A common belief and the facts that answer it."
        preview_value = {
            "myth": "Only girls are exploited.",
            "fact": "Boys and young men are exploited too, and are less likely to be noticed.",
        }


class KeyPointsBlock(GlossaryLinksMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Key points")
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/key_points.html"
        label = "Key points"
        description = "A short list of what to remember."
        preview_value = {
            "heading": "Remember",
            "points": ["Judge people by what they do, not how they look.", "You do not need proof to report."],
        }


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    video_file = DocumentChooserBlock(required=False, help_text="A video file (MP4 or WebM) uploaded to the site.")
    video_url = blocks.URLBlock(required=False, help_text="Or the address of the video on another site.")
    transcript = blocks.TextBlock(help_text="Everything said and shown, for people who cannot watch or hear it.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video_file") and not value.get("video_url"):
            raise StructBlockValidationError({"video_url": ValidationError("Choose a video file or give its address.")})
        return value

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        label = "Video with transcript"
        description = "A video, always with a full transcript."
        preview_value = {
            "title": "What a driver noticed",
            "video_url": "https://example.com/video",
            "transcript": "A driver describes a night shift when he picked up two girls from a hotel.",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe what the image shows for someone who cannot see it. Required."
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        label = "Image"
        description = "An image with a required text alternative and an optional caption."


# Where one text block ends and the next begins while a lesson's text blocks are expanded together.
TEXT_BLOCK_SEPARATOR = "<!-- eyesandears:text-block -->"


class TextBlocksExpansion:
    """The text blocks of one lesson, whose links to pages and documents are looked up together, once, when
    the first of them is shown. (Wagtail looks them up for each block on its own: two queries a block.)"""

    def __init__(self, sources):
        self.sources = sources
        self.html = None

    def expanded(self, index):
        if self.html is None:
            parts = expand_db_html(TEXT_BLOCK_SEPARATOR.join(self.sources)).split(TEXT_BLOCK_SEPARATOR)
            self.html = parts if len(parts) == len(self.sources) else [expand_db_html(s) for s in self.sources]
        return self.html[index]


class ExpandedTogetherRichText(RichText):
    def __init__(self, source, expansion, index):
        super().__init__(source)
        self.expansion, self.index = expansion, index

    def __html__(self):
        return render_to_string("wagtailcore/shared/richtext.html", {"html": self.expansion.expanded(self.index)})


class LessonTextBlock(GlossaryLinksMixin, blocks.RichTextBlock):
    """Rich text, as Wagtail's block; a lesson's text blocks read from the database expand their links together."""

    def bulk_to_python(self, values):
        sources = [self.to_python(value).source for value in values]
        expansion = TextBlocksExpansion(sources)
        return [ExpandedTogetherRichText(source, expansion, index) for index, source in enumerate(sources)]


# Migrations see Wagtail's own RichTextBlock: the stored data and the editing are the same.
DECONSTRUCT_ALIASES = {LessonTextBlock: "wagtail.blocks.RichTextBlock"}


class LessonBodyBlock(blocks.StreamBlock):
    text = LessonTextBlock(features=LESSON_TEXT_FEATURES, icon="pilcrow")
    warning_sign = WarningSignBlock()
    scenario = ScenarioBlock()
    what_to_do = WhatToDoBlock()
    myth_fact = MythFactBlock()
    key_points = KeyPointsBlock()
    video = VideoBlock()
    image = ImageBlock()
