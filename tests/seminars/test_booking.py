"""Learners book and cancel places: capacity, the waiting list, promotion, and who may see what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from seminars import services
from seminars.choices import BookingStatus, SeminarFormat
from seminars.models import Booking

from .conftest import learner, make_seminar

pytestmark = pytest.mark.django_db


def book(client, user, seminar):
    client.force_login(user)
    return client.post(f"/seminars/{seminar.pk}/book/")


def statuses(seminar):
    return list(Booking.objects.filter(seminar=seminar).order_by("pk").values_list("status", flat=True))


def test_places_go_until_the_seminar_is_full_then_people_wait(client, seminar, drivers):
    for driver in drivers:
        response = book(client, driver, seminar)
        assert response.status_code == 302
        assert response["Location"] == f"/seminars/{seminar.pk}/"
    assert statuses(seminar) == ["booked", "booked", "waiting", "waiting"]
    page = client.get(f"/seminars/{seminar.pk}/").content.decode()  # the last driver's view
    assert "You are number 2 on the waiting list." in page


def test_a_booking_is_confirmed_by_email_with_its_calendar_link(
    client, seminar, drivers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(client, drivers[0], seminar)
    booking = Booking.objects.get(user=drivers[0])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [drivers[0].email]
    assert message.subject == "Your place is booked: Lunchtime seminar"
    assert f"http://testserver/seminars/bookings/{booking.public_id}/seminar.ics" in message.body
    assert "Committee Room 2, Council House" in message.body


def test_booking_twice_keeps_one_place(client, seminar, drivers):
    book(client, drivers[0], seminar)
    book(client, drivers[0], seminar)
    assert statuses(seminar) == ["booked"]


def test_the_database_refuses_a_second_active_booking(seminar, drivers):
    Booking.objects.create(seminar=seminar, user=drivers[0], status=BookingStatus.BOOKED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(seminar=seminar, user=drivers[0], status=BookingStatus.WAITING)


def test_after_cancelling_a_person_can_book_again(client, seminar, drivers):
    booking = services.seminar_book(seminar=seminar, user=drivers[0])
    services.booking_cancel(booking=booking)
    book(client, drivers[0], seminar)
    assert statuses(seminar) == ["cancelled", "booked"]


def test_cancelling_a_place_gives_it_to_the_first_waiting_and_tells_them(
    client, seminar, drivers, django_capture_on_commit_callbacks
):
    first, second, third, fourth = (services.seminar_book(seminar=seminar, user=driver) for driver in drivers)
    mail.outbox.clear()
    client.force_login(drivers[1])
    assert "Yes, cancel my place" in client.get(f"/seminars/bookings/{second.public_id}/cancel/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/seminars/bookings/{second.public_id}/cancel/")
    assert response.status_code == 302
    assert statuses(seminar) == ["booked", "cancelled", "booked", "waiting"]
    promoted = Booking.objects.get(pk=third.pk)
    assert promoted.booked_at is not None
    assert [message.to for message in mail.outbox] == [[drivers[2].email]]
    assert mail.outbox[0].subject == "A place came free for you: Lunchtime seminar"


def test_leaving_the_waiting_list_promotes_nobody(seminar, drivers):
    bookings = [services.seminar_book(seminar=seminar, user=driver) for driver in drivers]
    services.booking_cancel(booking=bookings[2])
    assert statuses(seminar) == ["booked", "booked", "cancelled", "waiting"]


def test_more_places_in_the_admin_go_to_those_waiting(seminar, drivers):
    for driver in drivers:
        services.seminar_book(seminar=seminar, user=driver)
    seminar.capacity = 3
    seminar.save()
    promoted = services.seminar_fill_places(seminar_id=seminar.pk)
    assert [booking.user for booking in promoted] == [drivers[2]]
    assert statuses(seminar) == ["booked", "booked", "booked", "waiting"]


def test_fewer_places_than_are_booked_is_refused_in_the_admin(seminar, drivers):
    from django.core.exceptions import ValidationError

    for driver in drivers[:2]:
        services.seminar_book(seminar=seminar, user=driver)
    seminar.capacity = 1
    with pytest.raises(ValidationError, match="2 places are booked already"):
        seminar.full_clean()


def test_a_started_seminar_cannot_be_booked_or_cancelled(client, driver_role, drivers):
    started = make_seminar(roles=[driver_role], starts_in=timedelta(minutes=-5))
    booking = Booking.objects.create(seminar=started, user=drivers[0], status=BookingStatus.BOOKED)
    response = book(client, drivers[1], started)
    assert response.status_code == 400
    assert "already started" in response.content.decode()
    client.force_login(drivers[0])
    response = client.post(f"/seminars/bookings/{booking.public_id}/cancel/")
    assert response.status_code == 400
    assert statuses(started) == ["booked"]


def test_learners_see_only_upcoming_published_seminars_for_their_roles(client, driver_role, hotel_role, drivers):
    make_seminar(roles=[driver_role], title="For drivers")
    make_seminar(roles=[], title="For everyone")
    make_seminar(roles=[hotel_role], title="For hotels")
    make_seminar(roles=[driver_role], title="Not published", is_published=False)
    make_seminar(roles=[driver_role], title="Last week", starts_in=timedelta(days=-7))
    client.force_login(drivers[0])
    page = client.get("/seminars/").content.decode()
    assert "For drivers" in page and "For everyone" in page
    assert "For hotels" not in page and "Not published" not in page and "Last week" not in page


def test_a_seminar_for_other_roles_or_not_published_is_a_404(client, hotel_role, driver_role, drivers):
    for_hotels = make_seminar(roles=[hotel_role])
    draft = make_seminar(roles=[driver_role], is_published=False)
    client.force_login(drivers[0])
    for seminar in (for_hotels, draft):
        assert client.get(f"/seminars/{seminar.pk}/").status_code == 404
        assert client.post(f"/seminars/{seminar.pk}/book/").status_code == 404
    assert not Booking.objects.exists()
    assert client.get("/seminars/999999999999999999999/").status_code == 404


def test_someone_elses_booking_is_a_404(client, seminar, drivers):
    theirs = services.seminar_book(seminar=seminar, user=drivers[0])
    client.force_login(drivers[1])
    assert client.get(f"/seminars/bookings/{theirs.public_id}/cancel/").status_code == 404
    assert client.post(f"/seminars/bookings/{theirs.public_id}/cancel/").status_code == 404
    assert client.get(f"/seminars/bookings/{theirs.public_id}/seminar.ics").status_code == 404
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.BOOKED


def test_signed_out_people_are_sent_to_sign_in(client, seminar):
    for path in ("/seminars/", f"/seminars/{seminar.pk}/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"/seminars/{seminar.pk}/book/").status_code == 302
    assert not Booking.objects.exists()


def test_booking_needs_a_post_with_csrf(seminar, drivers):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(drivers[0])
    assert client.get(f"/seminars/{seminar.pk}/book/").status_code == 405
    assert client.post(f"/seminars/{seminar.pk}/book/").status_code == 403
    assert not Booking.objects.exists()


def test_the_joining_link_is_shown_only_to_those_with_a_place(client, driver_role, drivers):
    online = make_seminar(
        roles=[driver_role], capacity=1, format=SeminarFormat.ONLINE, place="", link="https://meet.example.com/abc"
    )
    services.seminar_book(seminar=online, user=drivers[0])
    services.seminar_book(seminar=online, user=drivers[1])
    client.force_login(drivers[0])
    assert "https://meet.example.com/abc" in client.get(f"/seminars/{online.pk}/").content.decode()
    client.force_login(drivers[1])
    assert "https://meet.example.com/abc" not in client.get(f"/seminars/{online.pk}/").content.decode()
    client.force_login(learner(driver_role, "new@example.com"))
    assert "https://meet.example.com/abc" not in client.get(f"/seminars/{online.pk}/").content.decode()
