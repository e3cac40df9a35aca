"""The demo council's briefings: seeded under /briefings/ with the review workflow, in plain English with
their sources, and seeding (however often) e-mails nobody."""

import pytest
import textstat
from django.core.management import call_command
from django.utils.html import strip_tags

from briefings.demo import BRIEFINGS
from briefings.models import BriefingIndexPage, BriefingPage, BriefingSend
from courses.demo import REVIEW_NAME

pytestmark = pytest.mark.django_db

MAX_GRADE = 9


@pytest.mark.parametrize("source", BRIEFINGS, ids=[source["slug"] for source in BRIEFINGS])
def test_each_demo_briefing_is_plain_english_and_names_its_sources(source):
    text = " ".join([source["summary"], strip_tags(source["body"].replace("</li>", ".</li>"))])
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE
    assert source["sources"]


def test_seed_demo_publishes_the_briefings_once_and_emails_nobody(client, settings, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
        call_command("seed_demo")
    index = BriefingIndexPage.objects.get()
    assert index.url == "/briefings/" and index.get_workflow().name == REVIEW_NAME
    briefings = BriefingPage.objects.live().filter(locale=index.locale)
    assert briefings.count() == 2 and briefings.filter(required=True).count() == 1
    assert all(briefing.get_workflow().name == REVIEW_NAME for briefing in briefings)
    assert not BriefingSend.objects.exists()
    titles = {source["title"] for source in BRIEFINGS}
    assert not [m for m in mailoutbox if any(title in m.subject for title in titles)]

    client.login(email="hotel@example.com", password="eyes-and-ears-demo")
    html = client.get("/your-training/").content.decode()
    assert "Operation Makesafe" in html and "Cuckooing" not in html
    html = client.get(client.get("/briefings/").context["briefings"][0].url).content.decode()
    assert "Sources" in html
