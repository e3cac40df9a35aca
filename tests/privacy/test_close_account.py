"""Closing an account: confirmed with the password; the person is removed in one transaction (the same
service as the retention task); certificates still check as 'holder removed'; nobody else is touched."""

from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.core.files.storage import storages
from wagtail.models import ModelLogEntry

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import Enrolment, LessonProgress
from eyesandears.accounts import erasure
from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from eyesandears.accounts.models import User
from licensing.models import CheckRecord, ExternalTraining, Licence, ShareCode, ShareCodeUse
from organisations.models import Invitation, Membership
from quizzes.models import Attempt, ChosenOption, QuestionResult

from .conftest import LICENCE_NUMBER, signed_in

pytestmark = pytest.mark.django_db

CLOSE = "/accounts/close/"


def close(client, password=TEST_PASSWORD):
    return client.post(CLOSE, {"password": password})


def snapshot(everything, other_learner):
    """What removing the driver may change, to compare before and after."""
    return {
        "users": sorted(User.objects.values_list("pk", "email", "full_name")),
        "certificates": sorted(Certificate.objects.values_list("pk", "learner_id", "name_as_printed", "pdf",
                                                                "holder_removed_at")),
        "attempts": sorted(Attempt.objects.values_list("pk", "user_id")),
        "results": QuestionResult.objects.count(),
        "checks": sorted(CheckRecord.objects.values_list("pk", "driver_id", "licence_id", "entered")),
        "memberships": Membership.objects.count(),
        "log": sorted(ModelLogEntry.objects.values_list("pk", "label")),
    }


