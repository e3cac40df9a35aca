"""Page objects for the browser tests.

A page object is made when the browser has arrived on that page: its constructor checks the main
heading (and any text that tells the page apart), runs axe-core on it and, at phone width, checks
that nothing scrolls sideways. Methods that leave the page return the page object for where the
browser lands, so every page a test passes through is checked on the way.

Pages whose heading is their own title (a course, a lesson) take it when they are made:
`CoursePage(page, heading="Taxi course")`, or `CoursePage.titled("Taxi course")` where a method wants
a destination to call with the page alone.
"""

import functools
import re

from playwright.sync_api import expect

from .accessibility import assert_accessible, assert_focus_visible, assert_no_horizontal_scrolling

PHONE_WIDTH = 320
ANY_HEADING = re.compile(r"\w")


def normalised(text):
    return " ".join(text.split())


def hidden_suffix(visible, hidden, separator=":"):
    """The accessible name of a link whose visible text is followed by a visually hidden part, as in
    `Next lesson<span class="visually-hidden">: Title</span>`. Chromium may put a space before the hidden
    part (it is positioned out of the flow), so either is accepted."""
    return re.compile(rf"^{re.escape(visible)} ?{re.escape(separator)} {re.escape(hidden)}$")


def tab_to(page, locator, max_presses=40):
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never does."""
    is_focused = "element => element === document.activeElement"
    for _ in range(max_presses):
        if locator.evaluate(is_focused):
            return locator
        page.keyboard.press("Tab")
    if locator.evaluate(is_focused):
        return locator
    focused = page.evaluate("document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : null")
    raise AssertionError(
        f"could not reach {locator} with the Tab key in {max_presses} presses; the focus ended on {focused}"
    )


class BasePage:
    path = None
    heading = None  # the text of the page's h1 (a string, compared with whitespace normalised, or a regex)
    identifying_text = None  # more text that only this page shows, when the heading is shared

    def __init__(self, page, heading=None):
        self.page = page
        if heading is not None:
            self.heading = heading
        self.check()

    @classmethod
    def visit(cls, page, url=None, heading=None):
        page.goto(url or cls.path)
        return cls(page, heading=heading)

    @classmethod
    def titled(cls, heading):
        """A destination for `leave`: this kind of page, with this h1."""
        return functools.partial(cls, heading=heading)

    def check(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        if self.identifying_text:
            expect(self.main.get_by_text(self.identifying_text)).to_be_visible()
        assert_accessible(self.page)
        if self.page.viewport_size["width"] <= PHONE_WIDTH:
            assert_no_horizontal_scrolling(self.page)

    # Parts of every page

    @property
    def main(self):
        return self.page.get_by_role("main")

    @property
    def header(self):
        return self.page.get_by_role("banner")

    @property
    def sign_out_button(self):
        return self.header.get_by_role("button", name="Sign out")

    def is_signed_in(self):
        signed_in = self.sign_out_button.is_visible()
        signed_out = self.header.get_by_role("link", name="Sign in").is_visible()
        assert signed_in != signed_out, "the header should offer either sign in or sign out"
        return signed_in

    def messages(self):
        region = self.page.get_by_role("region", name="Messages")
        return [" ".join(text.split()) for text in region.get_by_role("listitem").all_inner_texts()]

    def error_summary(self):
        return self.main.get_by_role("alert").filter(has=self.page.get_by_role("heading", name="There is a problem"))

    # Keyboard

    def tab_to(self, locator, max_presses=40):
        """Press Tab until `locator` has the focus, as a keyboard user would."""
        return tab_to(self.page, locator, max_presses)

    def type_into(self, locator, text):
        self.tab_to(locator)
        self.page.keyboard.type(text)

    def press_enter(self, destination):
        return self.leave(lambda: self.page.keyboard.press("Enter"), destination)

    def follow_with_keyboard(self, locator, destination, max_presses=40):
        """Tab to a link or button, check that the focus shows, and press Enter."""
        self.tab_to(locator, max_presses)
        assert_focus_visible(locator)
        return self.press_enter(destination)

    # Leaving the page

    def leave(self, action, destination):
        """Do `action`, wait for the next page to load and check it as a `destination`.

        Waiting for the navigation (rather than only for the heading) matters when the next page
        has the same heading, as a form shown again with its errors has.
        """
        with self.page.expect_navigation():
            action()
        return destination(self.page)

    def click(self, locator, destination):
        return self.leave(locator.click, destination)

    def go_to_sign_in(self):
        return self.click(self.header.get_by_role("link", name="Sign in"), SignInPage)

    def go_to_sign_up(self):
        return self.click(self.header.get_by_role("link", name="Create an account"), SignUpPage)

    def go_to_your_account(self):
        return self.click(self.header.get_by_role("link", name="Your account"), EmailAddressesPage)

    def sign_out(self):
        return self.click(self.sign_out_button, HomePage)

    @property
    def your_training_link(self):
        return self.header.get_by_role("link", name="Your training")

    def go_to_your_training(self):
        return self.click(self.your_training_link, YourTrainingPage)

    def go_to_your_training_with_keyboard(self):
        return self.follow_with_keyboard(self.your_training_link, YourTrainingPage)

    def go_to_search(self):
        return self.click(self.header.get_by_role("link", name="Search"), SearchPage)


class HomePage(BasePage):
    path = "/"
    heading = re.compile(r"\w")  # the title is the council's to edit


class SignUpPage(BasePage):
    path = "/accounts/signup/"
    heading = "Sign Up"

    def fill_with_keyboard(self, *, full_name, email, password, password_again=None):
        form = self.main.locator("form")
        self.type_into(form.get_by_label("Full name"), full_name)
        self.type_into(form.get_by_label("Email", exact=True), email)
        self.type_into(form.get_by_label("Password", exact=True), password)
        self.type_into(form.get_by_label("Password (again)"), password if password_again is None else password_again)

    def sign_up_with_keyboard(self, **details):
        """Fill in the form from the keyboard and send it with Enter."""
        self.fill_with_keyboard(**details)
        return self.press_enter(VerificationSentPage)


class VerificationSentPage(BasePage):
    heading = "Verify Your Email Address"


class ConfirmEmailPage(BasePage):
    heading = "Confirm Email Address"

    def confirm_with_keyboard(self):
        self.tab_to(self.main.get_by_role("button", name="Confirm"))
        return self.press_enter(HomePage)


class SignInPage(BasePage):
    path = "/accounts/login/"
    heading = "Sign In"

    def fill(self, email, password):
        self.main.get_by_label("Email").fill(email)
        self.main.get_by_label("Password").fill(password)

    @property
    def sign_in_button(self):
        return self.main.get_by_role("button", name="Sign In")

    def sign_in(self, email, password, destination=None):
        """Sign in; the browser lands on the home page unless the address said where to go next."""
        self.fill(email, password)
        return self.click(self.sign_in_button, destination or HomePage)

    def sign_in_with_keyboard(self, email, password):
        self.type_into(self.main.get_by_label("Email"), email)
        self.type_into(self.main.get_by_label("Password"), password)
        return self.press_enter(HomePage)

    def sign_in_expecting_a_problem(self, email, password):
        self.fill(email, password)
        return self.click(self.sign_in_button, SignInPage)

    def forgotten_password(self):
        return self.click(self.main.get_by_role("link", name="Forgot your password?"), PasswordResetPage)


class PasswordResetPage(BasePage):
    path = "/accounts/password/reset/"
    heading = "Password Reset"
    identifying_text = "Forgotten your password?"

    def request_reset(self, email):
        self.main.get_by_label("Email").fill(email)
        return self.click(self.main.get_by_role("button", name="Reset My Password"), PasswordResetSentPage)


class PasswordResetSentPage(BasePage):
    heading = "Password Reset"
    identifying_text = "We have sent you an email."


class SetNewPasswordPage(BasePage):
    """Where the e-mailed reset link lands (allauth moves the key out of the address first)."""

    heading = "Change Password"

    def set_password(self, password):
        self.main.get_by_label("New Password", exact=True).fill(password)
        self.main.get_by_label("New Password (again)").fill(password)
        return self.click(self.main.get_by_role("button", name="Change Password"), PasswordChangedPage)


class PasswordChangedPage(BasePage):
    heading = "Change Password"
    identifying_text = "Your password is now changed."


class EmailAddressesPage(BasePage):
    path = "/accounts/email/"
    heading = "Email Addresses"

    def addresses(self):
        form = self.main.locator("form").filter(has=self.page.get_by_role("button", name="Make Primary"))
        return [
            " ".join(text.split())
            for text in form.get_by_role("radio").evaluate_all(
                "radios => radios.map((radio) => radio.labels[0].innerText)"
            )
        ]


# Training: the course index, courses, lessons, the learner's task list, job roles and search


class CourseIndexPage(BasePage):
    path = "/courses/"
    heading = "Courses"

    @property
    def courses(self):
        return self.main.get_by_role("list", name="Courses")

    def course_titles(self):
        return [normalised(text) for text in self.courses.get_by_role("heading", level=2).all_inner_texts()]

    def open_course(self, title):
        return self.click(self.courses.get_by_role("link", name=title, exact=True), CoursePage.titled(title))


class CoursePage(BasePage):
    """A course: its summary, the learner's status and next step, and the list of its lessons."""

    heading = ANY_HEADING

    def check(self):
        expect(self.main.get_by_text("Course", exact=True)).to_be_visible()  # the caption above the title
        expect(self.main.get_by_role("heading", name="Lessons", level=2)).to_be_visible()
        super().check()

    @property
    def lessons(self):
        return self.main.get_by_role("list", name="Lessons")

    def lesson_link(self, title):
        return self.lessons.get_by_role("link", name=re.compile(rf"^\d+\. {re.escape(title)}$"))

    def lesson_list(self):
        """(link text, status or None) for each lesson, as listed."""
        rows = []
        for item in self.lessons.get_by_role("listitem").all():
            link = normalised(item.get_by_role("link").inner_text())
            status = item.locator(".task-list__status")
            rows.append((link, normalised(status.inner_text()) if status.count() else None))
        return rows

    def status_text(self):
        """The "Your status: ..." line, or None before the learner starts."""
        line = self.main.locator("p").filter(has_text="Your status:")
        return normalised(line.inner_text()) if line.count() else None

    @property
    def start_button(self):
        return self.main.get_by_role("button", name="Start the course")

    @property
    def continue_link(self):
        return self.main.get_by_role("link", name=re.compile(r"^Continue: lesson \d+"))

    @property
    def start_reading_link(self):
        return self.main.get_by_role("link", name="Start reading")

    def start(self, first_lesson_title):
        return self.click(self.start_button, LessonPage.titled(first_lesson_title))

    def start_with_keyboard(self, first_lesson_title):
        return self.follow_with_keyboard(self.start_button, LessonPage.titled(first_lesson_title))

    def continue_course(self, lesson_title):
        return self.click(self.continue_link, LessonPage.titled(lesson_title))

    def start_reading(self, first_lesson_title):
        return self.click(self.start_reading_link, LessonPage.titled(first_lesson_title))

    def open_lesson(self, title):
        return self.click(self.lesson_link(title), LessonPage.titled(title))

    @property
    def take_quiz_link(self):
        return self.main.get_by_role("link", name="Take the quiz")

    def take_quiz(self, quiz_title):
        return self.click(self.take_quiz_link, QuizStartPage.titled(quiz_title))

    def take_quiz_with_keyboard(self, quiz_title):
        return self.follow_with_keyboard(self.take_quiz_link, QuizStartPage.titled(quiz_title))


