"""A driver with a record of every kind the service holds about a person, and another learner whose
records must never show up in the driver's download or be touched when the driver is removed."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from certificates import services as certificate_services
from eyesandears.accounts.factories import UserFactory
from licensing import sharing
from licensing.models import ExternalTraining, RenewalReminder
from organisations.models import Invitation
from quizzes import services as quiz_services
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import member, with_totp

LICENCE_NUMBER = "PH00123"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_browser(officer):
    return signed_in(officer)


@pytest.fixture
def manager_browser(manager):
    return signed_in(manager)


@pytest.fixture
def everything(driver, driver_role, quiz, taxi_course, authority, officer, organisation, manager,
               officer_browser, manager_browser):
    """The driver (Dev Driver) with training, a passed quiz and its certificate PDF, an unfinished
    attempt, a confirmed licence with a renewal reminder, a hotel membership through an accepted
    invitation, a share code the hotel's manager used, training from another provider, an
    authenticator app, a check by a licensing officer and a look at their record by the manager."""
    now = timezone.now()
    attempt = pass_quiz(driver, quiz)
    certificate = certificate_services.certificate_render_pdf(certificate_id=attempt.certificate.pk)
    open_attempt = quiz_services.attempt_start(user=driver, quiz=quiz)
    renewal_on = timezone.localdate() + timedelta(days=90)
    licence = licensed(authority, driver, LICENCE_NUMBER, driver_role, expires_on=renewal_on)
    RenewalReminder.objects.create(licence=licence, renewal_on=licence.expires_on)
    membership = member(organisation, driver, job_role=driver_role, reference="BADGE-7")
    Invitation.objects.create(
        membership=membership, invited_by=manager, sent_at=now, expires_at=now + timedelta(days=14), accepted_at=now
    )
    share_code = sharing.share_code_create(driver=driver, organisation=organisation)
    assert sharing.share_code_use(organisation=organisation, entered=share_code.code, user=manager)
    external = ExternalTraining.objects.create(
        authority=authority, driver=driver, counts_for=taxi_course, provider="Safe Cabs Training Ltd",
        course_name="Safeguarding for drivers", completed_on=timezone.localdate() - timedelta(days=30),
        expires_on=timezone.localdate() + timedelta(days=700), evidence="Certificate 1234 seen on screen",
        recorded_by=officer,
    )
    with_totp(driver)
    response = officer_browser.get(f"/licensing/{authority.pk}/", {"q": LICENCE_NUMBER})
    assert response.status_code == 302
    assert manager_browser.get(f"/organisations/{organisation.pk}/people/{membership.pk}/").status_code == 200
    return SimpleNamespace(
        driver=driver, attempt=attempt, open_attempt=open_attempt, certificate=certificate, licence=licence,
        membership=membership, share_code=share_code, external=external,
    )


@pytest.fixture
def other_learner(quiz):
    """Olive Other, who passed the same quiz and has her own certificate PDF."""
    other = UserFactory(email="olive.other@example.com", full_name="Olive Other")
    attempt = pass_quiz(other, quiz)
    certificate = certificate_services.certificate_render_pdf(certificate_id=attempt.certificate.pk)
    return SimpleNamespace(user=other, attempt=attempt, certificate=certificate)
