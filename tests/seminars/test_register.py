"""The co-ordinator's register: only staff allowed to keep registers open it, and saving it records
who came, who marked it and when."""

import pytest
from django.contrib.auth.models import Group

from eyesandears.accounts.factories import UserFactory
from organisations.choices import MemberRole
from seminars import services
from seminars.demo import ensure_co_ordinators_can_run_seminars
from seminars.models import Booking
from tests.fixtures.organisations import member, with_totp

from .conftest import make_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(seminar, drivers):
    """Two places held and one person waiting."""
    return [services.seminar_book(seminar=seminar, user=driver) for driver in drivers[:3]]


def register_url(seminar):
    return f"/seminars/{seminar.pk}/register/"


def test_the_register_lists_those_with_a_place(client, co_ordinator, seminar, booked, drivers):
    client.force_login(co_ordinator)
    page = client.get(register_url(seminar)).content.decode()
    assert drivers[0].full_name in page and drivers[1].full_name in page
    assert drivers[2].full_name not in page  # waiting, no place
    assert page.count('type="checkbox"') == 2
    assert "Save the register" in page


def test_saving_the_register_records_who_came_who_marked_it_and_when(client, co_ordinator, seminar, booked):
    client.force_login(co_ordinator)
    response = client.post(register_url(seminar), {"attended": [str(booked[0].public_id)]})
    assert response.status_code == 302
    came, missed = Booking.objects.get(pk=booked[0].pk), Booking.objects.get(pk=booked[1].pk)
    assert came.attended and came.attendance_marked_by == co_ordinator and came.attendance_marked_at
    assert not missed.attended and missed.attendance_marked_by == co_ordinator
    assert not Booking.objects.get(pk=booked[2].pk).attended

    page = client.get(register_url(seminar)).content.decode()
    assert f'value="{booked[0].public_id}" id="id_attended_0" checked>' in page
    assert f'value="{booked[1].public_id}" id="id_attended_1">' in page
    client.post(register_url(seminar), {})  # untick everyone
    assert not Booking.objects.filter(attended=True).exists()


def test_someone_without_a_place_cannot_be_marked(client, co_ordinator, seminar, booked):
    client.force_login(co_ordinator)
    response = client.post(register_url(seminar), {"attended": [str(booked[0].public_id), str(booked[2].public_id)]})
    assert response.status_code == 400
    assert "does not have a place at this seminar" in response.content.decode()
    assert not Booking.objects.filter(attendance_marked_at__isnull=False).exists()
    response = client.post(register_url(seminar), {"attended": ["not-a-booking"]})
    assert response.status_code == 400


def test_a_booking_at_another_seminar_cannot_be_marked_here(
    client, co_ordinator, seminar, booked, driver_role, drivers
):
    other = make_seminar(roles=[driver_role], title="Another")
    elsewhere = services.seminar_book(seminar=other, user=drivers[3])
    client.force_login(co_ordinator)
    assert client.post(register_url(seminar), {"attended": [str(elsewhere.public_id)]}).status_code == 400
    assert not Booking.objects.get(pk=elsewhere.pk).attended


@pytest.mark.parametrize("who", ["learner", "manager", "staff without the permission"])
def test_only_staff_allowed_to_keep_registers_open_one(client, seminar, booked, drivers, organisation, who):
    people = {
        "learner": lambda: drivers[0],
        "manager": lambda: member(organisation, with_totp(UserFactory()), role=MemberRole.MANAGER).user,
        "staff without the permission": lambda: UserFactory(is_staff=True),
    }
    client.force_login(people[who]())
    assert client.get(register_url(seminar)).status_code == 403
    assert client.post(register_url(seminar), {"attended": [str(booked[0].public_id)]}).status_code == 403
    assert client.get("/seminars/registers/").status_code == 403
    assert not Booking.objects.filter(attended=True).exists()


def test_signed_out_people_are_sent_to_sign_in(client, seminar, booked):
    response = client.post(register_url(seminar), {"attended": [str(booked[0].public_id)]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Booking.objects.filter(attended=True).exists()


def test_staff_without_an_authenticator_app_set_one_up_first(client, seminar, booked):
    staff = UserFactory(is_staff=True, totp=False)
    ensure_co_ordinators_can_run_seminars()
    staff.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(staff)
    response = client.get(register_url(seminar))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_the_demo_groups_may_keep_registers(client, seminar, booked):
    ensure_co_ordinators_can_run_seminars()
    for group in ("Editors", "Moderators"):
        staff = UserFactory(is_staff=True)
        staff.groups.add(Group.objects.get(name=group))
        client.force_login(staff)
        assert client.get(register_url(seminar)).status_code == 200, group


def test_the_registers_list_links_to_each_register(client, co_ordinator, seminar, booked):
    client.force_login(co_ordinator)
    page = client.get("/seminars/registers/").content.decode()
    assert f'href="{register_url(seminar)}"' in page
    assert "2 booked" in page
