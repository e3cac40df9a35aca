from celery import shared_task

from . import bulk

# A list of 50,000 numbers takes well under a minute; these leave room for a slow database.
BULK_SOFT_TIME_LIMIT = 15 * 60
BULK_TIME_LIMIT = BULK_SOFT_TIME_LIMIT + 60


@shared_task(
    name="licensing.run_bulk_check",
    bind=True,
    acks_late=True,
    autoretry_for=bulk.TRANSIENT_ERRORS,
    max_retries=3,
    soft_time_limit=BULK_SOFT_TIME_LIMIT,
    time_limit=BULK_TIME_LIMIT,
)
def run_bulk_check_task(self, bulk_check_id):
    """Idempotent: a finished check is left as it is; a re-delivered or retried one starts over cleanly."""
    bulk.bulk_check_run(bulk_check_id=bulk_check_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="licensing.sweep_bulk_checks")
def sweep_bulk_checks_task():
    """Queue again every list check that never reached a worker (the broker may have been away)."""
    ids = bulk.stalled_bulk_check_ids()
    for bulk_check_id in ids:
        bulk.bulk_check_enqueue(bulk_check_id)
    return len(ids)


@shared_task(name="licensing.send_renewal_reminders")
def send_renewal_reminders_task():
    """Once a day: e-mail drivers whose training runs out before their licence renewal (once per renewal date)."""
    from .renewal import send_renewal_reminders

    return send_renewal_reminders()


@shared_task(name="licensing.delete_old_bulk_checks")
def delete_old_bulk_checks_task():
    """List checks and their result files name drivers: kept only WORKING_FILES_DAYS."""
    return bulk.delete_old_bulk_checks()
