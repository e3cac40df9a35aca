from celery import shared_task

from . import services


@shared_task(name="seminars.send_reminders", acks_late=True)
def send_seminar_reminders_task():
    """The day-before reminders. Each booking is reminded once however often this runs."""
    return services.send_seminar_reminders()


@shared_task(name="seminars.fill_places", acks_late=True)
def fill_seminar_places_task(seminar_id):
    return len(services.seminar_fill_places(seminar_id=seminar_id))
