from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from eyesandears.core.models import GuidanceSource

from ..blocks import LessonBodyBlock

INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class CourseIndexPage(Page):
    """Lists the published courses; every course lives under it."""

    intro = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live().public().child_of(self).prefetch_related("audience_job_roles").order_by("path")
        )
        return context


class CoursePage(Page):
    """A module for one or more job roles: its lessons are its children, its quiz follows them."""

    summary = models.TextField(help_text="Two or three sentences: who the course is for and what it covers.")
    what_you_will_learn = models.TextField(help_text="One point per line.")
    audience_job_roles = ParentalManyToManyField(
        "courses.JobRole", related_name="courses", help_text="The job roles this course is written for."
    )
    estimated_minutes = models.PositiveSmallIntegerField(default=25, help_text="About how long the course takes.")
    validity_months = models.PositiveSmallIntegerField(
        default=36, help_text="How long a pass stays current before the learner must refresh it."
    )
    refreshes = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="refreshers",
        help_text="The course this one is a shorter refresher for, if any.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_you_will_learn"),
        MultiFieldPanel(
            [
                FieldPanel("audience_job_roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("estimated_minutes"),
                FieldPanel("validity_months"),
                FieldPanel("refreshes"),
            ],
            heading="Who it is for and how long it lasts",
        ),
        InlinePanel("sources", heading="Sources", label="Source", min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_you_will_learn"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    search_kind = _("Course")  # shown beside each search result

    class Meta:
        verbose_name = "course page"

    @property
    def learning_points(self):
        return [line.strip() for line in self.what_you_will_learn.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(user=request.user, course=self)
        return context


class CourseSource(GuidanceSource):
    """A piece of public guidance the course is built from, named on every lesson."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sources")


class LessonPage(Page):
    """One part of a course, built from the lesson blocks."""

    summary = models.CharField(max_length=255, blank=True, help_text="One sentence: what this lesson covers.")
    body = StreamField(LessonBodyBlock())

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    search_kind = _("Lesson")

    class Meta:
        verbose_name = "lesson page"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import lesson_position

        context = super().get_context(request, *args, **kwargs)
        context["position"] = lesson_position(user=request.user, lesson=self)
        return context
