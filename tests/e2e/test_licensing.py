"""Licensing in a real browser: an officer signs in with a code from their authenticator app, checks one
driver by licence number (typed with spaces and small letters) and by certificate code, checks a number
that is not on the register, checks a list of licence numbers from a CSV file (messy, with a repeat and
an unknown number) and downloads the result, and looks at who is expiring.

Phone width (320px) unless said otherwise; one check at 1280px. Every page the browser arrives on is
checked by its page object (pages.py): its heading, axe-core and, at 320px, no sideways scrolling. The
list check runs as a Celery task, which the test settings run in-process as soon as the upload is saved,
so its page is usually finished when the browser gets there; if not, it is reloaded until it is. Two
more tests hold a check in the queue to see its progress page: as it refreshes itself (which axe-core
counts as a critical violation, so that test is an expected failure until the page changes), and as it is
after "Stop updating this page".
"""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from dateutil.relativedelta import relativedelta
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from licensing import bulk_views
from licensing.models import BulkCheck, CheckRecord
from licensing.tasks import run_bulk_check_task
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed

from .pages import LicensingCheckPage, ListCheckPage, SignInPage, TwoStepSignInPage
from .test_organisations import current_code, look, sign_in_with_cookie, totp_secret

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AUTHORITY = "Eyesbury Licensing"
COURSE = "Taxi course"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What an officer's spreadsheet looks like: a heading, numbers in any form, blank lines, the same
# driver twice and a number that is on nobody's register.
NUMBERS_CSV = (
    "Licence number,Note\r\n"
    " ph 00123 ,typed with spaces\r\n"
    "\r\n"
    "hc-00456,\r\n"
    "PH-00123,the same driver again\r\n"
    "   ,\r\n"
    "pH00789,\r\n"
    "zz 999,not ours\r\n"
)


def long_date(day):
    return dateformat.format(day, "j F Y")


def short_date(day):
    return dateformat.format(day, "j M Y")


def check_url(authority):
    return f"/licensing/{authority.pk}/"


@pytest.fixture
def register(authority, officer, driver, driver_role, quiz, driver_required):
    """Three drivers on the register, whose job role requires the taxi course:

    - Dev Driver (PH00123) passed the quiz: compliant, renewal in a year;
    - Nia Newcomer (HC00456) has not started: not compliant, renewal due in 20 days;
    - Cal Cole (PH00789) passed, but the certificate runs out in 30 days: compliant, expiring soon.
    """
    today = timezone.localdate()
    newcomer = UserFactory(email="nia.newcomer@example.com", full_name="Nia Newcomer")
    cal = UserFactory(email="cal.cole@example.com", full_name="Cal Cole")
    licences = {
        "PH00123": licensed(authority, driver, "PH00123", driver_role, expires_on=today + relativedelta(years=1)),
        "HC00456": licensed(authority, newcomer, "HC00456", driver_role, expires_on=today + relativedelta(days=20)),
        "PH00789": licensed(authority, cal, "PH00789", driver_role, expires_on=today + relativedelta(years=2)),
    }
    passed = pass_quiz(driver, quiz)
    pass_quiz(cal, quiz)
    expiring = cal.certificates.get()
    expiring.expires_on = today + relativedelta(days=30)
    expiring.save(update_fields=["expires_on"])
    return {"licences": licences, "certificate": passed.certificate, "attempt": passed, "expiring": expiring}


