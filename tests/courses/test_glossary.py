"""The glossary: a public page of the terms the modules use, each with its sources; the first mention of
each term in a lesson links to it (whole words, any case, never inside a link or heading, HTML-safe); the
terms are read once per request; seed_demo loads them again without duplicates; editors edit them."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.demo import ensure_editors_can_manage_job_roles
from courses.factories import LessonPageFactory
from courses.glossary import GlossarySource, GlossaryTerm, ensure_glossary, read_glossary
from eyesandears.accounts.factories import UserFactory
from tests.fixtures.courses import make_course

pytestmark = pytest.mark.django_db

GLOSSARY_LINK = re.compile(r'<a href="/glossary/#([\w-]+)" class="glossary-link">([^<]*)</a>')


def make_term(term, slug, definition="What it means.", also="", sources=(("NSPCC: Report child abuse", ""),)):
    made = GlossaryTerm(term=term, slug=slug, definition=definition, other_forms=also)
    made.sources = [GlossarySource(name=name, url=url) for name, url in sources]
    made.save()
    return made


@pytest.fixture
def terms(db):
    return [
        make_term("Grooming", "grooming", "Building trust to abuse.", also="groomed, grooms"),
        make_term("County lines", "county-lines", "Moving drugs with children.",
                  sources=[("Home Office: county lines", "https://www.gov.uk/county-lines")]),
        make_term("Child sexual exploitation", "child-sexual-exploitation", "A form of abuse.", also="CSE"),
        make_term("Exploitation", "exploitation", "Taking advantage."),
    ]


@pytest.fixture
def course(course_index, driver_role):
    return make_course(course_index, roles=[driver_role], title="Taxi course", slug="taxi", lessons=0)


def lesson_with(course, body, slug="lesson"):
    return LessonPageFactory(parent=course, title="The lesson", slug=slug, body=body)


def links_in(html):
    return GLOSSARY_LINK.findall(html)


def body_of(html):
    return html.split('class="prose lesson-body">', 1)[1].split('class="lesson-actions"', 1)[0]


# The page


def test_the_glossary_lists_every_term_alphabetically_with_an_anchor_and_its_sources(client, terms):
    response = client.get("/glossary/")
    assert response.status_code == 200
    html = response.content.decode()
    anchors = re.findall(r'<dt class="[^"]*" id="([\w-]+)">', html)
    assert anchors == ["child-sexual-exploitation", "county-lines", "exploitation", "grooming"]
    assert "Building trust to abuse." in html
    assert "Also written as: groomed, grooms." in html
    assert '<a href="https://www.gov.uk/county-lines" rel="noopener">Home Office: county lines</a>' in html
    assert "NSPCC: Report child abuse" in html


def test_every_page_links_to_the_glossary_from_its_footer(client, home_page):
    assert '<a href="/glossary/">Glossary</a>' in client.get("/glossary/").content.decode()


def test_a_definition_is_shown_as_text_not_markup(client):
    make_term("Grooming <b>bold</b>", "grooming", definition="<script>alert(1)</script> Building trust.")
    html = client.get("/glossary/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Building trust." in html
    assert "Grooming &lt;b&gt;bold&lt;/b&gt;" in html


def test_the_glossary_with_no_terms_says_so(client, db):
    assert "There are no terms in the glossary yet." in client.get("/glossary/").content.decode()


# Links in lessons


def test_only_the_first_mention_of_a_term_in_a_lesson_is_linked_in_any_case(client, terms, course):
    lesson = lesson_with(course, [
        ("text", "<p>Abusers use GROOMING to win trust. Grooming can take months.</p>"),
        ("text", "<p>A child who is groomed may not see it as abuse.</p>"),
        ("myth_fact", {"myth": "Grooming is always online.", "fact": "Grooming happens in person too."}),
    ])
    html = body_of(client.get(lesson.url).content.decode())
    assert links_in(html) == [("grooming", "GROOMING")]
    assert "Grooming can take months." in html


def test_other_forms_link_and_whole_words_only(client, terms, course):
    lesson = lesson_with(course, [
        ("text", "<p>Regrooming and groomers are not terms. A boy can be groomed too.</p>"),
        ("key_points", {"heading": "Key points", "points": ["Gangs run county\nlines.", "This is CSE."]}),
    ])
    html = body_of(client.get(lesson.url).content.decode())
    assert links_in(html) == [("grooming", "groomed"), ("county-lines", "county\nlines"),
                              ("child-sexual-exploitation", "CSE")]


def test_the_longest_term_wins_and_a_shorter_one_still_links_later(client, terms, course):
    lesson = lesson_with(course, [("text", "<p>Child sexual exploitation is one kind of exploitation.</p>")])
    html = body_of(client.get(lesson.url).content.decode())
    assert links_in(html) == [("child-sexual-exploitation", "Child sexual exploitation"),
                              ("exploitation", "exploitation")]


def test_terms_in_links_headings_and_attributes_are_left_alone(client, terms, course):
    lesson = lesson_with(course, [
        ("text", '<h2>Grooming</h2><p><a href="https://example.com/grooming" title="grooming">grooming</a> '
                 "and <b>county lines</b>.</p><h3>More on grooming</h3><p>Then grooming.</p>"),
        ("warning_sign", {"sign": "Signs of exploitation", "why_it_matters": "Exploitation can look friendly."}),
    ])
    html = body_of(client.get(lesson.url).content.decode())
    assert links_in(html) == [("county-lines", "county lines"), ("grooming", "grooming"),
                              ("exploitation", "Exploitation")]
    assert "<h2>Grooming</h2>" in html and "<h3>More on grooming</h3>" in html
    assert '<a href="https://example.com/grooming" title="grooming">grooming</a>' in html
    assert "Signs of exploitation</h3>" in html  # the warning sign's heading


def test_lesson_text_stays_escaped_when_terms_are_linked(client, terms, course):
    lesson = lesson_with(course, [
        ("text", "<p>&lt;script&gt;alert(1)&lt;/script&gt; grooming &amp; more</p>"),
        ("myth_fact", {"myth": "<script>alert(2)</script>", "fact": "<script>alert(3)</script> county lines"}),
    ])
    html = body_of(client.get(lesson.url).content.decode())
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp; more" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert links_in(html) == [("grooming", "grooming"), ("county-lines", "county lines")]


def test_a_lesson_with_no_terms_in_the_glossary_is_unchanged(client, course):
    lesson = lesson_with(course, [("text", "<p>Grooming is a term.</p>")])
    html = body_of(client.get(lesson.url).content.decode())
    assert links_in(html) == [] and "<p>Grooming is a term.</p>" in html


def test_a_lesson_costs_the_same_queries_with_3_or_30_terms(client, course):
    body = [
        ("text", "<p>Grooming 0, county lines and term 2 and term 25.</p>"),
        ("warning_sign", {"sign": "A sign", "why_it_matters": "Term 1 and term 29."}),
        ("myth_fact", {"myth": "A myth", "fact": "Term 27."}),
        ("key_points", {"heading": "Key points", "points": ["Term 0.", "Term 28."]}),
        ("text", "<p>Term 1 again.</p>"),
    ]
    lesson = lesson_with(course, body)

    def queries():
        client.get(lesson.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            html = client.get(lesson.url).content.decode()
        return len(captured), links_in(body_of(html))

    for number in range(3):
        make_term(f"Term {number}", f"term-{number}")
    few, few_links = queries()
    for number in range(3, 30):
        make_term(f"Term {number}", f"term-{number}")
    many, many_links = queries()
    assert few == many
    assert len(few_links) == 3 and len(many_links) == 7


# Demo content


def test_seed_demo_loads_the_glossary_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    items = read_glossary()
    assert 15 <= GlossaryTerm.objects.count() == len(items) <= 25
    assert GlossarySource.objects.count() == sum(len(item["sources"]) for item in items)
    assert all(term.sources.exists() for term in GlossaryTerm.objects.all())
    assert GlossaryTerm.objects.get(slug="grooming").forms[:2] == ["Grooming", "groomed"]


def test_ensure_glossary_updates_a_changed_term(db):
    ensure_glossary()
    GlossaryTerm.objects.filter(slug="cuckooing").update(definition="Changed.")
    ensure_glossary()
    assert GlossaryTerm.objects.get(slug="cuckooing").definition != "Changed."


def test_the_demo_lessons_link_terms_to_the_glossary(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    from courses.models import LessonPage

    lesson = LessonPage.objects.get(slug="what-cse-is", url_path__contains="taxi", locale__language_code="en-gb")
    response = client.get(lesson.url)
    links = links_in(body_of(response.content.decode()))
    slugs = [slug for slug, _ in links]
    assert "child-sexual-exploitation" in slugs and len(slugs) == len(set(slugs))
    glossary = client.get("/glossary/").content.decode()
    assert all(f'id="{slug}"' in glossary for slug in slugs)


# Editing


@pytest.fixture
def editor(db):
    user = UserFactory(email="editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    ensure_editors_can_manage_job_roles()
    return user


def form_data(term, slug, definition, also="", sources=(("NSPCC: Report child abuse", ""),), existing=()):
    data = {"term": term, "slug": slug, "definition": definition, "other_forms": also,
            "sources-TOTAL_FORMS": str(len(sources)), "sources-INITIAL_FORMS": str(len(existing)),
            "sources-MIN_NUM_FORMS": "1", "sources-MAX_NUM_FORMS": "1000"}
    for number, (name, url) in enumerate(sources):
        data.update({f"sources-{number}-name": name, f"sources-{number}-url": url,
                     f"sources-{number}-ORDER": str(number + 1), f"sources-{number}-DELETE": ""})
        if number < len(existing):
            data[f"sources-{number}-id"] = str(existing[number])
    return data


def test_an_editor_adds_and_edits_a_term_in_the_admin(client, editor):
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_courses_glossaryterm:add")
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, form_data("Cuckooing", "cuckooing", "Taking over a home.", also="cuckooed",
                                              sources=[("Islington Council: cuckooing", "")]))
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(slug="cuckooing")
    assert term.other_forms == "cuckooed" and [s.name for s in term.sources.all()] == ["Islington Council: cuckooing"]

    edit_url = reverse("wagtailsnippets_courses_glossaryterm:edit", args=[term.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, form_data("Cuckooing", "cuckooing", "Criminals taking over a home.",
                                               sources=[("Islington Council: cuckooing", "https://example.com")],
                                               existing=[term.sources.get().pk]))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.definition == "Criminals taking over a home."
    assert term.sources.get().url == "https://example.com"
    assert "Criminals taking over a home." in client.get("/glossary/").content.decode()
    assert client.get(reverse("wagtailsnippets_courses_glossaryterm:list")).status_code == 200


def test_a_term_needs_a_source(client, editor):
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_courses_glossaryterm:add"),
                           form_data("Cuckooing", "cuckooing", "Taking over a home.", sources=[]))
    assert response.status_code == 200
    assert not GlossaryTerm.objects.exists()


def test_a_learner_cannot_edit_the_glossary(client, driver):
    client.force_login(driver)
    response = client.get(reverse("wagtailsnippets_courses_glossaryterm:add"))
    assert response.status_code in (302, 403)


def test_every_lesson_links_to_the_glossary_beside_its_sources(client, course):
    lesson = lesson_with(course, [("text", "<p>Nothing to define here.</p>")])
    html = client.get(lesson.url).content.decode()
    assert 'href="/glossary/">Glossary: what the words in this training mean</a>' in html
