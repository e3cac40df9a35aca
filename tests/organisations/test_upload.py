"""Uploading a file of people: read, checked row by row, nothing written until the manager confirms."""

import io
import time
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from eyesandears.accounts.factories import UserFactory
from organisations import services, uploads
from organisations.choices import MemberRole
from organisations.models import Invitation, Membership, StaffUpload
from organisations.uploads import PeopleFileError, check_rows, read_people_file
from tests.fixtures.organisations import member, with_totp

HEADER = "Name,E-mail,Job role,Reference\n"


def csv_file(text, name="people.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows, name="people.xlsx"):
    return SimpleUploadedFile(
        name, xlsx_bytes(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def upload_url(organisation):
    return f"/organisations/{organisation.pk}/upload/"


def preview_url(organisation, upload):
    return f"/organisations/{organisation.pk}/upload/{upload.public_id}/"


def post_file(client, organisation, uploaded):
    return client.post(upload_url(organisation), {"file": uploaded})


def uploaded(client, organisation, uploaded_file):
    response = post_file(client, organisation, uploaded_file)
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = StaffUpload.objects.get()
    assert response["Location"] == preview_url(organisation, upload)
    return upload


def nothing_invited():
    """Only the manager's own membership exists, and no invitation."""
    return Membership.objects.count() == 1 and Invitation.objects.count() == 0


# Reading files ------------------------------------------------------------------------------------


def test_csv_rows_are_read_with_row_numbers_and_stripped_cells():
    people = read_people_file(csv_file(HEADER + " Ann Able , ann@example.com ,Hotel staff, B1 \n"))
    assert people == [
        {"row_number": 2, "name": "Ann Able", "email": "ann@example.com", "job_role": "Hotel staff", "reference": "B1"}
    ]


def test_byte_order_mark_blank_lines_and_other_headings_are_understood():
    text = (
        "\ufeff\nFull name;Email address;Role;Badge number\n\n"
        "Ann Able;ann@example.com;hotel-staff;7\n;;;\n\nBo;bo@example.com;Hotel staff;\n"
    )
    people = read_people_file(csv_file(text))
    assert [(p["row_number"], p["name"], p["job_role"], p["reference"]) for p in people] == [
        (4, "Ann Able", "hotel-staff", "7"),
        (7, "Bo", "Hotel staff", ""),
    ]


def test_headings_in_any_case_and_order_and_extra_columns_are_ignored():
    text = "NOTES,JOB ROLE,e-mail,licence number,NAME\nsomething,Hotel staff,ann@example.com,L9,Ann\n"
    assert read_people_file(csv_file(text)) == [
        {"row_number": 2, "name": "Ann", "email": "ann@example.com", "job_role": "Hotel staff", "reference": "L9"}
    ]


def test_xlsx_first_sheet_is_read_with_numbers_as_text():
    people = read_people_file(
        xlsx_file([["Name", "Email", "Job role", "Reference"], ["Ann Able", "ann@example.com", "Hotel staff", 12345],
                   [None, None, None, None], ["  Bo  ", "bo@example.com", "Hotel staff", None]])
    )
    assert people == [
        {"row_number": 2, "name": "Ann Able", "email": "ann@example.com", "job_role": "Hotel staff",
         "reference": "12345"},
        {"row_number": 4, "name": "Bo", "email": "bo@example.com", "job_role": "Hotel staff", "reference": ""},
    ]


def fake_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a spreadsheet")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.txt", HEADER.encode(), "must be a CSV or an Excel (XLSX) spreadsheet"),
        ("people.xls", b"\xd0\xcf\x11\xe0rest", "must be a CSV or an Excel (XLSX) spreadsheet"),
        ("people.xlsx", HEADER.encode() + b"Ann,ann@example.com,Hotel staff,\n", "could not be opened as an Excel"),
        ("people.xlsx", fake_zip(), "could not be opened as an Excel"),
        ("people.csv", xlsx_bytes([["Name"]]), "is a spreadsheet, not CSV text"),
        ("people.csv", (HEADER + "Zoé,zoe@example.com,Hotel staff,\n").encode("latin-1"), "is not UTF-8 text"),
        ("people.csv", (HEADER + "Ann,ann@example.com,Hotel staff,\n").encode("utf-16"), "is not UTF-8 text"),
        ("people.csv", b"", "The file is empty."),
        ("people.csv", b"\n\n  \n", "The file is empty."),
        ("people.csv", HEADER.encode(), "no people under them"),
        ("people.csv", b"Name,Reference\nAnn,1\n", "no column for e-mail address and job role"),
        ("people.csv", b"E-mail,Job role\nann@example.com,Hotel staff\n", "no column for name."),
    ],
)
def test_files_we_cannot_read_say_why(name, content, message):
    with pytest.raises(PeopleFileError) as raised:
        read_people_file(SimpleUploadedFile(name, content))
    assert message in raised.value.message


