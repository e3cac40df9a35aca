"""Data the benchmark's quiz, certificate, organisation and licensing pages need, made after `seed_demo`.

Run by bench/run.py with dev settings (tasks and e-mail in-process) and the bench DATABASE_URL:

- driver@example.com marks every lesson of the taxi course complete and starts the quiz; the open
  attempt's question pages are measured (GET), and question 1 is answered over and over (POST);
- hotel@example.com marks the hotel course's lessons complete, answers every question with the
  snapshot's right options and submits: the pass issues a certificate, whose code the public check
  pages are measured with;
- the demo's Station Hotel grows to 5,000 people with three required courses and a mix of
  certificates and enrolments, and its manager gets an authenticator app, for the organisation
  dashboard and export pages (bench/prepare_organisation.py: bulk data, not the services);
- first of all, driver@example.com (licence PH00123 on the demo licensing authority's register)
  passes the taxi course's quiz the same way, so that the licensing check finds a compliant driver;
  the open attempt above is their next one, on a refresher enrolment. The licensing authority's
  officer gets an authenticator app, a recorded check of PH00123, an API key, 9,000 more drivers on
  the register, and the 10,000-row file for the list check (bench/prepare_licensing.py).

Apart from the organisation's people and the register's drivers, everything goes through the apps'
own services, as the views would. Prints one line `BENCH_PREP {json}` (other output, such as the
e-mails printed by the console backend, is ignored).
"""

import json

import django

django.setup()

import prepare_licensing  # noqa: E402  (bench/, next to this script)
import prepare_organisation  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from courses import services as course_services  # noqa: E402
from courses.models import CoursePage  # noqa: E402
from courses.selectors import live_lessons  # noqa: E402
from quizzes import selectors as quiz_selectors  # noqa: E402
from quizzes import services as quiz_services  # noqa: E402
from quizzes.snapshots import correct_option_ids  # noqa: E402

QUIZ_LEARNER = ("driver@example.com", "taxi-and-private-hire-drivers")
CERTIFICATE_LEARNER = ("hotel@example.com", "hotel-staff")


def ready_for_quiz(email, course_slug):
    """The learner, with every live lesson of the course marked complete, and the course's live quiz."""
    user = get_user_model().objects.get(email=email)
    course = CoursePage.objects.live().filter(locale=Locale.get_default()).get(slug=course_slug)
    lessons = live_lessons(course)
    if not lessons:
        raise SystemExit(f"{course_slug} has no live lessons")
    for lesson in lessons:
        course_services.lesson_complete(user=user, lesson=lesson)
    if not quiz_selectors.lessons_finished(user=user, course=course):
        raise SystemExit(f"{email} still has lessons to finish on {course_slug}")
    quiz = quiz_selectors.live_quiz_for(course)
    if quiz is None:
        raise SystemExit(f"{course_slug} has no live quiz")
    return user, quiz


def open_attempt():
    user, quiz = ready_for_quiz(*QUIZ_LEARNER)
    attempt = quiz_services.attempt_start(user=user, quiz=quiz)
    questions = attempt.snapshot["questions"]
    first = questions[0]
    return {
        "learner": user.email,
        "attempt": str(attempt.public_id),
        "question_count": len(questions),
        "question_id": first["id"],
        "answer_id": first["options"][0]["id"],  # any option shown: the POST only has to be valid
    }


def passed_certificate(learner=CERTIFICATE_LEARNER):
    user, quiz = ready_for_quiz(*learner)
    attempt = quiz_services.attempt_start(user=user, quiz=quiz)
    for question in attempt.snapshot["questions"]:
        quiz_services.attempt_answer(
            attempt=attempt, question_id=question["id"], option_ids=sorted(correct_option_ids(question))
        )
    attempt = quiz_services.attempt_submit(attempt=attempt)  # commits; the on_commit hooks run
    if not attempt.passed:
        raise SystemExit(f"{user.email} answered every question right and still did not pass ({attempt.score}%)")
    certificate = Certificate.objects.get(attempt=attempt)
    return {
        "learner": user.email,
        "certificate_id": certificate.pk,
        "code": certificate.display_code,
        "name": certificate.name_as_printed,
        "has_pdf": bool(certificate.pdf),
    }


def main():
    driver_certificate = passed_certificate(QUIZ_LEARNER)  # before their open attempt, which is then their next
    prep = {
        "quiz": open_attempt(),
        "certificate": passed_certificate(),
        "organisation": prepare_organisation.prepare(),
        "licensing": prepare_licensing.prepare(driver_certificate),
    }
    print("BENCH_PREP " + json.dumps(prep), flush=True)


if __name__ == "__main__":
    main()
