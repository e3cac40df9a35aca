"""Checking a list of licence numbers: reading the file, the background task, its progress page and result."""

import csv
import io
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from courses.models import Enrolment
from eyesandears.accounts.factories import UserFactory
from licensing import bulk
from licensing.models import BulkCheck, CheckRecord, Licence
from licensing.tasks import run_bulk_check_task, sweep_bulk_checks_task
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Membership, Organisation
from tests.conftest import wait_for
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import member, with_totp

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_file(text, name="numbers.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows, name="numbers.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows), content_type=XLSX_TYPE)


def start_url(authority):
    return f"/licensing/{authority.pk}/lists/"


def check_url(check, suffix=""):
    return f"/licensing/{check.authority_id}/lists/{check.public_id}/{suffix}"


def upload(client, authority, uploaded_file, capture):
    """Post the file; the task runs (eagerly) when the upload's transaction commits."""
    with capture(execute=True):
        response = client.post(start_url(authority), {"file": uploaded_file})
    assert response.status_code == 302, response.content.decode()[:2000]
    check = BulkCheck.objects.latest("created_at")
    assert response["Location"] == check_url(check)
    return check


def result_of(check):
    check.refresh_from_db()
    headings, rows = bulk.read_result(check)
    return headings, {row[0]: row for row in rows}, rows


def make_check(authority, officer, numbers):
    return BulkCheck.objects.create(
        authority=authority, officer=officer, filename="list.csv", numbers=numbers, total=len(numbers)
    )


# Reading the file ---------------------------------------------------------------------------------


def test_any_case_stray_spaces_blank_lines_bom_and_repeats_are_handled():
    text = "\ufeff ph-00123 \n\n  \nPH 00456\nph00123\n\t zz/9.9 \nPh-00456\n\n"
    assert bulk.read_numbers_file(csv_file(text)) == ["PH00123", "PH00456", "ZZ99"]


def test_a_heading_row_is_optional_and_names_the_column():
    assert bulk.read_numbers_file(csv_file("Licence number\nPH1\nPH2\n")) == ["PH1", "PH2"]
    with_names = "Driver name,Licence No.,Renewal\nAnn Able,ph-1,2027-01-01\nBo Bell,ph-2,\n"
    assert bulk.read_numbers_file(csv_file(with_names)) == ["PH1", "PH2"]
    assert bulk.read_numbers_file(csv_file("Name;Number\nAnn;PH3\n")) == ["PH3"]  # Excel's ";" lists
    assert bulk.read_numbers_file(csv_file("PH1,Ann Able\nPH2,Bo Bell\n")) == ["PH1", "PH2"]  # no heading


def test_invisible_characters_from_copied_cells_are_ignored():
    assert bulk.read_numbers_file(csv_file("PH\u200b001\u00a023\n")) == ["PH00123"]


def test_xlsx_first_sheet_with_numbers_typed_as_numbers():
    uploaded = xlsx_file(
        [[], ["Badge number", "Name"], [12345, "Ann"], [" ab-12 ", "Bo"], [None, "Cy"], [12345, "Dee"]]
    )
    assert bulk.read_numbers_file(uploaded) == ["12345", "AB12"]


def test_more_numbers_than_the_limit_are_refused(settings):
    settings.LICENSING_BULK_MAX_ROWS = 3
    assert bulk.read_numbers_file(csv_file("A1\nA2\nA3\na1\na2\n")) == ["A1", "A2", "A3"]  # repeats do not count
    with pytest.raises(bulk.ListFileError) as raised:
        bulk.read_numbers_file(csv_file("A1\nA2\nA3\nA4\n"))
    assert raised.value.message == "The file has more than 3 licence numbers. Split it into files of up to 3."