def test_too_large_a_file_is_refused(settings):
    settings.ORGANISATION_UPLOAD_MAX_BYTES = 100
    with pytest.raises(PeopleFileError, match="larger than 100 bytes"):
        read_people_file(csv_file(HEADER + "Ann Able,ann@example.com,Hotel staff,\n" * 5))


def test_too_many_people_is_refused(settings):
    settings.ORGANISATION_UPLOAD_MAX_ROWS = 3
    assert len(read_people_file(csv_file(HEADER + "Ann,ann@example.com,Hotel staff,\n\n" * 3))) == 3
    with pytest.raises(PeopleFileError, match="more than 3 people. Split it into smaller files."):
        read_people_file(csv_file(HEADER + "Ann,ann@example.com,Hotel staff,\n" * 4))


# Checking rows ------------------------------------------------------------------------------------


def row(number, name="Ann Able", email="ann@example.com", job_role="Hotel staff", reference=""):
    return {"row_number": number, "name": name, "email": email, "job_role": job_role, "reference": reference}


def test_each_kind_of_problem_is_named_on_its_row(organisation, manager, hotel_role, driver_role):
    checks = check_rows(
        organisation,
        [
            row(2, email="ann@example.com"),
            row(3, email="not-an-address"),
            row(4, email="bo@example.com", job_role="Chef"),
            row(5, email="ANN@example.com "),
            row(6, email="Manager@Example.com"),
            row(7, name="", email="", job_role=""),
            row(8, email="cy@example.com", job_role="HOTEL-STAFF", reference="x" * 61),
            row(9, email="di@example.com", job_role=" hotel staff "),
        ],
    )
    problems = {check.row_number: check.messages for check in checks}
    assert problems[2] == []
    assert problems[3] == ["‘not-an-address’ is not an e-mail address in the right format, like name@example.com."]
    assert problems[4] == [
        "‘Chef’ is not a job role here. Use one of: Hotel staff, Taxi and private hire driver."
    ]
    assert problems[5] == ["This e-mail address is also on row 2."]
    assert problems[6] == ["This person is already a member of this organisation."]
    assert problems[7] == [
        "Enter the person’s name.",
        "Enter an e-mail address.",
        "Enter a job role: Hotel staff, Taxi and private hire driver.",
    ]
    assert problems[8] == ["The reference is longer than 60 characters."]
    assert problems[9] == []
    assert checks[8 - 2].job_role_id == hotel_role.pk
    assert checks[0].as_ready() == {
        "row": 2, "name": "Ann Able", "email": "ann@example.com", "job_role_id": hotel_role.pk,
        "job_role": "Hotel staff", "reference": "",
    }


def test_checking_takes_two_queries_however_many_rows(organisation, hotel_role, django_assert_num_queries):
    rows = [row(n, email=f"person{n}@example.com") for n in range(2, 1002)]
    with django_assert_num_queries(2):
        checks = check_rows(organisation, rows)
    assert all(check.ok for check in checks)


def test_membership_elsewhere_is_not_a_problem(organisation, other_organisation, hotel_role):
    member(other_organisation, email="ann@example.com", name="Ann")
    assert check_rows(organisation, [row(2)])[0].ok


# The pages ----------------------------------------------------------------------------------------


def test_upload_page_offers_a_file_field_a_template_and_the_job_roles(manager_client, organisation, driver_role):
    response = manager_client.get(upload_url(organisation))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page
    assert "up to 5,000 people and 5 MB" in page
    assert "Taxi and private hire driver" in page
    assert f'href="/organisations/{organisation.pk}/upload/template.csv"' in page


