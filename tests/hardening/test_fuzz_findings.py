"""What fuzzing the form handlers found, kept as plain examples so that it stays fixed."""

import pytest
from django.db import DataError

from organisations.invitations import open_invitation
from tests.fixtures.courses import lessons_of
from tests.hardening.test_fuzz_forms import strict_text  # noqa: F401 (the PostgreSQL-strict database)

pytestmark = pytest.mark.django_db
TOO_LARGE = "9223372036854775808"  # one more than the largest 64-bit integer


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_invitation_address_with_a_nul_character_is_not_found(client, home_page, driver, signed_in):
    """Was a 500 on PostgreSQL, which refuses a NUL character in a query."""
    if signed_in:
        client.force_login(driver)
    assert client.get("/invitations/%00/").status_code == 404
    assert client.post("/invitations/abc%00def/").status_code == 404
    assert open_invitation("\x00") is None and open_invitation(None) is None


def test_the_strict_database_is_on_here(driver):
    with pytest.raises(DataError):
        driver.job_roles.create(name="\x00", slug="nul")


def test_a_job_role_number_too_large_for_any_id_is_a_form_error(client, driver, driver_role, hotel_role):
    """Was a 500 on SQLite (OverflowError from the IN query behind the choice of job roles)."""
    client.force_login(driver)
    for job_roles in ([TOO_LARGE], [str(hotel_role.pk), TOO_LARGE], ["-" + TOO_LARGE], ["9" * 5000], ["+-5"]):
        response = client.post("/your-training/job-roles/", {"job_roles": job_roles})
        assert response.status_code == 200, job_roles
        assert "is not a valid value" in response.content.decode()
    assert list(driver.job_roles.all()) == [driver_role]
    response = client.post("/your-training/job-roles/", {"job_roles": [str(hotel_role.pk)]})
    assert response.status_code == 302 and list(driver.job_roles.all()) == [hotel_role]


def test_a_course_or_lesson_number_too_large_for_any_id_is_not_found(client, driver, taxi_course):
    """Was a 500 on SQLite: the lookup by `pk` (the link to the page) passed the number to the database."""
    client.force_login(driver)
    assert client.post(f"/your-training/courses/{TOO_LARGE}/start/").status_code == 404
    assert client.post(f"/your-training/lessons/{TOO_LARGE}/complete/").status_code == 404
    assert client.post(f"/your-training/courses/{taxi_course.pk}/start/").status_code == 302
    assert client.post(f"/your-training/lessons/{lessons_of(taxi_course)[0].pk}/complete/").status_code == 302


def test_a_course_number_too_large_for_any_id_is_a_form_error_for_an_officer(
    officer_client, authority, driver, driver_role, taxi_course, driver_required
):
    from licensing.models import ExternalTraining
    from tests.fixtures.licensing import licensed

    licence = licensed(authority, driver, "PH00123", driver_role)
    response = officer_client.post(
        f"/licensing/{authority.pk}/register/{licence.pk}/external/",
        {"counts_for": str(2**63), "provider": "Another council", "course_name": "CSE awareness",
         "completed_on": "2026-10-26", "expires_on": "2027-09-21", "evidence": "Certificate seen"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ExternalTraining.objects.exists()
