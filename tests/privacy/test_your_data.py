"""'Your data': a signed-in person downloads everything the service holds about them, as a ZIP of JSON
files (one per kind of record in the inventory) and their certificate PDFs."""

import io
import json
import zipfile

import pytest
from wagtail.models import ModelLogEntry

from briefings import services as briefing_services
from briefings.factories import BriefingIndexPageFactory, BriefingPageFactory
from briefings.models import BriefingSend
from eyesandears.accounts import data_export
from eyesandears.accounts.factories import UserFactory
from eyesandears.accounts.inventory import RECORD_KINDS
from eyesandears.accounts.views import DATA_DOWNLOADED_ACTION
from seminars import services as seminar_services
from tests.seminars.conftest import make_seminar

from .conftest import LICENCE_NUMBER, signed_in

pytestmark = pytest.mark.django_db

DOWNLOAD = "/accounts/your-data/download/"


def download(client):
    response = client.post(DOWNLOAD)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    return response, zipfile.ZipFile(io.BytesIO(body))


def records(archive, key):
    return json.loads(archive.read(f"{key}.json"))["records"]


def everything_in(archive):
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_download_holds_a_file_for_every_kind_of_record_and_the_certificate_pdf(everything, other_learner):
    response, archive = download(signed_in(everything.driver))
    names = set(archive.namelist())
    assert {f"{kind.key}.json" for kind in RECORD_KINDS} <= names
    assert "README.txt" in names
    pdf_name = f"certificates/{everything.certificate.display_code}.pdf"
    assert pdf_name in names and archive.read(pdf_name).startswith(b"%PDF-")
    # No name, e-mail address or id in the file name or the address.
    assert response["Content-Disposition"].startswith('attachment; filename="your-data-')
    assert "driver" not in response["Content-Disposition"].lower()

    profile = records(archive, "profile")
    assert (profile["email"], profile["full_name"]) == ("driver@example.com", "Dev Driver")
    assert profile["email_addresses"] == [{"email": "driver@example.com", "verified": True, "primary": True}]
    assert [entry["type"] for entry in profile["two_step_sign_in"]] == ["TOTP Authenticator"]
    assert "secret" not in json.dumps(profile).lower() and "JBSWY3DPEHPK3PXP" not in everything_in(archive)
    assert profile["last_activity"] and profile["kept_until_at_least"]

    assert [role["job_role"] for role in records(archive, "job_roles")] == ["Taxi and private hire driver"]
    memberships = {entry["organisation"]: entry for entry in records(archive, "memberships")}
    assert set(memberships) == {"Eyesbury Licensing", "Station Hotel"}
    assert memberships["Station Hotel"]["reference"] == "BADGE-7"
    assert memberships["Station Hotel"]["invitation"]["accepted_at"]

    [enrolment] = records(archive, "enrolments")
    assert enrolment["course"] == "Taxi course" and len(enrolment["lessons_completed"]) == 3

    attempts = records(archive, "quiz_attempts")
    assert [attempt["passed"] for attempt in attempts] == [True, None]
    call = next(q for q in attempts[0]["questions"] if q["question"].startswith("Who do you call"))
    assert call == {
        "scenario": None,
        "question": "Who do you call if a child is in danger now?",
        "options_shown": call["options_shown"],
        "your_answers": ["999"],
        "answered_correctly": True,
    }
    # An unfinished attempt says nothing about which answers are right.
    assert {question["answered_correctly"] for question in attempts[1]["questions"]} == {None}
    assert '"correct"' not in json.dumps(attempts)  # the answer key never leaves the server

    [certificate] = records(archive, "certificates")
    assert certificate["code"] == everything.certificate.display_code and certificate["pdf"] == pdf_name

    [licence] = records(archive, "licences")
    assert licence["licence_number"] == LICENCE_NUMBER and len(licence["renewal_reminders"]) == 1

    checks = records(archive, "checks_about_you")
    [check] = checks["licensing_checks"]
    assert check["organisation"] == "Eyesbury Licensing" and check["how"] == "By licence number"
    assert check["by"] == "a licensing officer"
    assert [look["organisation"] for look in checks["managers_looked_at_your_record"]] == ["Station Hotel"]

    [share_code] = records(archive, "share_codes")
    assert share_code["for_organisation"] == "Station Hotel" and len(share_code["used_at"]) == 1
    [external] = records(archive, "external_training")
    assert external["provider"] == "Safe Cabs Training Ltd"

    # Other people's details never: not the officer or manager who looked, not another learner.
    text = everything_in(archive)
    for someone_else in ("Olu Officer", "officer@example.com", "Mo Manager", "manager@example.com",
                         "Olive Other", "olive.other@example.com", other_learner.certificate.display_code):
        assert someone_else not in text


