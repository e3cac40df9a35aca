"""Certificates and their PDFs are seen only by the holder and staff allowed to see them."""

import pytest
from django.contrib.auth.models import Permission

from certificates.models import Certificate
from eyesandears.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_holder_sees_their_certificates_and_downloads_the_pdf(client, certificate):
    client.force_login(certificate.learner)
    html = client.get("/certificates/").content.decode()
    assert certificate.course.title in html and "Valid" in html
    html = client.get(f"/certificates/{certificate.public_id}/").content.decode()
    assert certificate.display_code in html and certificate.name_as_printed in html
    response = client.get(f"/certificates/{certificate.public_id}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_a_download_renders_a_pdf_that_is_not_ready_yet(client, certificate):
    assert not certificate.pdf
    client.force_login(certificate.learner)
    client.get(f"/certificates/{certificate.public_id}/pdf/")
    certificate.refresh_from_db()
    assert certificate.pdf.name.startswith("certificates/")
    assert certificate.learner.full_name not in certificate.pdf.name


def test_another_learner_gets_a_404(client, certificate):
    client.force_login(UserFactory())
    for suffix in ("", "pdf/"):
        assert client.get(f"/certificates/{certificate.public_id}/{suffix}").status_code == 404
    assert certificate.course.title not in client.get("/certificates/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(f"/certificates/{certificate.public_id}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_with_the_permission_can_see_any_certificate(client, certificate):
    officer = UserFactory()
    officer.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(officer)
    assert client.get(f"/certificates/{certificate.public_id}/").status_code == 200


def test_pdfs_are_stored_outside_public_media(certificate, settings):
    from certificates.services import certificate_render_pdf

    rendered = certificate_render_pdf(certificate_id=certificate.pk)
    path = rendered.pdf.path
    assert path.startswith(str(settings.PRIVATE_ROOT)) and not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        rendered.pdf.url  # noqa: B018 - private files have no URL


def test_rendering_twice_stores_one_file(certificate):
    from certificates.services import certificate_render_pdf

    first = certificate_render_pdf(certificate_id=certificate.pk).pdf.name
    second = certificate_render_pdf(certificate_id=certificate.pk).pdf.name
    assert first == second
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == first


def test_the_pass_result_links_to_the_certificate(client, certificate):
    client.force_login(certificate.learner)
    html = client.get(f"/quizzes/attempts/{certificate.attempt.public_id}/result/").content.decode()
    assert f'href="/certificates/{certificate.public_id}/" class="button">View and download your certificate' in html


def test_the_admin_lists_certificates_read_only(client, certificate):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get("/admin/issued_certificates/").content.decode()
    assert certificate.display_code in html
    assert client.get("/admin/issued_certificates/new/").status_code in (302, 403, 404)
    assert client.get(f"/admin/issued_certificates/inspect/{certificate.pk}/").status_code == 200


def test_the_beat_schedule_runs_the_sweep_and_the_reminders(settings):
    from eyesandears.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"certificates.sweep_unrendered", "certificates.send_expiry_reminders"} <= tasks
    app.loader.import_default_modules()
    assert tasks <= set(app.tasks)
