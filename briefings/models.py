import secrets

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LESSON_TEXT_FEATURES
from eyesandears.core.models import GuidanceSource

INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]
INDEX_PAGE_SIZE = 10


class BriefingIndexPage(Page):
    """Lists the published briefings, newest first; every briefing lives under it."""

    intro = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["briefings.BriefingPage"]
    max_count = 1

    class Meta:
        verbose_name = "briefing index page"

    def get_context(self, request, *args, **kwargs):
        from eyesandears.core.paging import paged

        context = super().get_context(request, *args, **kwargs)
        briefings = (
            BriefingPage.objects.live().public().child_of(self)
            .prefetch_related("audience_job_roles").order_by("-date", "-pk")
        )
        pager = paged(request, briefings, per_page=INDEX_PAGE_SIZE, label=_("Briefings"))
        context.update(briefings=pager["page"], pager=pager)
        return context


class BriefingPage(Page):
    """A short update from the CSE co-ordinator (a lesson learned, a change of procedure) for some job
    roles. Publishing it e-mails the learners of those roles, once each."""

    date = models.DateField(default=timezone.localdate, help_text="The date the briefing is about or was written.")
    summary = models.CharField(
        max_length=300, help_text="One or two sentences: what has changed or what to do. Shown in the e-mail."
    )
    body = RichTextField(features=LESSON_TEXT_FEATURES)
    audience_job_roles = ParentalManyToManyField(
        "courses.JobRole", related_name="briefings", help_text="The job roles this briefing is addressed to."
    )
    required = models.BooleanField(
        default=False,
        help_text="Everyone in these job roles must read it: managers see who has read it and who has not.",
    )
    email_learners = models.BooleanField(
        "e-mail learners",
        default=True,
        help_text="E-mail the learners in these job roles when it is published. Each person gets it once: "
        "publishing an edit e-mails only people who have not had it yet (such as people who took up one "
        "of these job roles since). Learners who turned briefing e-mails off are never e-mailed.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audience_job_roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("required"),
                FieldPanel("email_learners"),
            ],
            heading="Who it is for",
        ),
        InlinePanel("sources", heading="Sources", label="Source"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["briefings.BriefingIndexPage"]
    subpage_types = []
    search_kind = _("Briefing")

    class Meta:
        verbose_name = "briefing page"

    def serve(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            from .services import briefing_mark_read

            briefing_mark_read(user=request.user, briefing=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import read_at

        context = super().get_context(request, *args, **kwargs)
        context["read_at"] = read_at(user=request.user, briefing=self)
        return context


class BriefingSource(GuidanceSource):
    """A piece of public guidance the briefing draws on, named under it."""

    briefing = ParentalKey(BriefingPage, on_delete=models.CASCADE, related_name="sources")


class BriefingSend(models.Model):
    """A briefing e-mailed to one learner. Written in the transaction that hands the e-mail on, so a
    retried or repeated mailout never e-mails anyone twice."""

    briefing = models.ForeignKey(BriefingPage, on_delete=models.CASCADE, related_name="sends")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_sends")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["briefing", "user"], name="briefings_sent_once")]

    def __str__(self):
        return f"Briefing {self.briefing_id} to {self.user_id}"


class BriefingRead(models.Model):
    """A learner read a briefing (opened it signed in, or marked it as read)."""

    briefing = models.ForeignKey(BriefingPage, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_reads")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-read_at"]
        constraints = [models.UniqueConstraint(fields=["briefing", "user"], name="briefings_read_once")]

    def __str__(self):
        return f"Briefing {self.briefing_id} read by {self.user_id}"


def new_key():
    return secrets.token_urlsafe(24)


class BriefingEmailPreference(models.Model):
    """Whether a learner wants briefing e-mails. Only briefings: required-training e-mails (certificates,
    reminders) do not look here. `key` is the random value the unsubscribe link signs, so the link
    carries nothing about the person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_email_preference"
    )
    emails_on = models.BooleanField(default=True)
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "briefing e-mail preference"

    def __str__(self):
        return f"Briefing e-mails {'on' if self.emails_on else 'off'} for {self.user_id}"


class BriefingMailout(models.Model):
    """The e-mailing of one published briefing, in batches. Unfinished mailouts are picked up again by
    the periodic sweep (the broker may have been away); the sends make that safe."""

    briefing = models.OneToOneField(BriefingPage, on_delete=models.CASCADE, related_name="mailout")
    queued_at = models.DateTimeField()
    progressed_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["finished_at", "progressed_at"])]

    def __str__(self):
        return f"Mailout of briefing {self.briefing_id}"
