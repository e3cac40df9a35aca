"""The editors' "Quiz questions" report: which questions people get wrong, and with which answer.

Reached from Reports > Quiz questions in the Wagtail admin: a list of quizzes, then one report per
quiz with a row per question, filters for dates and job role, and CSV and XLSX downloads. It counts
submitted attempts and never shows who made them. Only people who may change quizzes see it.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language_info
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from eyesandears.core.languages import source_of

from .filters import QuestionResultFilterSet
from .models import QuestionResult, Quiz
from .selectors import question_report, question_report_attempt_count, quizzes_for_question_report

REPORT_TITLE = "Quiz questions"
REPORT_PERMISSION = "quizzes.change_quiz"


def may_see_quiz_reports(user):
    return user.is_active and user.has_perm(REPORT_PERMISSION)


def percent_display(row):
    return "No answers" if row.percent_correct is None else f"{row.percent_correct}%"


def wrong_option_display(row):
    return row.wrong_option_text or "None chosen"


def language_name(code):
    return get_language_info(code.split("-")[0])["name"]  # "English", not "British English"


def percent_in(code):
    def display(row):
        answered, _right = row.by_language.get(code, (0, 0))
        percent = row.percent_by_language[code]
        return "No answers" if percent is None else f"{percent}% of {answered}"

    return display


def language_columns():
    """The report split by the language each attempt was taken in."""
    return [
        Column(f"percent_{code}", label=f"Correct in {language_name(code)}", accessor=percent_in(code))
        for code, _name in settings.LANGUAGES
    ]


class QuestionColumn(Column):
    """The question's text, with the situation it is asked about (several questions read "What should
    you do?" and only the scenario tells them apart)."""

    cell_template_name = "quizzes/reports/question_cell.html"


class QuizReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_quiz_reports(request.user)


class QuizReportPermissionMixin:
    """Editors, moderators and superusers: whoever may change quizzes."""

    permission_policy = ModelPermissionPolicy(Quiz)
    permission_required = "change"


class QuizQuestionsIndexView(QuizReportPermissionMixin, ReportView):
    """The list of quizzes, each linking to its question report."""

    page_title = REPORT_TITLE
    header_icon = "help"
    index_url_name = "quizzes_reports:index"
    index_results_url_name = "quizzes_reports:index_results"
    results_template_name = "quizzes/reports/quiz_list_results.html"
    model = Quiz
    verbose_name_plural = "quizzes"
    columns = [
        TitleColumn("title", label="Quiz", url_name="quizzes_reports:questions"),
        Column("course", label="Course"),
        NumberColumn("submitted_attempts", label="Submitted attempts"),
    ]

    def get_queryset(self):
        return quizzes_for_question_report()

    def get_filtered_queryset(self):
        return self.get_queryset()


class QuizQuestionsReportView(QuizReportPermissionMixin, ReportView):
    """One quiz: a row per question (by its stable id, across revisions) with how many attempts
    answered it, the percent answered correctly and the wrong answer chosen most often."""

    page_title = REPORT_TITLE
    header_icon = "help"
    results_template_name = "quizzes/reports/question_report_results.html"
    filterset_class = QuestionResultFilterSet
    paginate_by = None  # a quiz has a handful of questions; one page, and the download has them all
    base_columns = [
        Column("number", label="No.", width="5%"),
        QuestionColumn("question", label="Question"),
        NumberColumn("answered", label="Attempts that answered it"),
        Column("percent_correct", label="Answered correctly", accessor=percent_display),
        Column("wrong_option_text", label="Most chosen wrong answer", accessor=wrong_option_display),
        NumberColumn("wrong_option_chosen", label="Times chosen"),
    ]
    base_export = [
        "number",
        "question",
        "scenario",
        "answered",
        "answered_correctly",
        "percent_correct",
        "wrong_option_text",
        "wrong_option_chosen",
    ]
    base_export_headings = {
        "number": "Number",
        "question": "Question",
        "scenario": "Scenario",
        "answered": "Attempts that answered it",
        "answered_correctly": "Answered correctly",
        "percent_correct": "Percent answered correctly",
        "wrong_option_text": "Most chosen wrong answer",
        "wrong_option_chosen": "Times chosen",
    }

    @cached_property
    def quiz(self):
        # Looked up after the permission check in dispatch(), so nobody learns which quizzes exist.
        quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=self.kwargs["quiz_id"])
        return source_of(quiz)  # a translation is reported with its original

    def get_page_subtitle(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("quizzes_reports:index"), "label": REPORT_TITLE},
            {"url": "", "label": self.quiz.title},
        ]

    def get_index_url(self):
        return reverse("quizzes_reports:questions", args=[self.quiz.pk])

    def get_index_results_url(self):
        return reverse("quizzes_reports:questions_results", args=[self.quiz.pk])

    def get_filename(self):
        return f"quiz-questions-{slugify(self.quiz.title)[:60]}-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        # The quiz in every language it is published in: questions keep their identity in translation.
        return QuestionResult.objects.filter(quiz__translation_key=self.quiz.translation_key)

    @cached_property
    def columns(self):
        return [*self.base_columns, *language_columns()]

    @cached_property
    def list_export(self):
        return [*self.base_export, *(f"percent_by_language.{code}" for code, _name in settings.LANGUAGES)]

    @cached_property
    def export_headings(self):
        return {
            **self.base_export_headings,
            **{f"percent_by_language.{code}": f"Percent answered correctly in {language_name(code)}"
               for code, _name in settings.LANGUAGES},
        }

    @cached_property
    def filters_invalid(self):
        return bool(self.filters and not self.filters.is_valid())

    def get_filtered_queryset(self):
        # A filter that cannot be read (a mistyped date) counts nothing, rather than everything.
        results = self.get_queryset().none() if self.filters_invalid else self.filter_queryset(self.get_queryset())
        self.attempt_count = question_report_attempt_count(results)
        # Figures from a handful of attempts could reveal what one person answered.
        self.too_few = 0 < self.attempt_count < settings.QUIZ_REPORT_MIN_ATTEMPTS
        if self.too_few:
            results = results.none()
        return question_report(quiz=self.quiz, results=results)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "caption": f"Questions of the quiz “{self.quiz.title}”"}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["quiz"] = self.quiz
        context["attempt_count"] = self.attempt_count
        context["filters_invalid"] = self.filters_invalid
        context["too_few"] = self.too_few
        context["min_attempts"] = settings.QUIZ_REPORT_MIN_ATTEMPTS
        return context


def report_urlpatterns():
    """Mounted at /admin/reports/quiz-questions/ by the register_admin_urls hook."""
    return [
        path("", QuizQuestionsIndexView.as_view(), name="index"),
        path("results/", QuizQuestionsIndexView.as_view(results_only=True), name="index_results"),
        path("<int:quiz_id>/", QuizQuestionsReportView.as_view(), name="questions"),
        path("<int:quiz_id>/results/", QuizQuestionsReportView.as_view(results_only=True), name="questions_results"),
    ]
