import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .blocks import QuestionBlock


class Quiz(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, TranslatableMixin,
           index.Indexed, models.Model):
    """The assessment at the end of one course. The row holds the published version; drafts are revisions."""

    # Always the original course: a translated quiz belongs to the same course in another language.
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="quizzes")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text="Shown before the learner starts.")
    pass_mark = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)], help_text="Percent needed to pass."
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many questions each attempt draws from the bank. Empty means all."
    )
    shuffle_questions = models.BooleanField(default=True)
    shuffle_options = models.BooleanField(default=True)
    attempt_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, default=3, help_text="Attempts allowed in the window below. Empty means no limit."
    )
    attempt_window_hours = models.PositiveSmallIntegerField(default=24)
    questions = StreamField([("question", QuestionBlock())])

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="quiz",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="quiz",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("attempt_limit"),
                FieldPanel("attempt_window_hours"),
            ],
            heading="Rules",
        ),
        FieldPanel("questions"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "quiz"
        verbose_name_plural = "quizzes"
        constraints = [
            models.UniqueConstraint(fields=["course", "locale"], name="quizzes_one_quiz_per_course_language")
        ]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "quizzes/quiz_preview.html"


class Attempt(models.Model):
    """One go at a quiz. The snapshot holds exactly what the learner was shown (and the answer key,
    which never leaves the server); scoring uses the snapshot, whatever the quiz says later."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    quiz_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    snapshot = models.JSONField()
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Percent of questions answered right.")
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"], condition=Q(submitted_at__isnull=True), name="quizzes_one_open_attempt"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | (Q(score__isnull=False) & Q(passed__isnull=False)),
                name="quizzes_submitted_attempt_is_scored",
            ),
        ]
        indexes = [models.Index(fields=["user", "quiz", "submitted_at"])]

    def __str__(self):
        return f"Attempt {self.public_id}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class QuestionResult(models.Model):
    """How one submitted attempt did on one question: what the quiz report counts."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="results")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=64, db_index=True)
    question_text = models.CharField(max_length=300)
    correct = models.BooleanField()
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["attempt", "pk"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question_id"], name="quizzes_one_result_each")]
        indexes = [models.Index(fields=["quiz", "submitted_at"])]

    def __str__(self):
        return f"{self.question_id} in {self.attempt_id}"


class ChosenOption(models.Model):
    result = models.ForeignKey(QuestionResult, on_delete=models.CASCADE, related_name="chosen")
    option_id = models.CharField(max_length=64)
    option_text = models.CharField(max_length=300)
    is_correct = models.BooleanField()

    class Meta:
        ordering = ["result", "pk"]

    def __str__(self):
        return self.option_id
