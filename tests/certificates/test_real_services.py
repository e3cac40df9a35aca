"""Certificates on the components production runs: PostgreSQL, Redis and a real Celery worker."""

import pytest

from certificates.models import Certificate
from certificates.tasks import sweep_unrendered_certificates_task
from quizzes import services as quiz_services
from quizzes.factories import RIGHT_ANSWERS
from quizzes.models import Attempt
from tests.conftest import _point_celery_at, wait_for
from tests.fixtures.certificates import pass_quiz, read_every_lesson
from tests.quizzes.test_concurrency import run_together


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_pass_at_the_same_moment_makes_one_certificate(quiz, driver):
    read_every_lesson(driver, quiz.course)
    attempt = quiz_services.attempt_start(user=driver, quiz=quiz)
    attempt.answers = RIGHT_ANSWERS
    attempt.save()
    outcomes = run_together(2, lambda: quiz_services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AlreadySubmitted", "Attempt"]
    assert Certificate.objects.filter(attempt=attempt).count() == 1


def pdf_ready(certificate_id):
    return bool(Certificate.objects.get(pk=certificate_id).pdf)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_renders_the_pdf_after_the_pass(quiz, driver, real_worker):
    certificate = pass_quiz(driver, quiz).certificate
    wait_for(lambda: pdf_ready(certificate.pk), "the worker to render the PDF", 60)
    certificate.refresh_from_db()
    assert certificate.pdf.open("rb").read(4) == b"%PDF"
    assert "certificates.render_pdf" in real_worker["log"].read_text()
    wait_for(lambda: any(real_worker["mail_dir"].iterdir()), "the certificate e-mail", 30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_the_pass_is_kept_and_the_sweep_renders_it_later(quiz, driver, real_worker, client):
    from django.conf import settings

    saved = _point_celery_at("redis://127.0.0.1:1/0", eager=False)  # the broker is away at the moment of passing
    try:
        certificate = pass_quiz(driver, quiz).certificate
    finally:
        _point_celery_at(settings.CELERY_BROKER_URL, eager=False)
    assert saved is not None
    assert Certificate.objects.filter(pk=certificate.pk).exists() and not pdf_ready(certificate.pk)
    client.force_login(driver)
    assert certificate.course.title in client.get("/certificates/").content.decode()
    assert "This certificate is valid" in client.get("/check/", {"code": certificate.code}).content.decode()
    sweep_unrendered_certificates_task.apply(kwargs={"older_than_seconds": 0})
    wait_for(lambda: pdf_ready(certificate.pk), "the sweep's render on the worker", 60)
    assert sweep_unrendered_certificates_task.apply(kwargs={"older_than_seconds": 0}).get() == 0
