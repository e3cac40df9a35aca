"""Quizzes in a real browser: passing from the keyboard and downloading the certificate, failing and
running out of attempts, and the error for a question left unanswered.

Phone width (320px). Every page the browser arrives on is checked by its page object (pages.py): its
heading, axe-core and no sideways scrolling.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from eyesandears.accounts.factories import TEST_PASSWORD
from quizzes.factories import QuizFactory, sample_questions
from quizzes.models import Attempt
from tests.fixtures.courses import lessons_of

from .pages import NotPassedPage, PassedPage, QuizStartPage, SignInPage, tab_to, when_allowed_again

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURSE = "Taxi course"
QUIZ = "Check your understanding"
QUESTIONS = [entry["value"]["text"] for entry in sample_questions()]
SCENARIO = "A man pays a child's fare and walks off."
LESSONS = [f"{COURSE}: lesson {number}" for number in (1, 2, 3)]

# One right answer of four: 25%, under the pass mark of 75%.
WRONG_ANSWERS = [["101"], ["Unexplained gifts"], ["True"], ["No, report it"]]


def long_date(day):
    return dateformat.format(day, "j F Y")


def sign_in(page, user):
    home = SignInPage.visit(page).sign_in(user.email, TEST_PASSWORD)
    assert home.is_signed_in()
    return home


def answer_every_question(start_page, answers):
    """Start the quiz and answer each question with the mouse; returns the check-your-answers page."""
    question = start_page.start(QUESTIONS[0])
    for number, chosen in enumerate(answers, start=1):
        question.assert_position(number, len(answers))
        question.choose(*chosen)
        if number < len(answers):
            question = question.save_and_continue(QUESTIONS[number])
    return question.continue_to_check()


# 1. Passing, from the keyboard alone, through to the certificate


def test_a_learner_passes_with_the_keyboard_and_downloads_the_certificate(page, quiz, ready_driver):
    home = SignInPage.visit(page).sign_in_with_keyboard(ready_driver.email, TEST_PASSWORD)
    training = home.go_to_your_training_with_keyboard()
    assert training.tasks() == [(COURSE, "In progress", "You have read every lesson. Take the quiz to finish.")]

    course = training.open_course_with_keyboard(COURSE)
    expect(course.main).to_contain_text("You have read every lesson. Now take the quiz to complete the course.")
    start = course.take_quiz_with_keyboard(QUIZ)
    expect(start.caption).to_have_text(COURSE)
    assert start.facts() == [
        "4 questions, one on each page",
        "You need 75% to pass",
        "You can check your answers before you submit them",
        "You can have 3 attempts in 24 hours",
    ]

    # Question 1 (radios): the arrow key picks the second answer, a wrong one, changed later.
    question = start.start_with_keyboard(QUESTIONS[0])
    question.assert_position(1, 4)
    expect(page).to_have_title(re.compile(rf"^Question 1 of 4 – {QUIZ}"))
    assert question.option_labels() == ["999", "101", "Nobody"]
    assert question.chosen() == []
    question.choose_with_keyboard("101")

    # Question 2 (checkboxes, "select all that apply"): Space ticks each.
    question = question.save_and_continue_with_keyboard(QUESTIONS[1])
    question.assert_position(2, 4)
    expect(question.question).to_have_accessible_description("Select all that apply.")
    question.choose_with_keyboard("Unexplained gifts", "A much older boyfriend")

    # Question 3 (true or false)
    question = question.save_and_continue_with_keyboard(QUESTIONS[2])
    question.assert_position(3, 4)
    question.choose_with_keyboard("False")

    # Question 4 comes with a scenario, and its button goes to the check page.
    question = question.save_and_continue_with_keyboard(QUESTIONS[3])
    question.assert_position(4, 4)
    expect(question.main.get_by_text(SCENARIO)).to_be_visible()
    expect(question.save_button).to_have_count(0)
    question.choose_with_keyboard("No, report it")

    check = question.continue_to_check_with_keyboard()
    assert check.answers() == [
        (f"1. {QUESTIONS[0]}", "101"),
        (f"2. {QUESTIONS[1]}", "Unexplained gifts; A much older boyfriend"),
        (f"3. {QUESTIONS[2]}", "False"),
        (f"4. {QUESTIONS[3]}", "No, report it"),
    ]

    # "Change" goes back to question 1 with the earlier answer still selected; the arrow key changes it.
    question = check.change_with_keyboard(1, QUESTIONS[0])
    question.assert_position(1, 4)
    assert question.chosen() == ["101"]
    expect(question.option("101")).to_be_checked()
    expect(question.save_button).to_have_count(0)  # it goes back to the check page, not on to question 2
    question.choose_with_keyboard("999")
    check = question.continue_to_check_with_keyboard()
    assert check.answers()[0] == (f"1. {QUESTIONS[0]}", "999")

    result = check.submit_with_keyboard(PassedPage)
    expect(page).to_have_title(re.compile(rf"^Your result – {QUIZ}"))
    assert result.score() == "Your score: 100% 4 of 4 right"
    expect(result.main.get_by_text(f"You have completed {COURSE}.")).to_be_visible()
    assert [verdict for _, (verdict, *_rest) in result.reviews()] == ["Right"] * 4

    certificate = Certificate.objects.get(learner=ready_driver)
    holder = result.view_certificate_with_keyboard("Dev Driver")
    expect(holder.main.get_by_text(f"has completed {COURSE}")).to_be_visible()
    assert holder.status() == "Valid"
    today = timezone.localdate()
    assert holder.details() == {
        "Name": "Dev Driver",
        "Course": COURSE,
        "Job role": "Taxi and private hire driver",
        "Issued": long_date(today),
        "Valid until": long_date(certificate.expires_on),
        "Certificate code": certificate.display_code,
    }
    assert re.fullmatch(r"EAE(-[0-9A-Z]{5}){3}", certificate.display_code)

    download = holder.download_with_keyboard()
    assert download.suggested_filename == f"certificate-{certificate.display_code}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    response = page.request.get(holder.download_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


# 2. Failing: what to revise, trying again, and running out of attempts


@pytest.fixture
def quiz_with_two_attempts(taxi_course):
    """The sample quiz, two attempts a day, with questions 1 and 3 pointing to lessons 2 and 3."""
    lessons = lessons_of(taxi_course)
    questions = sample_questions()
    questions[0]["value"]["revise_lesson"] = lessons[1].pk
    questions[2]["value"]["revise_lesson"] = lessons[2].pk
    return QuizFactory(course=taxi_course, questions=questions, attempt_limit=2, attempt_window_hours=24)


def test_a_learner_who_fails_is_told_what_to_revise_and_when_to_try_again(page, quiz_with_two_attempts, ready_driver):
    quiz = quiz_with_two_attempts
    sign_in(page, ready_driver)
    start = QuizStartPage.visit(page, f"/quizzes/{quiz.pk}/", heading=QUIZ)
    assert "You can have 2 attempts in 24 hours" in start.facts()

    result = answer_every_question(start, WRONG_ANSWERS).submit(NotPassedPage)
    assert result.score() == "Your score: 25% 1 of 4 right. You need 75% to pass."
    assert result.lessons_to_revise() == LESSONS[1:]  # from the questions answered wrongly that name a lesson
    assert result.reviews() == [
        (
            QUESTIONS[0],
            [
                "Not right",
                "Your answer: 101",
                "101 is for when it is not an emergency.",
                "The right answer is: 999",
                "Because.",
            ],
        ),
        (
            QUESTIONS[1],
            [
                "Not right",
                "Your answer: Unexplained gifts",
                "The right answers are: Unexplained gifts; A much older boyfriend",
                "Because.",
            ],
        ),
        (
            QUESTIONS[2],
            ["Not right", "Your answer: True", "You do not need proof.", "The right answer is: False", "Because."],
        ),
        (QUESTIONS[3], ["Right", "Your answer: No, report it", "Because."]),
    ]
    expect(result.main.get_by_text("You can take the quiz again when you are ready.")).to_be_visible()
    expect(result.try_again_link).to_be_visible()

    # The second and last attempt of the day
    start = result.try_again(QUIZ)
    result = answer_every_question(start, WRONG_ANSWERS).submit(NotPassedPage)
    assert result.score() == "Your score: 25% 1 of 4 right. You need 75% to pass."
    expect(result.try_again_link).to_have_count(0)
    first_submitted = Attempt.objects.filter(user=ready_driver, quiz=quiz).order_by("submitted_at")[0].submitted_at
    opens = when_allowed_again(first_submitted + timedelta(hours=24))
    expect(result.main.get_by_text(f"You can try again after {opens}.", exact=True)).to_be_visible()

    # Revising from the result page, then back to the quiz: the start page says when it opens again.
    lesson = result.revise(LESSONS[1])
    lesson.assert_position(2, 3, COURSE)
    start = lesson.all_lessons(COURSE).take_quiz(QUIZ)
    assert start.notice() == (
        f"You have used all 2 attempts for now. You can try again after {opens}. "
        "Use the time to read the lessons again."
    )
    expect(start.main.get_by_role("link", name="read the lessons again")).to_be_visible()
    expect(start.main.get_by_role("button")).to_have_count(0)
    assert Attempt.objects.filter(user=ready_driver, quiz=quiz).count() == 2


# 3. A question left unanswered


def test_saving_a_question_with_nothing_chosen_shows_an_error_summary(page, quiz, ready_driver):
    sign_in(page, ready_driver)
    start = QuizStartPage.visit(page, f"/quizzes/{quiz.pk}/", heading=QUIZ)
    question = start.start(QUESTIONS[0])

    question = question.save_expecting_a_problem()
    question.assert_position(1, 4)
    expect(page).to_have_title(re.compile(rf"^Error: Question 1 of 4 – {QUIZ}"))
    summary = question.error_summary()
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()  # the summary takes the focus, so it is read out first
    expect(question.question).to_have_accessible_description("Error: Select an answer.")
    expect(question.question.get_by_text("Select an answer.")).to_be_visible()
    assert question.chosen() == []

    # The summary's link leads to the choices: Tab from there reaches the first answer.
    link = summary.get_by_role("link", name="Select an answer.", exact=True)
    target = link.get_attribute("href")
    assert target.startswith("#")
    expect(question.question.locator(target)).to_be_visible()
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(question.option("999")).to_be_focused()

    # A "select all that apply" question asks for at least one, and keeps its hint.
    question.choose_with_keyboard("999")
    question = question.save_and_continue_with_keyboard(QUESTIONS[1])
    question = question.save_expecting_a_problem()
    question.assert_position(2, 4)
    expect(page).to_have_title(re.compile(rf"^Error: Question 2 of 4 – {QUIZ}"))
    expect(question.error_summary().get_by_role("link", name="Select at least one answer.")).to_be_visible()
    expect(question.question).to_have_accessible_description(
        "Select all that apply. Error: Select at least one answer."
    )
    assert Attempt.objects.get(user=ready_driver, quiz=quiz).answers == {"q-call": ["call-999"]}
