import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, ExpiryReminder
from certificates.services import send_expiry_reminders
from eyesandears.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoker(db):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="revoke_certificate")
    )
    return user


def test_staff_revoke_with_a_reason_recorded_in_the_audit_log(client, certificate, revoker, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    client.force_login(revoker)
    html = client.get("/admin/certificates-revoke/revoke/", {"code": certificate.display_code.lower()}).content.decode()
    assert certificate.name_as_printed in html and "Revoke this certificate" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/certificates-revoke/revoke/",
                               {"code": certificate.display_code, "reason": "Answers were shared"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == revoker and certificate.revoked_reason == "Answers were shared"
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.user == revoker and entry.data["reason"] == "Answers were shared"
    [message] = [m for m in mailoutbox if "withdrawn" in m.subject]
    assert message.to == [certificate.learner.email] and "Answers were shared" in message.body
    assert "This certificate has been revoked" in client.get("/check/", {"code": certificate.code}).content.decode()


def test_a_reason_is_required(client, certificate, revoker):
    client.force_login(revoker)
    html = client.post("/admin/certificates-revoke/revoke/", {"code": certificate.code, "reason": " "}).content.decode()
    assert "Give the reason for revoking the certificate." in html or "This field is required" in html
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_staff_without_the_permission_cannot_revoke(client, certificate):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post("/admin/certificates-revoke/revoke/", {"code": certificate.code, "reason": "x"})
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def expire_in(certificate, days):
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - relativedelta(years=3) + relativedelta(days=days), expires_on=today + relativedelta(days=days)
    )


def test_reminders_go_at_60_and_14_days_once_each(certificate, mailoutbox, django_capture_on_commit_callbacks):
    expire_in(certificate, 59)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0  # the task ran twice
    [message] = [m for m in mailoutbox if "runs out" in m.subject]
    assert "59 days" in message.subject and certificate.course.url in message.body
    expire_in(certificate, 13)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0
    assert sorted(ExpiryReminder.objects.values_list("days_before", flat=True)) == [14, 60]


def test_no_reminder_far_from_expiry_or_once_revoked(certificate):
    expire_in(certificate, 120)
    assert send_expiry_reminders() == 0
    expire_in(certificate, 30)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoked_reason="x")
    assert send_expiry_reminders() == 0


def test_no_reminder_once_the_learner_has_renewed(certificate, quiz, driver):
    from tests.fixtures.certificates import pass_quiz

    expire_in(certificate, 30)
    renewal = pass_quiz(driver, quiz).certificate
    assert renewal.pk != certificate.pk
    assert send_expiry_reminders() == 0


def test_the_reminder_links_to_the_refresher_course(certificate, course_index, driver_role, taxi_course, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    from tests.fixtures.courses import make_course

    refresher = make_course(course_index, roles=[driver_role], title="Taxi refresher", slug="taxi-refresher",
                            lessons=1, refreshes=taxi_course)
    expire_in(certificate, 10)
    with django_capture_on_commit_callbacks(execute=True):
        send_expiry_reminders()
    [message] = [m for m in mailoutbox if "runs out" in m.subject]
    assert refresher.url in message.body and "Taxi refresher" in message.body
