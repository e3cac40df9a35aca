"""Reads for seminars, each scoped to what the person asking may see."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from .choices import BookingStatus
from .models import Booking, Seminar

ATTENDANCE_PERMISSION = "seminars.mark_attendance"
REGISTER_DAYS_BACK = 60


def role_ids_of(user):
    return list(user.job_roles.values_list("pk", flat=True))


def is_in_audience(seminar, user):
    roles = set(seminar.audience_job_roles.values_list("pk", flat=True))
    return not roles or bool(roles & set(role_ids_of(user)))


def can_mark_attendance(user):
    return user.is_authenticated and user.has_perm(ATTENDANCE_PERMISSION)


def _with_places_and_booking_of(seminars, user):
    return seminars.annotate(
        places_taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED), distinct=True)
    ).prefetch_related(
        Prefetch("bookings", queryset=Booking.objects.active().filter(user=user), to_attr="bookings_of_viewer"),
        "audience_job_roles",
    )


def upcoming_seminars_for(user, now):
    """Published seminars that have not started, for the user's job roles (or for everyone), each with
    `places_taken` and `booking` (the user's active booking, or None)."""
    seminars = Seminar.objects.published().upcoming(now).for_roles(role_ids_of(user))
    seminars = list(_with_places_and_booking_of(seminars, user).order_by("starts_at", "pk"))
    for seminar in seminars:
        _attach_booking(seminar)
    return seminars


def _attach_booking(seminar):
    seminar.booking = seminar.bookings_of_viewer[0] if seminar.bookings_of_viewer else None
    seminar.places_left = max(seminar.capacity - seminar.places_taken, 0)


def seminar_for(user, seminar_id):
    """A published seminar the user may see: one for their job roles, or one they have booked. Staff who
    keep registers see every seminar. Anything else is a 404."""
    seminars = _with_places_and_booking_of(Seminar.objects.filter(pk=seminar_id), user)
    seminar = seminars.first()
    if seminar is None:
        raise Http404
    _attach_booking(seminar)
    if can_mark_attendance(user) or seminar.booking is not None:
        return seminar
    if seminar.is_published and is_in_audience(seminar, user):
        return seminar
    raise Http404


def booking_of(user, public_id):
    """The user's own booking; anybody else's is a 404."""
    booking = Booking.objects.select_related("seminar").filter(public_id=public_id, user=user).first()
    if booking is None:
        raise Http404
    return booking


def waiting_position(booking):
    """1 for the first in the queue; None for a booking that is not waiting."""
    if booking is None or not booking.is_waiting:
        return None
    ahead = Booking.objects.waiting().filter(seminar_id=booking.seminar_id).filter(
        Q(created_at__lt=booking.created_at) | Q(created_at=booking.created_at, pk__lt=booking.pk)
    )
    return ahead.count() + 1


def bookings_of(user, now):
    """The user's places and places on waiting lists at seminars still to come, and the seminars they attended."""
    bookings = Booking.objects.filter(user=user).select_related("seminar").order_by("seminar__starts_at", "pk")
    upcoming = list(bookings.active().filter(seminar__ends_at__gt=now))
    attended = list(bookings.filter(attended=True).order_by("-seminar__starts_at", "-pk"))
    return {"upcoming": upcoming, "attended": attended}


def attended_by(user_id):
    return list(
        Booking.objects.filter(user_id=user_id, attended=True)
        .select_related("seminar")
        .order_by("-seminar__starts_at", "-pk")
    )


# The co-ordinator's registers ------------------------------------------------------------------------


def seminars_for_registers(now, days_back=REGISTER_DAYS_BACK):
    return (
        Seminar.objects.filter(starts_at__gte=now - timedelta(days=days_back))
        .annotate(places_taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
        .order_by("starts_at", "pk")
    )


def register_of(seminar):
    """Everyone with a place, by name."""
    return list(seminar.bookings.booked().select_related("user").order_by("user__full_name", "user__email", "pk"))


# Managers' reports -----------------------------------------------------------------------------------


def attendance_in(organisation):
    """Seminars attended by the organisation's joined people, newest first. (A person is in an
    organisation once, so the join gives each booking once.)"""
    return (
        Booking.objects.filter(attended=True, user__memberships__organisation=organisation)
        .select_related("seminar")
        .order_by("-seminar__starts_at", "pk")
    )


def with_memberships(bookings, organisation):
    """The bookings, each with the person's membership of the organisation (the name and job role the
    organisation entered) in `membership`."""
    from organisations.models import Membership

    bookings = list(bookings)
    memberships = Membership.objects.filter(
        organisation=organisation, user_id__in={booking.user_id for booking in bookings}
    ).select_related("job_role")
    by_user = {membership.user_id: membership for membership in memberships}
    for booking in bookings:
        booking.membership = by_user[booking.user_id]
    return bookings