def test_too_large_a_file_is_refused(settings):
    settings.LICENSING_BULK_MAX_BYTES = 20
    with pytest.raises(bulk.ListFileError) as raised:
        bulk.read_numbers_file(csv_file("PH0001\n" * 5))
    assert "larger than 20 bytes" in raised.value.message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("numbers.txt", b"PH1\n", "must be a CSV or an Excel (XLSX) spreadsheet"),
        ("numbers.pdf", b"%PDF-1.7", "must be a CSV or an Excel (XLSX) spreadsheet"),
        ("numbers.xls", b"\xd0\xcf\x11\xe0rest", "must be a CSV or an Excel (XLSX) spreadsheet"),
        ("numbers.xlsx", b"PH1\nPH2\n", "could not be opened as an Excel"),
        ("numbers.csv", xlsx_bytes([["PH1"]]), "is a spreadsheet, not CSV text"),
        ("numbers.csv", "PH1,Zoé\n".encode("utf-16"), "is not UTF-8 text"),
        ("numbers.csv", b"", "The file is empty."),
        ("numbers.csv", b"\n \n", "The file is empty."),
        ("numbers.csv", b"Licence number\n\n", "no licence numbers"),
        ("numbers.csv", b"Name,Licence number\nAnn,\n", "no licence numbers"),
    ],
)
def test_files_we_cannot_use_say_why(name, content, message):
    with pytest.raises(bulk.ListFileError) as raised:
        bulk.read_numbers_file(SimpleUploadedFile(name, content))
    assert message in raised.value.message


# The check ----------------------------------------------------------------------------------------


@pytest.fixture
def register(authority, driver, driver_role, quiz, taxi_course, driver_required):
    """One driver of each kind: compliant, not compliant, and compliant but with an unconfirmed number."""
    renewal = timezone.localdate() + timedelta(days=400)
    compliant = licensed(authority, driver, "PH00123", driver_role, expires_on=renewal)
    certificate = pass_quiz(driver, quiz).certificate
    learner = UserFactory(full_name="Nia Notyet")
    not_compliant = licensed(authority, learner, "PH00200", driver_role)
    Enrolment.objects.create(user=learner, course=taxi_course)
    claimant = UserFactory(full_name="Una Unconfirmed")
    unconfirmed = licensed(authority, claimant, "PH00300", driver_role, confirmed=False)
    pass_quiz(claimant, quiz)
    return {"compliant": compliant, "not_compliant": not_compliant, "unconfirmed": unconfirmed,
            "certificate": certificate, "renewal": renewal}


def test_the_result_has_a_row_and_a_record_for_every_number(officer_client, authority, officer, register,
                                                           django_capture_on_commit_callbacks):
    check = upload(officer_client, authority, csv_file("ph-00300\nPH00123\nzz 999\nph00200\nPH00123\n"),
                   django_capture_on_commit_callbacks)
    check.refresh_from_db()
    assert (check.status, check.total, check.processed, check.filename) == ("done", 4, 4, "numbers.csv")
    assert check.numbers == ["PH00300", "PH00123", "ZZ999", "PH00200"]
    headings, by_number, rows = result_of(check)
    assert headings == ["Licence number", "Outcome", "Driver", "Licence confirmed", "Licence renewal due",
                        "Taxi course: status", "Taxi course: valid until"]
    assert [row[0] for row in rows] == ["PH00300", "PH00123", "ZZ999", "PH00200"]
    expiry = register["certificate"].expires_on.isoformat()
    assert by_number["PH00123"] == ["PH00123", "Compliant", "Dev Driver", "Yes", register["renewal"].isoformat(),
                                    "Compliant", expiry]
    assert by_number["PH00200"] == ["PH00200", "Not compliant", "Nia Notyet", "Yes", "", "In progress", ""]
    assert by_number["PH00300"][:4] == ["PH00300", "Licence number not confirmed", "Una Unconfirmed", "No"]
    assert by_number["ZZ999"] == ["ZZ999", "No such licence", "", "", "", "", ""]

    records = {record.entered: record for record in CheckRecord.objects.all()}
    assert sorted(records) == ["PH00123", "PH00200", "PH00300", "ZZ999"]
    assert {record.method for record in records.values()} == {"bulk"}
    assert {record.officer_id for record in records.values()} == {officer.pk}
    assert {record.authority_id for record in records.values()} == {authority.pk}
    assert (records["PH00123"].outcome, records["PH00123"].licence, records["PH00123"].driver.full_name) == (
        "compliant", register["compliant"], "Dev Driver")
    assert (records["PH00200"].outcome, records["PH00200"].licence) == ("not_compliant", register["not_compliant"])
    assert (records["PH00300"].outcome, records["PH00300"].licence) == ("unconfirmed", register["unconfirmed"])
    assert (records["ZZ999"].outcome, records["ZZ999"].licence, records["ZZ999"].driver) == ("unknown", None, None)


