import re

import pytest
from django.db import OperationalError, connection
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from eyesandears.core.factories import StandardPageFactory
from eyesandears.core.models import CouncilSettings, HomePage, StandardPage
from tests.fixtures.translations import translate

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_council_and_a_way_in_for_each_user(client, home_page):
    home_page.audiences = [
        (
            "audience",
            {
                "heading": "Taxi drivers",
                "description": "Get trained.",
                "link_text": "Start",
                "link_url": "/accounts/signup/",
            },
        )
    ]
    home_page.save_revision().publish()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Testshire Council" in html
    assert '<a href="#main-content" class="skip-link">' in html
    assert '<main id="main-content"' in html
    assert "<header" in html and "<footer" in html
    assert '<a href="/accounts/signup/" class="card__link">Start' in html


def test_footer_links_to_the_accessibility_statement_and_privacy_notice(client, home_page):
    StandardPageFactory(parent=home_page, slug="accessibility", title="Accessibility statement")
    StandardPageFactory(parent=home_page, slug="privacy", title="Privacy notice")
    html = client.get("/").content.decode()
    assert '<a href="/accessibility/">Accessibility statement</a>' in html
    assert '<a href="/privacy/">Privacy notice</a>' in html


def test_in_urdu_the_footer_links_to_each_page_once_and_in_urdu_where_it_is_translated(client, home_page):
    statement = StandardPageFactory(parent=home_page, slug="accessibility", title="Accessibility statement")
    StandardPageFactory(parent=home_page, slug="privacy", title="Privacy notice")
    translate(home_page, "ur")
    urdu_statement = translate(statement, "ur")
    html = client.get("/ur/").content.decode()
    footer = html[html.index('<ul class="site-footer__links">') :]
    footer = footer[: footer.index("</ul>")]
    assert footer.count("<li>") == footer.count("href=") == len(set(re.findall(r'href="([^"]+)"', footer)))
    assert f'href="{urdu_statement.url}"' in footer and urdu_statement.url.startswith("/ur/")
    assert 'href="/ur/privacy/"' in footer and 'href="/privacy/"' not in footer


def test_footer_tells_people_who_to_call_from_the_council_settings(client, home_page):
    settings = CouncilSettings.for_site(home_page.get_site())
    settings.childrens_social_care_phone = "0113 496 0999"
    settings.save()
    html = client.get("/").content.decode()
    assert 'href="tel:01134960999"' in html
    assert "Crimestoppers" in html


def test_standard_page_renders_its_body(client, home_page):
    StandardPageFactory(parent=home_page, slug="privacy", title="Privacy notice", body="<p>We keep records.</p>")
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert "<p>We keep records.</p>" in response.content.decode()


def test_unknown_address_gets_a_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_failure_gets_a_friendly_500_without_a_traceback(client, home_page):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("the database went away")

    client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html and "OperationalError" not in html


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_standard_pages_sit_under_the_home_page_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
