"""Background work for people's records: the daily retention run, and deleting private files that could
not be deleted when a person was removed. Ids in, services called inside (accounts/retention.py)."""

import logging

from celery import shared_task
from django.core.files.storage import storages

from . import retention

logger = logging.getLogger(__name__)


@shared_task(name="accounts.anonymise_inactive_people")
def anonymise_inactive_people_task(after_pk=0, batch_size=retention.BATCH_SIZE):
    """Daily (CELERY_BEAT_SCHEDULE): remove people past the retention period, and organisations' entries
    for people who never joined, one batch of each per run of the task. A full batch queues the next
    run (people after the last id looked at; `after_pk=None` once people are done), so each run stays
    well inside the time limit, and a run that stops loses nothing: the next day's starts again."""
    removed, carry_on_after = [], None
    if after_pk is not None:
        removed, carry_on_after = retention.anonymise_inactive_people(batch_size=batch_size, after_pk=after_pk)
    never_joined = retention.remove_memberships_never_joined(batch_size=batch_size)
    logger.info("Retention: %s people and %s entries of people who never joined removed.", len(removed), never_joined)
    if carry_on_after is not None or never_joined == batch_size:
        anonymise_inactive_people_task.delay(after_pk=carry_on_after, batch_size=batch_size)
    return len(removed)


@shared_task(name="accounts.delete_private_files")
def delete_private_files_task(names):
    """Retried on OSError (RetryingTask) until the files are gone; deleting a missing file is a no-op."""
    storage = storages["private"]
    for name in names:
        storage.delete(name)
