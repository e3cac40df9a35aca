"""The expiring list: drivers whose training runs out soon, or whose licence renewal finds it not current."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone
from openpyxl import load_workbook

from certificates.models import Certificate
from eyesandears.accounts.factories import UserFactory
from licensing import bulk
from licensing.models import Licence
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Membership, Organisation
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import member, with_totp

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def long_date(value):
    return dateformat.format(value, "j F Y")


def expiring_url(authority, suffix="/"):
    return f"/licensing/{authority.pk}/expiring{suffix}"


def a_driver(authority, role, quiz, name, number, *, certificate_expires=None, renewal=None, confirmed=True):
    user = UserFactory(full_name=name)
    licence = licensed(authority, user, number, role, expires_on=renewal, confirmed=confirmed)
    if certificate_expires is not None:
        certificate = pass_quiz(user, quiz).certificate
        Certificate.objects.filter(pk=certificate.pk).update(
            issued_on=certificate_expires - timedelta(days=1000), expires_on=certificate_expires
        )
    return licence


def drivers_without_users(authority, role, count, renewal, prefix="Nobody"):
    memberships = Membership.objects.bulk_create(
        Membership(organisation=authority, email=f"{prefix.lower()}{n}@example.com", full_name=f"{prefix} {n:03d}",
                   job_role=role)
        for n in range(count)
    )
    Licence.objects.bulk_create(
        Licence(authority=authority, membership=membership, number=f"{prefix[:2].upper()}{n:04d}",
                expires_on=renewal, confirmed_at=timezone.now())
        for n, membership in enumerate(memberships)
    )


@pytest.fixture
def drivers(authority, driver_role, quiz, driver_required):
    role = driver_role
    a_driver(authority, role, quiz, "Ann Soon", "PH001", certificate_expires=in_days(1))
    a_driver(authority, role, quiz, "Ben Edge", "PH002", certificate_expires=in_days(60))
    a_driver(authority, role, quiz, "Cal Beyond", "PH003", certificate_expires=in_days(61))
    a_driver(authority, role, quiz, "Dee Renewal", "PH004", renewal=in_days(60))
    a_driver(authority, role, quiz, "Eve Later", "PH005", renewal=in_days(61))
    a_driver(authority, role, quiz, "Fay Past", "PH006", renewal=in_days(-1))
    a_driver(authority, role, quiz, "Gus Covered", "PH007", certificate_expires=in_days(100), renewal=in_days(30))
    a_driver(authority, role, quiz, "Hal Lapses", "PH008", certificate_expires=in_days(20), renewal=in_days(30))
    a_driver(authority, role, quiz, "Ivy Sameday", "PH009", certificate_expires=in_days(30), renewal=in_days(30))
    a_driver(authority, role, quiz, "Jo Expired", "PH010", certificate_expires=in_days(0), renewal=in_days(10))
    a_driver(authority, role, quiz, "Kit Expired", "PH011", certificate_expires=in_days(0))
    a_driver(authority, role, quiz, "Lee Unconfirmed", "PH012", certificate_expires=in_days(5), confirmed=False)
    a_driver(authority, role, quiz, "Ned Today", "PH013", renewal=in_days(0))
    other = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    a_driver(other, role, quiz, "Mo Elsewhere", "PH014", certificate_expires=in_days(5))


def reasons(authority, days):
    return [(row.driver_name, row.reason) for row in bulk.expiring_rows(authority, days)]


def test_who_is_listed_at_the_edges_of_60_days_and_why(authority, drivers):
    assert reasons(authority, 60) == [
        ("Ned Today", f"Licence renewal due on {long_date(in_days(0))} and training not current"),
        ("Ann Soon", "Training expires in 1 day"),
        ("Jo Expired", f"Licence renewal due on {long_date(in_days(10))} and training not current"),
        ("Hal Lapses", f"Training runs out before licence renewal on {long_date(in_days(30))}"),
        ("Ivy Sameday", f"Training runs out before licence renewal on {long_date(in_days(30))}"),
        ("Ben Edge", "Training expires in 60 days"),
        ("Dee Renewal", f"Licence renewal due on {long_date(in_days(60))} and training not current"),
    ]


def test_a_shorter_window_lists_fewer(authority, drivers):
    assert [name for name, _ in reasons(authority, 10)] == ["Ned Today", "Ann Soon", "Jo Expired"]
    assert [name for name, _ in reasons(authority, 1)] == ["Ned Today", "Ann Soon"]
    assert "Cal Beyond" in [name for name, _ in reasons(authority, 61)]


def test_the_page_shows_the_table_and_links_to_exports(officer_client, authority, drivers):
    html = officer_client.get(expiring_url(authority)).content.decode()
    assert 'aria-current="page">Expiring' in html and 'value="60"' in html
    assert "7 entries for the next 60 days" in html
    assert "Ann Soon" in html and "Training expires in 1 day" in html and "Cal Beyond" not in html
    assert "Lee Unconfirmed" not in html and "Mo Elsewhere" not in html
    assert f'href="{expiring_url(authority, ".csv")}?days=60"' in html
    assert f'href="{expiring_url(authority, ".xlsx")}?days=60"' in html
    html = officer_client.get(expiring_url(authority), {"days": "10"}).content.decode()
    assert "3 entries for the next 10 days" in html and "Ben Edge" not in html
    assert f'href="{expiring_url(authority, ".csv")}?days=10"' in html


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("soon", "Enter the number of days as a whole number, for example 60."),
        ("0", "Enter a number of days of 1 or more."),
        ("5000", "Enter a number of days of 1,095 or fewer."),
        ("", "Enter a number of days, for example 60."),
    ],
)
def test_a_wrong_number_of_days_is_an_error_summary(officer_client, authority, drivers, days, message):
    html = officer_client.get(expiring_url(authority), {"days": days}).content.decode()
    assert "There is a problem" in html and message in html and "<table" not in html
    response = officer_client.get(expiring_url(authority, ".csv"), {"days": days})
    assert response.status_code == 302 and response["Location"].startswith(expiring_url(authority))


def test_nobody_to_list_says_so(officer_client, authority, driver_required):
    html = officer_client.get(expiring_url(authority)).content.decode()
    assert "0 entries for the next 60 days" in html and "No driver’s training needs attention" in html


def test_long_lists_are_paged_and_keep_the_days(officer_client, authority, driver_role, driver_required):
    drivers_without_users(authority, driver_role, 55, in_days(5))
    html = officer_client.get(expiring_url(authority), {"days": "30"}).content.decode()
    assert "55 entries for the next 30 days" in html and "Nobody 049" in html and "Nobody 050" not in html
    assert "Showing 1 to 50 of 55" in html and 'href="?days=30&amp;page=2"' in html
    html = officer_client.get(expiring_url(authority), {"days": "30", "page": "2"}).content.decode()
    assert "Nobody 050" in html and "Nobody 054" in html and "Nobody 049" not in html


def test_the_page_costs_the_same_queries_however_large_the_register(officer_client, authority, driver_role,
                                                                    driver_required):
    drivers_without_users(authority, driver_role, 3, in_days(5), prefix="Few")
    officer_client.get(expiring_url(authority))  # the session and site settings are cached after this
    with CaptureQueriesContext(connection) as few:
        officer_client.get(expiring_url(authority))
    drivers_without_users(authority, driver_role, 120, in_days(5), prefix="Many")
    with CaptureQueriesContext(connection) as many:
        html = officer_client.get(expiring_url(authority)).content.decode()
    assert "123 entries" in html
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_exports_hold_every_row_with_formulas_neutralised(officer_client, authority, driver_role, quiz,
                                                              driver_required):
    a_driver(authority, driver_role, quiz, "=HYPERLINK(\"http://evil\")", "PH100", certificate_expires=in_days(3),
             renewal=in_days(400))
    drivers_without_users(authority, driver_role, 60, in_days(7))
    response = officer_client.get(expiring_url(authority, ".csv"), {"days": "60"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="expiring-60-days-{timezone.localdate().isoformat()}.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Driver", "Licence number", "Licence renewal due", "Course", "Training status",
                       "Certificate expires", "Reason"]
    assert len(rows) == 1 + 61  # every row, not one page
    assert rows[1] == ["'=HYPERLINK(\"http://evil\")", "PH100", in_days(400).isoformat(), "Taxi course",
                       "Expiring soon", in_days(3).isoformat(), "Training expires in 3 days"]
    assert rows[2] == ["Nobody 000", "NO0000", in_days(7).isoformat(), "Taxi course", "Not started", "",
                       f"Licence renewal due on {long_date(in_days(7))} and training not current"]

    response = officer_client.get(expiring_url(authority, ".xlsx"), {"days": "60"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0] and len(cells) == 62
    assert cells[1][0] == "'=HYPERLINK(\"http://evil\")" and sheet.cell(2, 1).data_type == "s"
    assert cells[1][1:] == rows[1][1:]


def test_another_authoritys_officer_gets_404(client, authority, drivers):
    other = Organisation.objects.create(name="Further", kind=OrganisationKind.LICENSING_AUTHORITY)
    stranger = with_totp(UserFactory())
    member(other, stranger, role=MemberRole.LICENSING_OFFICER)
    client.force_login(stranger)
    for suffix in ("/", ".csv", ".xlsx"):
        assert client.get(expiring_url(authority, suffix)).status_code == 404
    html = client.get(expiring_url(other)).content.decode()
    assert "Ann Soon" not in html and "0 entries" in html


def test_learners_cannot_see_the_list(client, authority, driver, drivers):
    client.force_login(driver)
    assert client.get(expiring_url(authority)).status_code == 404
