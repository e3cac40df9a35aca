"""Rendering a lesson and the task list costs the same number of queries however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Enrolment
from tests.fixtures.courses import lessons_of, make_course

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # warm per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_a_lesson_costs_the_same_queries_with_3_or_12_lessons(client, course_index, driver, driver_role):
    small = make_course(course_index, roles=[driver_role], title="Small", slug="small", lessons=3)
    large = make_course(course_index, roles=[driver_role], title="Large", slug="large", lessons=12)
    client.force_login(driver)
    for course in (small, large):
        Enrolment.objects.create(user=driver, course=course)
        client.post(f"/your-training/lessons/{lessons_of(course)[0].pk}/complete/")
    assert queries_for(client, lessons_of(small)[1].url) == queries_for(client, lessons_of(large)[1].url)
    assert queries_for(client, small.url) == queries_for(client, large.url)


def test_the_task_list_costs_the_same_queries_with_1_or_6_courses(client, course_index, driver, driver_role):
    client.force_login(driver)
    first = make_course(course_index, roles=[driver_role], title="Course 0", slug="course-0", lessons=2)
    client.post(f"/your-training/lessons/{lessons_of(first)[0].pk}/complete/")
    one = queries_for(client, "/your-training/")
    for number in range(1, 6):
        course = make_course(course_index, roles=[driver_role], title=f"Course {number}", slug=f"course-{number}",
                             lessons=number)
        client.post(f"/your-training/lessons/{lessons_of(course)[0].pk}/complete/")
    html = client.get("/your-training/").content.decode()
    assert html.count('class="tag tag--in_progress"') == 5  # the one-lesson course is already complete
    assert queries_for(client, "/your-training/") == one
