"""Organisations in a real browser: a manager signs in with a code from their authenticator app, reads
the dashboard (chart, table, filters, a person, the downloads), reminds those not started, invites one
person, and uploads a file of people; a manager without an authenticator app is sent to set one up.

Phone width (320px) unless said otherwise. Every page the browser arrives on is checked by its page
object (pages.py): its heading, axe-core and, at 320px, no sideways scrolling. One test signs in through
the real forms (password, then the code); the others sign in by handing the browser a session cookie.
"""

import csv
import io
import os
import re
import time
from pathlib import Path

import openpyxl
import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.test import Client
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from courses.models import Enrolment
from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from organisations.choices import MemberRole
from organisations.models import Invitation, Membership, RoleRequirement
from quizzes.factories import QuizFactory
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.organisations import member

from .mailbox import wait_for_email
from .pages import (
    ActivateAuthenticatorPage,
    ConfirmAccessPage,
    OrganisationDashboardPage,
    SignInPage,
    TwoStepSignInPage,
    UploadPage,
    tab_to,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ORGANISATION = "Station Hotel"
COURSE = "Hotel course"
STATES = ["Compliant", "Expiring soon", "Expired", "In progress", "Not started"]
WRONG_TYPE = "The file must be a CSV or an Excel (XLSX) spreadsheet."
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def short_date(day):
    return dateformat.format(day, "j M Y")


def look(page, name):
    """A full-page screenshot for a person to look at, when E2E_LOOK_DIR names a folder for them."""
    if folder := os.environ.get("E2E_LOOK_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


# Signing in


def current_code(secret):
    """What the authenticator app shows now. Near the end of a period, wait for the next one, so that the
    code is still good when the form reaches the server (allauth allows no tolerance by default)."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def totp_secret(user):
    # allauth's adapter stores the secret as it is unless a project encrypts it; this one does not.
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]


def sign_in_with_cookie(context, live_server, user):
    """Signed in as if through the forms: a session made on the server, its cookie given to the browser."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def dashboard_url(organisation):
    return f"/organisations/{organisation.pk}/"


def open_dashboard(page, organisation):
    return OrganisationDashboardPage.visit(page, dashboard_url(organisation), heading=organisation.name)


# The people


@pytest.fixture
def hotel_quiz(hotel_course):
    return QuizFactory(course=hotel_course, title="Hotel quiz")


def joined(organisation, hotel_role, name, reference):
    local = name.lower().replace(" ", ".")
    user = UserFactory(email=f"{local}@example.com", full_name=name)
    return member(organisation, user, job_role=hotel_role, reference=reference)


@pytest.fixture
def staff(home_page, organisation, manager, hotel_role, hotel_course, hotel_quiz):
    """Eight people who must hold the hotel course: 2 compliant, 1 expiring soon, 1 expired, 1 in progress
    and 3 not started (one of them only invited, and the manager)."""
    RoleRequirement.objects.create(job_role=hotel_role, course=hotel_course)
    today = timezone.localdate()
    people = {}
    for name, reference in [
        ("Amy Able", "H-101"),
        ("Bea Bell", "H-102"),
        ("Cal Cole", "H-103"),
        ("Dee Dunn", "H-104"),
        ("Eve Ellis", "H-105"),
        ("Fay Ford", "H-106"),
    ]:
        people[name] = joined(organisation, hotel_role, name, reference)
    people["Ivy Invited"] = member(
        organisation, None, job_role=hotel_role, reference="H-107", email="ivy.invited@example.com", name="Ivy Invited"
    )
    for name in ("Amy Able", "Bea Bell", "Cal Cole", "Dee Dunn"):
        pass_quiz(people[name].user, hotel_quiz)
    expiring = people["Cal Cole"].user.certificates.get()
    expiring.expires_on = today + relativedelta(days=30)
    expiring.save(update_fields=["expires_on"])
    expired = people["Dee Dunn"].user.certificates.get()
    expired.issued_on, expired.expires_on = today - relativedelta(months=37), today - relativedelta(months=1)
    expired.save(update_fields=["issued_on", "expires_on"])
    Enrolment.objects.create(user=people["Eve Ellis"].user, course=hotel_course)
    return people


EXPECTED_COUNTS = list(zip(STATES, [2, 1, 1, 1, 3], strict=True))


# 1. A manager without an authenticator app


def test_a_manager_without_an_authenticator_app_is_sent_to_set_one_up(page, home_page, organisation, hotel_role):
    newcomer = UserFactory(email="new.manager@example.com", full_name="Nia New")
    member(organisation, newcomer, role=MemberRole.MANAGER, job_role=hotel_role)

    sign_in = SignInPage.visit(page, dashboard_url(organisation))
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/organisations/{organisation.pk}/$"))
    # allauth asks for the password once more before a change to how the person signs in.
    confirm = sign_in.sign_in(newcomer.email, TEST_PASSWORD, destination=ConfirmAccessPage)
    assert confirm.is_signed_in()
    assert "Set up an authenticator app before you see people's training records." in confirm.messages()
    set_up = confirm.confirm_with_keyboard(TEST_PASSWORD, ActivateAuthenticatorPage)
    expect(page).to_have_url(re.compile(rf"/accounts/2fa/totp/activate/\?next=/organisations/{organisation.pk}/$"))
    expect(set_up.main.get_by_role("img")).to_be_visible()  # the QR code
    secret = set_up.secret()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    # Scanning the code is for a phone; typing the app's first code turns two-step sign in on.
    set_up.activate_with_keyboard(current_code(secret))
    assert Authenticator.objects.filter(user=newcomer, type=Authenticator.Type.TOTP).exists()
    dashboard = open_dashboard(page, organisation)
    assert dashboard.names() == ["Nia New"]


# 2. The dashboard


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_a_manager_signs_in_with_their_app_and_finds_people_by_state_and_reference(
    page, organisation, manager, staff, viewport_width
):
    # The whole way a manager comes in: the address, the password, then the code from the app.
    sign_in = SignInPage.visit(page, dashboard_url(organisation))
    two_step = sign_in.sign_in(manager.email, TEST_PASSWORD, destination=TwoStepSignInPage)
    assert not two_step.is_signed_in()
    dashboard = two_step.enter_code_with_keyboard(
        current_code(totp_secret(manager)), OrganisationDashboardPage.titled(ORGANISATION)
    )
    assert dashboard.is_signed_in()
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.pk}/$"))
    assert dashboard.current_section() == "People and training"
    look(page, "dashboard")

    # The chart and the table under it say the same
    expect(dashboard.main.get_by_text("8 people. Each bar counts")).to_be_visible()
    assert dashboard.chart_bars() == EXPECTED_COUNTS
    assert dashboard.counts_in_table() == EXPECTED_COUNTS
    widths = dashboard.bar_widths()
    assert [round(100 * count / 3) for _, count in EXPECTED_COUNTS] == pytest.approx(widths, abs=2)
    expect(dashboard.chart.locator(".bar-chart__track").first).to_have_attribute("aria-hidden", "true")
    for label, count in EXPECTED_COUNTS:
        expect(dashboard.count_link(label)).to_have_text(re.compile(rf"^{count}"))

    assert dashboard.showing().startswith("Showing 8 of 8.")
    assert dashboard.names() == [
        "Amy Able",
        "Bea Bell",
        "Cal Cole",
        "Dee Dunn",
        "Eve Ellis",
        "Fay Ford",
        "Ivy Invited",
        "Mo Manager",
    ]
    rows = {row[0]: row[1:] for row in dashboard.people()}
    amy_until = staff["Amy Able"].user.certificates.get().expires_on
    assert rows["Amy Able"] == ["Hotel staff", "H-101", f"Compliant {COURSE}, until {short_date(amy_until)}"]
    assert rows["Ivy Invited (invited)"] == ["Hotel staff", "H-107", f"Not started {COURSE}"]
    assert rows["Mo Manager"] == ["Hotel staff", "–", f"Not started {COURSE}"]

    # Filter by state from the keyboard: choose in the list, then the Filter button
    dashboard = dashboard.filter_by_state_with_keyboard("Not started")
    expect(page).to_have_url(re.compile(r"[?&]state=not_started"))
    assert dashboard.names() == ["Fay Ford", "Ivy Invited", "Mo Manager"]
    assert dashboard.showing().startswith("Showing 3 of 8.")
    assert dashboard.chart_bars() == EXPECTED_COUNTS  # the chart always counts everyone
    expect(dashboard.state_select.locator("option:checked")).to_have_text("Not started")

    dashboard = dashboard.filter_by_state_with_keyboard("Expiring soon")
    assert dashboard.names() == ["Cal Cole"]

    # Search by reference, with no state chosen
    dashboard = dashboard.clear_filters()
    assert dashboard.showing().startswith("Showing 8 of 8.")
    dashboard = dashboard.search_with_keyboard("h-101")
    assert dashboard.names() == ["Amy Able"]
    expect(dashboard.search_box).to_have_value("h-101")

    # A person's page, and back to the list as it was
    amy = staff["Amy Able"].user
    certificate = amy.certificates.get()
    person = dashboard.open_person_with_keyboard("Amy Able")
    assert person.details() == {
        "E-mail": amy.email,
        "Job role": "Hotel staff",
        "Reference": "H-101",
        "Joined": "Yes",
    }
    assert person.courses() == [(COURSE, "Compliant")]
    assert len(person.certificates()) == 1
    assert certificate.display_code in person.certificates()[0]
    dashboard = person.go_back()
    assert dashboard.names() == ["Amy Able"]
    expect(dashboard.search_box).to_have_value("h-101")

    # The downloads hold the list as filtered
    download = dashboard.download_with_keyboard(dashboard.csv_link)
    today = timezone.localdate().isoformat()
    assert download.suggested_filename == f"station-hotel-training-{today}.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:5] == ["Name", "E-mail", "Job role", "Reference", "Overall"]
    assert [row[:5] for row in rows[1:]] == [["Amy Able", amy.email, "Hotel staff", "H-101", "Compliant"]]

    response = page.request.get(dashboard.csv_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == CSV_TYPE
    assert 'filename="station-hotel-training-' in response.headers["content-disposition"]

    response = page.request.get(dashboard.xlsx_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == XLSX_TYPE
    assert response.headers["content-disposition"] == f'attachment; filename="station-hotel-training-{today}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.body())).active
    assert [cell.value for cell in sheet[2]][:5] == ["Amy Able", amy.email, "Hotel staff", "H-101", "Compliant"]
    assert sheet.max_row == 2

    # A count in the table is a link to the people it counts
    dashboard = dashboard.clear_filters()
    dashboard = dashboard.click(dashboard.count_link("In progress"), OrganisationDashboardPage.titled(ORGANISATION))
    assert dashboard.names() == ["Eve Ellis"]


# 3. Uploading a list of people

GOOD_AND_BAD_ROWS = (
    "Name,E-mail,Job role,Reference\r\n"
    "Ann Able,ann@example.com,Hotel staff,B1\r\n"
    "Bad Address,not-an-email,Hotel staff,\r\n"
    "Una Known,una@example.com,Lion tamer,\r\n"
    "Ben Best,ben@example.com,Taxi and private hire driver,PH-9\r\n"
)


def test_a_manager_uploads_a_list_checks_it_and_invites_the_good_rows(
    page, context, live_server, home_page, organisation, manager, driver_role
):
    sign_in_with_cookie(context, live_server, manager)
    upload = OrganisationDashboardPage.visit(page, dashboard_url(organisation), heading=ORGANISATION).go_to_upload()
    assert upload.current_section() == "Upload a list"
    expect(upload.main.get_by_text("Job role: Hotel staff or Taxi and private hire driver")).to_be_visible()

    preview = upload.upload_with_keyboard("people.csv", GOOD_AND_BAD_ROWS.encode())
    look(page, "upload-preview")
    assert preview.counts() == "2 people are ready to invite. 2 rows have problems."
    expect(preview.main).to_contain_text("Nothing has been saved and nobody has been invited yet.")
    assert preview.problems() == [
        ["3", "not-an-email", "‘not-an-email’ is not an e-mail address in the right format, like name@example.com."],
        [
            "4",
            "una@example.com",
            "‘Lion tamer’ is not a job role here. Use one of: Hotel staff, Taxi and private hire driver.",
        ],
    ]
    assert preview.ready() == [
        ["2", "Ann Able", "ann@example.com", "Hotel staff", "B1"],
        ["5", "Ben Best", "ben@example.com", "Taxi and private hire driver", "PH-9"],
    ]
    assert Membership.objects.filter(organisation=organisation).count() == 1  # the manager, nobody else yet
    expect(preview.invite_button(2)).to_have_accessible_description(
        "2 people are ready to invite. 2 rows have problems."
    )

    invitations = preview.confirm_with_keyboard(2)
    assert "Invitations are on their way to 2 people." in invitations.messages()
    assert invitations.current_section() == "Invitations"
    today = short_date(timezone.localdate())
    open_until = short_date(Invitation.objects.get(membership__email="ann@example.com").expires_at)
    assert sorted(row[:3] for row in invitations.rows()) == [
        ["Ann Able ann@example.com", today, f"Open until {open_until}"],
        ["Ben Best ben@example.com", today, f"Open until {open_until}"],
    ]
    for address in ("ann@example.com", "ben@example.com"):
        email = wait_for_email(address, subject_contains="asks you to take safeguarding training")
        assert ORGANISATION in email.subject


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_an_error_summary(
    page, context, live_server, home_page, organisation, manager
):
    sign_in_with_cookie(context, live_server, manager)
    upload = UploadPage.visit(page, f"/organisations/{organisation.pk}/upload/", organisation_name=ORGANISATION)

    upload = upload.upload_expecting_a_problem("people.pdf", b"%PDF-1.4\n% not a list of people\n")
    expect(page).to_have_title(re.compile(r"^Error: Upload a list of people"))
    summary = upload.error_summary()
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=WRONG_TYPE, exact=True)
    expect(link).to_have_attribute("href", "#id_file")
    expect(upload.file_input).to_have_accessible_description(re.compile(rf"Error: {re.escape(WRONG_TYPE)}"))
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(upload.file_input).to_be_in_viewport()
    assert Membership.objects.filter(organisation=organisation).count() == 1


# 4. Reminders


def test_remind_those_not_started_says_how_many_were_reminded(page, context, live_server, organisation, manager, staff):
    sign_in_with_cookie(context, live_server, manager)
    dashboard = open_dashboard(page, organisation)

    dashboard = dashboard.remind_with_keyboard()
    assert "Reminders sent to 3 people. Nobody is reminded more than once a week." in dashboard.messages()
    for address in ("fay.ford@example.com", "ivy.invited@example.com", manager.email):
        wait_for_email(address, subject_contains="Reminder: your safeguarding training")

    dashboard = dashboard.remind_with_keyboard()
    assert "Reminders sent to 0 people. Nobody is reminded more than once a week." in dashboard.messages()


# 5. Inviting one person, with the mistakes first


def test_inviting_one_person_shows_each_mistake_then_sends_the_invitation(
    page, context, live_server, home_page, organisation, manager
):
    sign_in_with_cookie(context, live_server, manager)
    invite = open_dashboard(page, organisation).go_to_invite()
    assert invite.current_section() == "Invite someone"

    invite = invite.send_expecting_a_problem()
    expect(page).to_have_title(re.compile(r"^Error: Invite someone"))
    summary = invite.error_summary()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter their full name.", "Enter their e-mail address.", "Choose their job role."]
    )
    expect(invite.form.get_by_label("Full name")).to_have_accessible_description(
        re.compile(r"Error: Enter their full name\.")
    )

    invite.fill(full_name="Gus Green", email="gus at example", job_role="Hotel staff", reference="H-200")
    invite = invite.send_expecting_a_problem()
    expect(invite.error_summary().get_by_role("link")).to_have_text(
        ["Enter an e-mail address in the right format, like name@example.com."]
    )
    expect(invite.form.get_by_label("Full name")).to_have_value("Gus Green")

    invite.fill(full_name="Gus Green", email="gus.green@example.com", job_role="Hotel staff", reference="H-200")
    invitations = invite.send()
    assert "Invitation sent to gus.green@example.com." in invitations.messages()
    assert [row[0] for row in invitations.rows()] == ["Gus Green gus.green@example.com"]
    wait_for_email("gus.green@example.com", subject_contains=ORGANISATION)

    dashboard = invitations.go_to_people()
    assert "Gus Green" in dashboard.names()
