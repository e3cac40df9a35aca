"""Training in a real browser: reading a course to the end from the keyboard, resuming, reading without
an account, choosing a job role, searching, and axe-core on every demo course and lesson.

Phone width (320px) unless said otherwise. Every page the browser arrives on is checked by its page
object (pages.py): its heading, axe-core and, at 320px, no sideways scrolling.
"""

import io
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from courses.content import read_modules
from courses.factories import CourseIndexPageFactory, CoursePageFactory, JobRoleFactory, LessonPageFactory
from courses.models import CoursePage as CourseModel
from courses.models import LessonPage as LessonModel
from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from eyesandears.core.models import CouncilSettings

from .pages import CourseIndexPage, CoursePage, HomePage, LessonPage, SignInPage, hidden_suffix, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRIVER_ROLE = "Taxi and private hire driver"
HOTEL_ROLE = "Hotel staff"
COURSE = "Eyes on the road"
HOTEL_COURSE = "Eyes on the front desk"
LESSONS = ["What exploitation looks like", "Myths and who to call", "What to remember"]
SCENARIO = "A late pick-up"
DISCUSSION = "Write down the time, the address and the registration, then call 101."
SOCIAL_CARE_PHONE = "01632 960 123"
OUT_OF_HOURS_PHONE = "01632 960 456"
SEARCH_WORD = "forecourt"  # only in the third lesson's text

LESSON_BODIES = [
    [
        (
            "text",
            "<h2>What it is</h2><p>Exploitation is when someone uses their power over a child to abuse them.</p>",
        ),
        (
            "warning_sign",
            {
                "sign": "An adult pays the fare but does not travel",
                "why_it_matters": "An adult may pay for a child to be taken somewhere so that they are not seen "
                "together.",
            },
        ),
        (
            "scenario",
            {
                "title": SCENARIO,
                "situation": "You collect a girl of about 14 from a hotel at 2am. A man pays but does not travel.",
                "question": "What would you do?",
                "discussion": DISCUSSION,
            },
        ),
    ],
    [
        (
            "myth_fact",
            {
                "myth": "Only girls are exploited.",
                "fact": "Boys and young men are exploited too, and are less likely to be noticed.",
            },
        ),
        ("what_to_do", {"heading": "What to do and who to call", "intro": "Use these numbers."}),
    ],
    [
        ("text", f"<p>Trust what you see on the {SEARCH_WORD}, at the kerb and in the car.</p>"),
        (
            "key_points",
            {
                "heading": "Key points",
                "points": ["Judge people by what they do, not how they look.", "You do not need proof to report."],
            },
        ),
    ],
]


# The course tree and the people


@pytest.fixture
def council(home_page):
    settings = CouncilSettings.for_site(home_page.get_site())
    settings.childrens_social_care_phone = SOCIAL_CARE_PHONE
    settings.out_of_hours_phone = OUT_OF_HOURS_PHONE
    settings.save()
    return settings


@pytest.fixture
def driver_role(db):
    return JobRoleFactory(name=DRIVER_ROLE, slug="taxi-private-hire-driver")


@pytest.fixture
def hotel_role(db):
    return JobRoleFactory(name=HOTEL_ROLE, slug="hotel-staff")


@pytest.fixture
def course_index(home_page):
    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def course(course_index, driver_role, council):
    """A course of three lessons built from the real lesson blocks."""
    course = CoursePageFactory(parent=course_index, title=COURSE, slug="eyes-on-the-road", job_roles=[driver_role])
    for number, (title, body) in enumerate(zip(LESSONS, LESSON_BODIES, strict=True), start=1):
        LessonPageFactory(parent=course, title=title, slug=f"lesson-{number}", summary=f"Part {number}.", body=body)
    return course


@pytest.fixture
def hotel_course(course_index, hotel_role):
    course = CoursePageFactory(parent=course_index, title=HOTEL_COURSE, slug="front-desk", job_roles=[hotel_role])
    for number in (1, 2):
        LessonPageFactory(parent=course, title=f"Front desk lesson {number}", slug=f"lesson-{number}")
    return course


@pytest.fixture
def driver(db, driver_role):
    user = UserFactory(email="dev.driver@example.com", full_name="Dev Driver")
    user.job_roles.add(driver_role)
    return user


def long_date(day):
    return dateformat.format(day, "j F Y")


# 1. A whole course, from the keyboard, at 320px