def test_template_has_the_headings(manager_client, organisation):
    response = manager_client.get(f"/organisations/{organisation.pk}/upload/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    people_headings = response.content.decode("utf-8-sig").splitlines()
    assert people_headings == ["Name,E-mail,Job role,Reference"]


def test_csv_upload_shows_a_preview_and_writes_nothing(manager_client, organisation, manager, hotel_role):
    text = HEADER + "Ann Able,ann@example.com,Hotel staff,B1\nBo,bad-address,Hotel staff,\nCy,cy@example.com,Chef,\n"
    upload = uploaded(manager_client, organisation, csv_file(text))
    assert upload.uploaded_by == manager
    assert upload.filename == "people.csv"
    assert upload.confirmed_at is None
    assert upload.rows == [
        {"row": 2, "name": "Ann Able", "email": "ann@example.com", "job_role_id": hotel_role.pk,
         "job_role": "Hotel staff", "reference": "B1"}
    ]
    assert [(error["row"], error["email"]) for error in upload.errors] == [(3, "bad-address"), (4, "cy@example.com")]

    response = manager_client.get(preview_url(organisation, upload))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 person is ready to invite." in page
    assert "2 rows have problems." in page
    assert "Rows with problems will be left out." in page
    assert "‘Chef’ is not a job role here." in page
    assert "Invite 1 person</button>" in page
    assert nothing_invited()


def test_xlsx_upload_shows_a_preview(manager_client, organisation, hotel_role):
    upload = uploaded(
        manager_client,
        organisation,
        xlsx_file([["Full name", "Email", "Role", "Badge number"], ["Ann", "ann@example.com", "Hotel staff", 42],
                   ["Bo", "bo@example.com", "hotel-staff", None]]),
    )
    assert [(r["email"], r["reference"]) for r in upload.rows] == [("ann@example.com", "42"), ("bo@example.com", "")]
    page = manager_client.get(preview_url(organisation, upload)).content.decode()
    assert "2 people are ready to invite." in page
    assert "No rows have problems." in page
    assert "Invite 2 people</button>" in page
    assert nothing_invited()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.pdf", b"%PDF-1.4", "The file must be a CSV or an Excel (XLSX) spreadsheet."),
        ("people.xlsx", b"Name,E-mail,Job role\n", "The file could not be opened as an Excel (XLSX) spreadsheet."),
        ("people.csv", HEADER.encode() + "Zoé,zoe@example.com,Hotel staff,\n".encode("latin-1"),
         "The file is not UTF-8 text. Save it as ‘CSV UTF-8’ and upload it again."),
        ("people.csv", b"Name,Job role\nAnn,Hotel staff\n", "The file has no column for e-mail address."),
        ("people.csv", b"", "The file is empty."),
    ],
)
def test_a_file_we_cannot_read_is_an_error_on_the_form(manager_client, organisation, name, content, message):
    response = post_file(manager_client, organisation, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Upload a list of people" in page
    assert 'class="error-summary"' in page
    assert f'<a href="#id_file">{message}' in page
    assert StaffUpload.objects.count() == 0
    assert nothing_invited()


def test_no_file_chosen_is_an_error(manager_client, organisation):
    response = manager_client.post(upload_url(organisation), {})
    assert "Choose a CSV or XLSX file to upload." in response.content.decode()
    assert StaffUpload.objects.count() == 0


def test_too_large_and_too_long_files_are_errors_on_the_form(manager_client, organisation, settings):
    settings.ORGANISATION_UPLOAD_MAX_BYTES = 1024
    response = post_file(manager_client, organisation, csv_file(HEADER + "Ann,ann@example.com,Hotel staff,\n" * 50))
    assert "The file is larger than 1 KB. Split it into smaller files." in response.content.decode()
    settings.ORGANISATION_UPLOAD_MAX_ROWS = 2
    response = post_file(manager_client, organisation, csv_file(HEADER + "Ann,ann@example.com,Hotel staff,\n" * 3))
    assert "The file has more than 2 people. Split it into smaller files." in response.content.decode()
    assert StaffUpload.objects.count() == 0
    assert nothing_invited()


# Confirming ---------------------------------------------------------------------------------------


def test_confirming_invites_exactly_the_ready_rows_and_sends_their_emails(
    manager_client, organisation, manager, hotel_role, django_capture_on_commit_callbacks, mailoutbox
):
    text = (
        HEADER
        + "Ann Able,Ann@Example.com,Hotel staff,B1\n"
        + "Bo,bad-address,Hotel staff,\n"
        + "Cy Cole,cy@example.com,hotel-staff,\n"
        + "Ann again,ann@example.com,Hotel staff,\n"
    )
    upload = uploaded(manager_client, organisation, csv_file(text))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(preview_url(organisation, upload))
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.pk}/invitations/"

    invited = Membership.objects.filter(organisation=organisation, user__isnull=True).order_by("email")
    assert [(m.email, m.full_name, m.job_role, m.reference, m.role) for m in invited] == [
        ("ann@example.com", "Ann Able", hotel_role, "B1", MemberRole.LEARNER),
        ("cy@example.com", "Cy Cole", hotel_role, "", MemberRole.LEARNER),
    ]
    invitations = Invitation.objects.filter(membership__in=invited)
    assert invitations.count() == 2 == Invitation.objects.count()
    expected_expiry = timezone.now() + timedelta(days=services.INVITATION_DAYS)
    for invitation in invitations:
        assert invitation.invited_by == manager
        assert abs(invitation.expires_at - expected_expiry) < timedelta(minutes=1)
        assert invitation.sent_at is not None
    assert len({invitation.token for invitation in invitations}) == 2
    assert len({invitation.public_id for invitation in invitations}) == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["ann@example.com", "cy@example.com"]
    assert all("Station Hotel asks you" in message.subject for message in mailoutbox)
    tokens = {invitation.token for invitation in invitations}
    assert all(any(token in message.body for token in tokens) for message in mailoutbox)

    upload.refresh_from_db()
    assert upload.confirmed_at is not None
    page = manager_client.get(response["Location"]).content.decode()
    assert "Invitations are on their way to 2 people." in page


