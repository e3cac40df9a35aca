"""Training in another language counts as the same training: progress, attempts, certificates and
the council's reports all refer to the original course, whichever language the learner reads."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from certificates.models import Certificate
from courses.models import Enrolment, LessonProgress
from courses.selectors import training_tasks
from quizzes.factories import RIGHT_ANSWERS
from quizzes.models import Attempt
from tests.fixtures.courses import lessons_of
from tests.fixtures.quizzes import answer_all

pytestmark = pytest.mark.django_db

WRONG_ANSWERS = {"q-call": ["call-101"], "q-signs": ["sign-homework"], "q-proof": ["proof-true"],
                 "q-confront": ["confront-yes"]}


def urdu(instance):
    return instance.get_translation(Locale.objects.get(language_code="ur")).specific


def test_a_translated_lesson_is_served_in_its_language_right_to_left(client, urdu_taxi, taxi_course):
    lesson = urdu(lessons_of(taxi_course)[0])
    response = client.get(lesson.url)
    assert lesson.url.startswith("/ur/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl">' in html
    assert lesson.title.startswith("اردو ") and lesson.title in html
    # The interface around the content is in Urdu too.
    with translation.override("ur"):
        assert translation.gettext("Skip to main content") in html


def test_english_pages_stay_left_to_right_without_a_prefix(client, urdu_taxi, taxi_course):
    response = client.get(lessons_of(taxi_course)[0].url)
    assert '<html lang="en-GB" dir="ltr">' in response.content.decode()


def test_progress_made_in_urdu_counts_on_the_original_course(client, driver, urdu_taxi, taxi_course):
    client.force_login(driver)
    first = lessons_of(taxi_course)[0]
    response = client.post(f"/ur/your-training/lessons/{urdu(first).pk}/complete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ur/")  # the next lesson, in Urdu
    enrolment = Enrolment.objects.get(user=driver)
    assert enrolment.course_id == taxi_course.pk
    assert list(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True)) == [first.pk]
    # Read in English, the same lesson shows as done.
    english = client.get(taxi_course.url).context["outline"]
    assert [step.done for step in english.steps] == [True, False, False]
    in_urdu = client.get(urdu_taxi.url).context["outline"]
    assert [step.done for step in in_urdu.steps] == [True, False, False]
    assert all(step.lesson.locale.language_code == "ur" for step in in_urdu.steps)


def test_the_task_list_counts_each_course_once_and_opens_it_in_the_language_read(driver, urdu_taxi, taxi_course):
    with translation.override("en-gb"):
        english = training_tasks(user=driver)
    assert [task.course.pk for task in english] == [taxi_course.pk]
    assert english[0].action_course.pk == taxi_course.pk
    with translation.override("ur"):
        in_urdu = training_tasks(user=driver)
    assert [task.course.pk for task in in_urdu] == [taxi_course.pk]
    assert in_urdu[0].action_course.pk == urdu_taxi.pk


def test_a_pass_in_urdu_gives_the_certificate_for_the_original_course_in_english(
    client, ready_driver, urdu_quiz, quiz, taxi_course
):
    client.force_login(ready_driver)
    response = client.post(f"/ur/quizzes/{urdu_quiz.pk}/")
    assert response.status_code == 302, response.content.decode()[:400]
    attempt_path = response["Location"].split("/questions/")[0]
    attempt = answer_all(client, urdu_quiz, attempt_path, RIGHT_ANSWERS)
    # The learner was shown the translated questions, under the same stable ids.
    shown = {question["id"]: question["text"] for question in attempt.snapshot["questions"]}
    assert set(shown) == set(RIGHT_ANSWERS)
    assert all(text.startswith("اردو ") for text in shown.values())
    assert client.post(f"{attempt_path}/submit/").status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed and attempt.quiz_id == urdu_quiz.pk
    certificate = Certificate.objects.get(attempt=attempt)
    assert certificate.course_id == taxi_course.pk
    assert certificate.job_role == "Taxi and private hire driver"
    assert Enrolment.objects.get(user=ready_driver, course=taxi_course).completed_at is not None


def test_attempts_in_every_language_count_towards_the_limit(client, ready_driver, urdu_quiz, quiz):
    client.force_login(ready_driver)
    for _ in range(quiz.attempt_limit):
        path = client.post(f"/quizzes/{quiz.pk}/")["Location"].split("/questions/")[0]
        answer_all(client, quiz, path, WRONG_ANSWERS)
        client.post(f"{path}/submit/")
    response = client.post(f"/ur/quizzes/{urdu_quiz.pk}/")
    assert response.status_code == 200  # the start page again, with when to try again
    assert Attempt.objects.filter(user=ready_driver).count() == quiz.attempt_limit
    assert response.context["allowance"].allowed is False


def test_the_original_course_offers_its_translated_quiz_to_an_urdu_reader(client, ready_driver, urdu_quiz, urdu_taxi):
    client.force_login(ready_driver)
    outline = client.get(urdu_taxi.url).context["outline"]
    assert outline.assessment_url == f"/ur/quizzes/{urdu_quiz.pk}/"
