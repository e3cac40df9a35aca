"""The glossary in a real browser: a lesson links the first mention of a term to its meaning, and following
the link lands on that term in the glossary (at phone width, axe-core on every page, as pages.py does)."""

import pytest
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, JobRoleFactory, LessonPageFactory
from courses.glossary import ensure_glossary

from .pages import BasePage, LessonPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LESSON = "Gangs and drugs"


class GlossaryPage(BasePage):
    path = "/glossary/"
    heading = "Glossary"

    def term(self, slug):
        return self.main.locator(f"dt#{slug}")

    def definition_of(self, slug):
        return self.main.locator(f"dt#{slug} + dd")


@pytest.fixture
def lesson(home_page):
    ensure_glossary()  # the demo glossary, from content/glossary.yaml
    role = JobRoleFactory(name="Taxi and private hire driver", slug="taxi-private-hire-driver")
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index, title="Eyes on the road", slug="eyes-on-the-road", job_roles=[role])
    return LessonPageFactory(
        parent=course,
        title=LESSON,
        slug="gangs-and-drugs",
        body=[
            ("text", "<h2>County lines</h2><p>Gangs use children to carry drugs. This is called county lines. "
                     "Later mentions of county lines are not linked.</p>"),
            ("myth_fact", {"myth": "It only happens in cities.", "fact": "County lines reach seaside towns too."}),
        ],
    )


def test_a_lesson_links_a_term_to_its_meaning_in_the_glossary(page, lesson):
    lesson_page = LessonPage.visit(page, lesson.url, heading=LESSON)
    links = lesson_page.main.locator("a.glossary-link")
    expect(links.filter(has_text="county lines")).to_have_count(1)
    link = lesson_page.main.get_by_role("link", name="county lines", exact=True)
    expect(link).to_have_attribute("href", "/glossary/#county-lines")

    glossary = lesson_page.click(link, GlossaryPage)
    assert page.url.endswith("/glossary/#county-lines")
    term = glossary.term("county-lines")
    expect(term).to_have_text("County lines")
    expect(term).to_be_in_viewport()
    expect(glossary.definition_of("county-lines")).to_contain_text("Home Office")


def test_the_footer_links_to_the_glossary(page, lesson):
    lesson_page = LessonPage.visit(page, lesson.url, heading=LESSON)
    glossary = lesson_page.click(page.locator("footer").get_by_role("link", name="Glossary"), GlossaryPage)
    expect(glossary.term("cuckooing")).to_have_text("Cuckooing")
