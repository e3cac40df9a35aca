from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

SAFE_LINK_PREFIXES = ("/", "#", "https://", "http://", "mailto:")


class AudienceBlock(blocks.StructBlock):
    """A way in for one kind of user on the home page."""

    heading = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock()
    link_text = blocks.CharBlock(max_length=60)
    link_url = blocks.CharBlock(max_length=200, help_text="A path on this site, such as /accounts/signup/.")

    def clean(self, value):
        value = super().clean(value)
        if not value["link_url"].startswith(SAFE_LINK_PREFIXES) or value["link_url"].startswith("//"):
            raise StructBlockValidationError(
                {"link_url": ValidationError("Use a path on this site (starting with /) or a web address.")}
            )
        return value

    class Meta:
        icon = "user"
        template = "core/blocks/audience_block.html"
        description = "A heading, a sentence and a link for one kind of user."
        preview_value = {
            "heading": "Taxi and private hire drivers",
            "description": "Take the training your licence requires and get your certificate.",
            "link_text": "Start your training",
            "link_url": "/accounts/signup/",
        }