class LessonPage(BasePage):
    """A lesson: where it sits in the course, its blocks, and the way on."""

    heading = ANY_HEADING

    def check(self):
        expect(self.progress_bar).to_be_visible()
        super().check()

    @property
    def caption(self):
        return self.main.locator("p").filter(has_text=re.compile(r"^Lesson \d+ of \d+"))

    @property
    def progress_bar(self):
        return self.main.get_by_role("progressbar")

    def progress(self):
        """The <progress> bar's value and maximum."""
        return self.progress_bar.evaluate("bar => ({value: bar.value, max: bar.max})")

    def assert_position(self, number, total, course_title):
        expect(self.caption).to_have_text(re.compile(rf"^Lesson {number} of {total}\b"))
        expect(self.caption).to_be_visible()
        expect(self.progress_bar).to_have_accessible_name(f"Lesson {number} of {total} in {course_title}")
        assert self.progress() == {"value": number, "max": total}

    # Blocks

    def scenario(self, title):
        return self.main.locator("section").filter(has=self.page.get_by_role("heading", name=f"Scenario {title}"))

    def open_discussion_with_keyboard(self, scenario_title):
        """Tab to the scenario's "Show the discussion" and press Enter; returns the <details> element."""
        scenario = self.scenario(scenario_title)
        self.tab_to(scenario.locator("summary", has_text="Show the discussion"))
        assert_focus_visible(scenario.locator("summary"))
        self.page.keyboard.press("Enter")
        return scenario.locator("details")

    # The way on

    def mark_complete_button(self, finish=False):
        return self.main.get_by_role(
            "button", name="Mark as complete and finish" if finish else "Mark as complete and continue"
        )

    def complete_and_continue(self, next_lesson_title):
        return self.click(self.mark_complete_button(), LessonPage.titled(next_lesson_title))

    def complete_and_continue_with_keyboard(self, next_lesson_title):
        return self.follow_with_keyboard(
            self.mark_complete_button(), LessonPage.titled(next_lesson_title), max_presses=60
        )

    def complete_and_finish_with_keyboard(self):
        return self.follow_with_keyboard(self.mark_complete_button(finish=True), YourTrainingPage, max_presses=60)

    def next_lesson_link(self):
        return self.main.get_by_role("link", name=re.compile(r"^Next lesson"))

    def next_lesson(self, title):
        return self.click(
            self.main.get_by_role("link", name=hidden_suffix("Next lesson", title)), LessonPage.titled(title)
        )

    @property
    def pager(self):
        return self.main.get_by_role("navigation", name="Lessons")

    def previous_lesson(self, title):
        link = self.pager.get_by_role("link", name=hidden_suffix("Previous lesson", title))
        return self.click(link, LessonPage.titled(title))

    def all_lessons(self, course_title):
        link = self.pager.get_by_role("link", name="All lessons in this course")
        return self.click(link, CoursePage.titled(course_title))

    def sign_in_to_save_progress(self):
        return self.click(self.main.get_by_role("link", name="Sign in", exact=True), SignInPage)


