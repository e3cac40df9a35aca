"""'Your training': the courses a learner's job roles need, each with its status."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from courses.choices import TrainingStatus
from courses.models import Enrolment, JobRole
from courses.selectors import standing_from, training_tasks
from tests.fixtures.courses import make_course

pytestmark = pytest.mark.django_db


def test_the_task_list_shows_the_courses_for_the_learners_roles_only(client, driver, taxi_course, hotel_course):
    client.force_login(driver)
    html = client.get("/your-training/").content.decode()
    assert "Taxi course" in html
    assert "Hotel course" not in html
    assert 'class="tag tag--not_started">Not started' in html


def test_a_learner_without_a_role_is_asked_to_choose_one(client, taxi_course):
    from eyesandears.accounts.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get("/your-training/").content.decode()
    assert "Choose your job role" in html
    assert "Taxi course" not in html


def test_choosing_job_roles_changes_the_task_list(client, driver, hotel_role, taxi_course, hotel_course):
    client.force_login(driver)
    response = client.post("/your-training/job-roles/", {"job_roles": [hotel_role.pk]})
    assert response["Location"] == "/your-training/"
    assert list(driver.job_roles.all()) == [hotel_role]
    html = client.get("/your-training/").content.decode()
    assert "Hotel course" in html and "Taxi course" not in html


def test_choosing_no_role_shows_an_error_and_changes_nothing(client, driver, driver_role):
    client.force_login(driver)
    html = client.post("/your-training/job-roles/", {}).content.decode()
    assert "There is a problem" in html and "Select at least one job role." in html
    assert list(driver.job_roles.all()) == [driver_role]


def test_an_unknown_role_is_refused(client, driver, driver_role):
    client.force_login(driver)
    response = client.post("/your-training/job-roles/", {"job_roles": ["999999"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(driver.job_roles.all()) == [driver_role]


def test_the_task_list_needs_sign_in(client):
    response = client.get("/your-training/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_statuses_follow_progress_completion_and_expiry(driver, taxi_course):
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.NOT_STARTED
    enrolment = Enrolment.objects.create(user=driver, course=taxi_course)
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.IN_PROGRESS
    completed = timezone.now() - timedelta(days=30)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=completed)
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.COMPLETED
    assert task.standing.expires_on == timezone.localtime(completed).date() + relativedelta(months=36)


@pytest.mark.parametrize(
    ("completed_days_ago", "status"),
    [
        (10, TrainingStatus.COMPLETED),
        (365 * 3 - 30, TrainingStatus.REFRESHER_DUE),
        (365 * 3 + 5, TrainingStatus.EXPIRED),
    ],
)
def test_a_pass_is_due_for_refresher_in_its_last_60_days_then_expires(completed_days_ago, status, driver, taxi_course):
    completed = timezone.now() - timedelta(days=completed_days_ago)
    Enrolment.objects.create(user=driver, course=taxi_course)
    Enrolment.objects.filter(user=driver).update(completed_at=completed)
    [task] = training_tasks(user=driver)
    assert task.standing.status == status


def test_an_open_enrolment_after_expiry_shows_in_progress(driver, taxi_course):
    old = Enrolment.objects.create(user=driver, course=taxi_course)
    Enrolment.objects.filter(pk=old.pk).update(completed_at=timezone.now() - timedelta(days=365 * 4))
    Enrolment.objects.create(user=driver, course=taxi_course)
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.IN_PROGRESS


def test_a_refresher_renews_the_course_it_refreshes_and_is_offered_when_due(driver, driver_role, course_index,
                                                                            taxi_course):
    refresher = make_course(course_index, roles=[driver_role], title="Taxi refresher", slug="taxi-refresher",
                            lessons=1, refreshes=taxi_course)
    old = Enrolment.objects.create(user=driver, course=taxi_course)
    Enrolment.objects.filter(pk=old.pk).update(completed_at=timezone.now() - timedelta(days=365 * 3 - 10))
    [task] = training_tasks(user=driver)  # the refresher is not a separate task
    assert task.course == taxi_course
    assert task.standing.status == TrainingStatus.REFRESHER_DUE
    assert task.action_course == refresher
    renewed = Enrolment.objects.create(user=driver, course=refresher)
    Enrolment.objects.filter(pk=renewed.pk).update(completed_at=timezone.now())
    [task] = training_tasks(user=driver)
    assert task.standing.status == TrainingStatus.COMPLETED
    assert task.action_course == taxi_course


def test_standing_with_no_enrolments_is_not_started():
    assert standing_from([], 36).status == TrainingStatus.NOT_STARTED


def test_job_roles_are_a_model_the_council_can_extend(db):
    JobRole.objects.create(name="Door staff", slug="door-staff")
    assert JobRole.objects.filter(slug="door-staff").exists()


def test_the_page_title_is_just_the_page_name(client, driver, taxi_course):
    client.force_login(driver)
    html = client.get("/your-training/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Your training –") and "<" not in title
    assert "Your certificates" in html.split("<footer")[0]
