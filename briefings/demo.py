"""The demo council's briefings: the index (under the "CSE co-ordinator review" workflow) and two
published briefings, one of them required reading. Idempotent.

The demo briefings are published with "e-mail learners" off, so seeding e-mails nobody, however often
it runs; a briefing an editor writes is e-mailed when it is published."""

from datetime import date

from django.db import transaction
from wagtail.models import Locale

from courses.demo import ensure_review_workflow
from courses.models import JobRole
from eyesandears.core.models import HomePage

from .models import BriefingIndexPage, BriefingPage, BriefingSource

INDEX_INTRO = (
    "<p>Short updates from the council's child sexual exploitation co-ordinator: what we have learned, "
    "and any change to what you should do. Required briefings must be read by everyone in the jobs they "
    "are for.</p>"
)

BRIEFINGS = [
    {
        "slug": "operation-makesafe",
        "title": "Operation Makesafe: how to report a worry at a hotel or in a taxi",
        "date": date(2025, 1, 13),
        "required": True,
        "roles": ["hotel-staff", "taxi-private-hire-driver"],
        "summary": "The police scheme for hotels has been relaunched. If you are worried about a child, call 101 "
        "and say \"Operation Makesafe\". If a child is in danger now, call 999.",
        "body": (
            "<h2>What has changed</h2>"
            "<p>Operation Makesafe is a police scheme that helps hotel staff spot child sexual exploitation and "
            "report it. The national CSE Taskforce and the National Police Chiefs' Council relaunched it in "
            "December 2024. Some police forces use it for taxis and pubs too.</p>"
            "<h2>What to do</h2>"
            "<ul><li>If a child is in danger now, call 999.</li>"
            "<li>If you are worried but nobody is in danger this minute, call 101 and say \"Operation "
            "Makesafe\".</li>"
            "<li>Write down what you saw: the time, names, what people looked like, the room number, and any "
            "car's registration, make and colour.</li>"
            "<li>Tell your manager or your controller, and follow your workplace's policy.</li>"
            "<li>Do not confront anyone, and do not try to find out more yourself.</li></ul>"
            "<h2>Hotels: keep the evidence</h2>"
            "<p>The police ask hotels to keep their CCTV and an incident log. A short note made at the time "
            "helps the police see the whole picture.</p>"
            "<p>You do not need proof to report. One sign alone proves nothing, but several together mean you "
            "should act.</p>"
        ),
        "sources": [
            "Sussex Police: Operation Makesafe",
            "National CSE Taskforce and Police Professional: the relaunch of Operation Makesafe (December 2024)",
            "Thurrock Council: advice for hotel and B&B workers, and advice for taxi drivers",
        ],
    },
    {
        "slug": "cuckooing",
        "title": "Cuckooing: signs at a home you visit",
        "date": date(2025, 2, 10),
        "required": False,
        "roles": ["council-staff", "youth-play-worker"],
        "summary": "Criminals sometimes take over a person's home to sell drugs or to exploit children. Know the "
        "signs, and report what you see instead of stepping in.",
        "body": (
            "<h2>What cuckooing is</h2>"
            "<p>\"Cuckooing\" is when criminals take over someone's home, often a person who is vulnerable. They "
            "may use it to keep or sell drugs, or to exploit children. It is often linked to county lines, where "
            "gangs use children to move drugs and money from one area to another.</p>"
            "<h2>Signs to look out for</h2>"
            "<ul><li>a lot of visitors who stay only a few minutes</li>"
            "<li>callers at all hours of the day and night</li>"
            "<li>young people who seem linked to the address but do not live there</li>"
            "<li>a person living there who seems scared, or who has new \"friends\" staying</li></ul>"
            "<h2>What to do</h2>"
            "<ul><li>Do not approach anyone or go in. Leave safely.</li>"
            "<li>Write down what you saw, with the date, the time and the address.</li>"
            "<li>Call the police on 101, or 999 if someone is in danger now. Follow your service's "
            "safeguarding procedure too.</li></ul>"
        ),
        "sources": [
            "Islington Council: cuckooing",
            "Home Office: Criminal exploitation of children and vulnerable adults: county lines",
            "Northamptonshire LSCB: toolkit for district councils",
        ],
    },
]


def ensure_briefing_index(home):
    index = BriefingIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = BriefingIndexPage(title="Briefings", slug="briefings")
        home.add_child(instance=index)
    index.intro = INDEX_INTRO
    index.save_revision().publish()
    return index


def ensure_briefing(index, source):
    briefing = BriefingPage.objects.child_of(index).filter(slug=source["slug"]).first()
    fields = {
        "title": source["title"],
        "date": source["date"],
        "summary": source["summary"],
        "body": source["body"],
        "required": source["required"],
        "email_learners": False,  # seeding e-mails nobody
    }
    if briefing is None:
        briefing = BriefingPage(slug=source["slug"], **fields)
        index.add_child(instance=briefing)
    for name, value in fields.items():
        setattr(briefing, name, value)
    briefing.audience_job_roles.set(JobRole.objects.filter(slug__in=source["roles"]))
    briefing.sources = [BriefingSource(name=name) for name in source["sources"]]
    briefing.save_revision().publish()
    return briefing


@transaction.atomic
def seed():
    home = HomePage.objects.filter(locale=Locale.get_default()).get()
    index = ensure_briefing_index(home)
    for source in BRIEFINGS:
        ensure_briefing(index, source)
    ensure_review_workflow(index)
    return []
