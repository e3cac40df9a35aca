"""The "Listen to this lesson" controls in the lesson's HTML: there but hidden until js/listen.js finds
that the browser can speak, with the script loaded from a file (the content security policy allows no
inline script or handlers)."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.fixtures.courses import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_html(client, taxi_course):
    response = client.get(lessons_of(taxi_course)[0].url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_listen_controls_are_in_the_lesson_and_hidden(lesson_html):
    controls = lesson_html.select_one(".listen")

    assert controls is not None and controls.has_attr("hidden")
    toggle = controls.select_one("button[data-listen-toggle]")
    stop = controls.select_one("button[data-listen-stop]")
    assert toggle["type"] == "button" and toggle.get_text(strip=True) == "Listen to this lesson"
    assert stop["type"] == "button" and stop.get_text(strip=True) == "Stop" and stop.has_attr("hidden")
    status = controls.select_one("[data-listen-status]")
    assert status["role"] == "status" and status["aria-live"] == "polite"


def test_the_controls_read_the_lesson_text_around_them(lesson_html):
    controls = lesson_html.select_one(".listen")
    source = lesson_html.find(id=controls["data-listen-source"])

    assert source is not None
    assert source.find("h1") is not None and source.select_one(".lesson-body") is not None
    assert source.find("nav") is None  # the lesson's navigation is not read


def test_the_script_is_an_external_deferred_file(lesson_html):
    scripts = lesson_html.find_all("script")
    listen = [script for script in scripts if script.get("src", "").endswith("js/listen.js")]

    assert len(listen) == 1 and listen[0].has_attr("defer")
    assert all(script.has_attr("src") and not script.get_text(strip=True) for script in scripts)


def test_no_inline_handlers_or_styles(lesson_html):
    for element in lesson_html.find_all(True):
        assert not [name for name in element.attrs if re.match(r"on[a-z]+$", name)], element.name
        assert not element.has_attr("style"), element.name


def test_the_script_is_a_static_file():
    from django.contrib.staticfiles import finders

    assert finders.find("js/listen.js")
