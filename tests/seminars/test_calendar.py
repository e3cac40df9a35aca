"""The .ics file of a booked seminar opens in a calendar: parsed here with the icalendar library."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from seminars import services
from seminars.calendar import escape_text, fold
from seminars.choices import SeminarFormat

from .conftest import make_seminar

pytestmark = pytest.mark.django_db

TRICKY_TITLE = "Signs, risks; and what to do \\ who to call"


def download(client, booking):
    client.force_login(booking.user)
    return client.get(f"/seminars/bookings/{booking.public_id}/seminar.ics")


def event_of(response):
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_the_file_is_one_event_at_the_seminars_time_in_utc(client, driver_role, drivers):
    # 12:30 in London in summer is 11:30 UTC.
    starts_at = timezone.make_aware(datetime(2031, 7, 15, 12, 30))
    seminar = make_seminar(roles=[driver_role], title=TRICKY_TITLE)
    seminar.starts_at, seminar.ends_at = starts_at, starts_at + timezone.timedelta(minutes=90)
    seminar.save()
    booking = services.seminar_book(seminar=seminar, user=drivers[0])
    response = download(client, booking)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="seminar-{seminar.pk}.ics"'
    calendar, event = event_of(response)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert event.decoded("DTSTART") == datetime(2031, 7, 15, 11, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2031, 7, 15, 13, 0, tzinfo=UTC)
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert "DTSTART:20310715T113000Z" in response.content.decode()
    assert str(event["SUMMARY"]) == TRICKY_TITLE
    assert str(event["LOCATION"]) == "Committee Room 2, Council House"
    assert str(event["UID"]) == f"seminar-{seminar.pk}@testserver"
    assert str(event["URL"]) == f"http://testserver/seminars/{seminar.pk}/"


def test_an_online_seminar_gives_its_joining_link(client, driver_role, drivers):
    seminar = make_seminar(roles=[driver_role], format=SeminarFormat.ONLINE, place="", link="https://meet.example.com/x")
    booking = services.seminar_book(seminar=seminar, user=drivers[0])
    _calendar, event = event_of(download(client, booking))
    assert str(event["URL"]) == "https://meet.example.com/x"
    assert str(event["LOCATION"]) == "Online"


def test_long_and_non_latin_text_is_folded_and_read_back_whole(client, driver_role, drivers):
    description = "ایک طویل تفصیل۔ " * 20 + "\nZażółć gęślą jaźń, kolejna linia; koniec."
    seminar = make_seminar(roles=[driver_role], description=description)
    booking = services.seminar_book(seminar=seminar, user=drivers[0])
    response = download(client, booking)
    raw = response.content
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # some were folded
    _calendar, event = event_of(response)
    assert str(event["DESCRIPTION"]) == f"{description}\n\nhttp://testserver/seminars/{seminar.pk}/"


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "ł" * 100
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # whole characters only
    assert folded.replace("\r\n ", "") == line


def test_text_is_escaped_as_rfc_5545_says():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_only_a_place_held_has_a_calendar_file(client, driver_role, drivers):
    seminar = make_seminar(roles=[driver_role], capacity=1)
    services.seminar_book(seminar=seminar, user=drivers[0])
    waiting = services.seminar_book(seminar=seminar, user=drivers[1])
    assert download(client, waiting).status_code == 404