def test_the_driver_sees_the_list_check_in_their_history(officer_client, authority, driver, register,
                                                         django_capture_on_commit_callbacks):
    upload(officer_client, authority, csv_file("PH00123\n"), django_capture_on_commit_callbacks)
    from django.test import Client

    client = Client()
    client.force_login(driver)
    assert "In a list check" in client.get("/your-training/licence/").content.decode()


def test_a_confirmed_entry_answers_for_a_number_that_is_also_claimed(authority, officer, driver, driver_role,
                                                                     driver_required):
    impostor = UserFactory(full_name="Ian Impostor")
    licensed(authority, impostor, "PH00123", driver_role, confirmed=False)
    licensed(authority, driver, "PH00123", driver_role)
    check = make_check(authority, officer, ["PH00123"])
    run_bulk_check_task.delay(check.pk)
    assert result_of(check)[1]["PH00123"][2] == "Dev Driver"


def test_running_the_task_twice_gives_one_result_and_no_duplicate_records(authority, officer, register):
    check = make_check(authority, officer, ["PH00123", "PH00200", "NOPE1"])
    run_bulk_check_task.delay(check.pk)
    check.refresh_from_db()
    first = (check.result.name, check.finished_at, bulk.read_result(check))
    run_bulk_check_task.delay(check.pk)
    check.refresh_from_db()
    assert (check.status, check.result.name, check.finished_at, bulk.read_result(check)) == ("done", *first)
    assert CheckRecord.objects.count() == 3
    stored = Path(check.result.storage.path("bulk-checks")).glob(f"{check.public_id}*")
    assert [path.name for path in stored] == [f"{check.public_id}.csv"]


def test_a_redelivered_task_starts_over_cleanly(authority, officer, register):
    """A worker died part-way: the check was left running with some progress and nothing else written."""
    check = make_check(authority, officer, ["PH00123", "PH00200", "NOPE1"])
    BulkCheck.objects.filter(pk=check.pk).update(status="running", processed=2, started_at=timezone.now())
    run_bulk_check_task.delay(check.pk)
    check.refresh_from_db()
    assert (check.status, check.processed) == ("done", 3)
    assert CheckRecord.objects.count() == 3


def test_a_run_overtaken_by_a_newer_one_writes_nothing(authority, officer, register, monkeypatch):
    check = make_check(authority, officer, ["PH00123", "PH00200", "NOPE1"])
    monkeypatch.setattr(bulk, "CHUNK", 1)
    real_check_numbers = bulk.check_numbers

    def then_a_newer_run_starts(*args):
        BulkCheck.objects.filter(pk=check.pk).update(started_at=timezone.now() + timedelta(seconds=1))
        return real_check_numbers(*args)

    monkeypatch.setattr(bulk, "check_numbers", then_a_newer_run_starts)
    bulk.bulk_check_run(bulk_check_id=check.pk)
    check.refresh_from_db()
    assert (check.status, check.processed, check.result.name) == ("running", 0, "")
    assert CheckRecord.objects.count() == 0


def test_a_transient_failure_is_retried_and_checks_once(authority, officer, register, monkeypatch):
    check = make_check(authority, officer, ["PH00123", "NOPE1"])
    real_check_numbers = bulk.check_numbers
    calls = []

    def flaky(*args):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_check_numbers(*args)

    monkeypatch.setattr(bulk, "check_numbers", flaky)
    run_bulk_check_task.apply(args=[check.pk], throw=False)  # as a worker would: the retry runs too
    check.refresh_from_db()
    assert (check.status, check.error, len(calls)) == ("done", "", 2)
    assert CheckRecord.objects.count() == 2


def test_a_transient_failure_that_lasts_fails_the_check(authority, officer, register, monkeypatch):
    check = make_check(authority, officer, ["PH00123"])

    def away(*args):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(bulk, "check_numbers", away)
    with pytest.raises(OperationalError):
        bulk.bulk_check_run(bulk_check_id=check.pk, final_attempt=False)
    check.refresh_from_db()
    assert (check.status, check.error) == ("queued", "Interrupted: it will be tried again.")
    result = run_bulk_check_task.apply(args=[check.pk], retries=run_bulk_check_task.max_retries, throw=False)
    assert result.state == "FAILURE" and isinstance(result.result, OperationalError)
    check.refresh_from_db()
    assert check.status == "failed" and "service was unavailable" in check.error
    assert CheckRecord.objects.count() == 0


