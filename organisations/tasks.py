from celery import shared_task

from . import services


@shared_task(name="organisations.send_invitations")
def send_invitations_task(invitation_ids):
    """Idempotent: an invitation already sent is skipped, so a retry sends no duplicates."""
    return services.send_invitations(invitation_ids)
