"""Training from elsewhere: recorded by an officer, counted towards compliance, labelled as external
everywhere it shows, in the check record, and withdrawn."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.models import Certificate
from eyesandears.accounts.factories import UserFactory
from licensing import external
from licensing.models import CheckRecord, ExternalTraining
from organisations.choices import Compliance, MemberRole, OrganisationKind
from organisations.compliance import compliance_for_memberships
from organisations.models import Membership, Organisation
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import member, with_totp

pytestmark = pytest.mark.django_db

LABEL = "(training from another provider"


@pytest.fixture
def licence(authority, driver, driver_role, driver_required):
    return licensed(authority, driver, "PH00123", driver_role)


def form_data(course, **changes):
    today = timezone.localdate()
    return {
        "counts_for": course.pk,
        "provider": "Northshire Council",
        "course_name": "CSE awareness for drivers",
        "completed_on": (today - timedelta(days=30)).isoformat(),
        "expires_on": (today + timedelta(days=300)).isoformat(),
        "evidence": "Certificate NC-4411 seen on the driver's phone",
        **changes,
    }


def page(authority, licence):
    return f"/licensing/{authority.pk}/register/{licence.pk}/external/"


def record(client, authority, licence, course, **changes):
    return client.post(page(authority, licence), form_data(course, **changes))


def check(client, authority, entered):
    response = client.get(f"/licensing/{authority.pk}/", {"q": entered})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def state_of(licence, authority):
    [person] = compliance_for_memberships([licence.membership], authority)
    return person.courses[0]


def test_external_training_makes_an_untrained_driver_compliant_and_is_labelled(officer_client, authority, licence,
                                                                               taxi_course, officer):
    assert "Not compliant" in check(officer_client, authority, "PH00123")
    response = record(officer_client, authority, licence, taxi_course)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ExternalTraining.objects.get()
    assert (entry.authority, entry.driver, entry.counts_for, entry.recorded_by) == (
        authority, licence.membership.user, taxi_course, officer)
    state = state_of(licence, authority)
    assert (state.state, state.external, state.expires_on) == (Compliance.COMPLIANT, True, entry.expires_on)
    html = check(officer_client, authority, "PH00123")
    assert '<h1 class="panel__title">Compliant</h1>' in html
    assert f"{LABEL}: CSE awareness for drivers from Northshire Council)" in html
    assert "Training from other providers" in html and "Certificate NC-4411 seen" in html and "Olu Officer" in html
    assert CheckRecord.objects.latest("checked_at").outcome == "compliant"


def test_withdrawing_it_stops_it_counting(officer_client, authority, licence, taxi_course):
    record(officer_client, authority, licence, taxi_course)
    entry = ExternalTraining.objects.get()
    response = officer_client.post(f"{page(authority, licence)}{entry.pk}/withdraw/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawn_at is not None
    assert state_of(licence, authority).state == Compliance.NOT_STARTED
    html = check(officer_client, authority, "PH00123")
    assert '<h1 class="panel__title">Not compliant</h1>' in html and "Withdrawn" in html
    assert LABEL not in html
    assert officer_client.get(f"{page(authority, licence)}{entry.pk}/withdraw/").status_code == 405


def test_the_later_expiry_wins(authority, licence, taxi_course, quiz, driver):
    certificate = pass_quiz(driver, quiz).certificate
    later = certificate.expires_on + timedelta(days=10)
    entry = ExternalTraining.objects.create(
        authority=authority, driver=driver, counts_for=taxi_course, provider="P", course_name="C",
        completed_on=timezone.localdate(), expires_on=later, evidence="seen",
    )
    state = state_of(licence, authority)
    assert (state.expires_on, state.external, state.certificate_id) == (later, True, None)
    ExternalTraining.objects.filter(pk=entry.pk).update(expires_on=certificate.expires_on)  # a tie: the certificate
    state = state_of(licence, authority)
    assert (state.expires_on, state.external, state.certificate_id) == (certificate.expires_on, False, certificate.pk)


def test_expired_external_training_is_expired(authority, licence, taxi_course, driver):
    today = timezone.localdate()
    ExternalTraining.objects.create(
        authority=authority, driver=driver, counts_for=taxi_course, provider="P", course_name="C",
        completed_on=today - timedelta(days=400), expires_on=today, evidence="seen",
    )
    state = state_of(licence, authority)
    assert (state.state, state.external) == (Compliance.EXPIRED, True)


@pytest.fixture
def operator_with_driver(driver, driver_role, driver_required):
    operator = Organisation.objects.create(name="Castle Cars", kind=OrganisationKind.TAXI_OPERATOR)
    manager = with_totp(UserFactory(email="ops@example.com", full_name="Ola Operator"))
    member(operator, manager, role=MemberRole.MANAGER)
    membership = member(operator, driver, job_role=driver_role)
    client = Client()
    client.force_login(manager)
    return operator, membership, client


def test_managers_see_it_labelled_on_the_dashboard_person_page_and_exports(officer_client, authority, licence,
                                                                           taxi_course, operator_with_driver):
    operator, membership, client = operator_with_driver
    record(officer_client, authority, licence, taxi_course)
    html = client.get(f"/organisations/{operator.pk}/").content.decode()
    assert "(training from another provider)" in html
    html = client.get(f"/organisations/{operator.pk}/people/{membership.pk}/").content.decode()
    assert f"{LABEL}: CSE awareness for drivers from Northshire Council)" in html and "Compliant" in html
    csv = client.get(f"/organisations/{operator.pk}/export.csv").content.decode("utf-8-sig")
    assert "Compliant (external)" in csv


def test_exports_do_not_label_certificates(authority, licence, quiz, driver, operator_with_driver):
    operator, membership, client = operator_with_driver
    pass_quiz(driver, quiz)
    csv = client.get(f"/organisations/{operator.pk}/export.csv").content.decode("utf-8-sig")
    assert "Compliant" in csv and "(external)" not in csv


def test_the_driver_is_told_on_their_task_list(officer_client, authority, licence, taxi_course, driver):
    record(officer_client, authority, licence, taxi_course)
    client = Client()
    client.force_login(driver)
    html = client.get("/your-training/").content.decode()
    assert "The licensing office accepted your CSE awareness for drivers training from Northshire Council." in html


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"expires_on": (timezone.localdate() - timedelta(days=40)).isoformat()}, "must be after the date completed"),
        ({"expires_on": timezone.localdate().isoformat()}, "has already run out"),
        ({"completed_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "today or in the past"),
        ({"evidence": ""}, "Describe the evidence you saw."),
        ({"provider": ""}, "Enter who gave the training."),
    ],
)
def test_what_the_officer_enters_is_checked(officer_client, authority, licence, taxi_course, changes, error):
    response = record(officer_client, authority, licence, taxi_course, **changes)
    assert response.status_code == 200 and error in response.content.decode()
    assert not ExternalTraining.objects.exists()


def test_it_can_only_stand_in_for_a_required_course(officer_client, authority, licence, hotel_course):
    response = record(officer_client, authority, licence, hotel_course)
    assert response.status_code == 200 and not ExternalTraining.objects.exists()


def test_not_for_an_unconfirmed_licence(officer_client, authority, driver, driver_role, driver_required, taxi_course):
    claim = licensed(authority, driver, "PH00999", driver_role, confirmed=False)
    response = record(officer_client, authority, claim, taxi_course)
    assert response.status_code == 200 and not ExternalTraining.objects.exists()
    assert "Confirm this driver" in response.content.decode()


def test_other_authorities_and_other_people_cannot_see_or_change_it(client, officer_client, authority, licence,
                                                                   taxi_course, driver):
    record(officer_client, authority, licence, taxi_course)
    entry = ExternalTraining.objects.get()
    other = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    stranger = with_totp(UserFactory())
    member(other, stranger, role=MemberRole.LICENSING_OFFICER)
    client.force_login(stranger)
    assert client.get(page(authority, licence)).status_code == 404
    assert client.get(page(other, licence)).status_code == 404  # not on their register
    assert client.post(f"{page(authority, licence)}{entry.pk}/withdraw/").status_code == 404
    client.force_login(driver)
    assert client.get(page(authority, licence)).status_code == 404
    assert client.post(f"{page(authority, licence)}{entry.pk}/withdraw/").status_code == 404
    entry.refresh_from_db()
    assert entry.withdrawn_at is None


def test_recording_it_changes_no_training_record(officer_client, authority, licence, taxi_course, quiz, driver):
    pass_quiz(driver, quiz)
    before = list(Certificate.objects.values())
    record(officer_client, authority, licence, taxi_course)
    assert list(Certificate.objects.values()) == before


def test_compliance_costs_the_same_queries_with_1_or_20_people_with_external_training(authority, driver_role,
                                                                                    taxi_course, driver_required):
    today = timezone.localdate()

    def add(count, start):
        for number in range(start, start + count):
            user = UserFactory(email=f"d{number}@example.com")
            member(authority, user, job_role=driver_role)
            ExternalTraining.objects.create(
                authority=authority, driver=user, counts_for=taxi_course, provider="P", course_name="C",
                completed_on=today, expires_on=today + timedelta(days=200), evidence="seen",
            )

    def queries():
        memberships = list(Membership.objects.filter(organisation=authority))
        with CaptureQueriesContext(connection) as captured:
            people = compliance_for_memberships(memberships, authority)
        assert all(person.courses[0].external for person in people)
        return len(captured)

    add(1, 0)
    one = queries()
    add(19, 1)
    assert queries() == one


def test_the_hook_returns_the_latest_entry_not_withdrawn(authority, driver, taxi_course):
    today = timezone.localdate()

    def entry(days, **fields):
        return ExternalTraining.objects.create(
            authority=authority, driver=driver, counts_for=taxi_course, provider="P", course_name=f"C{days}",
            completed_on=today, expires_on=today + timedelta(days=days), evidence="seen", **fields,
        )

    entry(100)
    entry(300, withdrawn_at=timezone.now())
    entry(200)
    assert external.external_expiries([driver.pk], [taxi_course.pk]) == {
        (driver.pk, taxi_course.pk): (today + timedelta(days=200), "C200 from P")
    }
