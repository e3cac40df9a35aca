"""The manager's dashboard, person page, export and reminders."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.models import Certificate
from eyesandears.accounts.factories import UserFactory
from organisations.models import Membership, RoleRequirement
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.organisations import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organisation, manager, driver_role, hotel_role, taxi_course, hotel_course, quiz, driver):
    """A hotel with five people in different states on the hotel course (and a driver on the taxi course)."""
    RoleRequirement.objects.create(job_role=hotel_role, course=hotel_course)
    RoleRequirement.objects.create(job_role=driver_role, course=taxi_course)
    people = {}
    for name, reference in [("Amy Able", "H-1"), ("Ben Best", "H-2"), ("=HYPERLINK(\"http://x\")", "+44"),
                            ("Cat Cole", "H-3")]:
        user = UserFactory(full_name=name, email=f"{reference.lower().strip('+')}@example.com")
        people[name] = member(organisation, user, job_role=hotel_role, reference=reference)
    member(organisation, None, job_role=hotel_role, email="invited@example.com", name="Ivy Invited")
    people["driver"] = member(organisation, driver, job_role=driver_role, reference="PH-1")
    pass_quiz(driver, quiz)  # the driver is compliant
    from courses.models import Enrolment

    Enrolment.objects.create(user=people["Ben Best"].user, course=hotel_course)  # in progress
    return people


def test_the_dashboard_counts_each_state_in_a_chart_and_a_table(manager_client, organisation, staff):
    html = manager_client.get(f"/organisations/{organisation.pk}/").content.decode()
    # manager (not started), Amy, formula person, Cat, Ivy: not started; Ben: in progress; driver: compliant
    assert '<span class="bar-chart__label">Not started</span>' in html
    assert 'bar-chart__value">5</span>' in html and 'bar-chart__value">1</span>' in html
    assert ">5<span class=\"visually-hidden\"> not started: show them</span>" in html
    assert "Ivy Invited</a> <span class=\"meta\">(invited)</span>" in html


def test_filter_by_state_job_role_and_search(manager_client, organisation, staff, driver_role):
    url = f"/organisations/{organisation.pk}/"
    html = manager_client.get(url, {"state": "in_progress"}).content.decode()
    assert "Ben Best" in html and "Amy Able" not in html
    html = manager_client.get(url, {"job_role": driver_role.pk}).content.decode()
    assert "Dev Driver" in html and "Amy Able" not in html
    html = manager_client.get(url, {"q": "h-3"}).content.decode()
    assert "Cat Cole" in html and "Amy Able" not in html
    html = manager_client.get(url, {"state": "nonsense", "job_role": "x"}).content.decode()
    assert "Amy Able" in html  # unknown filters are ignored, not an error


def test_the_people_list_is_paginated(manager_client, organisation, hotel_role):
    for number in range(55):
        member(organisation, None, job_role=hotel_role, email=f"p{number}@example.com", name=f"Person {number:02}")
    html = manager_client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert "(page 1 of 2)" in html and "Person 48" in html and "Person 54" not in html
    html = manager_client.get(f"/organisations/{organisation.pk}/", {"page": 2}).content.decode()
    assert "Person 54" in html


def test_a_persons_page_shows_courses_and_certificates(manager_client, organisation, staff):
    driver = staff["driver"]
    html = manager_client.get(f"/organisations/{organisation.pk}/people/{driver.pk}/").content.decode()
    certificate = Certificate.objects.get(learner=driver.user)
    assert certificate.display_code in html and f"/certificates/{certificate.public_id}/pdf/" in html
    assert manager_client.get(f"/certificates/{certificate.public_id}/pdf/").status_code == 200


def test_the_csv_export_has_the_list_and_neutralises_formulas(manager_client, organisation, staff):
    response = manager_client.get(f"/organisations/{organisation.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "E-mail", "Job role", "Reference", "Overall"]
    by_name = {row[0]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"http://x\")" in by_name and by_name["'=HYPERLINK(\"http://x\")"][3] == "'+44"
    assert by_name["Ben Best"][4] == "In progress"
    assert by_name["Dev Driver"][4] == "Compliant"
    assert len(rows) == 1 + 7


def test_the_xlsx_export_matches_and_neutralises_formulas(manager_client, organisation, staff):
    response = manager_client.get(f"/organisations/{organisation.pk}/export.xlsx", {"state": "not_started"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    names = {row[0] for row in rows[1:]}
    assert names == {"Amy Able", "Cat Cole", "'=HYPERLINK(\"http://x\")", "Ivy Invited", "Mo Manager"}
    assert all(cell is None or not str(cell).startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_remind_those_not_started_sends_one_each_at_most_weekly(manager_client, organisation, staff, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/organisations/{organisation.pk}/remind/")
    reminded = sorted(address for message in mailoutbox for address in message.to)
    assert reminded == sorted(["h-1@example.com", "44@example.com", "h-3@example.com", "invited@example.com",
                               "manager@example.com"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/organisations/{organisation.pk}/remind/")
    assert mailoutbox == []
    Membership.objects.update(last_reminded_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/organisations/{organisation.pk}/remind/")
    assert len(mailoutbox) == 5


def test_dashboard_and_export_queries_do_not_grow_with_members(manager_client, organisation, hotel_role,
                                                                hotel_course):
    RoleRequirement.objects.create(job_role=hotel_role, course=hotel_course)

    def add(count, start):
        from eyesandears.accounts.models import User

        users = User.objects.bulk_create(
            User(email=f"m{number}@example.com", full_name=f"Member {number}") for number in range(start, start + count)
        )
        Membership.objects.bulk_create(
            Membership(organisation=organisation, user=user, email=user.email, full_name=user.full_name,
                       job_role=hotel_role)
            for user in users
        )

    def queries(path):
        manager_client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(path).status_code == 200
        return len(captured)

    add(10, 0)
    small = [queries(f"/organisations/{organisation.pk}/"), queries(f"/organisations/{organisation.pk}/export.xlsx")]
    add(990, 10)  # 1,000 members
    large = [queries(f"/organisations/{organisation.pk}/"), queries(f"/organisations/{organisation.pk}/export.xlsx")]
    assert small == large


def test_the_council_wide_view_summarises_every_organisation(client, organisation, other_organisation, staff):
    from tests.fixtures.organisations import with_totp

    lead = with_totp(UserFactory(is_superuser=True, is_staff=True))
    client.force_login(lead)
    html = client.get("/organisations/all/").content.decode()
    assert "Station Hotel" in html and "Harbour Hotel" in html
