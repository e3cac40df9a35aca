from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import AudienceBlock

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


@register_setting(icon="site")
class CouncilSettings(BaseSiteSetting):
    """Who runs this site and how to reach them: shown in the header, footer and training pages."""

    council_name = models.CharField(max_length=120, default="Eyes and Ears Borough Council")
    service_name = models.CharField(max_length=80, default="Eyes and Ears")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header and on certificates. Leave empty to show the council's name only.",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True)
    police_emergency_phone = models.CharField(max_length=20, default="999")
    police_non_emergency_phone = models.CharField(max_length=20, default="101")
    childrens_social_care_phone = models.CharField(
        max_length=40, blank=True, help_text="The children's social care front door or MASH, in office hours."
    )
    out_of_hours_phone = models.CharField(
        max_length=40, blank=True, help_text="The emergency duty team, evenings, weekends and bank holidays."
    )
    crimestoppers_phone = models.CharField(max_length=40, default="0800 555 111")
    nspcc_helpline_phone = models.CharField(max_length=40, default="0808 800 5000")
    retention_years = models.PositiveSmallIntegerField(
        "keep people's records for (years)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=(
            "How many years after a person's last activity their records are kept. After that, a daily task "
            "removes their name and details; certificates stay checkable as 'holder removed'. The privacy "
            "notice shows this figure. Between 1 and 20."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("council_name"), FieldPanel("service_name"), FieldPanel("logo")],
            heading="Identity",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("contact_address")],
            heading="Contact the council",
        ),
        MultiFieldPanel(
            [
                FieldPanel("police_emergency_phone"),
                FieldPanel("police_non_emergency_phone"),
                FieldPanel("childrens_social_care_phone"),
                FieldPanel("out_of_hours_phone"),
                FieldPanel("crimestoppers_phone"),
                FieldPanel("nspcc_helpline_phone"),
            ],
            heading="Who to call about a child",
        ),
        MultiFieldPanel([FieldPanel("retention_years")], heading="Data protection"),
    ]

    class Meta:
        verbose_name = "council settings"


class HomePage(Page):
    """The front door: what the platform is for, and a way in for each kind of user."""

    lead = models.CharField(max_length=255, help_text="One sentence under the page title.")
    intro = RichTextField(features=BODY_FEATURES, blank=True)
    audiences = StreamField([("audience", AudienceBlock())], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("intro"), FieldPanel("audiences")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """A page of text the council keeps up to date: the accessibility statement, the privacy notice."""

    lead = models.CharField(max_length=255, blank=True)
    body = RichTextField(features=BODY_FEATURES)
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body"), FieldPanel("last_reviewed")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class GuidanceSource(Orderable):
    """A piece of public guidance a page is written from, named under it. Each kind of page adds its
    own ParentalKey (related_name "sources")."""

    name = models.CharField(max_length=255, help_text="The organisation and the document.")
    url = models.URLField(blank=True, help_text="Where to read it, if it is online.")

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.name