class YourTrainingPage(BasePage):
    """The learner's task list: the courses their job roles need, each with its status."""

    path = "/your-training/"
    heading = "Your training"

    @property
    def task_list(self):
        return self.main.locator(".task-list")

    def task_link(self, title):
        return self.task_list.get_by_role("link", name=title, exact=True)

    def tasks(self):
        """(course title, status, hint) for each course on the list."""
        rows = []
        for item in self.task_list.get_by_role("listitem").all():
            rows.append(
                (
                    normalised(item.get_by_role("link").inner_text()),
                    normalised(item.locator(".task-list__status").inner_text()),
                    normalised(item.locator(".task-list__hint").inner_text()),
                )
            )
        return rows

    def job_roles_text(self):
        line = self.main.locator("p").filter(has_text=re.compile(r"^Your job role"))
        return normalised(line.inner_text()) if line.count() else None

    def open_course(self, title):
        return self.click(self.task_link(title), CoursePage.titled(title))

    def open_course_with_keyboard(self, title):
        return self.follow_with_keyboard(self.task_link(title), CoursePage.titled(title))

    def choose_job_role(self):
        return self.click(self.main.get_by_role("link", name="Choose your job role"), JobRolesPage)

    def go_to_your_certificates(self):
        return self.click(self.main.get_by_role("link", name="Your certificates"), YourCertificatesPage)


class JobRolesPage(BasePage):
    path = "/your-training/job-roles/"
    heading = "Your job role"

    @property
    def roles(self):
        return self.main.get_by_role("group", name="Which of these describe your work?")

    def checkbox(self, role_name):
        return self.roles.get_by_role("checkbox", name=role_name, exact=True)

    @property
    def save_button(self):
        return self.main.get_by_role("button", name="Save and continue")

    def save_expecting_a_problem(self):
        return self.click(self.save_button, JobRolesPage)

    def tick_with_keyboard(self, role_name):
        checkbox = self.checkbox(role_name)
        self.tab_to(checkbox)
        assert_focus_visible(checkbox)
        self.page.keyboard.press("Space")
        expect(checkbox).to_be_checked()

    def save_with_keyboard(self):
        return self.follow_with_keyboard(self.save_button, YourTrainingPage)


class SearchPage(BasePage):
    path = "/search/"
    heading = "Search the training"

    @property
    def search_box(self):
        return self.main.get_by_role("search").get_by_role("searchbox", name="Search the training")

    def search_with_keyboard(self, words):
        self.type_into(self.search_box, words)
        return self.press_enter(SearchPage)

    def result_count(self):
        return normalised(self.main.get_by_role("heading", level=2, name=re.compile(r"results? for")).inner_text())

    @property
    def results(self):
        return self.main.get_by_role("list", name=re.compile(r"results? for"))

    def result_list(self):
        """(title, description) of each result, best first."""
        return [
            (normalised(item.get_by_role("link").inner_text()), normalised(item.locator("p").inner_text()))
            for item in self.results.get_by_role("listitem").all()
        ]

    def open_lesson(self, title):
        return self.click(self.results.get_by_role("link", name=title, exact=True), LessonPage.titled(title))


# Quizzes: the start page, one question a page, checking the answers, and the result


def summary_list(container):
    """{key: value} of a summary list (<dl class="summary-list">), as a person reads it."""
    rows = {}
    for row in container.locator(".summary-list__row").all():
        rows[normalised(row.locator("dt").inner_text())] = normalised(row.locator("dd").first.inner_text())
    return rows


