"""Writes for seminars: book, cancel, fill places from the waiting list, remind, record attendance.

Every change to who holds a place locks the seminar's row first (SELECT ... FOR UPDATE), so two
people booking the last place at the same moment are served one after the other: the second sees
the place taken and joins the waiting list. The partial unique constraint on (seminar, user) keeps
a person to one active booking whatever happens.
"""

import logging
from datetime import datetime, time, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.services import absolute_url
from eyesandears.core.languages import in_language_of

from . import selectors
from .choices import BookingStatus
from .models import Booking, Seminar

logger = logging.getLogger(__name__)


class BookingRefused(Exception):
    """The booking or cancellation cannot be made; the message says why, for the learner."""


def seminar_book(*, seminar, user, now=None):
    """A place for the user if one is free, otherwise a place on the waiting list. Booking again
    returns the booking the user already has."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = Seminar.objects.select_for_update().get(pk=seminar.pk)
            _check_bookable(locked, user, now)
            if existing := Booking.objects.active().filter(seminar=locked, user=user).first():
                return existing
            has_room = locked.bookings.booked().count() < locked.capacity
            booking = Booking.objects.create(
                seminar=locked,
                user=user,
                status=BookingStatus.BOOKED if has_room else BookingStatus.WAITING,
                booked_at=now if has_room else None,
            )
            transaction.on_commit(lambda: send_booking_email(booking.pk, "booked" if has_room else "waiting"))
            return booking
    except IntegrityError:
        # The same person booking twice at once on a database without row locks (SQLite): one row won.
        return Booking.objects.active().get(seminar=seminar, user=user)


def _check_bookable(seminar, user, now):
    if not seminar.is_published:
        raise BookingRefused(_("This seminar is not open for booking."))
    if seminar.has_started(now):
        raise BookingRefused(_("This seminar has already started, so it can no longer be booked."))
    if not selectors.is_in_audience(seminar, user):
        raise BookingRefused(_("This seminar is for other job roles."))


def booking_cancel(*, booking, now=None):
    """Give up a place (or a place on the waiting list). A freed place goes to the first person waiting,
    who is told by e-mail."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=booking.seminar_id)
        locked = Booking.objects.select_related("seminar").get(pk=booking.pk)
        if locked.status == BookingStatus.CANCELLED:
            return locked
        if seminar.has_started(now):
            raise BookingRefused(_("This seminar has already started, so the booking can no longer be cancelled."))
        was_booked = locked.is_booked
        locked.status = BookingStatus.CANCELLED
        locked.cancelled_at = now
        locked.attended = False
        locked.save(update_fields=["status", "cancelled_at", "attended"])
        if was_booked:
            _promote_waiting(seminar, now)
    return locked


class TooFewPlaces(Exception):
    """The co-ordinator asked for fewer places than are booked."""


def seminar_lock_for_capacity(*, seminar_id, capacity):
    """Lock the seminar's row and check that `capacity` still holds everyone booked. Called in the
    transaction that saves the new capacity, so no booking can take a place between the check and the
    save (the form's own check ran before the lock)."""
    seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
    taken = seminar.bookings.booked().count()
    if capacity < taken:
        raise TooFewPlaces(f"{taken} places are booked already: keep at least that many.")
    return seminar


def seminar_fill_places(*, seminar_id, now=None):
    """Give free places to those waiting, first come first served: after a cancellation, or when the
    co-ordinator adds places. Returns the bookings promoted."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar_id)
        return _promote_waiting(seminar, now)


def _promote_waiting(seminar, now):
    """With the seminar's row locked by the caller."""
    if seminar.has_started(now):
        return []
    free = seminar.capacity - seminar.bookings.booked().count()
    if free <= 0:
        return []
    promoted = list(seminar.bookings.waiting()[:free])
    for booking in promoted:
        booking.status = BookingStatus.BOOKED
        booking.booked_at = now
        booking.save(update_fields=["status", "booked_at"])
        transaction.on_commit(lambda booking_id=booking.pk: send_booking_email(booking_id, "promoted"))
    return promoted


# E-mail ---------------------------------------------------------------------------------------------


def send_booking_email(booking_id, kind):
    booking = Booking.objects.select_related("seminar", "user").get(pk=booking_id)
    with in_language_of(booking.user):
        _send_booking_email(booking, kind)


def _send_booking_email(booking, kind):
    seminar = booking.seminar
    context = {
        "booking": booking,
        "seminar": seminar,
        "starts_at": timezone.localtime(seminar.starts_at),
        "ends_at": timezone.localtime(seminar.ends_at),
        "seminar_url": absolute_url(reverse("seminars:detail", args=[seminar.pk])),
        "calendar_url": absolute_url(reverse("seminars:calendar", args=[booking.public_id])),
        "cancel_url": absolute_url(reverse("seminars:cancel", args=[booking.public_id])),
    }
    subject = render_to_string(f"seminars/emails/{kind}_subject.txt", context).strip()
    body = render_to_string(f"seminars/emails/{kind}.txt", context)
    send_mail(subject, body, None, [booking.user.email])


# Reminders ------------------------------------------------------------------------------------------


def bookings_due_a_reminder(now):
    """Places at seminars that start tomorrow (the council's local date) whose holder was not reminded."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(tomorrow, time.min), zone)
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min), zone)
    return (
        Booking.objects.booked()
        .filter(reminded_at__isnull=True, seminar__is_published=True)
        .filter(seminar__starts_at__gte=start, seminar__starts_at__lt=end)
        .select_related("seminar", "user")
    )


def send_seminar_reminders(now=None):
    """E-mail everyone with a place at tomorrow's seminars, once per booking: the booking is claimed by
    setting reminded_at in the transaction that queues the e-mail, so a second run (or two at once)
    sends nothing more."""
    now = now or timezone.now()
    sent = 0
    for booking in bookings_due_a_reminder(now):
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking.pk, status=BookingStatus.BOOKED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            with in_language_of(booking.user):
                _send_booking_email(booking, "reminder")
        sent += 1
    return sent


# Attendance -----------------------------------------------------------------------------------------


class UnknownBooking(ValueError):
    """The register named a booking that does not hold a place at this seminar."""


def attendance_record(*, seminar, attended_ids, by, now=None):
    """Save the register: those in `attended_ids` (booking public ids) came, the other place holders did
    not. Each booking whose mark changes (or is marked for the first time) records who marked it and
    when. Returns how many marks changed."""
    now = now or timezone.now()
    attended_ids = {str(booking_id) for booking_id in attended_ids}
    with transaction.atomic():
        Seminar.objects.select_for_update().get(pk=seminar.pk)
        bookings = list(seminar.bookings.booked())
        unknown = attended_ids - {str(booking.public_id) for booking in bookings}
        if unknown:
            raise UnknownBooking(_("The register lists someone who does not have a place at this seminar."))
        changed = 0
        for booking in bookings:
            came = str(booking.public_id) in attended_ids
            if booking.attended == came and booking.attendance_marked_at is not None:
                continue
            booking.attended = came
            booking.attendance_marked_at = now
            booking.attendance_marked_by = by
            booking.save(update_fields=["attended", "attendance_marked_at", "attendance_marked_by"])
            changed += 1
    return changed
