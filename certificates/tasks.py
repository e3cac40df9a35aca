import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Certificate

logger = logging.getLogger(__name__)
SWEEP_GRACE_SECONDS = 120


@shared_task(name="certificates.render_pdf", acks_late=True)
def render_certificate_pdf_task(certificate_id):
    """Idempotent: a certificate that already has its PDF is left as it is. When the PDF cannot be
    stored (a full disk, a storage that is away) the task is retried with backoff (RetryingTask)."""
    try:
        services.certificate_render_pdf(certificate_id=certificate_id)
    except OSError as error:
        logger.warning("Could not store the PDF of certificate %s: %s", certificate_id, error)
        raise


@shared_task(name="certificates.sweep_unrendered")
def sweep_unrendered_certificates_task(older_than_seconds=SWEEP_GRACE_SECONDS):
    """Queue a render for every certificate still without a PDF (the broker may have been away), except
    those whose holder was removed: their PDF was deleted on purpose."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    unrendered = Certificate.objects.filter(pdf="", created_at__lt=cutoff, holder_removed_at__isnull=True)
    ids = list(unrendered.values_list("pk", flat=True)[:500])
    for certificate_id in ids:
        render_certificate_pdf_task.delay(certificate_id)
    return len(ids)


@shared_task(name="certificates.send_expiry_reminders")
def send_expiry_reminders_task():
    return services.send_expiry_reminders()
