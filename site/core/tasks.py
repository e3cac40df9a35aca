from celery import shared_task

from .mail import deliver_payload


@shared_task(name="core.send_email")
def send_email_task(payload):
    """Send one e-mail with the delivery backend; retried with backoff when the mail server fails."""
    deliver_payload(payload)
