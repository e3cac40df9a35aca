"""Seminars for the driver's and the hotel's job roles, learners to book them, and the co-ordinator."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from eyesandears.accounts.factories import UserFactory
from seminars.choices import SeminarFormat
from seminars.demo import ensure_co_ordinators_can_run_seminars
from seminars.models import Seminar


def make_seminar(*, roles=(), capacity=2, starts_in=timedelta(days=7), minutes=60, **fields):
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    defaults = {
        "title": "Lunchtime seminar",
        "description": "What to look out for.",
        "format": SeminarFormat.IN_PERSON,
        "place": "Committee Room 2, Council House",
        "capacity": capacity,
        "is_published": True,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=minutes),
    }
    seminar = Seminar.objects.create(**{**defaults, **fields})
    seminar.audience_job_roles.set(roles)
    return seminar


def learner(role, email):
    user = UserFactory(email=email, full_name=email.split("@")[0].title())
    user.job_roles.add(role)
    return user


@pytest.fixture
def seminar(driver_role):
    return make_seminar(roles=[driver_role], capacity=2)


@pytest.fixture
def drivers(driver_role):
    return [learner(driver_role, f"driver{number}@example.com") for number in range(1, 5)]


@pytest.fixture
def co_ordinator(db):
    """An editor (the CSE co-ordinator), with the seminar permissions the demo gives the Editors group."""
    user = UserFactory(email="coordinator@example.com", full_name="Cora Ordinator", is_staff=True)
    ensure_co_ordinators_can_run_seminars()
    user.groups.add(Group.objects.get(name="Editors"))
    return user
