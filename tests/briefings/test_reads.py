"""Read receipts: opening a briefing signed in, or "Mark as read", records it once; the learner's page
lists unread briefings for their job roles; managers see who in their organisation has read each
required briefing, and nobody else's people."""

import pytest
from django.urls import reverse

from briefings.models import BriefingRead
from eyesandears.accounts.factories import UserFactory
from organisations.choices import MemberRole
from tests.fixtures.organisations import member, with_totp

from .conftest import draft_briefing, learner, publish

pytestmark = pytest.mark.django_db


def your_training(client):
    return client.get(reverse("courses:your_training")).content.decode()


def test_reading_a_briefing_signed_in_records_it_once(client, published, hotel_learners):
    client.force_login(hotel_learners[0])
    assert not BriefingRead.objects.exists()
    first = client.get(published.url)
    assert first.status_code == 200
    assert "You read this briefing on" in first.content.decode()
    client.get(published.url)
    assert BriefingRead.objects.filter(briefing=published).count() == 1
    assert BriefingRead.objects.get(briefing=published).user == hotel_learners[0]


def test_reading_without_signing_in_records_nothing(client, published):
    response = client.get(published.url)
    assert response.status_code == 200
    assert "Sign in</a> to record that you have read this briefing" in response.content.decode()
    assert not BriefingRead.objects.exists()


def test_your_training_lists_unread_briefings_for_the_learners_roles(
    client, published, hotel_learners, briefing_index, youth_role, django_capture_on_commit_callbacks
):
    publish(draft_briefing(briefing_index, youth_role, title="For youth workers"), django_capture_on_commit_callbacks)
    client.force_login(hotel_learners[0])
    page = your_training(client)
    assert "Briefings for your job" in page and "Operation Makesafe" in page
    assert "Required: not read" in page
    assert "For youth workers" not in page
    client.get(published.url)
    page = your_training(client)
    assert "Operation Makesafe" not in page and "You have read every briefing for your job." in page
    assert "Stop briefing e-mails" in page  # the choice of e-mails stays to hand


def test_mark_as_read_records_it_without_opening_the_briefing(client, published, hotel_learners):
    client.force_login(hotel_learners[0])
    response = client.post(reverse("briefings:mark_read", args=[published.pk]))
    assert response.status_code == 302 and response.url == reverse("courses:your_training")
    assert BriefingRead.objects.filter(briefing=published, user=hotel_learners[0]).exists()
    client.post(reverse("briefings:mark_read", args=[published.pk]))
    assert BriefingRead.objects.filter(briefing=published).count() == 1
    page = your_training(client)
    assert "You have read every briefing for your job." in page and "Mark as read" not in page


def test_mark_as_read_needs_a_post_and_a_published_briefing(client, published, hotel_learners, briefing_index,
                                                           hotel_role):
    client.force_login(hotel_learners[0])
    assert client.get(reverse("briefings:mark_read", args=[published.pk])).status_code == 405
    draft = draft_briefing(briefing_index, hotel_role, title="Draft")
    assert client.post(reverse("briefings:mark_read", args=[draft.pk])).status_code == 404
    assert client.post(reverse("briefings:mark_read", args=[10**30])).status_code == 404


# Managers


@pytest.fixture
def station(organisation, manager, hotel_role, hotel_learners):
    """Station Hotel: its manager and two of the hotel learners (the third works elsewhere)."""
    for user in hotel_learners[:2]:
        member(organisation, user, job_role=hotel_role)
    member(organisation, None, email="invited@example.com", name="Ivy Invited", job_role=hotel_role)
    return organisation


@pytest.fixture
def harbour(other_organisation, hotel_role, hotel_learners):
    member(other_organisation, hotel_learners[2], job_role=hotel_role, name="Harbour Person")
    boss = with_totp(UserFactory(email="harbour-manager@example.com"))
    member(other_organisation, boss, role=MemberRole.MANAGER, job_role=hotel_role)
    return other_organisation, boss


