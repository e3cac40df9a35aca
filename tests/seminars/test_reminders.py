"""The day-before reminder: to everyone with a place at tomorrow's seminars, once each."""

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from seminars import services
from seminars.models import Booking
from seminars.tasks import send_seminar_reminders_task

from .conftest import make_seminar

pytestmark = pytest.mark.django_db


def at_local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seminar_on(day, role, **fields):
    seminar = make_seminar(roles=[role], **fields)
    seminar.starts_at = at_local(day, 12, 30)
    seminar.ends_at = seminar.starts_at + timedelta(hours=1)
    seminar.save()
    return seminar


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)


def test_everyone_with_a_place_tomorrow_is_reminded_once(
    driver_role, drivers, tomorrow, django_capture_on_commit_callbacks
):
    seminar = seminar_on(tomorrow, driver_role, capacity=2)
    bookings = [services.seminar_book(seminar=seminar, user=driver) for driver in drivers[:3]]  # 2 places, 1 waiting
    services.booking_cancel(booking=bookings[0])  # the waiting one gets the place
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_seminar_reminders_task.delay().get() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [drivers[1].email, drivers[2].email]
    assert all(message.subject == "Tomorrow: Lunchtime seminar" for message in mail.outbox)
    assert "Committee Room 2, Council House" in mail.outbox[0].body
    assert all(booking.reminded_at for booking in Booking.objects.filter(status="booked"))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_seminar_reminders_task.delay().get() == 0
    assert len(mail.outbox) == 2


def test_a_place_given_later_that_day_is_still_reminded(driver_role, drivers, tomorrow):
    seminar = seminar_on(tomorrow, driver_role, capacity=5)
    services.seminar_book(seminar=seminar, user=drivers[0])
    assert services.send_seminar_reminders() == 1
    services.seminar_book(seminar=seminar, user=drivers[1])
    assert services.send_seminar_reminders() == 1
    assert services.send_seminar_reminders() == 0


def test_no_reminder_for_other_days_the_waiting_list_or_the_cancelled(
    driver_role, drivers, tomorrow, django_capture_on_commit_callbacks
):
    past = seminar_on(tomorrow - timedelta(days=2), driver_role, title="The day before yesterday")
    Booking.objects.create(seminar=past, user=drivers[0], status="booked")
    later = seminar_on(tomorrow + timedelta(days=1), driver_role, title="The day after tomorrow")
    full = seminar_on(tomorrow, driver_role, capacity=1, title="Full tomorrow")
    services.seminar_book(seminar=later, user=drivers[0])
    services.seminar_book(seminar=full, user=drivers[1])
    services.seminar_book(seminar=full, user=drivers[2])  # waits
    cancelled = services.seminar_book(seminar=seminar_on(tomorrow, driver_role, title="Cancelled"), user=drivers[3])
    services.booking_cancel(booking=cancelled)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_seminar_reminders() == 1
    assert [message.to for message in mail.outbox] == [[drivers[1].email]]


def test_the_reminders_run_on_a_schedule():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert send_seminar_reminders_task.name in tasks
