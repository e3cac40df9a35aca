"""Writes for quizzes: start an attempt, record answers, submit and score. Scoring happens here, on
the server, against the attempt's snapshot, and only once."""

import django.dispatch
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.services import enrolment_complete, enrolment_start
from eyesandears.core.languages import source_of

from .choices import QuestionKind
from .models import Attempt, ChosenOption, QuestionResult
from .selectors import attempt_allowance, open_attempt
from .snapshots import build_snapshot, is_answered_correctly

# Sent inside the transaction that records a pass, so a listener (the certificate) is written with it.
attempt_passed = django.dispatch.Signal()


class QuizError(Exception):
    """Input the learner's browser should never send: answered with a 400 and a reason (the message, which
    the learner reads, so it is translated when raised)."""


class AttemptLimitReached(Exception):
    def __init__(self, allowance):
        super().__init__("No attempts left in this window.")
        self.allowance = allowance


class AlreadySubmitted(QuizError):
    def __init__(self):
        super().__init__(_("This attempt has already been submitted; its first result stands."))


class Unanswered(Exception):
    def __init__(self, numbers):
        super().__init__("Some questions are not answered.")
        self.numbers = numbers


def attempt_start(*, user, quiz, rng=None):
    """The learner's open attempt at the quiz, or a new one with a fresh snapshot if the limit allows."""
    if existing := open_attempt(user, quiz):
        return existing
    allowance = attempt_allowance(user=user, quiz=quiz)
    if not allowance.allowed:
        raise AttemptLimitReached(allowance)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user, quiz=quiz, quiz_revision_id=quiz.live_revision_id, snapshot=build_snapshot(quiz, rng)
            )
    except IntegrityError:
        return Attempt.objects.get(user=user, quiz=quiz, submitted_at__isnull=True)


def validate_answer(question, option_ids):
    shown = {option["id"] for option in question["options"]}
    if not set(option_ids) <= shown:
        raise QuizError(_("That answer was not one of the options shown for this question."))
    if len(set(option_ids)) != len(option_ids):
        raise QuizError(_("The same option was sent twice."))
    if question["kind"] != QuestionKind.MULTIPLE and len(option_ids) > 1:
        raise QuizError(_("This question takes one answer only."))


@transaction.atomic
def attempt_answer(*, attempt, question_id, option_ids):
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_submitted:
        raise AlreadySubmitted()
    question = next((q for q in locked.snapshot["questions"] if q["id"] == question_id), None)
    if question is None:
        raise QuizError(_("That question is not part of this attempt."))
    validate_answer(question, option_ids)
    locked.answers = {**locked.answers, question_id: list(option_ids)}
    locked.save(update_fields=["answers"])
    return locked


def unanswered_numbers(attempt):
    return [
        number
        for number, question in enumerate(attempt.snapshot["questions"], start=1)
        if not attempt.answers.get(question["id"])
    ]


def record_question_results(attempt, now):
    for question in attempt.snapshot["questions"]:
        chosen_ids = attempt.answers.get(question["id"], [])
        result = QuestionResult.objects.create(
            attempt=attempt,
            quiz=attempt.quiz,
            question_id=question["id"],
            question_text=question["text"][:300],
            correct=is_answered_correctly(question, chosen_ids),
            submitted_at=now,
        )
        ChosenOption.objects.bulk_create(
            ChosenOption(result=result, option_id=option["id"], option_text=option["text"][:300],
                         is_correct=option["correct"])
            for option in question["options"]
            if option["id"] in chosen_ids
        )


@transaction.atomic
def attempt_submit(*, attempt):
    """Score the attempt once. Two submissions at the same moment: the row lock lets one through and
    the other finds it submitted."""
    locked = Attempt.objects.select_for_update().select_related("quiz__course").get(pk=attempt.pk)
    if locked.is_submitted:
        raise AlreadySubmitted()
    if missing := unanswered_numbers(locked):
        raise Unanswered(missing)
    questions = locked.snapshot["questions"]
    right = sum(is_answered_correctly(q, locked.answers.get(q["id"], [])) for q in questions)
    now = timezone.now()
    locked.submitted_at = now
    locked.score = round(100 * right / len(questions))
    locked.passed = right * 100 >= locked.snapshot["pass_mark"] * len(questions)
    locked.save(update_fields=["submitted_at", "score", "passed"])
    record_question_results(locked, now)
    if locked.passed:
        attempt_record_pass(attempt=locked)
    return locked


def attempt_record_pass(*, attempt):
    """The one place a passing attempt is recorded: the course is complete, and listeners (the
    certificate) act in the same transaction."""
    enrolment = enrolment_start(user=attempt.user, course=source_of(attempt.quiz.course))
    enrolment_complete(enrolment=enrolment)
    attempt_passed.send(sender=Attempt, attempt=attempt)
