"""The "What I saw" page: public, in every language, showing who to call from the council's settings,
and built so that nothing typed into it can reach the server (no field has a name, nothing posts, the
only script is the site's own and talks to nobody). The browser test (tests/e2e/test_outreach.py)
types into it and watches every request."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from courses.factories import LessonPageFactory
from tests.fixtures.courses import make_course

from .conftest import OUT_OF_HOURS, SOCIAL_CARE

pytestmark = pytest.mark.django_db

PATH = "/what-i-saw/"


class Elements(HTMLParser):
    """Every start tag in a page, as (tag, {attribute: value})."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def __call__(self, *tags):
        return [attrs for tag, attrs in self.found if tag in tags]


def page_html(client, path=PATH):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_can_open_it_without_signing_in(client, home_page):
    html = page_html(client)
    assert re.search(r"<h1[^>]*>\s*What I saw\s*</h1>", html)


def test_it_asks_for_what_the_police_and_childrens_services_need(client, home_page):
    html = page_html(client)
    labels = re.findall(r'<label class="label[^"]*" for="([\w-]+)">([^<]+)</label>', html)
    assert [text for _id, text in labels] == [
        "Date", "Time", "Where", "Registration", "Make and model", "Colour",
        "The child or young person", "The adults", "What happened", "Anything else",
    ]  # fmt: skip
    fields = {attrs["id"] for attrs in Elements(html)("input", "textarea") if "data-note-field" in attrs}
    assert fields == {field_id for field_id, _text in labels}


def test_nothing_typed_can_be_sent_to_the_server(client, home_page):
    elements = Elements(page_html(client))
    forms = elements("form")
    assert len([form for form in forms if "data-what-i-saw" in form]) == 1
    note = next(form for form in forms if "data-what-i-saw" in form)
    assert "action" not in note and "method" not in note
    for field in elements("input", "textarea", "select"):
        if "data-note-field" in field:
            assert "name" not in field, field
            assert field.get("autocomplete") == "off", field
    buttons = [attrs for attrs in elements("button") if any(name.startswith("data-what-i-saw") for name in attrs)]
    assert len(buttons) == 4  # print, clear, and the two answers to "Clear your note?"
    assert all(button.get("type") == "button" for button in buttons)  # none of them submits


def test_the_only_script_is_the_sites_own_file_and_it_talks_to_nobody(client, home_page):
    html = page_html(client)
    scripts = Elements(html)("script")
    assert [script.get("src") for script in scripts] == [f"{settings.STATIC_URL}outreach/what_i_saw.js"]
    path = finders.find("outreach/what_i_saw.js")
    assert path is not None
    with open(path, encoding="utf-8") as file:
        source = re.sub(r"/\*.*?\*/|//[^\n]*", "", file.read(), flags=re.S)  # the code, not its comments
    ways_out = ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", ".submit(", "navigator.share")
    for way_out in ways_out:
        assert way_out not in source, way_out
    assert "localStorage" in source and "window.print()" in source


def test_it_says_plainly_that_nothing_is_sent_and_a_shared_device_keeps_the_note(client, council):
    html = page_html(client)
    assert "Nothing you type on this page is sent to Testshire Council or stored by us." in html
    assert "until you clear it" in html and "If other people use this device, clear your note" in html
    assert "It works as a printable form without JavaScript." in html
    assert "<noscript>" in html


def test_it_shows_who_to_call_from_the_councils_settings(client, council):
    council.police_non_emergency_phone = "101"
    council.crimestoppers_phone = "0800 555 111"
    council.save()
    html = page_html(client)
    call = html.split('id="call"', 1)[1].split("</section>", 1)[0]
    assert '<a href="tel:999">999</a>' in call
    assert '<a href="tel:101">101</a>' in call
    assert f'<a href="tel:{SOCIAL_CARE.replace(" ", "")}">{SOCIAL_CARE}</a>' in call
    assert f'<a href="tel:{OUT_OF_HOURS.replace(" ", "")}">{OUT_OF_HOURS}</a>' in call
    assert '<a href="tel:0800555111">0800 555 111</a>' in call
    # 999 comes first, above the note, for someone reading in a hurry.
    assert html.index('href="tel:999"') < html.index("data-what-i-saw")


def test_a_council_without_its_own_numbers_still_shows_the_national_ones(client, home_page):
    html = page_html(client)
    call = html.split('id="call"', 1)[1].split("</section>", 1)[0]
    assert "tel:999" in call and "tel:101" in call and "Crimestoppers" in call
    assert "Children's social care" not in call


def test_what_the_council_typed_in_its_settings_is_escaped(client, council):
    council.council_name = '<b>Testshire</b> & "Sons"'
    council.out_of_hours_phone = "<script>alert(1)</script>"
    council.save()
    html = page_html(client)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Testshire</b>" not in html
    assert "&lt;b&gt;Testshire&lt;/b&gt; &amp; &quot;Sons&quot;" in html


@pytest.mark.parametrize("prefix, lang", [("/ur", "ur"), ("/pl", "pl")])
def test_it_is_there_in_every_language(client, home_page, prefix, lang):
    html = page_html(client, prefix + PATH)
    assert f'<html lang="{lang}"' in html


def test_it_only_answers_reading(client, home_page):
    assert client.post(PATH, {"note-where": "Station Road"}).status_code == 405


def test_the_footer_of_every_page_links_to_it(client, home_page):
    html = client.get("/").content.decode()
    footer = html.split('class="site-footer"', 1)[1]
    assert f'<a href="{PATH}">What I saw: make a note</a>' in footer
    assert '<a href="/ur/what-i-saw/">' in client.get("/ur/what-i-saw/").content.decode().split("site-footer", 1)[1]


def test_a_lessons_what_to_do_block_links_to_it(client, course_index, driver_role):
    course = make_course(course_index, roles=[driver_role], title="Taxi course", slug="taxi", lessons=0)
    lesson = LessonPageFactory(
        parent=course, title="What to do", slug="what-to-do",
        body=[("what_to_do", {"heading": "What to do and who to call", "intro": "Call."})],
    )  # fmt: skip
    html = client.get(lesson.url).content.decode()
    block = html.split('class="block-what-to-do"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{PATH}">Make a note of what you saw</a>' in block


def test_the_pages_have_the_strict_content_security_policy(client, parents_section):
    from tests.hardening.test_headers import assert_common_headers, assert_strict

    for path in [PATH, "/parents/", "/parents/what-to-do/", "/parents/leaflet.pdf"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
        assert_common_headers(response)


def test_the_templates_hold_no_inline_script_style_or_handlers():
    """As tests/hardening/test_headers.py checks for the other apps (the leaflet is drawn by xhtml2pdf,
    not a browser, and keeps its <style>)."""
    folder = Path(__file__).resolve().parents[2] / "outreach" / "templates"
    templates = [path for path in folder.rglob("*.html") if path.name != "leaflet_pdf.html"]
    assert len(templates) >= 3
    forbidden = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<[^>]+\son[a-z]+\s*=|javascript:|<[^>]+\sstyle\s*=|<style[\s>]", re.I
    )
    found = [str(path) for path in templates if forbidden.search(path.read_text())]
    assert not found, found
