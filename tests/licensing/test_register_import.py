"""Importing the register from a file: read, checked row by row, nothing written until the officer confirms."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from eyesandears.accounts.factories import UserFactory
from licensing import register_import, services
from licensing.choices import LicenceKind
from licensing.models import Licence
from licensing.register_import import check_rows, parse_date, parse_kind, read_register_file
from organisations import services as organisation_services
from organisations import uploads
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Invitation, Membership, Organisation, StaffUpload
from organisations.uploads import PeopleFileError
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import member, with_totp

HEADER = "Name,E-mail,Licence number,Licence type,Licence expiry\n"
NEXT_YEAR = timezone.localdate() + timedelta(days=365)
UK_NEXT_YEAR = NEXT_YEAR.strftime("%d/%m/%Y")


def csv_file(text, name="register.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows, name="register.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def line(name="Ann Able", email="ann@example.com", number="PH-001", kind="PH", expires=UK_NEXT_YEAR):
    return f"{name},{email},{number},{kind},{expires}\n"


def upload_url(authority):
    return f"/licensing/{authority.pk}/register/import/"


def preview_url(authority, upload):
    return f"/licensing/{authority.pk}/register/import/{upload.public_id}/"


def uploaded(client, authority, uploaded_file):
    response = client.post(upload_url(authority), {"file": uploaded_file})
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = StaffUpload.objects.get()
    assert response["Location"] == preview_url(authority, upload)
    return upload


def nothing_written():
    """Only the officer's membership exists: no driver, invitation or licence."""
    return Membership.objects.count() == 1 and Invitation.objects.count() == 0 and Licence.objects.count() == 0


@pytest.fixture
def self_declared(authority, driver, driver_role):
    """A driver who added their own licence number, not yet confirmed by the office."""
    return services.licence_declare(
        user=driver, authority=authority, number="hc 777", kind=LicenceKind.PRIVATE_HIRE, job_role=driver_role
    )


# Reading files ------------------------------------------------------------------------------------


def test_csv_rows_are_read_under_forgiving_headings():
    text = "Driver name;Email address;Badge No.;Type;Expiry date;Notes\n Ann ; ann@example.com ;ph 1;HC;2030-01-31;x\n"
    assert read_register_file(csv_file(text)) == [
        {"row_number": 2, "name": "Ann", "email": "ann@example.com", "number": "ph 1", "kind": "HC",
         "expires": "2030-01-31"}
    ]


def test_xlsx_date_cells_and_numeric_licence_numbers_are_read_as_text():
    rows = read_register_file(
        xlsx_file([["Name", "E-mail", "Licence number", "Licence type", "Licence expiry"],
                   ["Ann", "ann@example.com", 12345, "Hackney", datetime(2030, 3, 31)],
                   [None] * 5,
                   ["Bo", "bo@example.com", "PH-2", "private hire", date(2031, 1, 2)]])
    )
    assert [(r["row_number"], r["number"], r["kind"]) for r in rows] == [(2, "12345", "Hackney"),
                                                                         (4, "PH-2", "private hire")]
    assert [parse_date(r["expires"]) for r in rows] == [date(2030, 3, 31), date(2031, 1, 2)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,E-mail,Licence number\nAnn,ann@example.com,1\n",
         "The file has no column for licence type and licence expiry. The first row must name the columns: "
         "Name, E-mail, Licence number, Licence type and Licence expiry."),
        (HEADER.encode(), "The file has column headings but no drivers under them."),
        (b"", "The file is empty."),
        ("Zoé".encode("latin-1"), "is not UTF-8 text"),
    ],
)
def test_files_we_cannot_read_say_why(content, message):
    with pytest.raises(PeopleFileError) as raised:
        read_register_file(SimpleUploadedFile("register.csv", content))
    assert message in raised.value.message