def when_allowed_again(moment):
    """How the quiz pages write the time the next attempt opens: "4:05pm on 5 March 2025"."""
    from django.utils import dateformat, timezone

    local = timezone.localtime(moment)
    time_of_day = dateformat.format(local, "g:i") + dateformat.format(local, "A").lower()
    return f"{time_of_day} on {dateformat.format(local, 'j F Y')}"


class QuizStartPage(BasePage):
    """What the quiz asks of the learner, and the button to start it (or why they cannot yet)."""

    heading = ANY_HEADING  # the quiz's title
    identifying_text = re.compile(r"^\d+ questions, one on each page$")

    @property
    def caption(self):
        return self.main.locator(".caption")

    def facts(self):
        """The bullet points under the heading: questions, pass mark, attempts."""
        facts = self.main.get_by_role("list").first.get_by_role("listitem")
        return [normalised(text) for text in facts.all_inner_texts()]

    @property
    def start_button(self):
        return self.main.get_by_role("button", name="Start the quiz")

    def notice(self):
        """The banner that says why the quiz cannot be started now."""
        return normalised(self.main.get_by_role("status").inner_text())

    def start(self, first_question):
        return self.click(self.start_button, QuestionPage.titled(first_question))

    def start_with_keyboard(self, first_question):
        return self.follow_with_keyboard(self.start_button, QuestionPage.titled(first_question))


class QuestionPage(BasePage):
    """One question: the question is the page's heading and the name of its group of choices."""

    heading = ANY_HEADING  # the question's text

    def check(self):
        expect(self.caption).to_be_visible()
        expect(self.question).to_be_visible()
        if isinstance(self.heading, str):
            expect(self.question).to_have_accessible_name(self.heading)
        super().check()

    @property
    def caption(self):
        return self.main.get_by_text(re.compile(r"^Question \d+ of \d+$"))

    def assert_position(self, number, total):
        expect(self.caption).to_have_text(f"Question {number} of {total}")

    @property
    def question(self):
        """The fieldset of choices, named by its legend (the question)."""
        return self.main.get_by_role("group")

    @property
    def radios(self):
        return self.question.get_by_role("radio")

    def option(self, text):
        return self.question.get_by_label(text, exact=True)

    def option_labels(self):
        return [normalised(text) for text in self.question.locator("label").all_inner_texts()]

    def chosen(self):
        """The labels of the options that are ticked or selected now."""
        return [
            normalised(text)
            for text in self.question.locator("input:checked").evaluate_all(
                "inputs => inputs.map((input) => input.labels[0].innerText)"
            )
        ]

    def choose(self, *texts):
        """Choose with the mouse."""
        for text in texts:
            self.option(text).check()

    def choose_with_keyboard(self, *texts):
        """Radios: Tab into the group (it lands on the selected radio, or the first) and move with the arrow
        keys, or press Space if the first is the one. Checkboxes: Tab to each and press Space."""
        if self.radios.count():
            (text,) = texts
            labels = self.option_labels()
            selected = [labels.index(label) for label in self.chosen()]
            start = selected[0] if selected else 0
            self.tab_to(self.radios.nth(start))
            assert_focus_visible(self.radios.nth(start))
            target = labels.index(text)
            if target == start:
                if not selected:
                    self.page.keyboard.press("Space")
            else:
                for _ in range(abs(target - start)):
                    self.page.keyboard.press("ArrowDown" if target > start else "ArrowUp")
            expect(self.radios.nth(target)).to_be_focused()
            expect(self.radios.nth(target)).to_be_checked()
        else:
            for text in texts:
                checkbox = self.question.get_by_role("checkbox", name=text, exact=True)
                self.tab_to(checkbox)
                assert_focus_visible(checkbox)
                self.page.keyboard.press("Space")
                expect(checkbox).to_be_checked()
        assert sorted(self.chosen()) == sorted(texts)

    @property
    def save_button(self):
        return self.main.get_by_role("button", name="Save and continue")

    @property
    def continue_to_check_button(self):
        return self.main.get_by_role("button", name="Continue to check your answers")

    def save_and_continue(self, next_question):
        return self.click(self.save_button, QuestionPage.titled(next_question))

    def save_and_continue_with_keyboard(self, next_question):
        return self.follow_with_keyboard(self.save_button, QuestionPage.titled(next_question))

    def continue_to_check(self):
        return self.click(self.continue_to_check_button, CheckAnswersPage)

    def continue_to_check_with_keyboard(self):
        return self.follow_with_keyboard(self.continue_to_check_button, CheckAnswersPage)

    def save_expecting_a_problem(self):
        button = self.save_button.or_(self.continue_to_check_button)
        return self.click(button, QuestionPage.titled(self.heading))


class CheckAnswersPage(BasePage):
    heading = "Check your answers"

    def answers(self):
        """(question, answer) for each row, as listed."""
        return [
            (normalised(row.locator("dt").inner_text()), normalised(row.locator(".summary-list__value").inner_text()))
            for row in self.main.locator(".summary-list__row").all()
        ]

    def change_link(self, number):
        return self.main.get_by_role("link", name=f"Change your answer to question {number}", exact=True)

    def change_with_keyboard(self, number, question):
        return self.follow_with_keyboard(self.change_link(number), QuestionPage.titled(question))

    @property
    def submit_button(self):
        return self.main.get_by_role("button", name="Submit your answers")

    def submit(self, destination):
        """`destination` is PassedPage or NotPassedPage."""
        return self.click(self.submit_button, destination)

    def submit_with_keyboard(self, destination):
        return self.follow_with_keyboard(self.submit_button, destination)


class QuizResultPage(BasePage):
    """The result of a submitted attempt: the score in a panel, then every question with feedback."""

    def score(self):
        return normalised(self.main.locator(".panel__body").inner_text())

    def reviews(self):
        """For each question: its text, "Right" or "Not right", and the lines under it."""
        rows = []
        for item in (
            self.main.locator(".quiz-review")
            .get_by_role("listitem")
            .filter(has=self.page.get_by_role("heading", level=3))
            .all()
        ):
            heading = item.get_by_role("heading", level=3)
            lines = [normalised(text) for text in item.locator(":scope > p, :scope > ul > li").all_inner_texts()]
            rows.append((normalised(heading.inner_text()), lines))
        return rows


