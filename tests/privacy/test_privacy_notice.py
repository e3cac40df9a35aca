"""The privacy notice at /privacy/: made from the same inventory as the download, with the council's
retention period, the lawful bases, who sees what, and the person's rights, in plain accessible HTML."""

import html as html_lib
import re

import pytest
from wagtail.models import Site

from eyesandears.accounts.inventory import LAWFUL_BASES, RECORD_KINDS
from eyesandears.core.factories import StandardPageFactory
from eyesandears.core.models import CouncilSettings

pytestmark = pytest.mark.django_db


def notice(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def test_every_kind_of_record_is_listed_with_what_why_who_and_how_long(client, home_page):
    text = notice(client)
    for kind in RECORD_KINDS:
        assert f">{kind.title}</h3>" in text, kind.key
        for part in (kind.held, kind.why, kind.who_sees, kind.kept_for(6), kind.removal_for(6)):
            assert part in text, (kind.key, part)
        for basis in kind.bases:
            assert basis.name in text
    for basis in LAWFUL_BASES:
        assert basis.explanation in text


def test_the_retention_period_is_the_councils_setting(client, home_page):
    assert "6 years after your last activity" in notice(client)
    council = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    council.retention_years = 8
    council.save()
    text = notice(client)
    assert "8 years after your last activity" in text and "6 years" not in text


def test_the_rights_link_to_your_data_closing_and_the_ico(client, home_page):
    text = notice(client)
    rights = text.split('id="your-rights"')[1]
    assert 'href="/accounts/your-data/"' in rights
    assert 'href="/accounts/close/"' in rights
    assert 'href="https://ico.org.uk/make-a-complaint/"' in rights
    assert "corrected" in rights and "deleted" in rights


def test_headings_are_in_order_and_there_is_one_h1(client, home_page):
    text = notice(client)
    main = text.split('<main id="main-content"')[1].split("</main>")[0]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_the_councils_own_words_come_first_when_it_has_written_some(client, home_page):
    StandardPageFactory(parent=home_page, slug="privacy", title="Privacy notice", body="<p>Our DPO is Dee.</p>",
                        lead="How we look after your information.")
    text = notice(client)
    assert text.index("Our DPO is Dee.") < text.index('id="what-we-hold"')
    assert "How we look after your information." in text


def test_the_footer_links_to_the_notice_and_your_data_once(client, home_page):
    StandardPageFactory(parent=home_page, slug="privacy", title="Privacy notice")
    html = client.get("/").content.decode()
    assert html.count('href="/privacy/"') == 1
    assert '<a href="/accounts/your-data/">Your data</a>' in html