def test_too_many_drivers_is_refused(settings):
    settings.LICENSING_REGISTER_MAX_ROWS = 2
    with pytest.raises(PeopleFileError, match="more than 2 drivers. Split it into smaller files."):
        read_register_file(csv_file(HEADER + line() * 3))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("HC", LicenceKind.HACKNEY_CARRIAGE),
        ("hackney", LicenceKind.HACKNEY_CARRIAGE),
        ("Hackney Carriage", LicenceKind.HACKNEY_CARRIAGE),
        ("hackney_carriage", LicenceKind.HACKNEY_CARRIAGE),
        ("PH", LicenceKind.PRIVATE_HIRE),
        ("p.h.", LicenceKind.PRIVATE_HIRE),
        ("private hire", LicenceKind.PRIVATE_HIRE),
        ("Private-Hire driver", LicenceKind.PRIVATE_HIRE),
        ("PHV", LicenceKind.PRIVATE_HIRE),
        ("minicab", None),
        ("dual", None),
    ],
)
def test_licence_types_are_read_forgivingly(text, kind):
    assert parse_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2030-03-31", date(2030, 3, 31)),
        ("2030-03-31T00:00:00", date(2030, 3, 31)),
        ("31/03/2030", date(2030, 3, 31)),
        ("1/4/2030", date(2030, 4, 1)),
        ("01.04.2030", date(2030, 4, 1)),
        ("31/13/2030", None),
        ("03/31/2030", None),
        ("next year", None),
        ("31/03/30", None),
    ],
)
def test_expiry_dates_are_iso_or_day_month_year(text, expected):
    assert parse_date(text) == expected


# Checking rows ------------------------------------------------------------------------------------


def row(number, name="Ann Able", email="ann@example.com", licence="PH-001", kind="PH", expires=UK_NEXT_YEAR):
    return {"row_number": number, "name": name, "email": email, "number": licence, "kind": kind, "expires": expires}


def test_each_kind_of_problem_is_named_on_its_row(authority, officer, driver_role):
    holder = UserFactory(email="holder@example.com", full_name="Hal Holder")
    licensed(authority, holder, "PH900", driver_role)
    licensed(authority, UserFactory(email="ivy@example.com", full_name="Ivy Ivers"), "PH901", driver_role)
    member(authority, email="joined@example.com", name="Jo Joined")
    checks = check_rows(
        authority,
        [
            row(2),
            row(3, email="not-an-address", licence="PH-002"),
            row(4, email="bo@example.com", licence=" ph 001 "),
            row(5, email="cy@example.com", licence=""),
            row(6, email="di@example.com", licence="PH-006", kind="minicab"),
            row(7, email="ed@example.com", licence="PH-007", expires="31/13/2030"),
            row(8, email="fi@example.com", licence="PH-008", expires="01/02/2020"),
            row(9, email="gu@example.com", licence="ph901"),
            row(10, email="holder@example.com", licence="PH 900"),
            row(11, email="Joined@Example.com", licence="PH-011"),
            row(12, email="ANN@example.com", licence="PH-012"),
            row(13, name="", email="", licence="PH-013", kind="", expires=""),
            row(14, email="hc@example.com", licence="HC-14", kind="hackney", expires="2099-12-31"),
        ],
    )
    problems = {check.row_number: check.messages for check in checks}
    assert problems[2] == []
    assert problems[3] == ["‘not-an-address’ is not an e-mail address in the right format, like name@example.com."]
    assert problems[4] == ["This licence number is also on row 2."]
    assert problems[5] == ["Enter the licence number."]
    assert problems[6] == ["‘minicab’ is not a licence type. Use hackney carriage (HC) or private hire (PH)."]
    assert problems[7] == ["‘31/13/2030’ is not a date we can read. Write the licence expiry like 31/03/2027."]
    assert problems[8] == ["The licence expired on 1 February 2020."]
    assert problems[9] == ["Licence PH901 is already on the register for Ivy Ivers."]
    assert problems[10] == [
        "This driver is already on the register with this licence number.",
        "This person is already a member of this licensing authority.",
    ]
    assert problems[11] == ["This person is already a member of this licensing authority."]
    assert problems[12] == ["This e-mail address is also on row 2."]
    assert problems[13] == [
        "Enter the driver’s name.",
        "Enter an e-mail address.",
        "Enter the licence type: hackney carriage (HC) or private hire (PH).",
        "Enter the date the licence expires.",
    ]
    assert problems[14] == []
    assert checks[0].as_ready() == {
        "list": "register", "row": 2, "name": "Ann Able", "email": "ann@example.com", "licence_number": "PH001",
        "kind": LicenceKind.PRIVATE_HIRE, "kind_label": "Private hire", "expires_on": NEXT_YEAR.isoformat(),
        "expires_label": register_import.long_date(NEXT_YEAR), "match": None,
    }
    assert checks[-1].kind == LicenceKind.HACKNEY_CARRIAGE
    assert checks[-1].expires_on == date(2099, 12, 31)