def test_an_error_fails_the_check_with_a_message_and_the_officer_can_try_again(
    officer_client, authority, officer, register, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args):
        raise ValueError("a bug")

    with monkeypatch.context() as patch:
        patch.setattr(bulk, "check_numbers", broken)
        check = upload(officer_client, authority, csv_file("PH00123\n"), django_capture_on_commit_callbacks)
    check.refresh_from_db()
    assert check.status == "failed" and "could not be finished" in check.error
    response = officer_client.get(check_url(check))
    html = response.content.decode()
    assert "The list could not be checked" in html and "Try again" in html and "Refresh" not in response
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(check_url(check, "retry/"))
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.status == "done" and CheckRecord.objects.count() == 1


def test_a_check_queued_while_the_broker_was_away_is_picked_up_later(
    officer_client, authority, officer, register, broker_away, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(start_url(authority), {"file": csv_file("PH00123\n")})
    assert response.status_code == 302  # the officer is not troubled by the broker being away
    check = BulkCheck.objects.get()
    assert check.status == "queued"
    html = officer_client.get(check_url(check)).content.decode()
    assert "Waiting to start" in html and "Start the check again" not in html
    BulkCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert "Start the check again" in officer_client.get(check_url(check)).content.decode()
    assert bulk.stalled_bulk_check_ids() == [check.pk]
    calls = []
    monkeypatch.setattr(bulk, "bulk_check_enqueue", calls.append)
    assert sweep_bulk_checks_task.apply().get() == 1
    assert calls == [check.pk]


def test_a_done_or_running_check_is_not_started_again(officer_client, authority, officer, register):
    check = make_check(authority, officer, ["PH00123"])
    run_bulk_check_task.delay(check.pk)
    assert not bulk.bulk_check_retry(check=BulkCheck.objects.get(pk=check.pk))
    BulkCheck.objects.filter(pk=check.pk).update(status="running", started_at=timezone.now())
    assert not bulk.bulk_check_retry(check=BulkCheck.objects.get(pk=check.pk))


def test_each_chunk_costs_the_same_queries_however_many_drivers(authority, driver_role, driver_required):
    def licences(count, start):
        for number in range(start, start + count):
            membership = Membership.objects.create(
                organisation=authority, email=f"d{number}@example.com", full_name=f"Driver {number}",
                job_role=driver_role, user=UserFactory(),
            )
            Licence.objects.create(authority=authority, membership=membership, number=f"PH{number}",
                                   confirmed_at=timezone.now())
        return [f"PH{number}" for number in range(start, start + count)] + ["UNKNOWN1"]

    few, many = licences(2, 0), licences(30, 100)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as for_few:
        bulk.check_numbers(authority, few, today)
    with CaptureQueriesContext(connection) as for_many:
        assert len(bulk.check_numbers(authority, many, today)) == 31
    assert len(for_few.captured_queries) == len(for_many.captured_queries) <= 8


# The pages ----------------------------------------------------------------------------------------


def test_the_upload_page_explains_and_lists_recent_checks(officer_client, authority, officer):
    make_check(authority, officer, ["PH1", "PH2"])
    other = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    BulkCheck.objects.create(authority=other, filename="theirs.csv", numbers=["X"], total=1)
    html = officer_client.get(start_url(authority)).content.decode()
    assert "Check a list of licence numbers" in html and 'type="file"' in html and "up to 50,000" in html
    assert "list.csv" in html and "Olu Officer" in html and "theirs.csv" not in html
    assert 'aria-current="page">Check a list' in html


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (SimpleUploadedFile("numbers.pdf", b"%PDF-1.7"), "The file must be a CSV or an Excel (XLSX) spreadsheet."),
        (SimpleUploadedFile("numbers.csv", b"Licence number\n"), "The file has no licence numbers in it."),
    ],
)
def test_a_file_we_cannot_use_is_an_error_summary_and_nothing_is_started(officer_client, authority, uploaded,
                                                                         message):
    response = officer_client.post(start_url(authority), {"file": uploaded})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and message in html
    assert html.count(message) == 2  # in the summary and on the field
    assert "<title>Error: " in html and not BulkCheck.objects.exists()


