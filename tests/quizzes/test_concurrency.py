"""Two submissions of one attempt at the same moment, on two real PostgreSQL connections."""

import threading

import pytest
from django.db import connection

from courses.models import Enrolment
from quizzes import services
from quizzes.factories import RIGHT_ANSWERS
from quizzes.models import Attempt, QuestionResult


def run_together(count, action):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker():
        barrier.wait()
        try:
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test compares
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_submissions_score_once(quiz, ready_driver):
    attempt = services.attempt_start(user=ready_driver, quiz=quiz)
    attempt.answers = RIGHT_ANSWERS
    attempt.save()
    outcomes = run_together(2, lambda: services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)))
    kinds = sorted(type(outcome).__name__ for outcome in outcomes)
    assert kinds == ["AlreadySubmitted", "Attempt"]
    assert QuestionResult.objects.filter(attempt=attempt).count() == 4
    assert Enrolment.objects.filter(user=ready_driver, completed_at__isnull=False).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_starts_make_one_open_attempt(quiz, ready_driver):
    outcomes = run_together(2, lambda: services.attempt_start(user=ready_driver, quiz=quiz).pk)
    assert len(set(outcomes)) == 1
    assert Attempt.objects.filter(user=ready_driver, submitted_at__isnull=True).count() == 1
