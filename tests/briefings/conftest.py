"""Briefings under an index with the "CSE co-ordinator review" workflow, and learners in job roles."""

import pytest

from briefings.factories import BriefingIndexPageFactory, BriefingPageFactory
from courses.demo import ensure_review_workflow
from courses.factories import JobRoleFactory
from eyesandears.accounts.factories import UserFactory


@pytest.fixture
def youth_role(db):
    return JobRoleFactory(name="Youth and play worker", slug="youth-play-worker")


@pytest.fixture
def briefing_index(home_page):
    index = BriefingIndexPageFactory(parent=home_page)
    ensure_review_workflow(index)
    return index


def learner(email, *roles, **fields):
    user = UserFactory(email=email, **fields)
    user.job_roles.add(*roles)
    return user


@pytest.fixture
def hotel_learners(hotel_role):
    return [learner(f"hotel{number}@example.com", hotel_role) for number in range(3)]


@pytest.fixture
def youth_learner(youth_role):
    return learner("youth@example.com", youth_role)


def draft_briefing(index, *roles, **fields):
    return BriefingPageFactory(parent=index, job_roles=list(roles), **fields)


def publish(briefing, captured):
    """Publish the briefing as an approver would, running what waits for the commit (the mailout)."""
    with captured(execute=True):
        briefing.save_revision().publish()
    briefing.refresh_from_db()
    return briefing


@pytest.fixture
def published(briefing_index, hotel_role, driver_role, hotel_learners, django_capture_on_commit_callbacks):
    """A required briefing for hotel staff and drivers, published (and e-mailed to the hotel learners)."""
    briefing = draft_briefing(briefing_index, hotel_role, driver_role, title="Operation Makesafe", required=True)
    return publish(briefing, django_capture_on_commit_callbacks)


def briefing_mail(outbox, title="Operation Makesafe"):
    """The briefing e-mails in the outbox (not Wagtail's own notices to editors, which name the page too)."""
    return [message for message in outbox if message.subject in (f"Briefing: {title}", f"Required briefing: {title}")]