def test_too_many_numbers_is_an_error_on_the_form(officer_client, authority, settings):
    settings.LICENSING_BULK_MAX_ROWS = 2
    html = officer_client.post(start_url(authority), {"file": csv_file("A\nB\nC\n")}).content.decode()
    assert "more than 2 licence numbers" in html and not BulkCheck.objects.exists()


def test_no_file_chosen_is_an_error(officer_client, authority):
    html = officer_client.post(start_url(authority), {}).content.decode()
    assert "Choose a CSV or XLSX file of licence numbers." in html


def test_while_running_the_page_refreshes_itself_and_shows_progress(officer_client, authority, officer):
    check = make_check(authority, officer, [f"PH{number}" for number in range(40)])
    BulkCheck.objects.filter(pk=check.pk).update(status="running", processed=10, started_at=timezone.now())
    response = officer_client.get(check_url(check))
    html = response.content.decode()
    assert response["Refresh"] == "5"
    assert '<progress class="lesson-progress__bar" max="40" value="10"' in html
    assert "10 of 40 checked (25%)" in html and "Checking the list" in html
    assert "result.csv" not in html and "Stop updating this page" in html
    still = officer_client.get(check_url(check), {"refresh": "off"})
    assert "Refresh" not in still and "Update this page" in still.content.decode()


def test_when_done_the_page_stops_refreshing_and_offers_the_downloads(officer_client, authority, officer,
                                                                       register):
    check = make_check(authority, officer, ["PH00123", "PH00200", "NOPE1"])
    run_bulk_check_task.delay(check.pk)
    response = officer_client.get(check_url(check))
    html = response.content.decode()
    assert "Refresh" not in response and "<progress" not in html
    assert "The list has been checked" in html and "3 licence numbers checked" in html
    assert f'href="{check_url(check, "result.csv")}"' in html and f'href="{check_url(check, "result.xlsx")}"' in html
    assert "Compliant: 1" in html and "Not compliant: 1" in html and "No such licence: 1" in html