def test_an_officer_checks_one_driver_and_a_list_at_phone_width(page, authority, officer, driver, quiz, register):
    today = timezone.localdate()
    certificate = register["certificate"]

    # Signing in the whole way: the address, the password, then the code the authenticator app shows.
    sign_in = SignInPage.visit(page, "/licensing/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/licensing/$"))
    two_step = sign_in.sign_in(officer.email, TEST_PASSWORD, destination=TwoStepSignInPage)
    assert not two_step.is_signed_in()
    check = two_step.enter_code_with_keyboard(current_code(totp_secret(officer)), LicensingCheckPage.of(AUTHORITY))
    expect(page).to_have_url(re.compile(rf"/licensing/{authority.pk}/$"))  # the officer's only authority
    assert check.is_signed_in()
    assert check.current_section() == "Check a driver"
    expect(check.check_box).to_have_accessible_description(re.compile(r"^For example PH-00123"))

    # 1. By licence number, typed as it might be read off a badge
    record = check.check_driver_with_keyboard(" ph 00123 ", "Compliant")
    look(page, "licensing-record")
    expect(page).to_have_url(re.compile(rf"/licensing/{authority.pk}/checks/[0-9a-f-]{{36}}/$"))
    expect(page).to_have_title(re.compile(rf"^Check of ph 00123 – {AUTHORITY}"))
    assert record.entered() == "ph 00123"
    details = record.details()
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}, \d\d:\d\d by Olu Officer, by licence number", details["Checked"])
    assert details["Driver"] == "Dev Driver"
    assert details["Licence"] == f"PH00123, private hire, renewal due {long_date(today + relativedelta(years=1))}"
    assert record.required_training() == [(COURSE, "Compliant")]
    # The history: certificates, training from other providers, quiz attempts
    assert record.history("Certificates") == [
        [
            COURSE,
            certificate.display_code,
            short_date(certificate.issued_on),
            short_date(certificate.expires_on),
            "Valid",
        ]
    ]
    expect(record.main.get_by_role("heading", name="Training from other providers", level=3)).to_be_visible()
    attempt = register["attempt"]
    assert record.history("Quiz attempts") == [
        [short_date(timezone.localtime(attempt.submitted_at)), quiz.title, "100%", "Passed"]
    ]
    first = CheckRecord.objects.get()
    assert (first.officer, first.driver, first.entered, first.method, first.outcome) == (
        officer,
        driver,
        "ph 00123",
        "licence_number",
        "compliant",
    )

    # 2. By certificate code, in small letters with spaces, from the form under the record
    typed_code = certificate.display_code.lower().replace("-", " ")
    record = record.check_driver_with_keyboard(typed_code, "Compliant")
    assert record.entered() == typed_code
    assert record.details()["Checked"].endswith("by Olu Officer, by certificate code")
    assert record.details()["Driver"] == "Dev Driver"
    assert record.history("Certificates")[0][1] == certificate.display_code

    # 3. A number on nobody's register
    record = record.check_driver_with_keyboard("ZZ 999", "No such licence on your register")
    assert record.entered() == "ZZ 999"
    assert "Driver" not in record.details()
    expect(record.main.get_by_role("heading", name="History")).to_have_count(0)
    assert list(CheckRecord.objects.order_by("checked_at").values_list("method", "outcome")) == [
        ("licence_number", "compliant"),
        ("certificate_code", "compliant"),
        ("licence_number", "unknown"),
    ]

    # 4. A list: upload a CSV, land on its page, and download the result
    start = LicensingCheckPage.visit(page, check_url(authority), organisation_name=AUTHORITY).go_to_list_check()
    assert start.current_section() == "Check a list"
    expect(start.main.get_by_text("No lists have been checked yet.")).to_be_visible()
    expect(start.file_input).to_have_accessible_description(re.compile(r"A CSV or Excel \(XLSX\) file of up to"))

    done = start.upload_with_keyboard("numbers.csv", NUMBERS_CSV.encode()).until_done()
    look(page, "licensing-list-check")
    bulk_check = BulkCheck.objects.get()
    expect(page).to_have_url(re.compile(rf"/licensing/{authority.pk}/lists/{bulk_check.public_id}/$"))
    assert not done.refreshes_itself()
    assert done.summary().startswith("4 licence numbers checked on ")  # blank lines and the repeat skipped
    assert done.counts() == ["Compliant: 2", "Not compliant: 1", "No such licence: 1"]
    expect(done.main).to_contain_text("numbers.csv, uploaded")

    expected_rows = [
        ["PH00123", "Compliant", "Dev Driver", "Yes"],
        ["HC00456", "Not compliant", "Nia Newcomer", "Yes"],
        ["PH00789", "Compliant", "Cal Cole", "Yes"],
        ["ZZ999", "No such licence", "", ""],
    ]
    download = done.download_with_keyboard("Download as CSV")
    assert re.fullmatch(r"licence-check-\d{4}-\d\d-\d\d-\d{4}\.csv", download.suggested_filename)
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == [
        "Licence number",
        "Outcome",
        "Driver",
        "Licence confirmed",
        "Licence renewal due",
        f"{COURSE}: status",
        f"{COURSE}: valid until",
    ]
    assert [row[:4] for row in rows[1:]] == expected_rows
    assert rows[3][5:] == ["Expiring soon", register["expiring"].expires_on.isoformat()]

    response = page.request.get(done.download_link("Download as CSV").get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == CSV_TYPE
    assert re.fullmatch(r'attachment; filename="licence-check-[\d-]+\.csv"', response.headers["content-disposition"])

    response = page.request.get(done.download_link("Download as Excel (XLSX)").get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == XLSX_TYPE
    assert re.fullmatch(r'attachment; filename="licence-check-[\d-]+\.xlsx"', response.headers["content-disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.body())).active
    assert [[cell.value or "" for cell in row][:4] for row in sheet.iter_rows(min_row=2)] == expected_rows

    # Every number checked is recorded, as a check of one driver is
    assert CheckRecord.objects.filter(method="bulk").count() == 4

    start = done.go_to_list_check()
    [recent] = start.recent_checks()
    assert recent[1:] == ["numbers.csv", "Olu Officer", "4", "Finished"]

    # 5. Who needs attention in the next 60 days, then in the next 25
    expiring = start.go_to_expiring()
    assert expiring.current_section() == "Expiring"
    assert expiring.total() == "2 entries for the next 60 days"
    nia_renewal = long_date(today + relativedelta(days=20))
    assert [row[0] for row in expiring.rows()] == ["Nia Newcomer", "Cal Cole"]
    nia, cal = expiring.rows()
    assert nia[2:] == [
        f"{COURSE} Not started",
        "–",
        short_date(today + relativedelta(days=20)),
        f"Licence renewal due on {nia_renewal} and training not current",
    ]
    assert cal[2:] == [
        f"{COURSE} Expiring soon",
        short_date(today + relativedelta(days=30)),
        short_date(today + relativedelta(years=2)),
        "Training expires in 30 days",
    ]
    expect(expiring.main.get_by_role("link", name="CSV", exact=True)).to_have_attribute(
        "href", f"/licensing/{authority.pk}/expiring.csv?days=60"
    )

    expiring = expiring.show_with_keyboard(25)
    expect(page).to_have_url(re.compile(r"\?days=25$"))
    assert expiring.total() == "1 entry for the next 25 days"
    assert [row[0] for row in expiring.rows()] == ["Nia Newcomer"]

    # A licence number in the list is a check of that driver
    expiring = expiring.show_with_keyboard(60)
    record = expiring.check_driver("PH00789", "Cal Cole", "Compliant")
    assert record.required_training() == [(COURSE, "Expiring soon")]
    assert record.details()["Driver"] == "Cal Cole"


@pytest.mark.parametrize("viewport_width", [1280])
def test_an_officer_checks_a_driver_on_a_wide_screen(
    page, context, live_server, authority, officer, driver, register, viewport_width
):
    sign_in_with_cookie(context, live_server, officer)
    check = LicensingCheckPage.visit(page, check_url(authority), organisation_name=AUTHORITY)
    record = check.check_driver_with_keyboard("HC 00456", "Not compliant")
    assert record.details()["Driver"] == "Nia Newcomer"
    assert record.required_training() == [(COURSE, "Not started")]
    expect(record.main.get_by_text("No certificates.")).to_be_visible()
    expect(record.main.get_by_text("No attempts.")).to_be_visible()

    record = record.check_driver_with_keyboard(register["certificate"].display_code, "Compliant")
    assert record.details()["Driver"] == "Dev Driver"


# 3. The page of a list check that has not finished


def queued_check(authority, officer):
    """A check a worker has not picked up yet, as after an upload while the workers are busy."""
    numbers = ["PH00123", "HC00456", "PH00789", "ZZ999"]
    return BulkCheck.objects.create(
        authority=authority, officer=officer, filename="numbers.csv", numbers=numbers, total=len(numbers)
    )


def test_the_progress_page_that_refreshes_itself_passes_axe_core(
    page, context, live_server, authority, officer, register, broker_away, monkeypatch
):
    """Where the officer lands after an upload while the check waits for a worker (here the broker is
    away, so it waits)."""
    # A minute, not 2 seconds, so that the page cannot reload itself while axe-core reads it.
    monkeypatch.setattr(bulk_views, "REFRESH_SECONDS", 60)
    sign_in_with_cookie(context, live_server, officer)
    start = LicensingCheckPage.visit(page, check_url(authority), organisation_name=AUTHORITY).go_to_list_check()
    waiting = start.upload_with_keyboard("numbers.csv", NUMBERS_CSV.encode())
    assert waiting.refreshes_itself()


def test_the_progress_page_without_refreshing_shows_the_progress_and_then_the_result(
    page, context, live_server, authority, officer, register
):
    """After "Stop updating this page" (?refresh=off): the progress, a link to update the page by hand,
    and, once a worker has run the check, the result."""
    bulk_check = queued_check(authority, officer)
    sign_in_with_cookie(context, live_server, officer)
    url = f"/licensing/{authority.pk}/lists/{bulk_check.public_id}/?refresh=off"
    waiting = ListCheckPage.visit(page, url, organisation_name=AUTHORITY)
    assert not waiting.is_done()
    assert not waiting.refreshes_itself()
    expect(page).to_have_title(re.compile(r"^Checking 0 of 4: numbers\.csv – "))
    progress = waiting.main.get_by_role("progressbar")
    expect(progress).to_have_accessible_name("Waiting to start: 0 of 4 checked (0%)")
    expect(progress).to_have_attribute("max", "4")

    run_bulk_check_task.apply(args=[bulk_check.pk])  # what a worker does
    done = waiting.update_with_keyboard()
    assert done.is_done()
    assert done.counts() == ["Compliant: 2", "Not compliant: 1", "No such licence: 1"]
