"""The content security policy in a real browser: the pages people use most run under it with nothing
refused, a script slipped into a page is refused (so the listener is known to hear refusals), and the
Wagtail admin and the API docs work under theirs.

Chromium reports every refusal on the console (older versions: "Refused to execute inline script
because it violates the following Content Security Policy directive ..."; newer ones: "Executing inline
script violates the following Content Security Policy directive ...") and fires a
`securitypolicyviolation` event; both are collected.
"""

import re

import pytest
from playwright.sync_api import expect

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from quizzes.factories import sample_questions
from tests.fixtures.courses import lessons_of

from .pages import (
    ActivateAuthenticatorPage,
    ConfirmAccessPage,
    CoursePage,
    HomePage,
    LessonPage,
    OrganisationDashboardPage,
    QuizStartPage,
    SignInPage,
)
from .test_organisations import sign_in_with_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REFUSAL = re.compile(r"Refused to|Content Security Policy", re.I)
QUESTIONS = [entry["value"]["text"] for entry in sample_questions()]
VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    (window.__cspViolations = window.__cspViolations || []).push(
        `${event.violatedDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`
    );
});
"""


class Refusals:
    """Every refusal the browser reports while the test runs, console and events alike."""

    def __init__(self, page):
        self.page = page
        self.found = []
        page.add_init_script(VIOLATION_LISTENER)
        page.on("console", self._note)

    def _note(self, message):
        if REFUSAL.search(message.text):
            self.found.append(f"{self.page.url}: {message.text}")

    def collect(self):
        """Call on each page before leaving it: adds the page's own violation events."""
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__cspViolations = []")

    def assert_none(self):
        self.collect()
        assert not self.found, "the content security policy refused:\n" + "\n".join(self.found)


def test_home_lesson_sign_in_and_a_quiz_question_run_with_nothing_refused(page, taxi_course, quiz, ready_driver):
    refusals = Refusals(page)
    HomePage.visit(page)
    refusals.collect()
    CoursePage.visit(page, taxi_course.url, heading=taxi_course.title)
    refusals.collect()
    lesson = lessons_of(taxi_course)[0]
    LessonPage.visit(page, lesson.url, heading=lesson.title)
    refusals.collect()
    SignInPage.visit(page).sign_in(ready_driver.email, TEST_PASSWORD)
    refusals.collect()
    question = QuizStartPage.visit(page, f"/quizzes/{quiz.pk}/", heading=quiz.title).start(QUESTIONS[0])
    refusals.collect()
    question.choose("999")
    question.save_and_continue(QUESTIONS[1])
    refusals.assert_none()


def test_the_dashboard_chart_and_the_authenticator_qr_code_show_with_nothing_refused(
    page, context, live_server, organisation, manager
):
    refusals = Refusals(page)
    sign_in_with_cookie(context, live_server, manager)
    dashboard = OrganisationDashboardPage.visit(page, f"/organisations/{organisation.pk}/", heading=organisation.name)
    expect(dashboard.chart.locator("svg.bar-chart__track").first).to_be_visible()
    refusals.collect()
    page.context.clear_cookies()

    newcomer = UserFactory(email="new.person@example.com")
    SignInPage.visit(page).sign_in(newcomer.email, TEST_PASSWORD)
    page.goto(ActivateAuthenticatorPage.path)
    set_up = ConfirmAccessPage(page).confirm_with_keyboard(TEST_PASSWORD, ActivateAuthenticatorPage)
    qr_code = set_up.main.get_by_role("img")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0"), "the QR code did not load"
    refusals.assert_none()


def test_a_script_slipped_into_a_page_is_refused(page, home_page):
    refusals = Refusals(page)
    HomePage.visit(page)
    with page.expect_console_message(lambda message: REFUSAL.search(message.text)):
        ran = page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.__slippedIn = true";
                document.head.append(script);
                return window.__slippedIn === true;
            }"""
        )
    assert not ran
    refusals.collect()
    assert any("script-src" in found for found in refusals.found), refusals.found


def test_the_admin_and_the_api_docs_work_under_their_policies(context, live_server, taxi_course):
    """Not through the `page` fixture: Wagtail's and Swagger's own pages are not ours to hold to axe-core."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    sign_in_with_cookie(context, live_server, staff)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    refusals = Refusals(page)
    lesson = lessons_of(taxi_course)[0]
    for path, ready in [
        ("/admin/", "main"),
        (f"/admin/pages/{taxi_course.pk}/", "main"),
        (f"/admin/pages/{lesson.pk}/edit/", "form#page-edit-form"),
        ("/admin/images/multiple/add/", "main"),
        ("/admin/snippets/", "main"),
        ("/api/v1/docs", "#swagger-ui .info"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator(ready).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        refusals.collect()
    refusals.assert_none()
    assert not errors, "\n".join(errors)
