"""The co-ordinator manages seminars in the Wagtail admin; the demo seeds two, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from seminars import demo, services
from seminars.choices import SeminarFormat
from seminars.models import Booking, Seminar

pytestmark = pytest.mark.django_db


def form_data(role, **changes):
    starts_at = timezone.localtime(timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    data = {
        "title": "Evening seminar",
        "description": "What to do.",
        "audience_job_roles": [role.pk],
        "starts_at": starts_at.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts_at + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "format": SeminarFormat.IN_PERSON,
        "place": "Council House",
        "link": "",
        "capacity": "2",
        "is_published": "on",
    }
    return {**data, **changes}


def test_the_co_ordinator_adds_a_seminar(client, co_ordinator, driver_role):
    client.force_login(co_ordinator)
    response = client.post("/admin/seminars/new/", form_data(driver_role))
    assert response.status_code == 302
    seminar = Seminar.objects.get()
    assert seminar.is_published and list(seminar.audience_job_roles.all()) == [driver_role]
    listing = client.get("/admin/seminars/").content.decode()
    assert "Evening seminar" in listing and f'href="/seminars/{seminar.pk}/register/"' in listing


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"format": SeminarFormat.ONLINE, "link": ""}, "Give the joining link of an online seminar."),
        ({"format": SeminarFormat.ONLINE, "link": "http://meet.example.com/x"}, "must start with https://"),
        ({"place": ""}, "Give the room and address of a face-to-face seminar."),
        ({"capacity": "0"}, "greater than or equal to 1"),
    ],
)
def test_a_seminar_that_makes_no_sense_is_refused(client, co_ordinator, driver_role, changes, field):
    client.force_login(co_ordinator)
    response = client.post("/admin/seminars/new/", form_data(driver_role, **changes))
    assert response.status_code == 200
    assert field in response.content.decode()
    assert not Seminar.objects.exists()


def test_more_places_in_the_admin_go_to_those_waiting(client, co_ordinator, seminar, drivers):
    for driver in drivers[:3]:
        services.seminar_book(seminar=seminar, user=driver)
    client.force_login(co_ordinator)
    data = form_data(seminar.audience_job_roles.get(), capacity="3", title=seminar.title)
    response = client.post(f"/admin/seminars/edit/{seminar.pk}/", data)
    assert response.status_code == 302
    assert Booking.objects.filter(seminar=seminar, status="booked").count() == 3


def test_the_co_ordinator_cannot_delete_a_seminar_and_its_evidence(client, co_ordinator, seminar):
    client.force_login(co_ordinator)
    client.post(f"/admin/seminars/delete/{seminar.pk}/")
    assert Seminar.objects.filter(pk=seminar.pk).exists()


def test_learners_cannot_open_the_seminar_admin(client, drivers):
    client.force_login(drivers[0])
    response = client.get("/admin/seminars/")
    assert response.status_code == 302
    assert not response["Location"].startswith("/admin/seminars/")


def test_the_demo_seeds_two_upcoming_seminars_once(settings):
    from courses.demo import ensure_job_roles

    ensure_job_roles()
    demo.seed()
    demo.seed()
    seminars = list(Seminar.objects.order_by("starts_at"))
    assert [seminar.format for seminar in seminars] == [SeminarFormat.IN_PERSON, SeminarFormat.ONLINE]
    assert "Council House" in seminars[0].place
    for seminar in seminars:
        seminar.full_clean()
        assert seminar.is_published and seminar.starts_at > timezone.now()
        assert seminar.audience_job_roles.count() == 4


def test_fewer_places_than_are_booked_is_refused_even_when_someone_books_after_the_form_was_checked(
    client, co_ordinator, seminar, drivers, monkeypatch
):
    services.seminar_book(seminar=seminar, user=drivers[0])
    checked = Seminar.clean

    def check_then_someone_books(instance):
        checked(instance)  # one place booked: lowering the capacity to 1 passes the form's check
        services.seminar_book(seminar=instance, user=drivers[1])

    monkeypatch.setattr(Seminar, "clean", check_then_someone_books)
    client.force_login(co_ordinator)
    data = form_data(seminar.audience_job_roles.get(), capacity="1", title=seminar.title)
    response = client.post(f"/admin/seminars/edit/{seminar.pk}/", data)
    assert response.status_code == 200
    assert "2 places are booked already: keep at least that many." in response.content.decode()
    seminar.refresh_from_db()
    assert seminar.capacity == 2 and seminar.bookings.booked().count() == 2