def test_a_licence_expiring_today_is_not_past(authority):
    today = timezone.localdate()
    assert check_rows(authority, [row(2, expires=today.isoformat())])[0].ok


def test_a_number_the_driver_added_themselves_matches_them(authority, driver, self_declared):
    [check] = check_rows(authority, [row(2, email="driver@example.com", licence="HC-777")])
    assert check.ok
    assert check.match == {
        "licence_id": self_declared.pk, "membership_id": self_declared.membership_id, "name": "Dev Driver",
        "email": "driver@example.com",
    }


def test_a_number_two_drivers_added_needs_the_email_to_say_which(authority, driver, driver_role, self_declared):
    other = UserFactory(email="other.driver@example.com", full_name="Oz Other")
    theirs = services.licence_declare(user=other, authority=authority, number="HC777", kind="private_hire")
    [check] = check_rows(authority, [row(2, email="someone@example.com", licence="HC777")])
    assert check.messages == [
        "More than one driver has added this licence number. Confirm the right one on the register."
    ]
    [check] = check_rows(authority, [row(2, email="other.driver@example.com", licence="HC777")])
    assert check.ok and check.match["licence_id"] == theirs.pk


def test_numbers_in_other_authorities_do_not_count(authority, driver_role):
    elsewhere = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    licensed(elsewhere, UserFactory(email="x@example.com"), "PH001", driver_role)
    member(elsewhere, email="ann@example.com", name="Ann")
    assert check_rows(authority, [row(2)])[0].ok


def test_checking_takes_two_queries_however_many_rows(authority, django_assert_num_queries):
    rows = [row(n, email=f"driver{n}@example.com", licence=f"PH{n}") for n in range(2, 1002)]
    with django_assert_num_queries(2):
        checks = check_rows(authority, rows)
    assert all(check.ok for check in checks)


# The pages ----------------------------------------------------------------------------------------


