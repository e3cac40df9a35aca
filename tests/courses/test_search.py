import pytest

from courses.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_lesson_by_a_word_in_its_body(client, taxi_course):
    LessonPageFactory(
        parent=taxi_course,
        title="Pick-ups",
        slug="pick-ups",
        body=[("warning_sign", {"sign": "A child picked up from another car", "why_it_matters": "Handovers hide "
               "the whole journey from any one driver at the kerbside."})],
    )
    html = client.get("/search/", {"q": "kerbside"}).content.decode()
    assert "1 result for" in html
    assert 'href="/courses/taxi/pick-ups/"' in html


def test_search_leaves_out_drafts(client, taxi_course):
    LessonPageFactory(parent=taxi_course, title="Secret draft", slug="draft", live=False,
                      body=[("text", "<p>zanzibarite</p>")])
    html = client.get("/search/", {"q": "zanzibarite"}).content.decode()
    assert "0 results for" in html
    assert "Secret draft" not in html


def test_search_finds_courses_and_escapes_the_query(client, taxi_course):
    html = client.get("/search/", {"q": "<b>Taxi</b>"}).content.decode()
    assert "&lt;b&gt;Taxi&lt;/b&gt;" in html and "<b>Taxi</b>" not in html
    html = client.get("/search/", {"q": "Taxi course"}).content.decode()
    assert 'href="/courses/taxi/"' in html


def test_an_empty_search_shows_the_form_only(client, home_page):
    html = client.get("/search/").content.decode()
    assert 'role="search"' in html and "result" not in html.split("</form>")[1].split("<footer")[0]
