"""After a restore, certificates whose PDF is missing from private storage are found and rendered again."""

import errno
from io import StringIO

import pytest
from django.core.management import call_command

from certificates import services
from certificates.models import Certificate


def run_repair(*args):
    out = StringIO()
    call_command("repair_certificate_files", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_missing_pdf_is_rendered_again(certificate, django_capture_on_commit_callbacks):
    certificate = services.certificate_render_pdf(certificate_id=certificate.pk)
    storage, lost_name = certificate.pdf.storage, certificate.pdf.name
    storage.delete(lost_name)

    assert "1 certificate PDFs missing" in run_repair("--dry-run")
    certificate.refresh_from_db()
    assert certificate.pdf.name == lost_name, "a dry run changes nothing"

    with django_capture_on_commit_callbacks(execute=True):
        assert "1 certificate PDFs missing" in run_repair()
    certificate.refresh_from_db()
    assert storage.exists(certificate.pdf.name)
    assert certificate.pdf.open("rb").read(4) == b"%PDF"

    assert "0 certificate PDFs missing" in run_repair()
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_downloading_a_certificate_whose_pdf_went_missing_renders_it_again(certificate, client):
    certificate = services.certificate_render_pdf(certificate_id=certificate.pk)
    certificate.pdf.storage.delete(certificate.pdf.name)
    client.force_login(certificate.learner)

    response = client.get(f"/certificates/{certificate.public_id}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"%PDF"


@pytest.mark.django_db
def test_with_storage_full_the_learner_still_downloads_the_pdf_and_nothing_is_stored(certificate, client, monkeypatch):
    storage = Certificate._meta.get_field("pdf").storage

    def disk_full(name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_save", disk_full)
    client.force_login(certificate.learner)

    response = client.get(f"/certificates/{certificate.public_id}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"%PDF"
    certificate.refresh_from_db()
    assert not certificate.pdf
