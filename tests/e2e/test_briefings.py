"""Briefings in a real browser: a learner finds an unread briefing on "Your training", opens it and it is
marked as read; the unsubscribe link from the e-mail (confirm, stop, a broken link) and turning briefing
e-mails back on; a manager's "Briefings read" report and a briefing's list of who has read it.

Phone width (320px). Every page the browser arrives on is checked by its page object: its heading,
axe-core and no sideways scrolling.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from briefings.factories import BriefingIndexPageFactory, BriefingPageFactory
from briefings.models import BriefingEmailPreference, BriefingRead
from courses.demo import ensure_review_workflow
from courses.factories import JobRoleFactory
from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Organisation
from tests.fixtures.organisations import member, with_totp

from .mailbox import link_in, wait_for_email
from .pages import (
    ANY_HEADING,
    BasePage,
    OrganisationPage,
    SignInPage,
    YourTrainingPage,
    hidden_suffix,
    table_rows,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Operation Makesafe: how to report a worry"
LEARNER = "holly.hotel@example.com"
SECTION = "Briefings for your job"


class BriefingPage(BasePage):
    heading = ANY_HEADING  # the briefing's title
    identifying_text = re.compile(r"^Briefing$")  # the caption above the title


class UnsubscribePage(BasePage):
    heading = "Stop briefing e-mails"

    def stop_with_keyboard(self):
        return self.follow_with_keyboard(
            self.main.get_by_role("button", name="Stop briefing e-mails"), UnsubscribedPage
        )


class UnsubscribedPage(BasePage):
    heading = "Briefing e-mails stopped"


class BrokenLinkPage(BasePage):
    heading = "This link does not work"


class ReadReportPage(OrganisationPage):
    heading = "Briefings read"


class BriefingReadersPage(OrganisationPage):
    heading = ANY_HEADING  # the briefing's title


def look(page, name):
    """A full-page screenshot for a person to look at, when E2E_LOOK_DIR names a folder for them."""
    if folder := os.environ.get("E2E_LOOK_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"briefings-{name}-{page.viewport_size['width']}.png"), full_page=True)


def briefings_section(page_object):
    return page_object.main.get_by_role("region", name=SECTION)


@pytest.fixture
def world(home_page):
    """A hotel with a manager and a learner, and a required briefing for hotel staff, published (and so
    e-mailed to the learner)."""
    hotel_staff = JobRoleFactory(name="Hotel staff", slug="hotel-staff")
    learner = UserFactory(email=LEARNER, full_name="Holly Hotel")
    learner.job_roles.add(hotel_staff)
    hotel = Organisation.objects.create(name="Station Hotel", kind=OrganisationKind.HOTEL)
    member(hotel, learner, job_role=hotel_staff)
    manager = with_totp(UserFactory(email="mo.manager@example.com", full_name="Mo Manager"))
    member(hotel, manager, role=MemberRole.MANAGER, job_role=hotel_staff)
    index = BriefingIndexPageFactory(parent=home_page)
    ensure_review_workflow(index)
    briefing = BriefingPageFactory(
        parent=index, title=TITLE, slug="operation-makesafe", job_roles=[hotel_staff],
        required=True, summary="If you are worried about a child, call 101 and say Operation Makesafe.",
    )
    briefing.save_revision().publish()
    return {"learner": learner, "manager": manager, "hotel": hotel, "briefing": briefing}


def sign_in_with_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_a_learner_opens_an_unread_briefing_from_your_training_and_it_is_marked_read(page, world):
    home = SignInPage.visit(page).sign_in(LEARNER, TEST_PASSWORD)
    training = home.go_to_your_training()
    section = briefings_section(training)
    expect(section).to_contain_text("You have 1 briefing to read.")
    expect(section.locator(".task-list__status")).to_have_text("Required: not read")
    look(page, "your-training")

    briefing = training.follow_with_keyboard(section.get_by_role("link", name=TITLE), BriefingPage.titled(TITLE))
    expect(briefing.main).to_contain_text("Required reading")
    expect(briefing.main).to_contain_text("You read this briefing on")
    look(page, "briefing")
    assert BriefingRead.objects.filter(user=world["learner"], briefing=world["briefing"]).exists()

    training = briefing.go_to_your_training()
    expect(briefings_section(training)).to_contain_text("You have read every briefing for your job.")
    expect(briefings_section(training).get_by_role("link", name=TITLE)).to_have_count(0)


def test_the_unsubscribe_link_stops_briefing_emails_and_your_training_turns_them_back_on(page, world):
    message = wait_for_email(LEARNER, subject_contains=TITLE)
    unsubscribe = urlparse(link_in(message, "/briefing-emails/unsubscribe/")).path

    confirm = UnsubscribePage.visit(page, unsubscribe)
    look(page, "unsubscribe")
    expect(confirm.main).to_contain_text("we will still e-mail you about your training")
    assert BriefingEmailPreference.objects.get(user=world["learner"]).emails_on  # opening it changes nothing
    stopped = confirm.stop_with_keyboard()
    expect(stopped.main).to_contain_text("We will not e-mail you briefings any more.")
    assert not BriefingEmailPreference.objects.get(user=world["learner"]).emails_on

    key, signature = unsubscribe.rstrip("/").rsplit("/", 1)[1].split(":")
    BrokenLinkPage.visit(page, f"/briefing-emails/unsubscribe/{key}:{signature[::-1]}/")

    training = SignInPage.visit(page).sign_in(LEARNER, TEST_PASSWORD).go_to_your_training()
    section = briefings_section(training)
    expect(section).to_contain_text("Briefing e-mails are off.")
    look(page, "emails-off")
    training = training.click(section.get_by_role("button", name="Turn briefing e-mails back on"), YourTrainingPage)
    assert training.messages() == ["Briefing e-mails are on. We will e-mail you new briefings for your job."]
    assert BriefingEmailPreference.objects.get(user=world["learner"]).emails_on

    # Marking it as read from the list, without opening it.
    section = briefings_section(training)
    mark_as_read = section.get_by_role("button", name=hidden_suffix("Mark as read", TITLE))
    training = training.click(mark_as_read, YourTrainingPage)
    expect(briefings_section(training)).to_contain_text("You have read every briefing for your job.")
    expect(briefings_section(training).get_by_role("button", name=re.compile("Mark as read"))).to_have_count(0)


def test_a_manager_sees_who_has_read_a_required_briefing(page, context, live_server, world):
    BriefingRead.objects.create(user=world["learner"], briefing=world["briefing"])
    sign_in_with_cookie(context, live_server, world["manager"])
    hotel = world["hotel"]

    report = ReadReportPage.visit(page, f"/organisations/{hotel.pk}/briefings/", organisation_name=hotel.name)
    table = report.main.get_by_role("table", name="Required briefings")
    look(page, "read-report")
    assert table_rows(table)[0][2:] == ["1", "1"]

    readers = report.click(table.get_by_role("link", name=TITLE), BriefingReadersPage.of(hotel.name, heading=TITLE))
    people = readers.main.get_by_role("table", name="People")
    rows = {row[0]: row[2] for row in table_rows(people)}
    look(page, "readers")
    assert rows["Holly Hotel"].startswith("Read ") and rows["Mo Manager"] == "Not read"