def test_confirming_twice_invites_nobody_twice(
    manager_client, organisation, hotel_role, django_capture_on_commit_callbacks, mailoutbox
):
    upload = uploaded(manager_client, organisation, csv_file(HEADER + "Ann,ann@example.com,Hotel staff,\n"))
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(preview_url(organisation, upload))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = manager_client.post(preview_url(organisation, upload), follow=True)
    assert callbacks == []
    assert "This list has already been confirmed." in response.content.decode()
    assert Invitation.objects.count() == 1
    assert Membership.objects.filter(email="ann@example.com").count() == 1
    assert len(mailoutbox) == 1
    page = manager_client.get(preview_url(organisation, upload)).content.decode()
    assert "You confirmed this list on" in page
    assert "Invite 1 person" not in page


def test_someone_who_joined_after_the_upload_is_left_out_at_confirm(
    manager_client, organisation, hotel_role, django_capture_on_commit_callbacks
):
    text = HEADER + "Ann,ann@example.com,Hotel staff,\nBo,bo@example.com,Hotel staff,\n"
    upload = uploaded(manager_client, organisation, csv_file(text))
    services.membership_invite(organisation=organisation, email="BO@example.com", full_name="Bo", send=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(preview_url(organisation, upload), follow=True)
    assert "Invitations are on their way to 1 person. 1 was left out" in response.content.decode()
    assert Membership.objects.filter(email__iexact="bo@example.com").count() == 1
    assert Membership.objects.filter(email="ann@example.com").count() == 1


def test_a_clash_while_confirming_writes_nothing(manager_client, organisation, hotel_role, monkeypatch):
    """If someone on the list is invited between the re-check and the insert, the whole list waits."""
    upload = uploaded(manager_client, organisation, csv_file(HEADER + "Ann,ann@example.com,Hotel staff,\n"))
    monkeypatch.setattr(uploads, "member_emails", lambda organisation: set())
    member(organisation, email="ann@example.com", name="Ann")
    response = manager_client.post(preview_url(organisation, upload), follow=True)
    assert "Nothing was saved: confirm the list again." in response.content.decode()
    assert Invitation.objects.count() == 0
    upload.refresh_from_db()
    assert upload.confirmed_at is None


def test_a_list_with_nobody_ready_cannot_be_confirmed(manager_client, organisation, hotel_role):
    upload = uploaded(manager_client, organisation, csv_file(HEADER + "Ann,nope,Hotel staff,\n"))
    page = manager_client.get(preview_url(organisation, upload)).content.decode()
    assert "0 people are ready to invite." in page
    assert "1 row has a problem." in page
    assert "Invite 0" not in page


def test_long_lists_are_shown_a_page_at_a_time(manager_client, organisation, hotel_role):
    lines = [f"Person {n},person{n}@example.com,Hotel staff,\n" for n in range(250)]
    upload = uploaded(manager_client, organisation, csv_file(HEADER + "".join(lines) + "X,bad,Hotel staff,\n" * 120))
    page = manager_client.get(preview_url(organisation, upload)).content.decode()
    assert "250 people are ready to invite." in page
    assert "120 rows have problems." in page
    assert page.count("@example.com</td>") == 100
    assert "Showing 1 to 100 of 250" in page
    assert "Showing 1 to 100 of 120" in page
    page = manager_client.get(preview_url(organisation, upload) + "?ready_page=3&problems_page=2").content.decode()
    assert "Showing 201 to 250 of 250" in page
    assert "Showing 101 to 120 of 120" in page
    assert "person249@example.com" in page


# Whose upload -------------------------------------------------------------------------------------


def test_another_organisations_upload_is_not_found(manager_client, organisation, other_organisation, hotel_role):
    other_manager = with_totp(UserFactory(email="other@example.com"))
    member(other_organisation, other_manager, role=MemberRole.MANAGER)
    theirs = StaffUpload.objects.create(
        organisation=other_organisation,
        uploaded_by=other_manager,
        filename="theirs.csv",
        rows=[{"row": 2, "name": "Ann", "email": "ann@example.com", "job_role_id": hotel_role.pk,
               "job_role": "Hotel staff", "reference": ""}],
    )
    # Their upload under my organisation's address, and under theirs (which I do not manage).
    assert manager_client.get(f"/organisations/{organisation.pk}/upload/{theirs.public_id}/").status_code == 404
    assert manager_client.post(f"/organisations/{organisation.pk}/upload/{theirs.public_id}/").status_code == 404
    assert manager_client.get(preview_url(other_organisation, theirs)).status_code == 404
    assert manager_client.post(preview_url(other_organisation, theirs)).status_code == 404
    assert manager_client.post(upload_url(other_organisation), {"file": csv_file(HEADER)}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.confirmed_at is None
    assert Invitation.objects.count() == 0


def test_a_learner_cannot_upload(client, organisation, hotel_role):
    learner = UserFactory(email="learner@example.com")
    member(organisation, learner)
    client.force_login(learner)
    assert client.get(upload_url(organisation)).status_code == 404
    response = client.post(upload_url(organisation), {"file": csv_file(HEADER + "A,a@example.com,Hotel staff,\n")})
    assert response.status_code == 404
    assert StaffUpload.objects.count() == 0


# 5,000 people -------------------------------------------------------------------------------------


def test_five_thousand_people_are_read_checked_and_invited(
    manager_client, organisation, hotel_role, driver_role, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(services, "queue_invitations", lambda ids: queued.append(list(ids)))
    roles = ["Hotel staff", "taxi-private-hire-driver"]
    lines = [f"Person {n},person{n}@example.com,{roles[n % 2]},REF{n}\n" for n in range(5_000)]
    text = HEADER + "".join(lines)
    assert len(text.encode()) < 5 * 1024 * 1024

    started = time.perf_counter()
    upload = uploaded(manager_client, organisation, csv_file(text))
    assert len(upload.rows) == 5_000 and upload.errors == []
    assert nothing_invited()
    page = manager_client.get(preview_url(organisation, upload)).content.decode()
    assert "5,000 people are ready to invite." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(preview_url(organisation, upload))
    elapsed = time.perf_counter() - started
    print(f"\n5,000 people uploaded, checked, previewed and confirmed in {elapsed:.2f}s")

    assert response.status_code == 302
    assert Membership.objects.filter(organisation=organisation, user__isnull=True).count() == 5_000
    assert Invitation.objects.count() == 5_000
    assert Membership.objects.filter(job_role=driver_role).count() == 2_500
    assert len(queued) == 25 and all(len(batch) == 200 for batch in queued)
    assert sorted(pk for batch in queued for pk in batch) == sorted(Invitation.objects.values_list("pk", flat=True))
    assert elapsed < 30


def test_upload_previews_are_deleted_after_the_working_files_period(organisation, manager, settings):
    from datetime import timedelta

    from django.utils import timezone

    from organisations.tasks import delete_old_uploads_task

    old, recent = (
        StaffUpload.objects.create(organisation=organisation, uploaded_by=manager, filename=f"{n}.csv", rows=[])
        for n in ("old", "recent")
    )
    too_old = timezone.now() - timedelta(days=settings.WORKING_FILES_DAYS + 1)
    StaffUpload.objects.filter(pk=old.pk).update(created_at=too_old)

    assert delete_old_uploads_task() == 1
    assert list(StaffUpload.objects.values_list("pk", flat=True)) == [recent.pk]
