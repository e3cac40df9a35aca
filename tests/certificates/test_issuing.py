"""A passing attempt and its certificate are written together; exactly one per passing attempt."""

from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue
from quizzes.models import Attempt
from tests.fixtures.certificates import pass_quiz

pytestmark = pytest.mark.django_db

WRONG = {"q-call": ["call-101"], "q-signs": ["sign-gifts"], "q-proof": ["proof-true"], "q-confront": ["confront-no"]}


def test_a_pass_issues_a_certificate_with_the_facts_of_that_moment(driver, quiz, taxi_course):
    driver.full_name = "Zoë Łukasiewicz"
    driver.save()
    attempt = pass_quiz(driver, quiz)
    certificate = attempt.certificate
    today = timezone.localdate()
    assert certificate.learner == driver and certificate.course == taxi_course
    assert certificate.name_as_printed == "Zoë Łukasiewicz"
    assert certificate.job_role == "Taxi and private hire driver"
    assert certificate.issued_on == today
    assert certificate.expires_on == today + relativedelta(months=taxi_course.validity_months)
    assert certificate.course_revision_id == taxi_course.live_revision_id
    assert certificate.quiz_revision_id == attempt.quiz_revision_id
    driver.full_name = "Someone Else"
    driver.save()
    certificate.refresh_from_db()
    assert certificate.name_as_printed == "Zoë Łukasiewicz"


def test_a_fail_issues_nothing(driver, quiz):
    pass_quiz(driver, quiz, answers=WRONG)
    assert not Certificate.objects.exists()


def test_if_the_certificate_cannot_be_written_the_pass_is_not_recorded_either(driver, quiz):
    failing_create = mock.patch("certificates.services.Certificate.objects.create", side_effect=RuntimeError("full"))
    with failing_create, pytest.raises(RuntimeError):
        pass_quiz(driver, quiz)
    attempt = Attempt.objects.get()
    assert attempt.submitted_at is None and attempt.passed is None
    assert not Certificate.objects.exists()


def test_issuing_again_for_the_same_attempt_returns_the_same_certificate(certificate):
    assert certificate_issue(attempt=certificate.attempt) == certificate
    assert Certificate.objects.count() == 1


def test_the_database_allows_one_certificate_per_attempt(certificate):
    duplicate = Certificate(
        code="0" * 15, learner=certificate.learner, course=certificate.course, attempt=certificate.attempt,
        name_as_printed="x", issued_on=certificate.issued_on, expires_on=certificate.expires_on,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_learner_is_emailed_a_link_to_the_certificate(driver, quiz, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_quiz(driver, quiz)
    [message] = [m for m in mailoutbox if "certificate" in m.subject.lower()]
    assert message.to == [driver.email]
    assert f"/certificates/{attempt.certificate.public_id}/" in message.body
    assert attempt.certificate.display_code in message.body


def test_passing_a_refresher_issues_a_new_certificate_and_the_course_is_current_again(
    driver, driver_role, course_index, taxi_course, quiz
):
    from courses.choices import TrainingStatus
    from courses.selectors import training_tasks
    from quizzes.factories import QuizFactory
    from tests.fixtures.courses import make_course

    old = pass_quiz(driver, quiz).certificate
    Certificate.objects.filter(pk=old.pk).update(
        issued_on=old.issued_on - relativedelta(years=3), expires_on=old.issued_on + relativedelta(days=20)
    )
    from courses.models import Enrolment

    Enrolment.objects.filter(user=driver).update(completed_at=timezone.now() - relativedelta(years=3, days=-20))
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.REFRESHER_DUE
    refresher = make_course(course_index, roles=[driver_role], title="Refresher", slug="refresher", lessons=1,
                            refreshes=taxi_course)
    new = pass_quiz(driver, QuizFactory(course=refresher)).certificate
    old.refresh_from_db()
    assert new.pk != old.pk and new.course == refresher
    assert new.expires_on > old.expires_on
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.COMPLETED
