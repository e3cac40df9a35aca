from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses.selectors import ASSESSMENT_HOOK

from .selectors import live_quiz_for
from .viewsets import QuizViewSet

register_snippet(QuizViewSet)


@hooks.register(ASSESSMENT_HOOK)
def quiz_after_the_lessons(course):
    quiz = live_quiz_for(course)
    return reverse("quizzes:start", args=[quiz.pk]) if quiz else None
