"""Share codes: a driver lets one named organisation see their training status, for a while, a few times."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from eyesandears.accounts.factories import UserFactory
from licensing import sharing
from licensing.models import ShareCode, ShareCodeUse
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Organisation
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.organisations import member, with_totp

pytestmark = pytest.mark.django_db

INVALID = "This code is not valid for your organisation. Ask the driver for a new one."


@pytest.fixture
def operator(db):
    return Organisation.objects.create(name="Castle Cars", kind=OrganisationKind.TAXI_OPERATOR)


@pytest.fixture
def operator_manager(operator):
    user = with_totp(UserFactory(email="ops@example.com", full_name="Ola Operator"))
    member(operator, user, role=MemberRole.MANAGER)
    return user


@pytest.fixture
def operator_client(operator_manager):
    client = Client()
    client.force_login(operator_manager)
    return client


@pytest.fixture
def driver_client(driver):
    client = Client()
    client.force_login(driver)
    return client


def make_code(driver, organisation, **fields):
    share_code = sharing.share_code_create(driver=driver, organisation=organisation)
    if fields:
        ShareCode.objects.filter(pk=share_code.pk).update(**fields)
        share_code.refresh_from_db()
    return share_code


def enter(client, organisation, code):
    return client.post(f"/organisations/{organisation.pk}/share-code/", {"code": code})


# The code itself


def test_codes_are_ten_crockford_symbols_shown_in_groups():
    code = sharing.new_code()
    assert len(code) == 10 and set(code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert re.fullmatch(r"SHR-[0-9A-Z]{5}-[0-9A-Z]{5}", sharing.display(code))


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("SHR-7KQ4M-2XD9F", "7KQ4M2XD9F"),
        (" shr 7kq4m 2xd9f ", "7KQ4M2XD9F"),
        ("7KQ4M-2XD9F", "7KQ4M2XD9F"),
        ("7KQ4M2XD9O", "7KQ4M2XD90"),  # O read as 0
        ("7KQ4M2XDIL", "7KQ4M2XD11"),  # I and L read as 1
        ("7KQ4M2XD9", None),  # too short
        ("7KQ4M2XD9U", None),  # U is not in the alphabet
        ("", None),
        (None, None),
    ],
)
def test_what_a_manager_types_is_read_generously(entered, stored):
    assert sharing.normalise(entered) == stored


def test_a_code_that_is_taken_already_is_not_used_twice(driver, operator, monkeypatch):
    first = make_code(driver, operator)
    fresh = iter([first.code, "ABCDE12345"])
    monkeypatch.setattr(sharing, "new_code", lambda: next(fresh))
    assert sharing.share_code_create(driver=driver, organisation=operator).code == "ABCDE12345"


# The driver's page


def test_a_driver_makes_a_code_for_one_organisation(driver_client, driver, operator, authority):
    html = driver_client.get("/your-training/share-codes/").content.decode()
    assert "Castle Cars" in html and "Eyesbury Licensing" not in html  # not a licensing authority
    assert 'value="21"' in html and 'value="5"' in html  # the defaults
    response = driver_client.post(
        "/your-training/share-codes/", {"organisation": operator.pk, "days": 21, "max_uses": 5}, follow=True
    )
    share_code = ShareCode.objects.get()
    assert (share_code.driver, share_code.organisation, share_code.max_uses) == (driver, operator, 5)
    expected_expiry = timezone.now() + timedelta(days=21)
    assert abs((share_code.expires_at - expected_expiry).total_seconds()) < 60
    html = response.content.decode()
    assert sharing.display(share_code.code) in html and "Not used yet" in html


def test_a_driver_cannot_share_with_a_licensing_authority(driver_client, authority):
    response = driver_client.post("/your-training/share-codes/", {"organisation": authority.pk, "days": 21,
                                                                  "max_uses": 5})
    assert response.status_code == 200 and "Error:" in response.content.decode()
    assert not ShareCode.objects.exists()
    with pytest.raises(sharing.NotAllowed):
        sharing.share_code_create(driver=UserFactory(), organisation=authority)


@pytest.mark.parametrize(("days", "max_uses"), [(0, 5), (91, 5), (21, 0), (21, 21), ("", 5)])
def test_limits_on_how_long_and_how_often(driver_client, operator, days, max_uses):
    response = driver_client.post("/your-training/share-codes/", {"organisation": operator.pk, "days": days,
                                                                  "max_uses": max_uses})
    assert response.status_code == 200 and not ShareCode.objects.exists()


def test_each_use_is_shown_to_the_driver(driver_client, driver, operator, operator_client):
    share_code = make_code(driver, operator)
    enter(operator_client, operator, sharing.display(share_code.code))
    enter(operator_client, operator, share_code.code.lower())
    assert ShareCodeUse.objects.filter(share_code=share_code).count() == 2
    html = driver_client.get("/your-training/share-codes/").content.decode()
    assert html.count("Ola Operator, Castle Cars") == 2 and "3 uses left" in html


def test_a_driver_withdraws_a_code_and_it_stops_working(driver_client, driver, operator, operator_client):
    share_code = make_code(driver, operator)
    response = driver_client.post(f"/your-training/share-codes/{share_code.public_id}/withdraw/")
    assert response.status_code == 302
    share_code.refresh_from_db()
    assert share_code.withdrawn_at is not None
    assert "Withdrawn" in driver_client.get("/your-training/share-codes/").content.decode()
    assert INVALID in enter(operator_client, operator, share_code.code).content.decode()


def test_nobody_else_can_see_or_withdraw_a_drivers_codes(client, driver, operator):
    share_code = make_code(driver, operator)
    other = UserFactory()
    client.force_login(other)
    assert sharing.display(share_code.code) not in client.get("/your-training/share-codes/").content.decode()
    assert client.post(f"/your-training/share-codes/{share_code.public_id}/withdraw/").status_code == 404
    assert client.get(f"/your-training/share-codes/{share_code.public_id}/withdraw/").status_code == 405
    share_code.refresh_from_db()
    assert share_code.withdrawn_at is None
    client.logout()
    assert "/accounts/login/" in client.get("/your-training/share-codes/")["Location"]


# The organisation's page


def test_the_named_organisation_sees_the_name_and_the_training_and_nothing_else(
    operator_client, operator, operator_manager, driver, quiz, driver_required, authority, driver_role
):
    from tests.fixtures.licensing import licensed

    licensed(authority, driver, "PH00123", driver_role)
    certificate = pass_quiz(driver, quiz).certificate
    share_code = make_code(driver, operator)
    response = enter(operator_client, operator, sharing.display(share_code.code))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dev Driver" in html and "Taxi course" in html and "Compliant" in html
    for private in (driver.email, certificate.display_code, "PH00123", "Eyesbury Licensing"):
        assert private not in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    use = ShareCodeUse.objects.get()
    assert (use.share_code, use.used_by) == (share_code, operator_manager)


def test_a_driver_who_has_not_trained_shows_as_not_started(operator_client, operator, driver, driver_required):
    share_code = make_code(driver, operator)
    html = enter(operator_client, operator, share_code.code).content.decode()
    assert "Dev Driver" in html and "Not started" in html


@pytest.mark.parametrize("problem", ["another organisation", "expired", "withdrawn", "used up", "never issued"])
def test_every_invalid_code_gets_the_same_answer(problem, operator, operator_client, driver, driver_required,
                                                 organisation):
    if problem == "another organisation":
        share_code = make_code(driver, organisation)
    elif problem == "expired":
        share_code = make_code(driver, operator, expires_at=timezone.now() - timedelta(seconds=1))
    elif problem == "withdrawn":
        share_code = make_code(driver, operator, withdrawn_at=timezone.now())
    elif problem == "used up":
        share_code = make_code(driver, operator, max_uses=2)
        for _ in range(2):
            ShareCodeUse.objects.create(share_code=share_code, used_by=None)
    else:
        share_code = ShareCode(code="ABCDE12345")
    before = ShareCodeUse.objects.count()
    response = enter(operator_client, operator, share_code.code)
    html = response.content.decode()
    assert response.status_code == 200 and INVALID in html and "Dev Driver" not in html
    assert ShareCodeUse.objects.count() == before


def test_a_code_works_as_many_times_as_the_driver_said(operator_client, operator, driver, driver_required):
    share_code = make_code(driver, operator, max_uses=2)
    assert "Dev Driver" in enter(operator_client, operator, share_code.code).content.decode()
    assert "Dev Driver" in enter(operator_client, operator, share_code.code).content.decode()
    assert INVALID in enter(operator_client, operator, share_code.code).content.decode()
    assert ShareCodeUse.objects.count() == 2


def test_checks_are_rate_limited_per_manager(operator_client, operator, driver, driver_required):
    share_code = make_code(driver, operator)
    for number in range(10):
        assert enter(operator_client, operator, f"ZZZZZ{number:05}").status_code == 200
    response = enter(operator_client, operator, share_code.code)
    assert response.status_code == 429 and "Dev Driver" not in response.content.decode()
    assert not ShareCodeUse.objects.exists()


def test_only_managers_of_the_organisation_with_mfa_may_check(client, operator, driver, organisation, manager):
    share_code = make_code(driver, operator)
    client.force_login(manager)  # manages another organisation
    assert enter(client, operator, share_code.code).status_code == 404
    client.force_login(driver)
    assert enter(client, operator, share_code.code).status_code == 404
    no_mfa = UserFactory()
    member(operator, no_mfa, role=MemberRole.MANAGER)
    client.force_login(no_mfa)
    response = enter(client, operator, share_code.code)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate/")
    learner = with_totp(UserFactory())
    member(operator, learner, role=MemberRole.LEARNER)
    client.force_login(learner)
    assert enter(client, operator, share_code.code).status_code == 404
    assert not ShareCodeUse.objects.exists()


def test_licensing_authorities_have_no_share_code_page(client, authority):
    lead = with_totp(UserFactory())
    member(authority, lead, role=MemberRole.MANAGER)
    client.force_login(lead)
    assert client.get(f"/organisations/{authority.pk}/share-code/").status_code == 404


def test_managers_and_drivers_find_the_pages_from_their_training(operator_client, operator, driver_client):
    assert "/your-training/share-codes/" in driver_client.get("/your-training/").content.decode()
    html = operator_client.get("/your-training/").content.decode()
    assert "/organisations/share-codes/" in html
    response = operator_client.get("/organisations/share-codes/")
    assert response.status_code == 302 and response["Location"] == f"/organisations/{operator.pk}/share-code/"
    assert "Check a driver's share code" in operator_client.get(response["Location"]).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_use_cannot_be_taken_twice_at_the_same_moment(driver, operator, operator_manager):
    from tests.quizzes.test_concurrency import run_together

    share_code = make_code(driver, operator, max_uses=1)
    outcomes = run_together(
        4, lambda: sharing.share_code_use(organisation=operator, entered=share_code.code, user=operator_manager)
    )
    assert sum(outcome == share_code for outcome in outcomes) == 1 and outcomes.count(None) == 3
    assert ShareCodeUse.objects.count() == 1
