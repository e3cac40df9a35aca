"""Hostile or impossible input gets a 400 (or a 404 for someone else's attempt) and changes nothing."""

import pytest

from eyesandears.accounts.factories import UserFactory
from quizzes.factories import RIGHT_ANSWERS, QuizFactory
from quizzes.models import Attempt, QuestionResult
from tests.fixtures.quizzes import answer, answer_all, start

pytestmark = pytest.mark.django_db


def test_an_option_that_was_not_shown_is_refused(learner_client, quiz):
    path = start(learner_client, quiz)
    response = answer(learner_client, path, 1, "q-call", ["sign-gifts"])
    assert response.status_code == 400
    assert "not one of the options shown" in response.content.decode()
    assert Attempt.objects.get().answers == {}


def test_a_question_from_another_page_or_quiz_is_refused(learner_client, quiz):
    path = start(learner_client, quiz)
    for question_id in ("q-signs", "q-from-another-quiz"):
        response = answer(learner_client, path, 1, question_id, ["call-999"])
        assert response.status_code == 400
        assert "not the one on this page" in response.content.decode()
    assert Attempt.objects.get().answers == {}


def test_two_answers_to_a_single_answer_question_are_refused(learner_client, quiz):
    path = start(learner_client, quiz)
    response = answer(learner_client, path, 1, "q-call", ["call-999", "call-101"])
    assert response.status_code == 400 and "takes one answer only" in response.content.decode()
    assert Attempt.objects.get().answers == {}


def test_someone_elses_attempt_is_a_404(learner_client, client, quiz):
    path = start(learner_client, quiz)
    client.force_login(UserFactory())
    for url in (f"{path}/questions/1/", f"{path}/check/", f"{path}/result/"):
        assert client.get(url).status_code == 404
    assert answer(client, path, 1, "q-call", ["call-999"]).status_code == 404
    assert client.post(f"{path}/submit/").status_code == 404
    assert Attempt.objects.get().answers == {}


def test_a_submitted_attempt_posted_again_keeps_its_first_result(learner_client, quiz):
    path = start(learner_client, quiz)
    answer_all(learner_client, quiz, path, RIGHT_ANSWERS)
    learner_client.post(f"{path}/submit/")
    first = Attempt.objects.get()
    response = learner_client.post(f"{path}/submit/")
    assert response.status_code == 400 and "first result stands" in response.content.decode()
    response = answer(learner_client, path, 1, "q-call", ["call-101"])
    assert response.status_code == 400
    again = Attempt.objects.get()
    assert (again.score, again.passed, again.submitted_at, again.answers) == (
        first.score, first.passed, first.submitted_at, first.answers)
    assert QuestionResult.objects.count() == 4


def test_signed_out_visitors_are_sent_to_sign_in(client, quiz):
    response = client.post(f"/quizzes/{quiz.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_draft_quiz_cannot_be_started(learner_client, taxi_course):
    quiz = QuizFactory(course=taxi_course, live=False)
    assert learner_client.post(f"/quizzes/{quiz.pk}/").status_code == 404


def test_the_attempt_limit_says_when_the_next_attempt_opens(learner_client, quiz):
    from django.utils import timezone

    quiz.attempt_limit = 2
    quiz.save()
    for _ in range(2):
        path = start(learner_client, quiz)
        failing = {**RIGHT_ANSWERS, "q-call": ["call-101"], "q-proof": ["proof-true"]}
        answer_all(learner_client, quiz, path, failing)
        learner_client.post(f"{path}/submit/")
    first_submitted = Attempt.objects.order_by("submitted_at").first().submitted_at
    response = learner_client.post(f"/quizzes/{quiz.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    opens = timezone.localtime(first_submitted + timezone.timedelta(hours=24))
    assert f"You can try again after {opens:%-I:%M}{opens.strftime('%p').lower()}" in html
    assert Attempt.objects.count() == 2
    Attempt.objects.update(submitted_at=timezone.now() - timezone.timedelta(hours=25))
    assert learner_client.post(f"/quizzes/{quiz.pk}/").status_code == 302
