"""The four demo modules: complete, in plain English, naming their sources, and loaded as real pages."""

import pytest
import textstat
from django.core.management import call_command
from django.utils.html import strip_tags

from courses.content import read_modules
from courses.demo import JOB_ROLES
from courses.models import CoursePage, LessonPage

MAX_GRADE = 9
MODULES = read_modules()
LESSONS = [(module.slug, lesson) for module in MODULES for lesson in module.lessons]
ROLE_SLUGS = {slug for slug, _, _ in JOB_ROLES}


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def lesson_text(lesson):
    return "\n".join(strip_tags(text) for _, value in lesson.body for text in strings_in(value))


def test_there_is_one_module_for_each_of_the_four_roles():
    assert sorted(role for module in MODULES for role in module.job_role_slugs) == sorted(ROLE_SLUGS)


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.slug)
def test_each_module_is_complete(module):
    assert 4 <= len(module.lessons) <= 6
    assert 20 <= module.estimated_minutes <= 30
    words = sum(len(lesson_text(lesson).split()) for lesson in module.lessons)
    assert 120 <= words / module.estimated_minutes <= 220, "the estimate should match the reading time"
    kinds = {kind for lesson in module.lessons for kind, _ in lesson.body}
    assert {"warning_sign", "scenario", "myth_fact", "what_to_do", "key_points"} <= kinds
    assert any("gov.uk" in source.get("url", "") for source in module.sources)
    assert all(source["name"].strip() for source in module.sources)


@pytest.mark.parametrize(("module_slug", "lesson"), LESSONS, ids=[f"{m}/{lesson.slug}" for m, lesson in LESSONS])
def test_every_lesson_is_plain_english(module_slug, lesson):
    grade = textstat.flesch_kincaid_grade(lesson_text(lesson))
    assert grade <= MAX_GRADE, f"{module_slug}/{lesson.slug} reads at grade {grade:.1f}"


@pytest.mark.django_db
def test_seed_demo_loads_the_modules_as_pages_learners_can_take(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    english = {"locale__language_code": "en-gb"}
    assert CoursePage.objects.live().filter(**english).count() == len(MODULES)
    assert LessonPage.objects.live().filter(**english).count() == len(LESSONS)
    client.login(email="driver@example.com", password="eyes-and-ears-demo")
    html = client.get("/your-training/").content.decode()
    assert "a guide for taxi and private hire drivers" in html
    assert "a guide for hotel staff" not in html
    lesson = LessonPage.objects.get(slug="what-to-do", url_path__contains="taxi", **english)
    html = client.get(lesson.url).content.decode()
    assert "0113 496 0123" in html  # children's social care, from the council's settings
    assert "Department for Transport" in html
