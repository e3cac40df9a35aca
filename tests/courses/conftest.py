import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory, JobRoleFactory, LessonPageFactory
from eyesandears.accounts.factories import UserFactory


@pytest.fixture
def driver_role(db):
    return JobRoleFactory(name="Taxi and private hire driver", slug="taxi-private-hire-driver")


@pytest.fixture
def hotel_role(db):
    return JobRoleFactory(name="Hotel staff", slug="hotel-staff")


@pytest.fixture
def course_index(home_page):
    return CourseIndexPageFactory(parent=home_page)


def make_course(index, *, roles=(), lessons=3, **fields):
    course = CoursePageFactory(parent=index, job_roles=list(roles), **fields)
    for number in range(1, lessons + 1):
        LessonPageFactory(parent=course, title=f"{course.title}: lesson {number}", slug=f"lesson-{number}")
    return course


@pytest.fixture
def taxi_course(course_index, driver_role):
    return make_course(course_index, roles=[driver_role], title="Taxi course", slug="taxi", lessons=3)


@pytest.fixture
def hotel_course(course_index, hotel_role):
    return make_course(course_index, roles=[hotel_role], title="Hotel course", slug="hotel", lessons=2)


@pytest.fixture
def driver(db, driver_role):
    user = UserFactory(email="driver@example.com", full_name="Dev Driver")
    user.job_roles.add(driver_role)
    return user


def lessons_of(course):
    from courses.models import LessonPage

    return list(LessonPage.objects.child_of(course).order_by("path"))