class PassedPage(QuizResultPage):
    heading = "You passed"

    @property
    def certificate_link(self):
        return self.main.get_by_role("link", name="View and download your certificate")

    def view_certificate_with_keyboard(self, holder_name):
        return self.follow_with_keyboard(self.certificate_link, CertificatePage.titled(holder_name))


class NotPassedPage(QuizResultPage):
    heading = "You did not pass this time"

    @property
    def revise_list(self):
        heading = self.main.get_by_role("heading", name="What to revise", level=2)
        return heading.locator("xpath=following-sibling::ul[1]")

    def lessons_to_revise(self):
        return [normalised(text) for text in self.revise_list.get_by_role("link").all_inner_texts()]

    def revise(self, lesson_title):
        link = self.revise_list.get_by_role("link", name=lesson_title, exact=True)
        return self.click(link, LessonPage.titled(lesson_title))

    @property
    def try_again_link(self):
        return self.main.get_by_role("link", name="Try the quiz again")

    def try_again(self, quiz_title):
        return self.click(self.try_again_link, QuizStartPage.titled(quiz_title))


# Certificates: the learner's list, one certificate, and the public check


class YourCertificatesPage(BasePage):
    path = "/certificates/"
    heading = "Your certificates"

    @property
    def table(self):
        return self.main.get_by_role("table", name="Your certificates, newest first")

    def rows(self):
        """(course, status, valid until) for each certificate; the links are found by `view_link` and
        `download_link`, by their full names (their visible text is only "View" and "Download PDF")."""
        return [
            tuple(normalised(text) for text in row.get_by_role("cell").all_inner_texts()[:3])
            for row in self.table.locator("tbody").get_by_role("row").all()
        ]

    def view_link(self, course_title):
        return self.table.get_by_role("link", name=f"View the certificate for {course_title}", exact=True)

    def download_link(self, course_title):
        return self.table.get_by_role("link", name=f"Download PDF for {course_title}", exact=True)

    def view(self, course_title, holder_name):
        return self.click(self.view_link(course_title), CertificatePage.titled(holder_name))

    def view_with_keyboard(self, course_title, holder_name):
        return self.follow_with_keyboard(self.view_link(course_title), CertificatePage.titled(holder_name))


class CertificatePage(BasePage):
    """The holder's certificate: their name is the heading; the facts, the status and the PDF."""

    heading = ANY_HEADING  # the name as printed

    def check(self):
        expect(self.main.get_by_text("Certificate of training", exact=True)).to_be_visible()
        super().check()

    def details(self):
        return summary_list(self.main)

    def status(self):
        return normalised(self.main.locator(".tag").inner_text())

    @property
    def download_link(self):
        return self.main.get_by_role("link", name="Download the certificate (PDF)")

    def download_with_keyboard(self):
        """Tab to the download link and press Enter; returns Playwright's Download."""
        self.tab_to(self.download_link)
        assert_focus_visible(self.download_link)
        with self.page.expect_download() as download:
            self.page.keyboard.press("Enter")
        return download.value


class CertificateCheckPage(BasePage):
    """The public check: a form for a certificate's code and, once one is entered, what the council knows."""

    path = "/check/"
    heading = "Check a certificate"  # with a result, the result is the heading

    RESULTS = (
        "This certificate is valid",
        "This certificate has expired",
        "This certificate has been revoked",
        "No certificate has this code",
    )

    def check(self):
        expect(self.code_box).to_be_visible()
        super().check()

    @property
    def code_box(self):
        return self.main.get_by_role("textbox", name="Certificate code")

    def check_code_with_keyboard(self, code, result):
        """Type the code into the box (replacing what is there) and press Enter; `result` is the heading
        expected on the page that answers."""
        self.tab_to(self.code_box)
        assert_focus_visible(self.code_box)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(code)
        return self.press_enter(CertificateCheckPage.titled(result))

    @property
    def result_panel(self):
        return self.main.get_by_role("status")

    def details(self):
        return summary_list(self.main)


# Two-step sign in (allauth's MFA pages, in the project's templates)


class TwoStepSignInPage(BasePage):
    """Where a person with an authenticator app lands after their password: the code from the app."""

    path = "/accounts/2fa/authenticate/"
    heading = "Two-Factor Authentication"

    @property
    def code_box(self):
        return self.main.get_by_role("textbox", name="Code")

    def enter_code_with_keyboard(self, code, destination):
        self.tab_to(self.code_box)
        assert_focus_visible(self.code_box)
        self.page.keyboard.type(code)
        return self.press_enter(destination)


class ConfirmAccessPage(BasePage):
    """allauth asks for the password again before anything that changes how a person signs in."""

    path = "/accounts/reauthenticate/"
    heading = "Confirm Access"

    def confirm_with_keyboard(self, password, destination):
        password_box = self.main.get_by_label("Password")
        self.tab_to(password_box)
        assert_focus_visible(password_box)
        self.page.keyboard.type(password)
        return self.press_enter(destination)


class ActivateAuthenticatorPage(BasePage):
    """Setting up an authenticator app: a QR code, the secret written out, and a box for the first code."""

    path = "/accounts/2fa/totp/activate/"
    heading = "Activate Authenticator App"

    @property
    def secret_box(self):
        return self.main.get_by_role("textbox", name="Authenticator secret")

    def secret(self):
        return self.secret_box.input_value()

    @property
    def code_box(self):
        return self.main.get_by_role("textbox", name="Authenticator code")

    def activate_with_keyboard(self, code):
        self.tab_to(self.code_box)
        assert_focus_visible(self.code_box)
        self.page.keyboard.type(code)
        return self.press_enter(RecoveryCodesPage)


class RecoveryCodesPage(BasePage):
    path = "/accounts/2fa/recovery-codes/"
    heading = "Recovery Codes"


# Organisations: the manager's dashboard, a person, inviting one person or a file of them, invitations


