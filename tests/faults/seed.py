"""What every fault test starts from, written once into the template database of the session:
the council's home page, a taxi course with three lessons and its quiz, and learners who have read
every lesson and can sign in. Run as `python -m tests.faults.seed LEARNERS` with DATABASE_URL set: it
migrates the empty database, seeds it and prints what the tests need as JSON."""

import json
import sys


def seed(learner_count):
    from django.db import transaction

    from courses.factories import CourseIndexPageFactory, JobRoleFactory
    from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
    from eyesandears.core.factories import make_site_home
    from quizzes.factories import QuizFactory
    from tests.fixtures.certificates import read_every_lesson
    from tests.fixtures.courses import make_course

    with transaction.atomic():
        home = make_site_home()
        role = JobRoleFactory(name="Taxi and private hire driver", slug="taxi-private-hire-driver")
        course = make_course(CourseIndexPageFactory(parent=home), roles=[role], title="Taxi course", slug="taxi")
        quiz = QuizFactory(course=course)
        learners = []
        for number in range(1, learner_count + 1):
            learner = UserFactory(email=f"learner{number}@example.com", full_name=f"Learner Number{number}")
            learner.job_roles.add(role)
            read_every_lesson(learner, course)
            learners.append(learner.email)
    return {"quiz": quiz.pk, "course": course.title, "course_url": course.url, "learners": learners,
            "password": TEST_PASSWORD}


if __name__ == "__main__":
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    print(json.dumps(seed(int(sys.argv[1]))))