def test_upload_page_offers_a_file_field_and_a_template(officer_client, authority):
    page = officer_client.get(upload_url(authority)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "up to 5,000 drivers and 5 MB" in page
    assert f'href="/licensing/{authority.pk}/register/import/template.csv"' in page
    assert 'aria-current="page">Import the register</a>' in page
    response = officer_client.get(f"/licensing/{authority.pk}/register/import/template.csv")
    assert response.content.decode("utf-8-sig").splitlines() == [HEADER.strip()]


def test_the_register_links_to_the_import(officer_client, authority):
    page = officer_client.get(f"/licensing/{authority.pk}/register/").content.decode()
    assert f'href="/licensing/{authority.pk}/register/import/"' in page
    assert "Import the register" in page


def test_csv_upload_shows_a_preview_and_writes_nothing(officer_client, authority, officer):
    text = HEADER + line() + line(name="Bo", email="bad-address", number="PH-2") + line(email="cy@example.com",
                                                                                          number="PH-3", kind="cab")
    upload = uploaded(officer_client, authority, csv_file(text))
    assert upload.uploaded_by == officer and upload.organisation == authority and upload.confirmed_at is None
    assert [r["licence_number"] for r in upload.rows] == ["PH001"]
    assert [(e["row"], e["licence_number"]) for e in upload.errors] == [(3, "PH2"), (4, "PH3")]

    page = officer_client.get(preview_url(authority, upload)).content.decode()
    assert "1 driver is ready to add to the register." in page
    assert "2 rows have problems." in page
    assert "‘cab’ is not a licence type." in page
    assert "Add 1 driver to the register</button>" in page
    assert "Nothing has been saved and nobody has been invited yet." in page
    assert nothing_written()


def test_xlsx_upload_shows_a_preview(officer_client, authority):
    upload = uploaded(
        officer_client,
        authority,
        xlsx_file([["Name", "Email", "Licence No", "Type", "Expires"],
                   ["Ann", "ann@example.com", 1001, "HC", datetime(2099, 1, 31)],
                   ["Bo", "bo@example.com", "PH 2", "private hire", "31/01/2099"]]),
    )
    assert [(r["licence_number"], r["kind"], r["expires_on"]) for r in upload.rows] == [
        ("1001", LicenceKind.HACKNEY_CARRIAGE, "2099-01-31"), ("PH2", LicenceKind.PRIVATE_HIRE, "2099-01-31")
    ]
    page = officer_client.get(preview_url(authority, upload)).content.decode()
    assert "2 drivers are ready to add to the register." in page
    assert "No rows have problems." in page
    assert "31 January 2099" in page
    assert nothing_written()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.pdf", b"%PDF-1.4", "The file must be a CSV or an Excel (XLSX) spreadsheet."),
        ("register.xlsx", HEADER.encode(), "The file could not be opened as an Excel (XLSX) spreadsheet."),
        ("register.csv", b"Name,E-mail\nAnn,ann@example.com\n", "The file has no column for licence number,"),
    ],
)
def test_a_file_we_cannot_read_is_an_error_on_the_form(officer_client, authority, name, content, message):
    response = officer_client.post(upload_url(authority), {"file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import the register" in page
    assert f'<a href="#id_file">{message}' in page
    assert StaffUpload.objects.count() == 0
    assert nothing_written()


# Confirming ---------------------------------------------------------------------------------------


def test_confirming_adds_drivers_with_confirmed_licences_and_invites_them(
    officer_client, authority, officer, driver_role, django_capture_on_commit_callbacks, mailoutbox
):
    text = HEADER + line(number="ph 001", kind="PH") + line(name="Bo Bell", email="Bo@Example.com", number="HC-2",
                                                            kind="hackney", expires="2099-06-30")
    text += line(name="Cy", email="bad", number="PH-3")
    upload = uploaded(officer_client, authority, csv_file(text))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = officer_client.post(preview_url(authority, upload))
    assert callbacks[0].__qualname__.startswith("register_confirm")  # queued once the transaction commits
    assert response.status_code == 302
    assert response["Location"] == f"/licensing/{authority.pk}/register/"

    drivers = Membership.objects.filter(organisation=authority, user__isnull=True).order_by("email")
    assert [(m.email, m.full_name, m.job_role, m.reference, m.role) for m in drivers] == [
        ("ann@example.com", "Ann Able", driver_role, "PH001", MemberRole.LEARNER),
        ("bo@example.com", "Bo Bell", driver_role, "HC2", MemberRole.LEARNER),
    ]
    licences = Licence.objects.filter(authority=authority).order_by("number")
    assert [(lic.number, lic.kind, lic.expires_on, lic.membership.email, lic.confirmed_by) for lic in licences] == [
        ("HC2", LicenceKind.HACKNEY_CARRIAGE, date(2099, 6, 30), "bo@example.com", officer),
        ("PH001", LicenceKind.PRIVATE_HIRE, NEXT_YEAR, "ann@example.com", officer),
    ]
    assert all(abs(lic.confirmed_at - timezone.now()) < timedelta(minutes=1) for lic in licences)
    invitations = Invitation.objects.filter(membership__in=drivers)
    assert invitations.count() == 2 == Invitation.objects.count()
    assert all(invitation.invited_by == officer and invitation.sent_at for invitation in invitations)
    assert sorted(message.to[0] for message in mailoutbox) == ["ann@example.com", "bo@example.com"]
    assert all("Eyesbury Licensing" in message.subject for message in mailoutbox)

    upload.refresh_from_db()
    assert upload.confirmed_at is not None
    page = officer_client.get(response["Location"]).content.decode()
    assert "2 drivers are on the register. Invitations are on their way to 2 drivers." in page


def test_confirming_is_one_transaction(officer_client, authority, driver_role, monkeypatch):
    """A clash on the last write (a number confirmed meanwhile) leaves no membership or invitation behind."""
    upload = uploaded(officer_client, authority, csv_file(HEADER + line() + line(email="bo@example.com",
                                                                                 number="PH-2")))
    licensed(authority, UserFactory(email="late@example.com"), "PH2", driver_role)
    monkeypatch.setattr(register_import, "register_state", lambda authority, numbers: ({}, {}))
    response = officer_client.post(preview_url(authority, upload), follow=True)
    assert "Nothing was saved: confirm the file again." in response.content.decode()
    assert not Membership.objects.filter(email__in=["ann@example.com", "bo@example.com"]).exists()
    assert Invitation.objects.count() == 0
    assert list(Licence.objects.values_list("number", flat=True)) == ["PH2"]
    upload.refresh_from_db()
    assert upload.confirmed_at is None


def test_a_driver_who_added_their_number_is_confirmed_not_invited(
    officer_client, authority, officer, driver, self_declared, django_capture_on_commit_callbacks, mailoutbox
):
    text = HEADER + line(name="Dev Driver", email="dev.other@example.com", number="HC 777", kind="HC",
                         expires="2099-05-01") + line()
    upload = uploaded(officer_client, authority, csv_file(text))
    assert upload.rows[0]["match"]["licence_id"] == self_declared.pk
    page = officer_client.get(preview_url(authority, upload)).content.decode()
    assert "Matches a driver who added this number: Dev Driver (driver@example.com)" in page
    assert "1 row matches a driver who added this number themselves" in page
    assert "1 driver will be invited" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(preview_url(authority, upload), follow=True)
    self_declared.refresh_from_db()
    assert self_declared.confirmed_by == officer and self_declared.confirmed_at is not None
    assert (self_declared.kind, self_declared.expires_on) == (LicenceKind.HACKNEY_CARRIAGE, date(2099, 5, 1))
    assert Membership.objects.filter(organisation=authority, user=driver).count() == 1
    assert not Membership.objects.filter(email="dev.other@example.com").exists()
    assert [message.to for message in mailoutbox] == [["ann@example.com"]]
    assert Licence.objects.filter(authority=authority, confirmed_at__isnull=False).count() == 2
    assert (
        "2 drivers are on the register. Invitations are on their way to 1 driver. 1 driver who had added their "
        "licence number has it confirmed."
    ) in response.content.decode()


def test_confirming_twice_does_nothing(
    officer_client, authority, driver_role, django_capture_on_commit_callbacks, mailoutbox
):
    upload = uploaded(officer_client, authority, csv_file(HEADER + line()))
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(preview_url(authority, upload))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = officer_client.post(preview_url(authority, upload), follow=True)
    assert callbacks == []
    assert "This register file has already been confirmed." in response.content.decode()
    assert Membership.objects.filter(email="ann@example.com").count() == 1
    assert Licence.objects.count() == 1 and Invitation.objects.count() == 1
    assert len(mailoutbox) == 1
    page = officer_client.get(preview_url(authority, upload)).content.decode()
    assert "You confirmed this file on" in page
    assert "Add 1 driver" not in page


def test_rows_overtaken_before_confirming_are_left_out(
    officer_client, authority, driver_role, django_capture_on_commit_callbacks
):
    upload = uploaded(officer_client, authority, csv_file(HEADER + line() + line(email="bo@example.com",
                                                                                 number="PH-2")))
    organisation_services.membership_invite(organisation=authority, email="BO@example.com", full_name="Bo", send=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(preview_url(authority, upload), follow=True)
    assert "1 driver is on the register. Invitations are on their way to 1 driver. 1 was left out" in (
        response.content.decode()
    )
    assert list(Licence.objects.values_list("number", flat=True)) == ["PH001"]


# Whose upload -------------------------------------------------------------------------------------


def test_another_authoritys_officer_gets_404(client, authority, officer, driver_role):
    elsewhere = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    their_officer = with_totp(UserFactory(email="their.officer@example.com"))
    member(elsewhere, their_officer, role=MemberRole.LICENSING_OFFICER)
    checks = check_rows(authority, [row(2)])
    ours = register_import.upload_save(authority=authority, officer=officer, filename="r.csv", checks=checks)
    client.force_login(their_officer)
    assert client.get(preview_url(authority, ours)).status_code == 404
    assert client.post(preview_url(authority, ours)).status_code == 404
    assert client.get(upload_url(authority)).status_code == 404
    assert client.post(upload_url(authority), {"file": csv_file(HEADER + line())}).status_code == 404
    # Our upload under their authority's address is not found either.
    assert client.get(f"/licensing/{elsewhere.pk}/register/import/{ours.public_id}/").status_code == 404
    assert client.post(f"/licensing/{elsewhere.pk}/register/import/{ours.public_id}/").status_code == 404
    ours.refresh_from_db()
    assert ours.confirmed_at is None
    assert Licence.objects.count() == 0 and Invitation.objects.count() == 0


def test_a_learner_of_the_authority_cannot_import(client, authority, driver):
    member(authority, driver)
    client.force_login(driver)
    assert client.get(upload_url(authority)).status_code == 404
    assert client.post(upload_url(authority), {"file": csv_file(HEADER + line())}).status_code == 404
    assert StaffUpload.objects.count() == 0


def test_staff_lists_and_register_files_are_kept_apart(officer_client, authority, officer, hotel_role):
    """A list of the authority's staff is not a register file, and a register file cannot be confirmed as one."""
    staff = StaffUpload.objects.create(
        organisation=authority, uploaded_by=officer, filename="staff.csv",
        rows=[{"row": 2, "name": "Ann", "email": "ann@example.com", "job_role_id": hotel_role.pk,
               "job_role": "Hotel staff", "reference": ""}],
    )
    assert officer_client.get(preview_url(authority, staff)).status_code == 404
    assert officer_client.post(preview_url(authority, staff)).status_code == 404

    register = register_import.upload_save(
        authority=authority, officer=officer, filename="r.csv", checks=check_rows(authority, [row(2)])
    )
    with pytest.raises(uploads.ConfirmRefused, match="not a list of people to invite"):
        uploads.upload_confirm(upload=register, user=officer)
    register.refresh_from_db()
    assert register.confirmed_at is None
    assert Invitation.objects.count() == 0


# 5,000 drivers ------------------------------------------------------------------------------------


def test_a_register_of_five_thousand_drivers_imports(
    officer_client, authority, driver_role, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(organisation_services, "queue_invitations", lambda ids: queued.append(list(ids)))
    kinds = ["HC", "private hire"]
    lines = [line(f"Driver {n}", f"driver{n}@example.com", f"L-{n:05d}", kinds[n % 2]) for n in range(5_000)]
    upload = uploaded(officer_client, authority, csv_file(HEADER + "".join(lines)))
    assert len(upload.rows) == 5_000 and upload.errors == []
    assert nothing_written()
    page = officer_client.get(preview_url(authority, upload)).content.decode()
    assert "5,000 drivers are ready to add to the register." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(preview_url(authority, upload))
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=authority, user__isnull=True, job_role=driver_role).count() == 5_000
    assert Invitation.objects.count() == 5_000
    assert Licence.objects.filter(authority=authority, confirmed_at__isnull=False).count() == 5_000
    assert Licence.objects.filter(kind=LicenceKind.HACKNEY_CARRIAGE).count() == 2_500
    assert len(queued) == 25 and all(len(batch) == 200 for batch in queued)
    assert sorted(pk for batch in queued for pk in batch) == sorted(Invitation.objects.values_list("pk", flat=True))
