"""The briefing pages make as many queries with many briefings or people as with a few."""

import pytest
from django.test import Client

from organisations.models import Membership
from tests.fixtures.organisations import member
from tests.performance.counts import Grower, assert_flat, queries

from .conftest import draft_briefing, learner

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def published_briefing(index, roles, number, **fields):
    briefing = draft_briefing(index, *roles, title=f"Briefing {number}", slug=f"briefing-{number}",
                              email_learners=False, **fields)
    briefing.save_revision().publish()
    return briefing


def test_your_training_with_more_unread_briefings(briefing_index, hotel_role):
    reader = learner("reader@example.com", hotel_role)
    client = signed_in(reader)
    grow = Grower(lambda number: published_briefing(briefing_index, [hotel_role], number))
    assert_flat("your training (briefings)", "unread briefings",
                lambda: queries(client, "/your-training/", contains="Briefings for your job"), grow)


def test_the_briefing_index_with_more_briefings(client, briefing_index, hotel_role):
    grow = Grower(lambda number: published_briefing(briefing_index, [hotel_role], number))
    assert_flat("briefing index", "briefings", lambda: queries(client, briefing_index.url), grow)


def test_the_read_report_with_more_people_and_briefings(briefing_index, organisation, manager, hotel_role):
    client = signed_in(manager)

    def person_and_briefing(number):
        person = learner(f"person{number}@example.com", hotel_role)
        member(organisation, person, job_role=hotel_role)
        briefing = published_briefing(briefing_index, [hotel_role], number, required=True)
        if number % 2:
            signed_in(person).get(briefing.url)
        return briefing

    grow = Grower(person_and_briefing)
    report = f"/organisations/{organisation.pk}/briefings/"
    assert_flat("briefings read", "people and briefings", lambda: queries(client, report, contains="Briefing 2"), grow)
    first = grow.made[0]
    assert_flat("briefing readers", "people", lambda: queries(client, f"{report}{first.pk}/"), grow)


def test_a_persons_record_with_more_briefings(briefing_index, organisation, manager, hotel_role):
    client = signed_in(manager)
    person = member(organisation, learner("person@example.com", hotel_role), job_role=hotel_role)
    grow = Grower(lambda number: published_briefing(briefing_index, [hotel_role], number, required=True))
    path = f"/organisations/{organisation.pk}/people/{Membership.objects.get(pk=person.pk).pk}/"
    assert_flat("person's record (briefings)", "briefings", lambda: queries(client, path, contains="Briefing 2"), grow)
