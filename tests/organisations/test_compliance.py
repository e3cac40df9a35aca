"""Compliance is derived from certificates and enrolments, at the boundaries of each state."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment
from organisations.choices import Compliance
from organisations.compliance import compliance_for_memberships, state_for
from organisations.models import RoleRequirement
from tests.fixtures.organisations import member

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("expires_on", "in_progress", "state"),
    [
        (None, False, Compliance.NOT_STARTED),
        (None, True, Compliance.IN_PROGRESS),
        (TODAY, False, Compliance.EXPIRED),  # a certificate is not valid on the day it expires
        (TODAY, True, Compliance.IN_PROGRESS),
        (TODAY + timedelta(days=1), False, Compliance.EXPIRING),
        (TODAY + timedelta(days=60), False, Compliance.EXPIRING),  # the last day of the window
        (TODAY + timedelta(days=61), False, Compliance.COMPLIANT),  # just outside it
        (TODAY + timedelta(days=61), True, Compliance.COMPLIANT),
        (TODAY - timedelta(days=1), False, Compliance.EXPIRED),
    ],
)
def test_state_boundaries(expires_on, in_progress, state):
    assert state_for(expires_on, in_progress, TODAY, 60) == state


def test_the_window_is_a_setting(settings, organisation, driver, taxi_course, driver_role, certificate):
    RoleRequirement.objects.create(job_role=driver_role, course=taxi_course)
    membership = member(organisation, driver, job_role=driver_role)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + timedelta(days=80))
    [person] = compliance_for_memberships([membership], organisation)
    assert person.courses[0].state == Compliance.COMPLIANT
    settings.COMPLIANCE_EXPIRING_DAYS = 90
    [person] = compliance_for_memberships([membership], organisation)
    assert person.courses[0].state == Compliance.EXPIRING


@pytest.fixture
def required(driver_role, taxi_course):
    return RoleRequirement.objects.create(job_role=driver_role, course=taxi_course)


def test_a_person_moves_through_the_states(organisation, driver, driver_role, taxi_course, quiz, required):
    from tests.fixtures.certificates import pass_quiz

    membership = member(organisation, driver, job_role=driver_role)

    def state():
        [person] = compliance_for_memberships([membership], organisation)
        return person.courses[0].state

    assert state() == Compliance.NOT_STARTED
    Enrolment.objects.create(user=driver, course=taxi_course)
    assert state() == Compliance.IN_PROGRESS
    certificate = pass_quiz(driver, quiz).certificate
    assert state() == Compliance.COMPLIANT
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoked_reason="x")
    assert state() == Compliance.NOT_STARTED  # a revoked certificate counts for nothing


def test_an_invited_person_who_has_not_joined_has_not_started(organisation, driver_role, required):
    membership = member(organisation, None, job_role=driver_role, email="new@example.com", name="New Person")
    [person] = compliance_for_memberships([membership], organisation)
    assert [entry.state for entry in person.courses] == [Compliance.NOT_STARTED]


def test_a_refresher_certificate_counts_for_the_course_it_refreshes(organisation, driver, driver_role, course_index,
                                                                   taxi_course, required):
    from quizzes.factories import QuizFactory
    from tests.fixtures.certificates import pass_quiz
    from tests.fixtures.courses import make_course

    refresher = make_course(course_index, roles=[driver_role], title="Refresher", slug="refresher", lessons=1,
                            refreshes=taxi_course)
    pass_quiz(driver, QuizFactory(course=refresher))
    membership = member(organisation, driver, job_role=driver_role)
    [person] = compliance_for_memberships([membership], organisation)
    assert person.courses[0].state == Compliance.COMPLIANT and person.courses[0].course == taxi_course


def test_the_organisation_can_add_its_own_courses(organisation, driver, driver_role, taxi_course, hotel_course,
                                                  required):
    organisation.extra_courses.add(hotel_course)
    membership = member(organisation, driver, job_role=driver_role)
    [person] = compliance_for_memberships([membership], organisation)
    assert [entry.course for entry in person.courses] == [taxi_course, hotel_course]