def test_a_new_learner_reads_a_whole_course_to_the_end_with_the_keyboard(page, course, driver):
    home = SignInPage.visit(page).sign_in_with_keyboard(driver.email, TEST_PASSWORD)
    assert home.is_signed_in()

    training = home.go_to_your_training_with_keyboard()
    assert "Your job role is: Taxi and private hire driver." in training.job_roles_text()
    assert training.tasks() == [(COURSE, "Not started", "3 lessons, about 25 minutes.")]
    expect(training.task_link(COURSE)).to_have_accessible_description("Not started")

    course_page = training.open_course_with_keyboard(COURSE)
    assert course_page.status_text() is None
    assert course_page.lesson_list() == [(f"{n}. {title}", "Not done") for n, title in enumerate(LESSONS, start=1)]

    # Lesson 1: text, a warning sign and a scenario whose discussion opens from the keyboard
    lesson = course_page.start_with_keyboard(LESSONS[0])
    lesson.assert_position(1, 3, COURSE)
    expect(lesson.main.get_by_text("Exploitation is when someone uses their power")).to_be_visible()
    expect(
        lesson.main.get_by_role("heading", name="Warning sign: An adult pays the fare but does not travel")
    ).to_be_visible()
    scenario = lesson.scenario(SCENARIO)
    expect(scenario.get_by_text("Think about it: What would you do?")).to_be_visible()
    discussion = scenario.get_by_text(DISCUSSION)
    expect(discussion).to_be_hidden()
    details = lesson.open_discussion_with_keyboard(SCENARIO)
    expect(details).to_have_attribute("open", "")
    expect(discussion).to_be_visible()

    # Lesson 2: a myth and the facts, and the council's own numbers to call
    lesson = lesson.complete_and_continue_with_keyboard(LESSONS[1])
    lesson.assert_position(2, 3, COURSE)
    expect(lesson.main.get_by_text("Myth: Only girls are exploited.")).to_be_visible()
    expect(lesson.main.get_by_text("Fact: Boys and young men are exploited too")).to_be_visible()
    expect(lesson.main.get_by_role("heading", name="What to do and who to call")).to_be_visible()
    for number in ("999", "101", SOCIAL_CARE_PHONE, OUT_OF_HOURS_PHONE):
        call = lesson.main.get_by_role("link", name=number, exact=True)
        expect(call).to_be_visible()
        expect(call).to_have_attribute("href", f"tel:{number.replace(' ', '')}")

    # Lesson 3: key points, and the last button finishes the course
    lesson = lesson.complete_and_continue_with_keyboard(LESSONS[2])
    lesson.assert_position(3, 3, COURSE)
    key_points = lesson.main.get_by_role("heading", name="Key points", level=2)
    expect(key_points).to_be_visible()
    expect(lesson.main.get_by_role("listitem").filter(has_text="You do not need proof to report.")).to_be_visible()
    expect(lesson.mark_complete_button()).to_have_count(0)

    training = lesson.complete_and_finish_with_keyboard()
    assert f"You have finished {COURSE}." in training.messages()
    today = timezone.localdate()
    valid_until = today + relativedelta(months=36)
    assert training.tasks() == [
        (COURSE, "Completed", f"Completed {long_date(today)}. Valid until {long_date(valid_until)}.")
    ]
    expect(training.task_link(COURSE)).to_have_accessible_description("Completed")


# 2. Coming back later


def test_a_learner_who_read_lesson_one_continues_at_lesson_two_after_signing_in_again(page, course, driver):
    home = SignInPage.visit(page).sign_in(driver.email, TEST_PASSWORD)
    lesson = home.go_to_your_training().open_course(COURSE).start(LESSONS[0])
    lesson = lesson.complete_and_continue(LESSONS[1])
    lesson.assert_position(2, 3, COURSE)

    home = lesson.sign_out()
    assert not home.is_signed_in()
    home = home.go_to_sign_in().sign_in(driver.email, TEST_PASSWORD)

    training = home.go_to_your_training()
    assert training.tasks() == [(COURSE, "In progress", "1 of 3 lessons done.")]
    expect(training.task_link(COURSE)).to_have_accessible_description("In progress")

    course_page = training.open_course(COURSE)
    assert course_page.status_text() == "Your status: In progress"
    assert course_page.lesson_list() == [
        (f"1. {LESSONS[0]}", "Done"),
        (f"2. {LESSONS[1]}", "Not done"),
        (f"3. {LESSONS[2]}", "Not done"),
    ]
    expect(course_page.start_button).to_have_count(0)
    expect(course_page.continue_link).to_have_accessible_name(hidden_suffix("Continue: lesson 2", LESSONS[1], ","))

    lesson = course_page.continue_course(LESSONS[1])
    lesson.assert_position(2, 3, COURSE)
    expect(lesson.mark_complete_button()).to_be_visible()
    expect(lesson.main.get_by_text("You have marked this lesson as complete.")).to_have_count(0)

    lesson = lesson.previous_lesson(LESSONS[0])
    expect(lesson.main.get_by_text("You have marked this lesson as complete.")).to_be_visible()