def test_the_downloads_are_the_result_as_csv_and_xlsx_with_formulas_neutralised(officer_client, authority, officer,
                                                                              register):
    check = make_check(authority, officer, ["PH00123", "=HYPERLINK(\"HTTP://EVIL\")", "+1"])
    run_bulk_check_task.delay(check.pk)
    response = officer_client.get(check_url(check, "result.csv"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="licence-check-')
    body = b"".join(response.streaming_content)  # reading it to the end closes the file
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["Licence number", "PH00123", "'=HYPERLINK(\"HTTP://EVIL\")", "'+1"]

    response = officer_client.get(check_url(check, "result.xlsx"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][:3] == ["Licence number", "Outcome", "Driver"]
    assert [row[0] for row in cells[1:]] == ["PH00123", "'=HYPERLINK(\"HTTP://EVIL\")", "'+1"]
    assert cells[1][1:3] == ["Compliant", "Dev Driver"]
    assert all(sheet.cell(row, 1).data_type == "s" for row in range(1, 5))


def test_downloads_wait_until_the_check_is_done(officer_client, authority, officer):
    check = make_check(authority, officer, ["PH1"])
    assert officer_client.get(check_url(check, "result.csv")).status_code == 404
    assert officer_client.get(check_url(check, "result.xlsx")).status_code == 404


def test_another_authoritys_officer_gets_404_for_every_list_page(client, authority, officer, register):
    check = make_check(authority, officer, ["PH00123"])
    run_bulk_check_task.delay(check.pk)
    other = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    stranger = with_totp(UserFactory(full_name="Sam Stranger"))
    member(other, stranger, role=MemberRole.LICENSING_OFFICER)
    client.force_login(stranger)
    for suffix in ("", "result.csv", "result.xlsx"):
        assert client.get(check_url(check, suffix)).status_code == 404
        # nor through their own authority's address
        assert client.get(f"/licensing/{other.pk}/lists/{check.public_id}/{suffix}").status_code == 404
    assert client.post(check_url(check, "retry/")).status_code == 404
    assert client.get(start_url(authority)).status_code == 404
    assert "list.csv" not in client.get(start_url(other)).content.decode()


def test_learners_and_officers_without_mfa_cannot_check_lists(client, authority, driver):
    client.force_login(driver)
    assert client.get(start_url(authority)).status_code == 404
    officer = UserFactory()
    member(authority, officer, role=MemberRole.LICENSING_OFFICER)
    client.force_login(officer)
    assert client.get(start_url(authority))["Location"].startswith("/accounts/2fa/totp/activate/")


def test_an_xlsx_list_is_checked_through_the_page(officer_client, authority, register,
                                                  django_capture_on_commit_callbacks):
    check = upload(officer_client, authority, xlsx_file([["Licence number"], ["ph 00123"], ["nope-1"]]),
                   django_capture_on_commit_callbacks)
    _, by_number, _ = result_of(check)
    assert by_number["PH00123"][1] == "Compliant" and by_number["NOPE1"][1] == "No such licence"


def test_ten_thousand_numbers_are_checked_end_to_end(officer_client, authority, driver_role, driver_required,
                                                     register, django_capture_on_commit_callbacks, capsys):
    known = 8_000
    memberships = Membership.objects.bulk_create(
        Membership(organisation=authority, email=f"driver{n}@example.com", full_name=f"Driver {n}",
                   job_role=driver_role, reference=f"TX{n:05d}")
        for n in range(known)
    )
    Licence.objects.bulk_create(
        Licence(authority=authority, membership=membership, number=f"TX{n:05d}", confirmed_at=timezone.now())
        for n, membership in enumerate(memberships)
    )
    lines = ["\ufeffLicence number"] + [f" tx-{n:05d} " for n in range(known)] + ["", "tx00001"]
    lines += [f"UNKNOWN{n}" for n in range(10_000 - known - 3)] + ["PH00123", "ph00200", "PH00300"]
    started = time.perf_counter()
    check = upload(officer_client, authority, csv_file("\n".join(lines)), django_capture_on_commit_callbacks)
    seconds = time.perf_counter() - started
    check.refresh_from_db()
    with capsys.disabled():  # information only: performance is measured by `make bench`, not asserted here
        print(f"\n[information] 10,000-number list check (upload, task, result file, records): {seconds:.2f} s")
    assert (check.status, check.total, check.processed) == ("done", 10_000, 10_000)
    headings, by_number, rows = result_of(check)
    assert len(rows) == 10_000 == len(by_number)
    assert CheckRecord.objects.filter(method="bulk").count() == 10_000
    assert bulk.outcome_counts(rows) == [("Compliant", 1), ("Not compliant", 8_001),
                                         ("Licence number not confirmed", 1), ("No such licence", 1_997)]
    assert by_number["TX00042"][:3] == ["TX00042", "Not compliant", "Driver 42"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_checks_a_small_list_to_the_end(real_worker, authority, officer, driver, driver_role,
                                                      driver_required):
    licensed(authority, driver, "PH00123", driver_role)
    check = bulk.bulk_check_create(authority=authority, officer=officer, filename="list.csv",
                                   numbers=["PH00123", "NOPE1"])  # autocommit: queued at once
    wait_for(lambda: BulkCheck.objects.get(pk=check.pk).status == "done", "the worker to finish the list check", 60)
    assert "licensing.run_bulk_check" in real_worker["log"].read_text()
    check.refresh_from_db()
    _, by_number, _ = result_of(check)
    assert by_number["PH00123"][1] == "Not compliant" and by_number["NOPE1"][1] == "No such licence"
    assert CheckRecord.objects.filter(method="bulk").count() == 2


def test_list_checks_and_their_result_files_are_deleted_after_the_working_files_period(
    authority, officer, settings
):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from licensing.tasks import delete_old_bulk_checks_task

    old, recent = make_check(authority, officer, ["PH1"]), make_check(authority, officer, ["PH2"])
    for check in (old, recent):
        check.result.save(f"{check.public_id}.csv", ContentFile(b"licence number,name\nPH1,A Driver\n"))
    too_old = timezone.now() - timedelta(days=settings.WORKING_FILES_DAYS + 1)
    BulkCheck.objects.filter(pk=old.pk).update(created_at=too_old)
    storage = old.result.storage

    assert delete_old_bulk_checks_task() == 1

    assert list(BulkCheck.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not storage.exists(old.result.name)
    assert storage.exists(recent.result.name)
