from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses.selectors import ASSESSMENT_HOOK

from .reports import REPORT_TITLE, QuizReportMenuItem, report_urlpatterns
from .selectors import live_quiz_for
from .viewsets import QuizViewSet

register_snippet(QuizViewSet)


@hooks.register(ASSESSMENT_HOOK)
def quiz_after_the_lessons(course):
    quiz = live_quiz_for(course)
    return reverse("quizzes:start", args=[quiz.pk]) if quiz else None


@hooks.register("register_admin_urls")
def register_quiz_report_urls():
    return [path("reports/quiz-questions/", include((report_urlpatterns(), "quizzes_reports")))]


@hooks.register("register_reports_menu_item")
def register_quiz_questions_report_menu_item():
    return QuizReportMenuItem(
        REPORT_TITLE, reverse("quizzes_reports:index"), name="quiz-questions", icon_name="help", order=1300
    )
