"""Attendance counts as training evidence: on the person's record and in the report for their
organisation's managers, scoped to that organisation; and on the learner's own "Your training"."""

from datetime import timedelta

import pytest
from django.utils import dateformat
from wagtail.models import ModelLogEntry

from eyesandears.accounts.factories import UserFactory
from organisations.choices import MemberRole
from seminars import services
from tests.fixtures.organisations import member, with_totp

from .conftest import learner, make_seminar

pytestmark = pytest.mark.django_db


def attended(seminar, users, by):
    """The register saved with these people ticked."""
    bookings = [services.seminar_book(seminar=seminar, user=user) for user in users]
    services.attendance_record(seminar=seminar, attended_ids=[booking.public_id for booking in bookings], by=by)


def long_date(moment):
    from django.utils import timezone

    return dateformat.format(timezone.localtime(moment), "j F Y")


@pytest.fixture
def world(organisation, other_organisation, manager, hotel_role, co_ordinator):
    seminar = make_seminar(roles=[hotel_role], title="Hotel seminar", capacity=10)
    ours = learner(hotel_role, "ours@example.com")
    ours_membership = member(organisation, ours, job_role=hotel_role, name="Olive Ours")
    theirs = learner(hotel_role, "theirs@example.com")
    member(other_organisation, theirs, job_role=hotel_role, name="Theo Theirs")
    booked_only = learner(hotel_role, "booked@example.com")
    member(organisation, booked_only, job_role=hotel_role, name="Bea Booked")
    services.seminar_book(seminar=seminar, user=booked_only)
    attended(seminar, [ours, theirs], co_ordinator)
    return {"seminar": seminar, "ours": ours, "membership": ours_membership, "booked_only": booked_only}


def test_the_persons_record_shows_seminars_attended(client, manager, organisation, world):
    client.force_login(manager)
    page = client.get(f"/organisations/{organisation.pk}/people/{world['membership'].pk}/").content.decode()
    assert "Seminars attended" in page
    assert f"Seminar: Hotel seminar, {long_date(world['seminar'].starts_at)}" in page


def test_a_record_without_attendance_says_so(client, manager, organisation, world):
    client.force_login(manager)
    membership = world["booked_only"].memberships.get()
    page = client.get(f"/organisations/{organisation.pk}/people/{membership.pk}/").content.decode()
    assert "No seminars attended yet." in page


def test_the_dashboard_links_to_the_attendance_report(client, manager, organisation, world):
    client.force_login(manager)
    page = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert f'href="/organisations/{organisation.pk}/seminars/"' in page
    assert "Seminar attendance" in page


def test_the_report_lists_only_the_organisations_people_who_came(client, manager, organisation, world):
    client.force_login(manager)
    response = client.get(f"/organisations/{organisation.pk}/seminars/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Olive Ours" in page and "Seminar: Hotel seminar" in page
    assert "Theo Theirs" not in page  # another organisation's
    assert "Bea Booked" not in page  # booked, not attended
    entry = ModelLogEntry.objects.get(action="seminars.attendance_viewed")
    assert entry.user_id == manager.pk and entry.object_id == str(organisation.pk)


def test_another_organisations_manager_gets_a_404(client, organisation, other_organisation, world):
    other_manager = with_totp(UserFactory(email="other-manager@example.com"))
    member(other_organisation, other_manager, role=MemberRole.MANAGER)
    client.force_login(other_manager)
    assert client.get(f"/organisations/{organisation.pk}/seminars/").status_code == 404
    page = client.get(f"/organisations/{other_organisation.pk}/seminars/").content.decode()
    assert "Theo Theirs" in page and "Olive Ours" not in page


def test_a_learner_cannot_see_the_report(client, organisation, world):
    client.force_login(world["ours"])
    assert client.get(f"/organisations/{organisation.pk}/seminars/").status_code == 404


def test_your_training_shows_booked_and_attended_seminars(client, hotel_role, world, co_ordinator):
    user = world["ours"]
    coming = make_seminar(roles=[hotel_role], title="Coming up", capacity=1, starts_in=timedelta(days=3))
    services.seminar_book(seminar=coming, user=user)
    make_seminar(roles=[hotel_role], title="Open to book")
    seminar = world["seminar"]
    seminar.starts_at, seminar.ends_at = seminar.starts_at - timedelta(days=30), seminar.ends_at - timedelta(days=30)
    seminar.save()
    client.force_login(user)
    page = client.get("/your-training/").content.decode()
    assert "Coming up" in page and "Booked" in page
    assert f"Seminar: Hotel seminar, {long_date(seminar.starts_at)}" in page
    assert "1 seminar you can book" in page


def test_your_training_has_no_seminars_section_when_there_is_nothing_to_show(client, driver_role, drivers):
    client.force_login(drivers[0])
    assert "seminar" not in client.get("/your-training/").content.decode().lower()