def test_a_manager_or_officer_gets_the_work_they_did_without_the_people_it_was_about(everything, officer, manager):
    _, archive = download(signed_in(officer))
    work = records(archive, "work_for_organisations")
    assert [entry["organisation"] for entry in work["checks_you_made"]] == ["Eyesbury Licensing"]
    assert [entry["organisation"] for entry in work["training_from_other_providers_you_recorded"]] == [
        "Eyesbury Licensing"
    ]
    actions = {entry["action"] for entry in records(archive, "audit_log")}
    assert "Check a driver's training" in actions
    text = everything_in(archive)
    assert "Dev Driver" not in text and LICENCE_NUMBER not in text and "driver@example.com" not in text

    _, archive = download(signed_in(manager))
    work = records(archive, "work_for_organisations")
    assert [entry["organisation"] for entry in work["invitations_you_sent"]] == ["Station Hotel"]
    assert [entry["organisation"] for entry in work["share_codes_you_used"]] == ["Station Hotel"]
    assert "Dev Driver" not in everything_in(archive)


def test_every_kind_of_record_has_its_own_function():
    assert set(data_export.EXPORTERS) == {kind.key for kind in RECORD_KINDS}


def test_the_download_is_post_only_and_for_signed_in_people(client, driver):
    response = client.post(DOWNLOAD)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(driver)
    assert client.get(DOWNLOAD).status_code == 405


def test_the_download_needs_the_csrf_token(driver):
    client = signed_in(driver)
    client.handler.enforce_csrf_checks = True
    assert client.post(DOWNLOAD).status_code == 403
    page = client.get("/accounts/your-data/")
    token = page.context["csrf_token"]
    assert client.post(DOWNLOAD, {"csrfmiddlewaretoken": str(token)}).status_code == 200


def test_the_page_lists_what_is_in_the_download_and_links_to_closing(client, driver):
    client.force_login(driver)
    response = client.get("/accounts/your-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="{DOWNLOAD}"' in html
    for kind in RECORD_KINDS:
        assert f"<li>{kind.title}</li>" in html.replace("&#x27;", "'")
    assert 'href="/accounts/close/"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_download_is_in_the_audit_log_and_the_log_lines_name_nobody(everything, caplog):
    with caplog.at_level("INFO"):
        download(signed_in(everything.driver))
    entry = ModelLogEntry.objects.get(action=DATA_DOWNLOADED_ACTION)
    assert entry.label == f"Person {everything.driver.pk}" and entry.user_id == everything.driver.pk
    assert "Dev Driver" not in caplog.text and "driver@example.com" not in caplog.text


def test_downloads_are_rate_limited(driver, settings):
    client = signed_in(driver)
    for _ in range(10):
        assert client.post(DOWNLOAD).status_code == 200
    response = client.post(DOWNLOAD)
    assert response.status_code == 429
    assert "Wait an hour" in response.content.decode()


def test_briefings_and_seminars_are_in_the_download_and_the_register_in_the_organisers_work(
    driver, driver_role, home_page, other_learner
):

    organiser = UserFactory(email="cora@example.com", full_name="Cora Ordinator", is_staff=True)
    index = BriefingIndexPageFactory(parent=home_page)
    emailed = BriefingPageFactory(parent=index, title="Operation Makesafe", job_roles=[driver_role], live=True)
    unread = BriefingPageFactory(parent=index, title="New pick-up rules", job_roles=[driver_role], live=True)
    BriefingSend.objects.create(briefing=emailed, user=driver)
    BriefingSend.objects.create(briefing=unread, user=other_learner.user)
    briefing_services.briefing_mark_read(user=driver, briefing=emailed)
    briefing_services.briefing_emails_set(user=driver, on=False)

    seminar = make_seminar(roles=[driver_role], capacity=1, title="Lunchtime seminar: hotels")
    booking = seminar_services.seminar_book(seminar=seminar, user=driver)
    other_learner.user.job_roles.add(driver_role)
    seminar_services.seminar_book(seminar=seminar, user=other_learner.user)  # the waiting list
    seminar_services.attendance_record(seminar=seminar, attended_ids=[booking.public_id], by=organiser)

    _, archive = download(signed_in(driver))
    briefings = records(archive, "briefings")
    assert briefings["briefing_emails"]["on"] is False and briefings["briefing_emails"]["changed_at"]
    assert [entry["briefing"] for entry in briefings["emailed_to_you"]] == ["Operation Makesafe"]
    assert [entry["briefing"] for entry in briefings["read_by_you"]] == ["Operation Makesafe"]
    [place] = records(archive, "seminars")
    assert (place["seminar"], place["status"], place["attended"]) == ("Lunchtime seminar: hotels", "Booked", True)
    assert place["place_given_at"] and place["attendance_marked_at"]
    text = everything_in(archive)
    assert "New pick-up rules" not in text and "Cora Ordinator" not in text and "cora@example.com" not in text

    _, archive = download(signed_in(other_learner.user))
    [waiting] = records(archive, "seminars")
    assert (waiting["status"], waiting["attended"]) == ("On the waiting list", False)
    assert records(archive, "briefings")["briefing_emails"] == {"on": True, "changed_at": None}

    _, archive = download(signed_in(organiser))
    [register] = records(archive, "work_for_organisations")["seminar_registers_you_marked"]
    assert (register["seminar"], register["people"]) == ("Lunchtime seminar: hotels", 1)
    assert "Dev Driver" not in everything_in(archive)