# 3. Reading without an account, at phone and desktop widths


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_anyone_can_read_the_course_and_is_invited_to_sign_in(page, course, hotel_course, viewport_width):
    reader = UserFactory(email="reader@example.com")

    index = CourseIndexPage.visit(page)
    assert not index.is_signed_in()
    assert index.course_titles() == [COURSE, HOTEL_COURSE]

    course_page = index.open_course(COURSE)
    expect(course_page.main).to_contain_text("Anyone can read this course.")
    expect(course_page.main).to_contain_text("Sign in or create an account to save your progress")
    expect(course_page.start_button).to_have_count(0)
    assert course_page.status_text() is None
    assert course_page.lesson_list() == [(f"{n}. {title}", None) for n, title in enumerate(LESSONS, start=1)]

    lesson = course_page.start_reading(LESSONS[0])
    for number, title in enumerate(LESSONS, start=1):
        if number > 1:
            lesson = lesson.next_lesson(title)
        lesson.assert_position(number, 3, COURSE)
        expect(lesson.main).to_contain_text("Sign in to save your progress and get a certificate.")
        expect(lesson.main.get_by_role("button", name=re.compile("Mark as complete"))).to_have_count(0)
    expect(lesson.next_lesson_link()).to_have_count(0)

    course_page = lesson.all_lessons(COURSE)
    lesson = course_page.open_lesson(LESSONS[2])

    # Signing in from a lesson comes back to it, now with the button that saves progress.
    sign_in = lesson.sign_in_to_save_progress()
    lesson = sign_in.sign_in(reader.email, TEST_PASSWORD, destination=LessonPage.titled(LESSONS[2]))
    assert lesson.is_signed_in()
    expect(lesson.mark_complete_button(finish=True)).to_be_visible()


# 4. Choosing a job role


def test_choosing_a_job_role_from_the_keyboard_shows_the_training_for_it(page, course, hotel_course):
    newcomer = UserFactory(email="new.starter@example.com")
    training = SignInPage.visit(page).sign_in(newcomer.email, TEST_PASSWORD).go_to_your_training()
    expect(training.main).to_contain_text("Tell us what you do at work")
    assert training.tasks() == []

    form = training.choose_job_role().save_expecting_a_problem()
    expect(page).to_have_title(re.compile(r"^Error: Your job role"))
    summary = form.error_summary()
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("tabindex", "-1")
    summary.focus()
    expect(summary).to_be_focused()
    expect(form.roles).to_have_accessible_description(re.compile(r"Error: Select at least one job role\."))

    link = summary.get_by_role("link", name="Select at least one job role.")
    target = link.get_attribute("href")
    assert target.startswith("#")
    expect(form.roles.locator(target)).to_be_visible()  # the link leads into the job-role question
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(form.checkbox(HOTEL_ROLE)).to_be_focused()  # the first choice, straight after the link

    form.tick_with_keyboard(HOTEL_ROLE)
    expect(form.checkbox(DRIVER_ROLE)).not_to_be_checked()
    training = form.save_with_keyboard()
    assert "Your job roles are saved." in training.messages()
    assert "Your job role is: Hotel staff." in training.job_roles_text()
    assert training.tasks() == [(HOTEL_COURSE, "Not started", "2 lessons, about 25 minutes.")]


# 5. Search


def test_searching_from_the_header_finds_a_lesson_by_a_word_in_its_text(page, course, hotel_course):
    search = HomePage.visit(page).go_to_search()
    results = search.search_with_keyboard(SEARCH_WORD)
    assert results.result_count() == f"1 result for ‘{SEARCH_WORD}’"
    assert results.result_list() == [(LESSONS[2], "Lesson: Part 3.")]
    expect(results.search_box).to_have_value(SEARCH_WORD)

    lesson = results.open_lesson(LESSONS[2])
    lesson.assert_position(3, 3, COURSE)
    expect(lesson.main.get_by_text(f"Trust what you see on the {SEARCH_WORD}")).to_be_visible()


# 6. The demo council's real modules, every page through axe-core at 320px


def test_every_demo_course_and_lesson_passes_axe_at_phone_width(page, settings):
    settings.DEBUG = True  # seed_demo refuses to run without it
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    modules = read_modules()

    index = CourseIndexPage.visit(page)
    assert sorted(index.course_titles()) == sorted(module.title for module in modules)

    lessons_seen = 0
    # The English pages; tests/e2e/test_languages.py goes through the demo's translations.
    for course in CourseModel.objects.live().filter(locale__language_code="en-gb").order_by("path"):
        CoursePage.visit(page, course.url, heading=course.title)
        for lesson in LessonModel.objects.live().child_of(course).order_by("path"):
            LessonPage.visit(page, lesson.url, heading=lesson.title)
            lessons_seen += 1
    assert lessons_seen == sum(len(module.lessons) for module in modules) == 24
