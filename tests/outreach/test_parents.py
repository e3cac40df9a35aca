"""The pages for parents and carers: Wagtail pages the council edits, seeded by `seed_demo`, public,
with who to call from the council's settings, the sources they are written from, and a way to the
leaflet and to "What I saw" from each of them."""

import re

import pytest
import textstat
from django.utils.html import strip_tags
from wagtail.models import WorkflowPage
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.demo import REVIEW_NAME
from eyesandears.accounts.factories import UserFactory
from eyesandears.core.factories import make_site_home
from eyesandears.core.models import HomePage, StandardPage
from outreach import demo
from outreach.content import PARENTS_HOME, PARENTS_PAGES
from outreach.factories import ParentsPageFactory
from outreach.models import BODY_FEATURES, ParentsPage, ParentsSource

from .conftest import OUT_OF_HOURS, SOCIAL_CARE

pytestmark = pytest.mark.django_db

CHILD_SLUGS = ["signs-to-look-out-for", "grooming-and-online-risks", "talking-to-your-child", "what-to-do"]


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_anyone_can_read_the_section_without_signing_in(client, parents_section):
    html = html_of(client, "/parents/")
    assert re.search(r"<h1[^>]*>\s*For parents and carers\s*</h1>", html)
    for slug in CHILD_SLUGS:
        assert re.search(r"<h1[^>]*>", html_of(client, f"/parents/{slug}/"))


def test_the_opening_page_lists_the_pages_in_order(client, parents_section):
    html = html_of(client, "/parents/")
    contents = html.split('id="contents-heading"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', contents) == ["/parents/", *(f"/parents/{slug}/" for slug in CHILD_SLUGS)]
    assert 'href="/parents/" aria-current="page"' in contents


def test_each_page_leads_to_the_next_and_back(client, parents_section):
    html = html_of(client, "/parents/grooming-and-online-risks/")
    pager = html.split('class="pager"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/parents/signs-to-look-out-for/" rel="prev"' in pager
    assert 'href="/parents/talking-to-your-child/" rel="next"' in pager
    last = html_of(client, "/parents/what-to-do/").split('class="pager"', 1)[1].split("</nav>", 1)[0]
    assert 'rel="next"' not in last


def test_every_page_shows_who_to_call_from_the_councils_settings(client, council, parents_section):
    for path in ["/parents/", *(f"/parents/{slug}/" for slug in CHILD_SLUGS)]:
        html = html_of(client, path)
        box = html.split('id="parents-call-heading"', 1)[1].split("</section>", 1)[0]
        for number in ("999", "101", SOCIAL_CARE, OUT_OF_HOURS, "0800 555 111", "0808 800 5000"):
            assert f'<a href="tel:{number.replace(" ", "")}">{number}</a>' in box, (path, number)
        assert '<a href="/what-i-saw/">' in box
        assert '<a href="/parents/leaflet.pdf">' in html


def test_a_change_of_number_in_the_settings_shows_at_once(client, council, parents_section):
    council.out_of_hours_phone = "0113 496 0999"
    council.save()
    assert '<a href="tel:01134960999">0113 496 0999</a>' in html_of(client, "/parents/what-to-do/")


def test_every_page_names_its_sources(client, parents_section):
    html = html_of(client, "/parents/signs-to-look-out-for/")
    sources = html.split('id="sources-heading"', 1)[1].split("</section>", 1)[0]
    assert "Department for Education: Child sexual exploitation: definition and a guide for practitioners" in sources
    assert "Home Office: Criminal exploitation of children and vulnerable adults: county lines" in sources
    for page in ParentsPage.objects.all():
        assert page.sources.exists(), page.slug


def test_what_editors_type_is_escaped(client, home_page):
    page = ParentsPageFactory(parent=home_page, title="Signs <script>alert(1)</script>", lead='Look "out" & <b>act</b>')
    ParentsSource.objects.create(page=page, name="<img src=x onerror=alert(1)>", url="https://example.com/?a=1&b=2")
    html = html_of(client, page.url)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>act</b>" not in html and "Look &quot;out&quot; &amp; &lt;b&gt;act&lt;/b&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="https://example.com/?a=1&amp;b=2"' in html


def test_drafts_are_not_listed(client, parents_section):
    ParentsPageFactory(parent=parents_section, title="Not ready yet", slug="draft", live=False)
    assert "Not ready yet" not in html_of(client, "/parents/")


def test_the_footer_links_to_the_section_once_it_is_published(client, home_page):
    assert "For parents and carers" not in html_of(client, "/what-i-saw/")
    demo.seed()
    footer = html_of(client, "/what-i-saw/").split('class="site-footer"', 1)[1]
    assert '<a href="/parents/">For parents and carers</a>' in footer
    # Read in Urdu before it is translated: the original, which is better than nothing.
    assert '<a href="/parents/">' in html_of(client, "/ur/what-i-saw/").split('class="site-footer"', 1)[1]


def test_seeding_again_changes_nothing(client, parents_section):
    counts = (ParentsPage.objects.count(), ParentsSource.objects.count())
    demo.seed()
    sources = sum(len(content["sources"]) for content in [PARENTS_HOME, *PARENTS_PAGES])
    assert (ParentsPage.objects.count(), ParentsSource.objects.count()) == counts == (5, sources)
    assert list(ParentsPage.objects.child_of(parents_section).values_list("slug", flat=True)) == CHILD_SLUGS


def test_the_section_is_under_the_review_workflow(parents_section):
    assert WorkflowPage.objects.get(page=parents_section).workflow.name == REVIEW_NAME


def test_the_page_tree_rules():
    assert set(ParentsPage.allowed_parent_page_models()) == {HomePage, ParentsPage}
    assert set(ParentsPage.allowed_subpage_models()) == {ParentsPage}
    assert ParentsPage not in StandardPage.allowed_subpage_models()


@pytest.mark.parametrize("content", [PARENTS_HOME, *PARENTS_PAGES], ids=lambda content: content["slug"])
def test_the_text_is_plain_english(content):
    """As the training modules: Flesch-Kincaid grade 9 or below."""
    text = strip_tags(content["body"].replace("</li>", ".</li>").replace("</h2>", ".</h2>"))
    assert textstat.flesch_kincaid_grade(f"{content['lead']} {text}") <= 9


@pytest.mark.django_db
class TestParentsPagesInTheAdmin(WagtailPageTestCase):
    """Editors keep the pages up to date in Wagtail: they render, preview and save."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.parents = ParentsPageFactory(parent=cls.home)
        cls.child = ParentsPageFactory(parent=cls.parents, title="Signs to look out for", slug="signs")
        cls.admin = UserFactory(is_superuser=True, is_staff=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def form_data(self, page):
        return nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "lead": "What to look for.",
                "body": rich_text("<h2>Signs</h2><p>Going missing.</p>", features=BODY_FEATURES),
                "sources": inline_formset([{"name": "NSPCC: Report child abuse", "url": ""}]),
            }
        )

    def test_they_render_preview_and_can_be_edited(self):
        for page in (self.parents, self.child):
            self.assertPageIsRenderable(page)
            self.assertPageIsPreviewable(page, post_data=self.form_data(page), user=self.admin)
            self.assertPageIsEditable(page, post_data=self.form_data(page), user=self.admin)
