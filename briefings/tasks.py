from celery import shared_task

from . import services


@shared_task(name="briefings.send_emails", acks_late=True)
def send_briefing_emails_task(briefing_id, after_user_id=0):
    """One batch of a briefing's e-mails, then the next batch queued. Safe to run again or twice at once:
    each send is recorded before its e-mail goes, once per learner (a unique constraint)."""
    next_after = services.briefing_send_batch(briefing_id=briefing_id, after_user_id=after_user_id)
    if next_after is not None:
        services.queue_mailout(briefing_id, next_after)
    return next_after


@shared_task(name="briefings.resume_stalled_mailouts")
def resume_stalled_mailouts_task():
    return services.resume_stalled_mailouts()
