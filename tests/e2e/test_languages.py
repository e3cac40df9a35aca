"""A driver in Urdu and one in Polish take the demo's taxi module and its quiz from start to finish,
in the browser at phone width, on the translations `seed_demo` ships: every page in their language
(Urdu right to left), checked with axe-core and for sideways scrolling on arrival, and the pass gives
the certificate for the original course.
"""

import re

import pytest
import yaml
from django.utils import translation
from playwright.sync_api import expect

from certificates.models import Certificate
from courses import demo as courses_demo
from courses import translation_demo
from courses.content import read_modules
from courses.models import CoursePage
from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from eyesandears.core import demo as core_demo
from quizzes import demo as quizzes_demo
from quizzes.models import Attempt

from .accessibility import assert_accessible, assert_no_horizontal_scrolling

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MODULE = "taxi-and-private-hire-drivers"
DIRECTION = {"ur": "rtl", "pl": "ltr"}


@pytest.fixture
def taxi_module_in_three_languages():
    """The demo council with only the taxi module (its quiz too), and its Urdu and Polish translations."""
    core_demo.seed()
    home = core_demo.HomePage.objects.get(locale__language_code="en-gb")
    roles = courses_demo.ensure_job_roles()
    index = courses_demo.ensure_course_index(home)
    module = next(module for module in read_modules() if module.slug == MODULE)
    course = courses_demo.ensure_course(index, module, roles)
    quizzes_demo.ensure_quiz(course, yaml.safe_load((module.folder / "quiz.yaml").read_text(encoding="utf-8")))
    translation_demo.seed()
    return course, roles["taxi-private-hire-driver"]


def say(language, english, **values):
    with translation.override(language):
        text = translation.gettext(english)
    assert text != english, f"{english!r} has no {language} translation"
    return text % values if values else text


def arrive(page, language):
    """Every page: in the learner's language and direction, accessible, and no sideways scrolling."""
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)


def press(page, language, button_text, **values):
    button = page.get_by_role("main").get_by_role("button", name=say(language, button_text, **values), exact=True)
    with page.expect_navigation():
        button.click()
    arrive(page, language)


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_a_driver_takes_the_module_and_the_quiz_in_their_language(page, taxi_module_in_three_languages, language):
    original, driver_role = taxi_module_in_three_languages
    course = original.get_translation(original.locale.__class__.objects.get(language_code=language)).specific
    learner = UserFactory(email=f"{language}-driver@example.com", full_name="Imran Driver",
                          preferred_language=language)
    learner.job_roles.add(driver_role)

    # Signing in on the English page takes a learner who prefers Urdu or Polish to their language.
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=login]").fill(learner.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/{language}/"))
    arrive(page, language)

    page.goto(f"/{language}/your-training/")
    arrive(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "Your training"))
    with page.expect_navigation():
        page.get_by_role("link", name=course.title).click()
    arrive(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    expect(page.get_by_role("main")).to_contain_text(
        say(language, "This translation is awaiting review by a qualified translator."))

    press(page, language, "Start the course")
    lessons = CoursePage.objects.get(pk=course.pk).get_children().live().count()
    for number in range(1, lessons + 1):
        expect(page.get_by_role("heading", level=1)).not_to_be_empty()
        assert f"/{language}/" in page.url
        press(page, language, "Mark as complete and continue" if number < lessons else "Mark as complete and finish")

    # After the last lesson: the quiz, in the same language.
    assert f"/{language}/quizzes/" in page.url
    press(page, language, "Start the quiz")
    attempt = Attempt.objects.get(user=learner)
    assert attempt.quiz.locale.language_code == language
    questions = attempt.snapshot["questions"]
    for number, question in enumerate(questions, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(question["text"])
        for option in question["options"]:
            if option["correct"]:
                page.locator(f"input[value='{option['id']}']").check()
        last = number == len(questions)
        press(page, language, "Continue to check your answers" if last else "Save and continue")
    press(page, language, "Submit your answers")

    attempt.refresh_from_db()
    assert attempt.passed
    certificate = Certificate.objects.get(attempt=attempt)
    assert certificate.course_id == original.pk  # the certificate is for the original course, in English
    certificate_link = re.compile(re.escape(say(language, "View and download your certificate")))
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=certificate_link).first.click()
    arrive(page, language)
    expect(page.get_by_role("main")).to_contain_text(certificate.display_code)


# The groups of digits of a link's text in the order a reader sees them on the screen, left to right.
GROUPS_AS_SEEN = """link => {
    const text = link.firstChild;
    const groups = [];
    let start = 0;
    for (const group of text.textContent.split(" ")) {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + group.length);
        groups.push([group, range.getBoundingClientRect().left]);
        start += group.length + 1;
    }
    return groups.sort((a, b) => a[1] - b[1]).map(([group]) => group).join(" ");
}"""


def test_phone_numbers_in_urdu_read_left_to_right_so_no_one_dials_the_groups_in_the_wrong_order(page):
    core_demo.seed()
    page.goto("/ur/what-i-saw/")
    arrive(page, "ur")
    numbers = page.locator('a[href^="tel:"]').filter(has_text=" ")
    assert numbers.count() >= 5
    for index in range(numbers.count()):
        number = numbers.nth(index)
        assert number.evaluate(GROUPS_AS_SEEN) == number.text_content()