class OrganisationPage(BasePage):
    """A page of one organisation: its name above the heading and its own navigation under it."""

    organisation_name = None
    name_in_caption = True  # the caption above the heading is the organisation's name

    def __init__(self, page, heading=None, organisation_name=None):
        if organisation_name is not None:
            self.organisation_name = organisation_name
        super().__init__(page, heading=heading)

    @classmethod
    def of(cls, organisation_name, heading=None):
        """A destination for `leave`: this kind of page, for this organisation."""
        return functools.partial(cls, heading=heading, organisation_name=organisation_name)

    @classmethod
    def visit(cls, page, url=None, heading=None, organisation_name=None):
        page.goto(url or cls.path)
        return cls(page, heading=heading, organisation_name=organisation_name)

    def check(self):
        if self.organisation_name and self.name_in_caption:
            expect(self.main.locator(".caption").first).to_have_text(re.compile(re.escape(self.organisation_name)))
        super().check()

    @property
    def sub_nav(self):
        return self.main.get_by_role("navigation", name=self.organisation_name)

    def current_section(self):
        return normalised(self.sub_nav.locator("[aria-current=page]").inner_text())

    def _section(self, name, destination):
        return self.click(self.sub_nav.get_by_role("link", name=name, exact=True), destination)

    def go_to_people(self):
        return self._section("People and training", OrganisationDashboardPage.titled(self.organisation_name))

    def go_to_invite(self):
        return self._section("Invite someone", InvitePage.of(self.organisation_name))

    def go_to_upload(self):
        return self._section("Upload a list", UploadPage.of(self.organisation_name))

    def go_to_invitations(self):
        return self._section("Invitations", InvitationsPage.of(self.organisation_name))


