from celery import shared_task

from . import services


@shared_task(name="organisations.send_invitations")
def send_invitations_task(invitation_ids):
    """Idempotent: an invitation already sent is skipped, so a retry sends no duplicates."""
    return services.send_invitations(invitation_ids)


@shared_task(name="organisations.delete_old_uploads")
def delete_old_uploads_task():
    """Staff upload previews hold other people's names and e-mails: kept only WORKING_FILES_DAYS."""
    return services.delete_old_uploads()