def test_closing_removes_the_person_and_signs_them_out(everything, other_learner, django_capture_on_commit_callbacks):
    driver, certificate = everything.driver, everything.certificate
    storage = storages["private"]
    pdf_name = certificate.pdf.name
    assert storage.exists(pdf_name)
    results_before = QuestionResult.objects.count()
    client = signed_in(driver)

    with django_capture_on_commit_callbacks(execute=True):
        response = close(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/closed/"
    assert "Your account is closed" in client.get("/accounts/closed/").content.decode()

    # Signed out, and the login no longer works.
    assert client.get("/accounts/your-data/")["Location"].startswith("/accounts/login/")
    assert not User.objects.filter(email="driver@example.com").exists()
    assert authenticate(email="driver@example.com", password=TEST_PASSWORD) is None
    login = client.post("/accounts/login/", {"login": "driver@example.com", "password": TEST_PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in client.session

    # The certificate still checks, as "holder removed", and its PDF is gone.
    certificate.refresh_from_db()
    assert certificate.holder_removed and certificate.name_as_printed == "" and not certificate.pdf
    assert not storage.exists(pdf_name)
    html = client.get(f"/check/{certificate.display_code}/").content.decode()
    assert "This certificate is valid" in html and "Holder removed" in html and "Dev Driver" not in html
    body = client.get(f"/check/{certificate.display_code}/", HTTP_ACCEPT="application/json").json()
    assert body["name"] is None and body["holder_removed"] is True and body["status"] == "valid"
    # ...and is never rendered again, by a download, the sweep or a repair.
    assert not certificate_services.certificate_render_pdf(certificate_id=certificate.pk).pdf

    # Quiz answers stay in the question totals, linked to the one "removed person" account, not to anyone.
    placeholder = User.objects.get(email=erasure.REMOVED_PERSON_EMAIL)
    assert not placeholder.is_active and not placeholder.has_usable_password()
    assert Attempt.objects.filter(pk=everything.attempt.pk, user=placeholder).exists()
    assert not Attempt.objects.filter(pk=everything.open_attempt.pk).exists()
    assert QuestionResult.objects.count() == results_before and ChosenOption.objects.exists()
    assert Certificate.objects.get(pk=certificate.pk).learner == placeholder

    # The licensing office keeps the record of its check, without the person or the number typed.
    check = CheckRecord.objects.get()
    assert (check.driver, check.licence, check.entered) == (None, None, erasure.REMOVED_CHECK_ENTRY)
    assert check.officer.email == "officer@example.com"

    # Everything else about them is gone.
    olive = other_learner.user
    assert not Membership.objects.filter(email="driver@example.com").exists()
    assert not Licence.objects.filter(number=LICENCE_NUMBER).exists()
    assert not Enrolment.objects.exclude(user=olive).exists()
    assert not LessonProgress.objects.exclude(enrolment__user=olive).exists()
    for model in (ShareCode, ShareCodeUse, ExternalTraining, Invitation):
        assert not model.objects.exists(), model

    # The audit log says it happened, without the name.
    entry = ModelLogEntry.objects.get(action=erasure.REMOVED_ACTION)
    assert entry.label == "Removed person" and entry.data == {"reason": erasure.CLOSED_REASON}
    assert not ModelLogEntry.objects.filter(label__icontains="Dev Driver").exists()


def test_the_quiz_question_report_keeps_its_figures(everything, other_learner, quiz):
    from quizzes.selectors import question_report

    def figures():
        rows = question_report(quiz=quiz, results=QuestionResult.objects.filter(quiz=quiz))
        return [(row.question_id, row.answered, row.answered_correctly) for row in rows]

    before = figures()
    assert before and all(answered == 2 for _, answered, _ in before)
    close(signed_in(everything.driver))
    assert figures() == before


def test_a_removed_holders_certificate_is_never_rendered_reminded_or_shown_again(everything, client, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from certificates.tasks import sweep_unrendered_certificates_task
    from tests.fixtures.organisations import with_totp

    close(signed_in(everything.driver))
    certificate = Certificate.objects.get(pk=everything.certificate.pk)
    Certificate.objects.filter(pk=certificate.pk).update(
        created_at=timezone.now() - timedelta(hours=1), expires_on=timezone.localdate() + timedelta(days=14)
    )
    assert sweep_unrendered_certificates_task(older_than_seconds=0) == 0
    mailoutbox.clear()
    assert certificate_services.send_expiry_reminders() == 0
    certificate_services.certificate_revoke(certificate=certificate, by=None, reason="Issued in error")
    assert mailoutbox == []

    admin = with_totp(UserFactory(email="admin@example.com", is_superuser=True, is_staff=True))
    client.force_login(admin)
    assert client.get(f"/certificates/{certificate.public_id}/").status_code == 404
    assert client.get(f"/certificates/{certificate.public_id}/pdf/").status_code == 404
    html = client.get(f"/check/{certificate.display_code}/").content.decode()
    assert "This certificate has been revoked" in html and "Holder removed" in html


def test_nobody_else_is_touched(everything, other_learner, manager, officer, django_capture_on_commit_callbacks):
    other = other_learner
    with django_capture_on_commit_callbacks(execute=True):
        assert close(signed_in(everything.driver)).status_code == 302
    other.certificate.refresh_from_db()
    assert other.certificate.name_as_printed == "Olive Other" and not other.certificate.holder_removed
    assert storages["private"].exists(other.certificate.pdf.name)
    assert Attempt.objects.filter(user=other.user).count() == 1
    for person in (other.user, manager, officer):
        assert User.objects.filter(pk=person.pk, is_active=True).exists()
    assert Membership.objects.filter(user=manager).exists() and Membership.objects.filter(user=officer).exists()
    assert authenticate(email="olive.other@example.com", password=TEST_PASSWORD) == other.user


@pytest.mark.parametrize(
    "failing_step",
    ["_audit_log_scrub", "_certificates_keep_without_holder", "_attempts_keep_without_person",
     "_checks_keep_without_person", "_account_delete"],
)
def test_a_failure_part_way_leaves_everything_as_it_was(everything, other_learner, failing_step,
                                                        django_capture_on_commit_callbacks):
    before = snapshot(everything, other_learner)
    pdf_name = everything.certificate.pdf.name
    client = signed_in(everything.driver)
    client.raise_request_exception = False
    with (
        mock.patch.object(erasure, failing_step, side_effect=RuntimeError("the disk is full")),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = close(client)
    assert response.status_code == 500
    assert callbacks == []  # nothing was committed, so no file is deleted
    assert snapshot(everything, other_learner) == before
    assert storages["private"].exists(pdf_name)
    assert authenticate(email="driver@example.com", password=TEST_PASSWORD) == everything.driver


def test_the_wrong_password_closes_nothing(client, driver):
    client.force_login(driver)
    response = close(client, password="not-my-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "The password is not right" in html
    assert User.objects.filter(pk=driver.pk).exists()
    assert close(client, password="").status_code == 200
    assert "Enter your password to close your account." in close(client, password="").content.decode()


def test_password_tries_are_limited(client, driver):
    client.force_login(driver)
    for _ in range(5):
        close(client, password="wrong")
    response = close(client)  # the right password, but too many tries: not even checked
    assert response.status_code == 429
    assert "You have tried too many times" in response.content.decode()
    assert User.objects.filter(pk=driver.pk).exists()


def test_the_page_says_what_happens_and_asks_for_the_password(client, driver):
    client.force_login(driver)
    response = client.get(CLOSE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 class=\"heading-xl\">Close your account</h1>" in html
    assert 'autocomplete="current-password"' in html and "csrfmiddlewaretoken" in html
    assert "holder removed" in html and 'href="/accounts/your-data/"' in html


def test_staff_and_administrators_cannot_close_their_account_here(client):
    staff = UserFactory(email="editor@example.com", is_staff=True)
    client.force_login(staff)
    assert "Ask another administrator" in client.get(CLOSE).content.decode()
    close(client)
    assert User.objects.filter(pk=staff.pk).exists()
    with pytest.raises(erasure.CannotRemove):
        erasure.person_remove(user_id=staff.pk, reason="test")


def test_closing_needs_a_signed_in_person(client):
    assert client.get(CLOSE)["Location"].startswith("/accounts/login/")
    assert client.post(CLOSE, {"password": "x"})["Location"].startswith("/accounts/login/")


def test_the_removed_person_account_can_never_be_used(driver):
    placeholder = erasure.removed_person()
    placeholder.is_active = True
    placeholder.set_password("guessable")
    placeholder.save()
    assert erasure.removed_person() == placeholder
    placeholder.refresh_from_db()
    assert not placeholder.is_active and not placeholder.has_usable_password()
    assert "@" not in placeholder.email  # no sign-up or sign-in form accepts it


def test_an_administrator_deleting_a_learner_removes_them_the_same_way(client, everything,
                                                                       django_capture_on_commit_callbacks):
    from django.urls import reverse

    from tests.fixtures.organisations import with_totp

    admin = with_totp(UserFactory(email="admin@example.com", is_superuser=True, is_staff=True))
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailusers_users:delete", args=[everything.driver.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=everything.driver.pk).exists()
    everything.certificate.refresh_from_db()
    assert everything.certificate.holder_removed
    entry = ModelLogEntry.objects.get(action=erasure.REMOVED_ACTION)
    assert entry.user == admin and entry.label == "Removed person"