def report(client, organisation, briefing=None):
    if briefing is None:
        return client.get(reverse("briefings:read_report", args=[organisation.pk]))
    return client.get(reverse("briefings:read_report_briefing", args=[organisation.pk, briefing.pk]))


def test_the_manager_sees_who_has_read_a_required_briefing(client, published, station, manager, hotel_learners,
                                                          harbour):
    reader, not_reader = hotel_learners[0], hotel_learners[1]
    client.force_login(reader)
    client.get(published.url)
    client.force_login(hotel_learners[2])  # in the other organisation
    client.get(published.url)

    client.force_login(manager)
    dashboard = client.get(reverse("organisations:dashboard", args=[station.pk])).content.decode()
    assert reverse("briefings:read_report", args=[station.pk]) in dashboard and "Briefings read" in dashboard

    summary = report(client, station)
    assert summary.status_code == 200
    rows = {row.briefing.title: (row.read, row.not_read) for row in summary.context["rows"]}
    # the manager, two learners and an invited person hold the role; one of them has read it
    assert rows == {"Operation Makesafe": (1, 3)}

    detail = report(client, station, published)
    assert detail.status_code == 200
    page = detail.content.decode()
    assert reader.full_name in page and not_reader.full_name in page and "Ivy Invited" in page
    assert "Harbour Person" not in page and hotel_learners[2].full_name not in page
    not_read = client.get(
        reverse("briefings:read_report_briefing", args=[station.pk, published.pk]), {"show": "not_read"}
    )
    names = [person.membership.full_name for person in not_read.context["people_page"]]
    assert reader.full_name not in names and not_reader.full_name in names


def test_only_required_briefings_for_the_organisations_roles_are_in_the_report(
    client, published, station, manager, briefing_index, hotel_role, youth_role, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    optional = publish(draft_briefing(briefing_index, hotel_role, title="Optional"), captured)
    elsewhere = publish(draft_briefing(briefing_index, youth_role, title="Youth only", required=True), captured)
    client.force_login(manager)
    assert [row.briefing.title for row in report(client, station).context["rows"]] == ["Operation Makesafe"]
    assert report(client, station, optional).status_code == 404
    assert report(client, station, elsewhere).status_code == 404


def test_another_organisations_manager_cannot_see_the_report(client, published, station, harbour):
    _harbour, boss = harbour
    client.force_login(boss)
    assert report(client, station).status_code == 404
    assert report(client, station, published).status_code == 404


def test_learners_and_strangers_cannot_see_the_report(client, published, station, hotel_learners):
    assert report(client, station).status_code == 302  # to sign in
    client.force_login(hotel_learners[0])
    assert report(client, station).status_code == 404
    assert report(client, station, published).status_code == 404


def test_a_persons_record_shows_their_briefings(client, published, station, manager, hotel_learners):
    from organisations.models import Membership

    client.force_login(hotel_learners[0])
    client.get(published.url)
    client.force_login(manager)
    reader = Membership.objects.get(organisation=station, user=hotel_learners[0])
    page = client.get(reverse("organisations:person", args=[station.pk, reader.pk])).content.decode()
    assert "<h2 class=\"heading-l\">Briefings</h2>" in page and "Operation Makesafe" in page and "Read " in page
    other = Membership.objects.get(organisation=station, user=hotel_learners[1])
    page = client.get(reverse("organisations:person", args=[station.pk, other.pk])).content.decode()
    assert "Not read" in page


def test_reading_a_translation_counts_for_the_original(client, published, hotel_learners):
    from tests.fixtures.translations import translate

    for ancestor in published.get_ancestors().filter(depth__gte=2).specific():
        translate(ancestor, "ur")
    urdu = translate(published, "ur")
    client.force_login(hotel_learners[0])
    assert client.get(urdu.url).status_code == 200
    assert BriefingRead.objects.get(user=hotel_learners[0]).briefing_id == published.pk


def test_a_learner_who_has_no_role_sees_no_briefing_section(client, published):
    someone = learner("norole@example.com")
    client.force_login(someone)
    assert "Briefings for your job" not in your_training(client)