def table_rows(table):
    """The text of each cell (row headers included) of each body row, whitespace normalised."""
    return [
        [normalised(text) for text in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody").get_by_role("row").all()
    ]


class OrganisationDashboardPage(OrganisationPage):
    """People and training: a bar chart and a table of the counts by state, the filters and the people."""

    heading = ANY_HEADING  # the organisation's name
    name_in_caption = False  # the caption is the kind of organisation

    def __init__(self, page, heading=None, organisation_name=None):
        super().__init__(page, heading=heading, organisation_name=organisation_name or heading)

    @classmethod
    def titled(cls, heading):
        return functools.partial(cls, heading=heading, organisation_name=heading)

    def check(self):
        expect(self.main.get_by_role("heading", name="Training at a glance", level=2)).to_be_visible()
        expect(self.main.get_by_role("heading", name="People", level=2)).to_be_visible()
        super().check()

    # The counts

    @property
    def chart(self):
        return self.main.get_by_role("figure", name="Training at a glance")

    def chart_bars(self):
        """(label, count) for each bar, top to bottom."""
        return [
            (
                normalised(row.locator(".bar-chart__label").inner_text()),
                int(row.locator(".bar-chart__value").inner_text()),
            )
            for row in self.chart.get_by_role("listitem").all()
        ]

    def bar_widths(self):
        """Each bar's width as a share of its track, in whole per cent."""
        return self.chart.locator(".bar-chart__row").evaluate_all(
            """rows => rows.map((row) => Math.round(100 * row.querySelector('.bar-chart__bar').getBoundingClientRect()
                .width / row.querySelector('.bar-chart__track').getBoundingClientRect().width))"""
        )

    @property
    def counts_table(self):
        return self.main.get_by_role("region", name="Training at a glance").get_by_role("table")

    def counts_in_table(self):
        """(state, count) for each row of the counts table."""
        headings = [normalised(text) for text in self.counts_table.get_by_role("rowheader").all_inner_texts()]
        counts = [
            int(re.match(r"\d+", normalised(text)).group())
            for text in self.counts_table.locator("tbody").get_by_role("cell").all_inner_texts()
        ]
        return list(zip(headings, counts, strict=True))

    def count_link(self, label):
        return self.counts_table.get_by_role("link", name=re.compile(rf"^\d+ {re.escape(label.lower())}: show them$"))

    # Reminders

    @property
    def remind_button(self):
        return self.main.get_by_role("button", name="Remind those not started")

    def remind_with_keyboard(self):
        return self.follow_with_keyboard(self.remind_button, OrganisationDashboardPage.titled(self.organisation_name))

    # Filters

    @property
    def filters(self):
        return self.main.get_by_role("search", name="Filter people")

    @property
    def search_box(self):
        return self.filters.get_by_role("searchbox", name="Name or reference")

    @property
    def state_select(self):
        return self.filters.get_by_role("combobox", name="State")

    @property
    def filter_button(self):
        return self.filters.get_by_role("button", name="Filter")

    def _same_page(self):
        return OrganisationDashboardPage.titled(self.organisation_name)

    def choose_with_keyboard(self, select, label):
        """Tab to a closed <select> and move through its options with the arrow keys until `label` is chosen."""
        self.tab_to(select)
        assert_focus_visible(select)
        labels = [normalised(text) for text in select.locator("option").all_inner_texts()]
        target = labels.index(label)
        current = select.evaluate("select => select.selectedIndex")
        for _ in range(abs(target - current)):
            self.page.keyboard.press("ArrowDown" if target > current else "ArrowUp")
        expect(select.locator("option:checked")).to_have_text(label)

    def filter_by_state_with_keyboard(self, label):
        self.choose_with_keyboard(self.state_select, label)
        return self.follow_with_keyboard(self.filter_button, self._same_page())

    def search_with_keyboard(self, words):
        """Type into the search box (replacing what is there) and press Enter."""
        self.tab_to(self.search_box)
        assert_focus_visible(self.search_box)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(words)
        return self.press_enter(self._same_page())

    def clear_filters(self):
        return self.click(self.filters.get_by_role("link", name="Clear filters"), self._same_page())

    # The people

    def showing(self):
        return normalised(self.main.locator("p").filter(has_text=re.compile(r"^Showing \d+ of \d+")).inner_text())

    @property
    def people_table(self):
        return self.main.get_by_role("region", name="People").get_by_role("table", name="People")

    def people(self):
        """[name (with "(invited)"), job role, reference, training] for each row."""
        return table_rows(self.people_table)

    def names(self):
        return [normalised(text) for text in self.people_table.locator("tbody th a").all_inner_texts()]

    def person_link(self, name):
        return self.people_table.get_by_role("link", name=name, exact=True)

    def open_person(self, name):
        return self.click(self.person_link(name), PersonPage.of(self.organisation_name, heading=name))

    def open_person_with_keyboard(self, name):
        return self.follow_with_keyboard(
            self.person_link(name), PersonPage.of(self.organisation_name, heading=name), max_presses=60
        )

    # Downloads

    @property
    def csv_link(self):
        return self.main.get_by_role("link", name="CSV", exact=True)

    @property
    def xlsx_link(self):
        return self.main.get_by_role("link", name="Excel (XLSX)", exact=True)

    def download_with_keyboard(self, link):
        """Tab to a download link and press Enter; returns Playwright's Download."""
        self.tab_to(link, max_presses=60)
        assert_focus_visible(link)
        with self.page.expect_download() as download:
            self.page.keyboard.press("Enter")
        return download.value


class PersonPage(OrganisationPage):
    """One person as their manager sees them: details, required courses and certificates."""

    heading = ANY_HEADING  # the person's name

    def check(self):
        expect(self.main.get_by_role("heading", name="Required courses", level=2)).to_be_visible()
        super().check()

    def details(self):
        return summary_list(self.main)

    def courses(self):
        """(course, state) for each required course."""
        return [
            (
                normalised(item.locator(".task-list__name").inner_text().splitlines()[0]),
                normalised(item.locator(".task-list__status").inner_text()),
            )
            for item in self.main.locator(".task-list").get_by_role("listitem").all()
        ]

    def certificates(self):
        heading = self.main.get_by_role("heading", name="Certificates", level=2)
        return [
            normalised(text)
            for text in heading.locator("xpath=following-sibling::ul[1]").get_by_role("listitem").all_inner_texts()
        ]

    def go_back(self):
        """The browser's Back button, to the list the person was opened from."""
        self.page.go_back()
        return OrganisationDashboardPage.titled(self.organisation_name)(self.page)

    def back_to_everyone(self):
        link = self.main.get_by_role("link", name="Back to everyone")
        return self.click(link, OrganisationDashboardPage.titled(self.organisation_name))


class InvitePage(OrganisationPage):
    heading = "Invite someone"

    @property
    def form(self):
        return self.main.locator("form.form")

    def fill(self, *, full_name="", email="", job_role=None, reference="", manager=False):
        self.form.get_by_label("Full name").fill(full_name)
        self.form.get_by_label("E-mail address").fill(email)
        if job_role:
            self.form.get_by_label("Job role").select_option(label=job_role)
        self.form.get_by_label("Reference (optional)").fill(reference)
        if manager:
            self.form.get_by_label("Take training and manage this organisation").check()

    @property
    def send_button(self):
        return self.main.get_by_role("button", name="Send the invitation")

    def send(self):
        return self.click(self.send_button, InvitationsPage.of(self.organisation_name))

    def send_expecting_a_problem(self):
        return self.click(self.send_button, InvitePage.of(self.organisation_name))


class UploadPage(OrganisationPage):
    heading = "Upload a list of people"

    @property
    def file_input(self):
        return self.main.get_by_label("File of people")

    @property
    def upload_button(self):
        return self.main.get_by_role("button", name="Upload and check the file")

    def choose_file(self, name, content, mime_type="text/csv"):
        self.file_input.set_input_files({"name": name, "mimeType": mime_type, "buffer": content})

    def upload(self, name, content, mime_type="text/csv"):
        self.choose_file(name, content, mime_type)
        return self.click(self.upload_button, UploadPreviewPage.of(self.organisation_name))

    def upload_with_keyboard(self, name, content, mime_type="text/csv"):
        """Choose the file (a file chooser cannot be driven by keys), then Tab to the button and press Enter."""
        self.choose_file(name, content, mime_type)
        return self.follow_with_keyboard(self.upload_button, UploadPreviewPage.of(self.organisation_name))

    def upload_expecting_a_problem(self, name, content, mime_type="application/octet-stream"):
        self.choose_file(name, content, mime_type)
        return self.click(self.upload_button, UploadPage.of(self.organisation_name))


class UploadPreviewPage(OrganisationPage):
    """Every row of the uploaded file checked, nothing saved yet, and the button that invites the good rows."""

    heading = "Check the list before you invite"

    def counts(self):
        return normalised(self.main.locator("#upload-counts").inner_text())

    @property
    def problems_table(self):
        return self.main.get_by_role("region", name="Rows with problems").get_by_role("table")

    def problems(self):
        """[row number, e-mail, what is wrong] for each row with a problem."""
        return table_rows(self.problems_table)

    @property
    def ready_table(self):
        return self.main.get_by_role("region", name="People ready to invite").get_by_role("table")

    def ready(self):
        """[row number, name, e-mail, job role, reference] for each row ready to invite."""
        return table_rows(self.ready_table)

    def invite_button(self, count):
        return self.main.get_by_role("button", name=f"Invite {count} {'person' if count == 1 else 'people'}")

    def confirm_with_keyboard(self, count):
        return self.follow_with_keyboard(self.invite_button(count), InvitationsPage.of(self.organisation_name))


class InvitationsPage(OrganisationPage):
    heading = "Invitations"

    @property
    def table(self):
        return self.main.get_by_role("region", name="Open invitations").get_by_role("table")

    def rows(self):
        """[name and e-mail, sent, state, actions] for each open invitation, newest first."""
        return table_rows(self.table)


# Licensing: an officer checks one driver, a list of licence numbers, and who is expiring


class LicensingPage(OrganisationPage):
    """A licensing officer's page: the authority's name above the heading and the "Licensing" navigation."""

    @property
    def sub_nav(self):
        return self.main.get_by_role("navigation", name="Licensing")

    def go_to_check(self):
        return self._section("Check a driver", LicensingCheckPage.of(self.organisation_name))

    def go_to_list_check(self):
        return self._section("Check a list", ListCheckStartPage.of(self.organisation_name))

    def go_to_expiring(self):
        return self._section("Expiring", ExpiringPage.of(self.organisation_name))


class DriverCheckForm:
    """The form to check one driver, by licence number or certificate code: on the check page, and as
    "Check another driver" under a record. A check is recorded, then the browser lands on its record."""

    @property
    def check_box(self):
        return self.main.get_by_role("textbox", name="Licence number or certificate code")

    def check_driver_with_keyboard(self, entered, result):
        """Tab to the box, type what the officer has in front of them and press Enter; `result` is the
        heading of the record the check lands on ("Compliant", "No such licence on your register", ...)."""
        self.tab_to(self.check_box, max_presses=80)
        assert_focus_visible(self.check_box)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(entered)
        return self.press_enter(CheckRecordPage.of(self.organisation_name, heading=result))


class LicensingCheckPage(DriverCheckForm, LicensingPage):
    heading = "Check a driver's training"


class CheckRecordPage(DriverCheckForm, OrganisationPage):
    """The record of one check: the result is the heading, then who checked and the driver's training."""

    heading = ANY_HEADING  # the result: "Compliant", "Not compliant", "No such licence on your register", ...

    def check(self):
        expect(self.main.locator(".caption").first).to_have_text(re.compile(r": record of a training check$"))
        super().check()

    def entered(self):
        """What the officer typed, as the record keeps it (under the result)."""
        return normalised(self.main.locator(".panel__body").inner_text())

    def details(self):
        return summary_list(self.main)

    def required_training(self):
        """(course, state) for each course the driver's job role requires."""
        return [
            (
                normalised(item.locator(".task-list__name").inner_text().splitlines()[0]),
                normalised(item.locator(".task-list__status").inner_text()),
            )
            for item in self.main.locator(".task-list").get_by_role("listitem").all()
        ]

    def history(self, name):
        """The rows of one table of the driver's history: "Certificates", "Quiz attempts", ..."""
        return table_rows(self.main.get_by_role("region", name=name).get_by_role("table"))


class ListCheckStartPage(LicensingPage):
    heading = "Check a list of licence numbers"

    @property
    def file_input(self):
        return self.main.get_by_label("File of licence numbers")

    @property
    def upload_button(self):
        return self.main.get_by_role("button", name="Upload and check the list")

    def upload_with_keyboard(self, name, content, mime_type="text/csv"):
        """Choose the file (a file chooser cannot be driven by keys), then Tab to the button and press Enter.
        The browser lands on the check's own page, which shows its progress or, when done, the result."""
        self.file_input.set_input_files({"name": name, "mimeType": mime_type, "buffer": content})
        return self.follow_with_keyboard(self.upload_button, ListCheckPage.of(self.organisation_name))

    def recent_checks(self):
        """[started, file, by, numbers, status] for each recent list check, newest first."""
        return table_rows(self.main.get_by_role("region", name="Recent list checks").get_by_role("table"))


class ListCheckPage(LicensingPage):
    """One list check: its progress while it runs (the page refreshes itself), then the counts and downloads."""

    DONE = "The list has been checked"
    RUNNING = "Checking the list"
    heading = re.compile(r"^(The list has been checked|Checking the list|The list could not be checked)$")

    def check(self):
        expect(self.main.locator(".caption").first).to_have_text(re.compile(r": list check$"))
        super().check()

    def refreshes_itself(self):
        """The server asks the browser to reload (an HTTP Refresh header) and the page says so."""
        reload_asked = "refresh" in self.page.request.get(self.page.url).headers
        return reload_asked and self.page.get_by_text("This page updates itself").count() > 0

    def is_done(self):
        return normalised(self.page.get_by_role("heading", level=1).inner_text()) == self.DONE

    def until_done(self, reloads=20):
        """This page if the check is done; otherwise reload (each page is checked on arrival) until it is."""
        current = self
        for _ in range(reloads):
            if current.is_done():
                return current
            current = current.leave(self.page.reload, ListCheckPage.of(self.organisation_name))
        assert current.is_done(), f"the list check was not done after {reloads} reloads"
        return current

    @property
    def update_link(self):
        """On a page that does not refresh itself (after "Stop updating this page")."""
        return self.main.get_by_role("link", name="Update this page")

    def update_with_keyboard(self):
        return self.follow_with_keyboard(self.update_link, ListCheckPage.of(self.organisation_name))

    def summary(self):
        return normalised(self.main.locator(".panel .lead").inner_text())

    def counts(self):
        """The outcome counts: ["Compliant: 2", ...]."""
        items = self.main.locator(".panel ul").first.get_by_role("listitem")
        return [normalised(text) for text in items.all_inner_texts()]

    def download_link(self, label):
        """The link "Download as CSV" or "Download as Excel (XLSX)"; each name ends with the file's name."""
        return self.main.get_by_role("link", name=re.compile(rf"^{re.escape(label)} ?\("))

    def download_with_keyboard(self, label):
        link = self.download_link(label)
        self.tab_to(link, max_presses=60)
        assert_focus_visible(link)
        with self.page.expect_download() as download:
            self.page.keyboard.press("Enter")
        return download.value


class ExpiringPage(LicensingPage):
    heading = "Drivers whose training needs attention"

    @property
    def days_box(self):
        return self.main.get_by_role("spinbutton", name="Days ahead")

    def show_with_keyboard(self, days):
        self.tab_to(self.days_box)
        assert_focus_visible(self.days_box)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(str(days))
        return self.press_enter(ExpiringPage.of(self.organisation_name))

    def total(self):
        return normalised(self.main.get_by_role("heading", level=2, name=re.compile(r"for the next")).inner_text())

    @property
    def table(self):
        return self.main.get_by_role("region", name=re.compile(r"for the next")).get_by_role("table")

    def rows(self):
        """[driver, licence, required course and state, certificate expires, renewal due, reason] per row."""
        return table_rows(self.table)

    def check_driver(self, number, driver_name, result):
        link = self.table.get_by_role("link", name=hidden_suffix(number, f"check {driver_name}"))
        return self.click(link, CheckRecordPage.of(self.organisation_name, heading=result))
