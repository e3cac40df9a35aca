"""The learner's journey: reading, enrolling, marking lessons complete, resuming, finishing."""

import pytest

from courses.choices import TrainingStatus
from courses.models import Enrolment, LessonProgress
from courses.selectors import course_outline
from courses.services import enrolment_start
from tests.fixtures.courses import lessons_of

pytestmark = pytest.mark.django_db


def complete(client, lesson):
    return client.post(f"/your-training/lessons/{lesson.pk}/complete/")


def test_anyone_can_read_a_lesson_and_is_invited_to_sign_in(client, taxi_course):
    first, second, _ = lessons_of(taxi_course)
    html = client.get(first.url).content.decode()
    assert "Lesson 1 of 3" in html
    assert '<progress class="lesson-progress__bar" max="3" value="1"' in html
    assert f'href="{second.url}"' in html
    assert "Sign in</a> to save your progress" in html
    assert "Mark as complete" not in html


def test_marking_complete_requires_sign_in_and_a_post(client, taxi_course, driver):
    first = lessons_of(taxi_course)[0]
    response = complete(client, first)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(driver)
    assert client.get(f"/your-training/lessons/{first.pk}/complete/").status_code == 405
    assert not Enrolment.objects.exists()


def test_starting_a_course_enrols_once_and_opens_the_first_lesson(client, taxi_course, driver):
    client.force_login(driver)
    first = lessons_of(taxi_course)[0]
    for _ in range(2):
        response = client.post(f"/your-training/courses/{taxi_course.pk}/start/")
        assert response["Location"] == first.url
    assert Enrolment.objects.filter(user=driver, course=taxi_course).count() == 1


def test_each_lesson_leads_to_the_next_and_the_last_completes_the_course(client, taxi_course, driver):
    client.force_login(driver)
    first, second, third = lessons_of(taxi_course)
    assert complete(client, first)["Location"] == second.url
    assert complete(client, second)["Location"] == third.url
    enrolment = Enrolment.objects.get(user=driver)
    assert enrolment.completed_at is None
    assert complete(client, third)["Location"] == "/your-training/"
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 3


def test_coming_back_resumes_at_the_first_unfinished_lesson(client, taxi_course, driver):
    client.force_login(driver)
    first, second, third = lessons_of(taxi_course)
    complete(client, first)
    complete(client, third)
    html = client.get(taxi_course.url).content.decode()
    assert f'href="{second.url}" class="button">Continue: lesson 2' in html
    assert client.post(f"/your-training/courses/{taxi_course.pk}/start/")["Location"] == second.url
    html = client.get(second.url).content.decode()
    assert "Lesson 2 of 3" in html and "Mark as complete and continue" in html


def test_marking_a_lesson_twice_records_it_once(client, taxi_course, driver):
    client.force_login(driver)
    first = lessons_of(taxi_course)[0]
    complete(client, first)
    complete(client, first)
    assert LessonProgress.objects.filter(lesson=first).count() == 1


def test_draft_lessons_are_hidden_from_learners_and_not_counted(client, taxi_course, driver):
    client.force_login(driver)
    first, second, third = lessons_of(taxi_course)
    third.unpublish()
    assert client.get(third.url if third.url else f"/courses/taxi/{third.slug}/").status_code == 404
    assert client.post(f"/your-training/lessons/{third.pk}/complete/").status_code == 404
    html = client.get(first.url).content.decode()
    assert "Lesson 1 of 2" in html
    complete(client, first)
    complete(client, second)
    assert Enrolment.objects.get(user=driver).completed_at is not None


def test_a_draft_course_is_not_shown_or_startable(client, taxi_course, driver):
    taxi_course.unpublish()
    client.force_login(driver)
    assert client.post(f"/your-training/courses/{taxi_course.pk}/start/").status_code == 404
    assert "Taxi course" not in client.get("/your-training/").content.decode()


def test_the_course_page_shows_each_lessons_state_for_the_learner(client, taxi_course, driver):
    client.force_login(driver)
    first = lessons_of(taxi_course)[0]
    complete(client, first)
    outline = course_outline(user=driver, course=taxi_course)
    assert [step.done for step in outline.steps] == [True, False, False]
    assert outline.standing.status == TrainingStatus.IN_PROGRESS
    html = client.get(taxi_course.url).content.decode()
    assert html.count('class="tag tag--completed">Done') == 1
    assert html.count('class="tag tag--not_started">Not done') == 2


def test_two_starts_at_once_leave_one_open_enrolment(taxi_course, driver):
    first = enrolment_start(user=driver, course=taxi_course)
    Enrolment.objects.filter(pk=first.pk).delete()
    Enrolment.objects.create(user=driver, course=taxi_course)
    again = enrolment_start(user=driver, course=taxi_course)
    assert Enrolment.objects.filter(user=driver, course=taxi_course, completed_at__isnull=True).count() == 1
    assert again.completed_at is None


def test_the_database_refuses_a_second_open_enrolment(taxi_course, driver):
    from django.db import IntegrityError, transaction

    Enrolment.objects.create(user=driver, course=taxi_course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=driver, course=taxi_course)
