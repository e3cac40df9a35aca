"""The demo council's seminars: one face to face at the Council House, one online, both a few weeks
ahead, for the demo job roles; and the co-ordinator's groups may run them. Idempotent."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from courses.models import JobRole

from .choices import SeminarFormat
from .models import Seminar

DEMO_ROLE_SLUGS = ["taxi-private-hire-driver", "hotel-staff", "youth-play-worker", "council-staff"]
# No delete: deleting a seminar would delete its bookings, and with them the evidence of who attended.
# The co-ordinator unpublishes a seminar instead; an administrator can delete a mistaken one.
SEMINAR_PERMISSIONS = ["add_seminar", "change_seminar", "view_seminar", "mark_attendance"]
SEMINAR_GROUPS = ["Editors", "Moderators"]

DEMO_SEMINARS = [
    {
        "title": "Lunchtime seminar: spotting exploitation in the night-time economy",
        "description": (
            "The council's child sexual exploitation co-ordinator talks through real (anonymised) cases from "
            "taxis, hotels and takeaways: the signs people noticed, what they did, and what happened next.\n\n"
            "Bring your questions. Tea and coffee are provided."
        ),
        "format": SeminarFormat.IN_PERSON,
        "place": "Committee Room 2, Council House, Market Square, Eyesbury EY1 1AA",
        "link": "",
        "capacity": 20,
        "days_ahead": 14,
        "start": time(12, 30),
        "minutes": 60,
        "roles": DEMO_ROLE_SLUGS,
    },
    {
        "title": "Online seminar: what to do when you are worried about a child",
        "description": (
            "A short online session on making a report: who to call, what to say, and what the police and "
            "children's services will ask you. There is time for questions at the end.\n\n"
            "You need a device with sound. The joining link is shown once you have a place."
        ),
        "format": SeminarFormat.ONLINE,
        "place": "",
        "link": "https://meet.example.com/eyes-and-ears-seminar",
        "capacity": 50,
        "days_ahead": 21,
        "start": time(18, 0),
        "minutes": 45,
        "roles": DEMO_ROLE_SLUGS,
    },
]


def starts_at(days_ahead, start):
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5:  # a weekday
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, start))


def ensure_seminar(spec):
    begins = starts_at(spec["days_ahead"], spec["start"])
    seminar, _ = Seminar.objects.update_or_create(
        title=spec["title"],
        defaults={
            "description": spec["description"],
            "format": spec["format"],
            "place": spec["place"],
            "link": spec["link"],
            "capacity": spec["capacity"],
            "starts_at": begins,
            "ends_at": begins + timedelta(minutes=spec["minutes"]),
            "is_published": True,
        },
    )
    seminar.audience_job_roles.set(JobRole.objects.filter(slug__in=spec["roles"]))
    return seminar


def ensure_co_ordinators_can_run_seminars():
    permissions = Permission.objects.filter(content_type__app_label="seminars", codename__in=SEMINAR_PERMISSIONS)
    for name in SEMINAR_GROUPS:
        Group.objects.get(name=name).permissions.add(*permissions)


@transaction.atomic
def seed():
    ensure_co_ordinators_can_run_seminars()
    for spec in DEMO_SEMINARS:
        ensure_seminar(spec)
    return []
