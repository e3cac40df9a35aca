"""Editors translate in the Wagtail admin with wagtail-localize, and a translation is reviewed before
learners see it; the quiz report compares languages; e-mails go out in the learner's language; the
demo translations say they await a qualified translator until an editor marks them reviewed."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.blocks import LESSON_TEXT_FEATURES
from courses.demo import ensure_review_workflow
from courses.models import LessonPage, TranslationReview
from eyesandears.accounts.factories import UserFactory
from quizzes.factories import RIGHT_ANSWERS
from quizzes.models import QuestionResult
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.courses import lessons_of
from tests.fixtures.translations import translate_course

pytestmark = pytest.mark.django_db

WRONG_CALL = {**RIGHT_ANSWERS, "q-call": ["call-101"]}


@pytest.fixture
def urdu(db):
    return Locale.objects.get_or_create(language_code="ur")[0]


def test_an_editors_translation_is_reviewed_before_learners_see_it(client, editor, moderator, urdu, course_index,
                                                                  taxi_course):
    ensure_review_workflow(course_index)
    translate_course(course_index, "ur")  # the tree above the course is already in Urdu
    lesson = lessons_of(taxi_course)[0]
    client.force_login(editor)

    # Translating the course and its lessons makes drafts: nothing new is live yet.
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[taxi_course.pk]),
        {"locales": [urdu.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    translated = LessonPage.objects.get(translation_key=lesson.translation_key, locale=urdu)
    assert not translated.live
    assert Client().get(f"/ur/{translated.url_path.split('/', 2)[2]}").status_code == 404

    # The editor writes the Urdu text in Wagtail's editor and can only submit it for review.
    data = nested_form_data({
        "title": "غیر شائع شدہ سبق", "slug": translated.slug, "summary": "",
        "body": streamfield([("text", rich_text("<p>اردو متن</p>", features=LESSON_TEXT_FEATURES))]),
    })
    client.post(reverse("wagtailadmin_pages:edit", args=[translated.pk]), {**data, "action-publish": "1"})
    translated.refresh_from_db()
    assert not translated.live
    client.post(reverse("wagtailadmin_pages:edit", args=[translated.pk]), {**data, "action-submit": "1"})
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(translated.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    translated = LessonPage.objects.get(pk=translated.pk)
    translated.current_workflow_task.specific.on_action(translated.current_workflow_task_state, moderator, "approve")
    translated.refresh_from_db()
    assert translated.live and translated.title == "غیر شائع شدہ سبق"


def test_an_editors_quiz_translation_goes_through_the_same_review(client, editor, moderator, urdu, quiz):
    from quizzes.demo import ensure_quiz_review
    from quizzes.models import Quiz

    ensure_review_workflow(quiz.course.get_parent())
    ensure_quiz_review()
    editor.groups.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__app_label="quizzes", codename__in=["add_quiz", "change_quiz"])
    )
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:submit_snippet_translation", args=["quizzes", "quiz", quiz.pk]),
        {"locales": [urdu.pk]},
    )
    assert response.status_code == 302
    translated = Quiz.objects.get(translation_key=quiz.translation_key, locale=urdu)
    assert not translated.live
    assert translated.get_workflow() is not None  # the quiz review covers every language


def test_the_quiz_report_splits_the_figures_by_language(client, quiz, taxi_course, editor):
    urdu_quiz = translate_course(taxi_course, "ur", quiz) and quiz.get_translation(Locale.objects.get(
        language_code="ur"))
    for number in range(5):
        pass_quiz(UserFactory(), quiz)
        pass_quiz(UserFactory(), urdu_quiz, WRONG_CALL if number < 4 else RIGHT_ANSWERS)
    assert QuestionResult.objects.filter(quiz=urdu_quiz).count() == 20

    editor.groups.get(name="Editors").permissions.add(Permission.objects.get(codename="change_quiz"))
    client.force_login(editor)
    url = reverse("quizzes_reports:questions", args=[quiz.pk])
    html = client.get(url).content.decode()
    assert "Based on 10 submitted attempts" in html
    assert "Correct in Urdu" in html and "Correct in English" in html
    assert "100% of 5" in html and "20% of 5" in html  # "Who do you call": right in English, 1 of 5 in Urdu
    # The translation's own report is its original's, and the language filter narrows it.
    assert client.get(reverse("quizzes_reports:questions", args=[urdu_quiz.pk])).content.decode().count(
        "Based on 10 submitted attempts") == 1
    html = client.get(url, {"language": "ur"}).content.decode()
    assert "Based on 5 submitted attempts that match the filters" in html
    csv = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    assert "Percent answered correctly in Urdu" in csv.splitlines()[0]


def test_the_report_lists_each_quiz_once_with_attempts_in_every_language(quiz, taxi_course):
    translate_course(taxi_course, "ur", quiz)
    pass_quiz(UserFactory(), quiz)
    pass_quiz(UserFactory(), quiz.get_translation(Locale.objects.get(language_code="ur")))
    from quizzes.selectors import quizzes_for_question_report

    rows = list(quizzes_for_question_report())
    assert [(row.pk, row.submitted_attempts) for row in rows] == [(quiz.pk, 2)]


def test_the_certificate_e_mail_is_in_the_learner_s_language(driver, quiz, taxi_course,
                                                            django_capture_on_commit_callbacks):
    translate_course(taxi_course, "pl", quiz)
    driver.preferred_language = "pl"
    driver.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(driver, quiz)
    [message] = [m for m in mail.outbox if driver.email in m.to]
    polish_course = taxi_course.get_translation(Locale.objects.get(language_code="pl"))
    with translation.override("pl"):
        expected_subject = translation.gettext("Your certificate: %(title)s") % {"title": polish_course.title}
    assert message.subject == expected_subject
    assert expected_subject != f"Your certificate: {polish_course.title}"
    assert "/pl/certificates/" in message.body  # the link opens the page in Polish


def test_an_english_reader_s_e_mail_stays_in_english(driver, quiz, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(driver, quiz)
    [message] = [m for m in mail.outbox if driver.email in m.to]
    assert message.subject == f"Your certificate: {quiz.course.title}"
    assert "/pl/" not in message.body and "/ur/" not in message.body


def test_a_demo_translation_says_it_awaits_review_until_an_editor_marks_it(client, editor, taxi_course):
    urdu_course = translate_course(taxi_course, "ur")
    review = TranslationReview.objects.create(locale=urdu_course.locale, translation_key=taxi_course.translation_key,
                                              title=str(urdu_course))
    with translation.override("ur"):
        notice = translation.gettext("This translation is awaiting review by a qualified translator.")
    assert notice in client.get(urdu_course.url).content.decode()
    assert notice not in client.get(taxi_course.url).content.decode()

    editor.groups.get(name="Editors").permissions.add(Permission.objects.get(codename="change_translationreview"))
    staff = Client()
    staff.force_login(editor)
    response = staff.post(reverse("translation_reviews:edit", args=[review.pk]), {"reviewed": "on"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.reviewed and review.reviewed_by == editor and review.reviewed_at is not None
    assert notice not in client.get(urdu_course.url).content.decode()
