"""Renewal-aware refreshers: training that runs out before the licence renewal is flagged to officers and the
driver's task list says when the refresher is due."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone
from wagtail import hooks

from certificates.models import Certificate
from courses.selectors import TASK_NOTES_HOOK, training_tasks
from licensing.models import ExternalTraining
from licensing.renewal import lapses_before_renewal
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.courses import make_course
from tests.fixtures.licensing import licensed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("expires_on", "renewal_on", "flagged"),
    [
        (TODAY + timedelta(days=50), TODAY + timedelta(days=100), True),
        (TODAY + timedelta(days=100), TODAY + timedelta(days=100), True),  # not valid on the day it runs out
        (TODAY + timedelta(days=101), TODAY + timedelta(days=100), False),  # still valid on the renewal day
        (TODAY + timedelta(days=50), TODAY + timedelta(days=120), True),  # the last day of the window
        (TODAY + timedelta(days=50), TODAY + timedelta(days=121), False),  # just outside it
        (TODAY - timedelta(days=5), TODAY + timedelta(days=30), True),  # already run out: still needed by then
        (TODAY + timedelta(days=50), TODAY - timedelta(days=1), False),  # the renewal date has passed
        (None, TODAY + timedelta(days=30), False),  # never trained: the task list already says so
        (TODAY + timedelta(days=50), None, False),  # no renewal date on the register
    ],
)
def test_the_boundaries(expires_on, renewal_on, flagged):
    assert lapses_before_renewal(expires_on, renewal_on, TODAY, 120) is flagged


def note_for(renewal_on):
    return f"Refresher due before your licence renewal on {dateformat.format(renewal_on, 'j F Y')}."


@pytest.fixture
def trained(driver, quiz, driver_required):
    return pass_quiz(driver, quiz).certificate


def expire(certificate, on):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=on)


def task_list(client, user):
    client.force_login(user)
    return client.get("/your-training/").content.decode()


@pytest.mark.parametrize(
    ("expires_in", "renews_in", "noted"),
    [(90, 100, True), (100, 100, True), (101, 100, False), (60, 120, True), (60, 121, False)],
)
def test_the_task_list_notes_a_refresher_due_before_the_renewal(client, authority, driver, driver_role, trained,
                                                                 expires_in, renews_in, noted):
    today = timezone.localdate()
    renewal_on = today + timedelta(days=renews_in)
    licensed(authority, driver, "PH00123", driver_role, expires_on=renewal_on)
    expire(trained, today + timedelta(days=expires_in))
    assert (note_for(renewal_on) in task_list(client, driver)) is noted
    assert ("Refresher due before your licence renewal" in task_list(client, driver)) is noted


def test_no_note_for_an_unconfirmed_licence(client, authority, driver, driver_role, trained):
    today = timezone.localdate()
    licensed(authority, driver, "PH00123", driver_role, confirmed=False, expires_on=today + timedelta(days=100))
    expire(trained, today + timedelta(days=90))
    assert "Refresher due" not in task_list(client, driver)


def test_accepted_external_training_that_lasts_past_the_renewal_removes_the_note(client, authority, driver,
                                                                                 driver_role, trained, taxi_course):
    today = timezone.localdate()
    licensed(authority, driver, "PH00123", driver_role, expires_on=today + timedelta(days=100))
    expire(trained, today + timedelta(days=90))
    assert "Refresher due" in task_list(client, driver)
    ExternalTraining.objects.create(
        authority=authority, driver=driver, counts_for=taxi_course, provider="P", course_name="C",
        completed_on=today, expires_on=today + timedelta(days=365), evidence="seen",
    )
    assert "Refresher due" not in task_list(client, driver)


def test_the_earliest_renewal_is_the_one_noted(client, authority, driver, driver_role, trained, driver_required):
    from organisations.choices import OrganisationKind
    from organisations.models import Organisation

    today = timezone.localdate()
    other = Organisation.objects.create(name="Neighbouring Licensing", kind=OrganisationKind.LICENSING_AUTHORITY)
    licensed(authority, driver, "PH00123", driver_role, expires_on=today + timedelta(days=100))
    licensed(other, driver, "NL555", driver_role, expires_on=today + timedelta(days=80))
    expire(trained, today + timedelta(days=50))
    html = task_list(client, driver)
    assert note_for(today + timedelta(days=80)) in html and note_for(today + timedelta(days=100)) not in html


def test_the_officer_sees_it_on_the_check_record(officer_client, authority, driver, driver_role, trained):
    today = timezone.localdate()
    renewal_on = today + timedelta(days=100)
    licence = licensed(authority, driver, "PH00123", driver_role, expires_on=renewal_on)
    expire(trained, today + timedelta(days=90))
    response = officer_client.get(f"/licensing/{authority.pk}/", {"q": "PH00123"})
    html = officer_client.get(response["Location"]).content.decode()
    assert f"Runs out before the licence renewal on {dateformat.format(renewal_on, 'j F Y')}" in html
    licence.expires_on = today + timedelta(days=80)
    licence.save()
    response = officer_client.get(f"/licensing/{authority.pk}/", {"q": "PH00123"})
    assert "Runs out before the licence renewal" not in officer_client.get(response["Location"]).content.decode()


def test_the_task_list_costs_the_same_queries_with_1_or_4_courses(client, authority, driver, driver_role, trained,
                                                                  course_index):
    today = timezone.localdate()
    licensed(authority, driver, "PH00123", driver_role, expires_on=today + timedelta(days=100))
    expire(trained, today + timedelta(days=90))
    client.force_login(driver)

    def queries():
        client.get("/your-training/")
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/your-training/").content.decode()
        assert "Refresher due before your licence renewal" in html
        return len(captured)

    one = queries()
    for number in range(3):
        make_course(course_index, roles=[driver_role], title=f"Course {number}", slug=f"course-{number}", lessons=1)
    assert queries() == one


def test_the_task_notes_hook_only_reaches_courses_on_the_list(driver, taxi_course, hotel_course):
    def notes(user, tasks):
        return {taxi_course.pk: "A note for the taxi course", hotel_course.pk: "Not on this learner's list"}

    with hooks.register_temporarily(TASK_NOTES_HOOK, notes):
        [task] = training_tasks(user=driver)
    assert task.course == taxi_course and "A note for the taxi course" in task.notes
    assert "Not on this learner's list" not in task.notes


# The authority's policy (licensing.models.LicensingPolicy) -----------------------------------------


def record_html(officer, authority, number):
    from django.test import Client

    officer_client = Client()  # the `client` fixture is the driver's
    officer_client.force_login(officer)
    response = officer_client.get(f"/licensing/{authority.pk}/", {"q": number})
    return officer_client.get(response["Location"]).content.decode()


def expiring_reasons(authority, days=60):
    from licensing import bulk

    return [row.reason for row in bulk.expiring_rows(authority, days)]


@pytest.mark.parametrize(
    ("expires_on", "renewal_on", "required", "window", "flagged"),
    [
        (TODAY + timedelta(days=50), TODAY + timedelta(days=100), True, 120, True),
        (TODAY + timedelta(days=50), TODAY + timedelta(days=100), False, 120, False),  # the switch is off
        (TODAY + timedelta(days=50), TODAY + timedelta(days=100), True, 99, False),  # outside a shorter window
        (TODAY + timedelta(days=50), TODAY + timedelta(days=200), True, 200, True),  # inside a longer one
        (TODAY + timedelta(days=50), TODAY + timedelta(days=200), True, 120, False),
    ],
)
def test_the_rule_under_a_policy(expires_on, renewal_on, required, window, flagged):
    from licensing.models import LicensingPolicy
    from licensing.renewal import lapses_under_policy

    policy = LicensingPolicy(require_valid_at_renewal=required, renewal_window_days=window)
    assert lapses_under_policy(policy, expires_on, renewal_on, TODAY) is flagged


def test_no_policy_row_means_the_defaults(authority):
    from licensing.renewal import policy_of

    policy = policy_of(authority)
    assert policy.pk is None and policy.require_valid_at_renewal is True and policy.renewal_window_days == 120


def test_switched_off_there_is_no_note_and_no_flag(client, officer, authority, driver, driver_role, trained):
    from licensing.models import LicensingPolicy

    today = timezone.localdate()
    renewal_on = today + timedelta(days=30)
    licensed(authority, driver, "PH00123", driver_role, expires_on=renewal_on)
    expire(trained, today + timedelta(days=20))
    flag = f"Runs out before the licence renewal on {dateformat.format(renewal_on, 'j F Y')}"
    reason = f"Training runs out before licence renewal on {dateformat.format(renewal_on, 'j F Y')}"
    assert note_for(renewal_on) in task_list(client, driver)
    assert flag in record_html(officer, authority, "PH00123")
    assert expiring_reasons(authority) == [reason]

    LicensingPolicy.objects.create(authority=authority, require_valid_at_renewal=False)
    assert "Refresher due" not in task_list(client, driver)
    assert "Runs out before the licence renewal" not in record_html(officer, authority, "PH00123")
    assert expiring_reasons(authority) == ["Training expires in 20 days"]  # still listed, for its own expiry


def test_another_authoritys_policy_does_not_switch_it_off(client, authority, driver, driver_role, trained):
    from licensing.models import LicensingPolicy
    from organisations.choices import OrganisationKind
    from organisations.models import Organisation

    today = timezone.localdate()
    other = Organisation.objects.create(name="Neighbouring Licensing", kind=OrganisationKind.LICENSING_AUTHORITY)
    LicensingPolicy.objects.create(authority=other, require_valid_at_renewal=False)
    licensed(authority, driver, "PH00123", driver_role, expires_on=today + timedelta(days=100))
    licensed(other, driver, "NL555", driver_role, expires_on=today + timedelta(days=80))
    expire(trained, today + timedelta(days=50))
    html = task_list(client, driver)
    assert note_for(today + timedelta(days=100)) in html and note_for(today + timedelta(days=80)) not in html


@pytest.mark.parametrize(("window", "noted"), [(200, True), (149, False)])
def test_the_window_is_the_policys(client, officer, authority, driver, driver_role, trained, window, noted):
    from licensing.models import LicensingPolicy

    today = timezone.localdate()
    renewal_on = today + timedelta(days=150)  # outside the default 120 days
    licensed(authority, driver, "PH00123", driver_role, expires_on=renewal_on)
    expire(trained, today + timedelta(days=140))
    assert "Refresher due" not in task_list(client, driver)
    assert "Runs out before the licence renewal" not in record_html(officer, authority, "PH00123")
    LicensingPolicy.objects.create(authority=authority, renewal_window_days=window)
    assert (note_for(renewal_on) in task_list(client, driver)) is noted
    assert ("Runs out before the licence renewal" in record_html(officer, authority, "PH00123")) is noted


def test_a_shorter_window_in_the_policy_removes_the_note(client, authority, driver, driver_role, trained):
    from licensing.models import LicensingPolicy

    today = timezone.localdate()
    licensed(authority, driver, "PH00123", driver_role, expires_on=today + timedelta(days=100))
    expire(trained, today + timedelta(days=90))
    LicensingPolicy.objects.create(authority=authority, renewal_window_days=60)
    assert "Refresher due" not in task_list(client, driver)


def test_the_task_list_costs_the_same_queries_with_a_policy(client, authority, driver, driver_role, trained):
    from licensing.models import LicensingPolicy

    today = timezone.localdate()
    licensed(authority, driver, "PH00123", driver_role, expires_on=today + timedelta(days=100))
    expire(trained, today + timedelta(days=90))
    client.force_login(driver)
    client.get("/your-training/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/your-training/").content.decode()
        assert "Refresher due before your licence renewal" in html
        return len(captured)

    without = queries()
    LicensingPolicy.objects.create(authority=authority, renewal_window_days=150)
    assert queries() == without  # the policy comes with the licence (select_related)


def test_administrators_edit_policies_in_the_wagtail_admin(client, authority, organisation):
    from eyesandears.accounts.factories import UserFactory
    from licensing.models import LicensingPolicy
    from tests.fixtures.organisations import with_totp

    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))
    html = client.get("/admin/licensing_policies/new/").content.decode()
    assert authority.name in html and organisation.name not in html  # only licensing authorities
    response = client.post(
        "/admin/licensing_policies/new/",
        {"authority": organisation.pk, "require_valid_at_renewal": "on", "renewal_window_days": "90"},
    )
    assert response.status_code == 200 and not LicensingPolicy.objects.exists()
    response = client.post("/admin/licensing_policies/new/", {"authority": authority.pk, "renewal_window_days": "90"})
    assert response.status_code == 302
    policy = LicensingPolicy.objects.get()
    assert policy.authority == authority and policy.require_valid_at_renewal is False
    assert policy.renewal_window_days == 90
    assert authority.name in client.get("/admin/licensing_policies/").content.decode()


def test_people_without_permission_cannot_edit_policies(client, officer, authority):
    client.force_login(officer)
    response = client.get("/admin/licensing_policies/new/")
    assert response.status_code in (302, 403)
