from celery import shared_task

from .mail import deliver_payload


@shared_task(name="core.send_email")
def send_email_task(payload):
    """Send one e-mail with the delivery backend; retried with backoff when the mail server fails."""
    deliver_payload(payload)


@shared_task(name="core.remove_abandoned_partial_files")
def remove_abandoned_partial_files_task():
    """A worker killed while writing a private file leaves a hidden temporary file; clear old ones."""
    from django.core.files.storage import storages

    storage = storages["private"]
    return storage.remove_abandoned_partials() if hasattr(storage, "remove_abandoned_partials") else 0
