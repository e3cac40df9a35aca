from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from eyesandears.core.models import GuidanceSource

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class ParentsPage(Page):
    """Advice for parents and carers, written by the council. The first one (at /parents/) opens the
    section and lists the pages under it; each page shows who to call and links to the leaflet."""

    lead = models.CharField(max_length=255, blank=True, help_text="One sentence under the title.")
    body = RichTextField(features=BODY_FEATURES)
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
        InlinePanel("sources", heading="Sources", label="Source"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["core.HomePage", "outreach.ParentsPage"]
    subpage_types = ["outreach.ParentsPage"]

    class Meta:
        verbose_name = "parents and carers page"

    def get_context(self, request, *args, **kwargs):
        from .selectors import section_of

        context = super().get_context(request, *args, **kwargs)
        context["section"] = section_of(self)
        return context


class ParentsSource(GuidanceSource):
    """A piece of public guidance the page is written from, named under it."""

    page = ParentalKey(ParentsPage, on_delete=models.CASCADE, related_name="sources")
