"""Seminars in a real browser at phone width (320px): a learner books a place, gets the calendar file and
sees the booking on "Your training"; the co-ordinator marks attendance on the register with the keyboard.

Every page the browser arrives on is checked by its page object: its heading, axe-core and no sideways
scrolling. Both sign in by handing the browser a session cookie (signing in is tested elsewhere).
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from seminars import services
from seminars.models import Booking
from tests.seminars.conftest import learner, make_seminar

from .pages import BasePage, YourTrainingPage, normalised

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Lunchtime seminar: the night-time economy"
LARGEST_CALENDAR_FILE = 4096  # bytes: one event, no attachments


def sign_in_with_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def look(page, name):
    """A full-page screenshot for a person to look at, when E2E_LOOK_DIR names a folder for them."""
    if folder := os.environ.get("E2E_LOOK_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"seminars-{name}.png"), full_page=True)


class SeminarsPage(BasePage):
    path = "/seminars/"
    heading = "Seminars"

    def open(self, title):
        return self.click(self.main.get_by_role("link", name=title, exact=True), SeminarPage.titled(title))


class SeminarPage(BasePage):
    heading = TITLE

    def book(self):
        return self.click(self.main.get_by_role("button", name="Book a place"), SeminarPage.titled(self.heading))

    @property
    def calendar_link(self):
        return self.main.get_by_role("link", name="Add to your calendar (.ics file)")


class RegisterPage(BasePage):
    heading = f"Register: {TITLE}"

    def box(self, name):
        return self.main.get_by_role("checkbox", name=name)

    def save_with_keyboard(self):
        return self.follow_with_keyboard(self.main.get_by_role("button", name="Save the register"), RegisterPage)


@pytest.fixture
def seminar(home_page, driver_role):
    return make_seminar(roles=[driver_role], title=TITLE, capacity=2, starts_in=timedelta(days=5))


def test_a_learner_books_a_place_and_sees_it_on_your_training(page, context, live_server, seminar, driver):
    sign_in_with_cookie(context, live_server, driver)
    seminars = SeminarsPage.visit(page)
    expect(seminars.main.get_by_text("2 places left")).to_be_visible()
    look(page, "list")

    detail = seminars.open(TITLE)
    expect(detail.main.get_by_text("Committee Room 2, Council House")).to_be_visible()
    detail = detail.book()
    assert "Your place is booked. We have sent the details to your e-mail address." in detail.messages()
    expect(detail.main.get_by_role("heading", name="You have a place")).to_be_visible()
    expect(detail.main.get_by_text("1 of 2 places left")).to_be_visible()
    look(page, "booked")

    # The calendar file: fetched as the browser would download it, small, and a calendar a parser reads.
    href = detail.calendar_link.get_attribute("href")
    response = context.request.get(href)
    assert response.ok and response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.body()
    assert len(body) < LARGEST_CALENDAR_FILE
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TITLE
    assert event.decoded("DTSTART") == seminar.starts_at

    training = detail.go_to_your_training()
    seminars_list = training.main.locator(".task-list").filter(has_text=TITLE)
    expect(seminars_list.get_by_role("link", name=TITLE)).to_have_accessible_description("Booked")
    assert isinstance(training, YourTrainingPage)
    look(page, "your-training")


def test_the_co_ordinator_marks_attendance_with_the_keyboard(page, context, live_server, seminar, driver_role):
    from django.contrib.auth.models import Group

    from eyesandears.accounts.factories import UserFactory
    from seminars.demo import ensure_co_ordinators_can_run_seminars

    came, missed = learner(driver_role, "amy.able@example.com"), learner(driver_role, "ben.busy@example.com")
    bookings = [services.seminar_book(seminar=seminar, user=person) for person in (came, missed)]
    # The seminar is on today: it started an hour ago.
    seminar.starts_at = timezone.now() - timedelta(hours=1)
    seminar.ends_at = seminar.starts_at + timedelta(hours=2)
    seminar.save()
    ensure_co_ordinators_can_run_seminars()
    co_ordinator = UserFactory(email="coordinator@example.com", full_name="Cora Ordinator", is_staff=True)
    co_ordinator.groups.add(Group.objects.get(name="Editors"))
    sign_in_with_cookie(context, live_server, co_ordinator)

    register = RegisterPage.visit(page, f"/seminars/{seminar.pk}/register/")
    box = register.box(came.full_name)
    expect(box).not_to_be_checked()
    register.tab_to(box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    register = register.save_with_keyboard()
    assert "The register is saved." in register.messages()
    look(page, "register")
    expect(register.box(came.full_name)).to_be_checked()
    expect(register.box(missed.full_name)).not_to_be_checked()
    assert normalised(register.main.locator("legend").inner_text()) == "Who came"

    came_booking, missed_booking = (Booking.objects.get(pk=booking.pk) for booking in bookings)
    assert came_booking.attended and came_booking.attendance_marked_by == co_ordinator
    assert not missed_booking.attended
