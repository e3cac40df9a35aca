from dataclasses import dataclass
from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses.models import LessonPage
from courses.selectors import course_outline

from .models import Attempt, Quiz
from .snapshots import correct_option_ids, is_answered_correctly


def live_quiz_for(course):
    return Quiz.objects.filter(course=course, live=True).first()


def attempt_of(user, public_id):
    """The learner's own attempt; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(Attempt.objects.select_related("quiz__course"), public_id=public_id, user=user)


def open_attempt(user, quiz):
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()


@dataclass
class Allowance:
    allowed: bool
    used: int
    limit: int | None
    next_at: object = None


def attempt_allowance(*, user, quiz, now=None):
    """How many attempts the window allows, how many were used, and when the next one opens."""
    now = now or timezone.now()
    if not quiz.attempt_limit:
        return Allowance(True, 0, None)
    since = now - timedelta(hours=quiz.attempt_window_hours)
    recent = list(
        Attempt.objects.filter(user=user, quiz=quiz, submitted_at__gte=since)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
    )
    if len(recent) < quiz.attempt_limit:
        return Allowance(True, len(recent), quiz.attempt_limit)
    opens_at = recent[len(recent) - quiz.attempt_limit] + timedelta(hours=quiz.attempt_window_hours)
    return Allowance(False, len(recent), quiz.attempt_limit, opens_at)


def lessons_finished(*, user, course):
    """The quiz opens once every lesson of the learner's current enrolment is marked complete."""
    return course_outline(user=user, course=course).all_done


@dataclass
class QuestionReview:
    number: int
    question: dict
    chosen: list
    correct: bool
    right_answers: list


def attempt_review(attempt):
    reviews = []
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        chosen_ids = attempt.answers.get(question["id"], [])
        right = correct_option_ids(question)
        reviews.append(
            QuestionReview(
                number=number,
                question=question,
                chosen=[option for option in question["options"] if option["id"] in chosen_ids],
                correct=is_answered_correctly(question, chosen_ids),
                right_answers=[option for option in question["options"] if option["id"] in right],
            )
        )
    return reviews


def lessons_to_revise(attempt, reviews):
    """The lessons linked from the questions answered wrongly, or every lesson when none is linked."""
    wanted = [review.question["revise_lesson_id"] for review in reviews if not review.correct]
    wanted = [lesson_id for lesson_id in wanted if lesson_id]
    lessons = LessonPage.objects.live().public().child_of(attempt.quiz.course).order_by("path").defer_streamfields()
    if wanted:
        lessons = lessons.filter(pk__in=wanted)
    return list(lessons)
