"""Checking one driver by licence number or certificate code, the record of each check, and reading only."""

import pytest

from courses.models import Enrolment
from eyesandears.accounts.factories import UserFactory
from licensing.models import CheckRecord, Licence
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed

pytestmark = pytest.mark.django_db


def check(client, authority, entered):
    response = client.get(f"/licensing/{authority.pk}/", {"q": entered})
    assert response.status_code == 302, response.content.decode()[:300]
    return client.get(response["Location"])


def test_a_compliant_driver_by_licence_number_in_any_form(officer_client, authority, driver, driver_role, quiz,
                                                          driver_required):
    licensed(authority, driver, "PH00123", driver_role)
    certificate = pass_quiz(driver, quiz).certificate
    html = check(officer_client, authority, " ph-00123 ").content.decode()
    assert '<h1 class="panel__title">Compliant</h1>' in html
    assert "Dev Driver" in html and certificate.display_code in html and "Passed" in html
    record = CheckRecord.objects.get()
    assert (record.officer.email, record.driver, record.method, record.outcome) == (
        "officer@example.com", driver, "licence_number", "compliant")


def test_a_driver_who_has_not_passed_is_not_compliant(officer_client, authority, driver, driver_role, taxi_course,
                                                      driver_required):
    licensed(authority, driver, "PH00123", driver_role)
    Enrolment.objects.create(user=driver, course=taxi_course)
    html = check(officer_client, authority, "PH00123").content.decode()
    assert '<h1 class="panel__title">Not compliant</h1>' in html and "In progress" in html


def test_an_unconfirmed_number_never_makes_a_driver_compliant(officer_client, authority, driver, driver_role, quiz,
                                                              driver_required):
    licensed(authority, driver, "PH00999", driver_role, confirmed=False)
    pass_quiz(driver, quiz)
    html = check(officer_client, authority, "PH00999").content.decode()
    assert "Licence number not confirmed" in html
    assert CheckRecord.objects.get().outcome == "unconfirmed"


def test_an_unknown_number_is_recorded_as_such(officer_client, authority):
    html = check(officer_client, authority, "ZZ999").content.decode()
    assert "No such licence on your register" in html
    assert CheckRecord.objects.get().outcome == "unknown"


def test_check_by_certificate_code(officer_client, authority, driver, driver_role, quiz, driver_required):
    licensed(authority, driver, "PH00123", driver_role)
    certificate = pass_quiz(driver, quiz).certificate
    html = check(officer_client, authority, certificate.display_code.lower()).content.decode()
    assert '<h1 class="panel__title">Compliant</h1>' in html and "PH00123" in html
    assert CheckRecord.objects.get().method == "certificate_code"


def test_a_certificate_of_someone_not_on_the_register(officer_client, authority, driver, quiz):
    certificate = pass_quiz(driver, quiz).certificate
    html = check(officer_client, authority, certificate.code).content.decode()
    assert "Not on your register" in html and certificate.display_code in html


def test_the_driver_sees_who_checked_and_when(officer_client, authority, driver, driver_role, driver_required):
    from django.test import Client

    licensed(authority, driver, "PH00123", driver_role)
    check(officer_client, authority, "PH00123")
    client = Client()
    client.force_login(driver)
    html = client.get("/your-training/licence/").content.decode()
    assert "Eyesbury Licensing" in html and "By licence number" in html
    assert "Olu Officer" not in html


def test_officers_of_another_authority_learn_nothing(client, authority, driver, driver_role, driver_required):
    from organisations.choices import MemberRole, OrganisationKind
    from organisations.models import Organisation
    from tests.fixtures.organisations import member, with_totp

    licensed(authority, driver, "PH00123", driver_role)
    other = Organisation.objects.create(name="Elsewhere", kind=OrganisationKind.LICENSING_AUTHORITY)
    stranger = with_totp(UserFactory())
    member(other, stranger, role=MemberRole.LICENSING_OFFICER)
    client.force_login(stranger)
    assert client.get(f"/licensing/{authority.pk}/", {"q": "PH00123"}).status_code == 404
    html = check(client, other, "PH00123").content.decode()
    assert "No such licence on your register" in html and "Dev Driver" not in html


def test_only_officers_with_mfa_may_check(client, authority, driver):
    from organisations.choices import MemberRole
    from tests.fixtures.organisations import member

    officer = UserFactory()
    member(authority, officer, role=MemberRole.LICENSING_OFFICER)
    client.force_login(officer)
    response = client.get(f"/licensing/{authority.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate/")
    client.force_login(driver)
    assert client.get(f"/licensing/{authority.pk}/").status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(f"/licensing/{authority.pk}/")["Location"]


def test_officers_change_no_training_record(officer_client, authority, driver, driver_role, quiz, driver_required):
    from certificates.models import Certificate
    from quizzes.models import Attempt

    licensed(authority, driver, "PH00123", driver_role)
    pass_quiz(driver, quiz)
    before = (list(Certificate.objects.values()), list(Attempt.objects.values()), list(Enrolment.objects.values()))
    record_page = check(officer_client, authority, "PH00123")
    assert record_page.status_code == 200
    after = (list(Certificate.objects.values()), list(Attempt.objects.values()), list(Enrolment.objects.values()))
    assert before == after


def test_a_driver_adds_a_licence_number_and_an_officer_confirms_it(officer_client, authority, driver, driver_role):
    from django.test import Client

    client = Client()
    client.force_login(driver)
    response = client.post("/your-training/licence/", {"authority": authority.pk, "number": "ph 00777",
                                                       "kind": "private_hire"})
    assert response.status_code == 302
    licence = Licence.objects.get()
    assert licence.number == "PH00777" and not licence.confirmed
    assert "Waiting for the licensing office" in client.get("/your-training/licence/").content.decode()
    html = officer_client.get(f"/licensing/{authority.pk}/register/").content.decode()
    assert "PH00777" in html and "Confirm" in html
    officer_client.post(f"/licensing/{authority.pk}/register/{licence.pk}/confirm/")
    licence.refresh_from_db()
    assert licence.confirmed and licence.confirmed_by.email == "officer@example.com"


def test_a_number_confirmed_for_one_driver_cannot_be_confirmed_for_another(officer_client, authority, driver,
                                                                         driver_role):
    licensed(authority, driver, "PH00123", driver_role)
    impostor = UserFactory()
    claim = licensed(authority, impostor, "PH00123", driver_role, confirmed=False)
    officer_client.post(f"/licensing/{authority.pk}/register/{claim.pk}/confirm/")
    claim.refresh_from_db()
    assert not claim.confirmed
    html = check(officer_client, authority, "PH00123").content.decode()
    assert "Dev Driver" in html  # the confirmed entry answers


def test_officers_may_download_the_certificates_of_drivers_on_their_register(officer_client, authority, driver,
                                                                             driver_role, quiz):
    licensed(authority, driver, "PH00123", driver_role)
    certificate = pass_quiz(driver, quiz).certificate
    assert officer_client.get(f"/certificates/{certificate.public_id}/").status_code == 200


def test_a_removed_holders_certificate_checks_as_holder_removed(officer_client, authority, driver, quiz):
    from eyesandears.accounts.erasure import person_remove

    certificate = pass_quiz(driver, quiz).certificate
    name = certificate.name_as_printed
    person_remove(user_id=driver.pk, reason="closed")

    html = check(officer_client, authority, certificate.code).content.decode()

    assert "holder removed" in html and certificate.display_code in html
    assert name not in html
