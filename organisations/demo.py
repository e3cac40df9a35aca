"""The demo council's organisations, their people and the training each job role requires. Idempotent."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Locale

from courses.models import CoursePage, JobRole
from eyesandears.core.demo import ensure_demo_user

from .choices import MemberRole, OrganisationKind
from .models import Membership, Organisation, RoleRequirement

REQUIRED = {
    "taxi-private-hire-driver": "taxi-and-private-hire-drivers",
    "hotel-staff": "hotel-staff",
    "youth-play-worker": "youth-and-play-workers",
    "council-staff": "council-staff",
}

ORGANISATIONS = [
    ("Eyes and Ears Borough Council Licensing", OrganisationKind.LICENSING_AUTHORITY),
    ("Eyesbury Cars", OrganisationKind.TAXI_OPERATOR),
    ("Station Hotel", OrganisationKind.HOTEL),
    ("Eyesbury Youth Service", OrganisationKind.YOUTH_SERVICE),
    ("Housing Department", OrganisationKind.COUNCIL_DEPARTMENT),
]

MEMBERS = [
    ("Eyesbury Cars", "driver@example.com", "taxi-private-hire-driver", "PH-10234", MemberRole.LEARNER),
    ("Station Hotel", "hotel@example.com", "hotel-staff", "SH-017", MemberRole.LEARNER),
    ("Station Hotel", "manager@example.com", "hotel-staff", "SH-001", MemberRole.MANAGER),
    ("Eyesbury Youth Service", "youth@example.com", "youth-play-worker", "YS-042", MemberRole.LEARNER),
    ("Housing Department", "council@example.com", "council-staff", "HD-311", MemberRole.LEARNER),
]

LEADS_GROUP = "Safeguarding leads"


def ensure_requirements():
    for role_slug, course_slug in REQUIRED.items():
        course = CoursePage.objects.filter(locale=Locale.get_default(), slug=course_slug).first()
        if course:
            RoleRequirement.objects.get_or_create(job_role=JobRole.objects.get(slug=role_slug), course=course)


def ensure_members(organisations):
    users = get_user_model().objects
    for organisation_name, email, role_slug, reference, role in MEMBERS:
        user = users.get(email=email)
        Membership.objects.update_or_create(
            organisation=organisations[organisation_name],
            email=email,
            defaults={
                "user": user,
                "full_name": user.full_name,
                "job_role": JobRole.objects.get(slug=role_slug),
                "reference": reference,
                "role": role,
            },
        )


@transaction.atomic
def seed():
    ensure_requirements()
    organisations = {
        name: Organisation.objects.update_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in ORGANISATIONS
    }
    manager = ensure_demo_user("manager@example.com", "Mo Manager")
    manager.job_roles.add(JobRole.objects.get(slug="hotel-staff"))
    ensure_members(organisations)
    leads, _ = Group.objects.get_or_create(name=LEADS_GROUP)
    leads.permissions.add(Permission.objects.get(codename="view_all_organisations"))
    return [("manager@example.com", "manager of Station Hotel (sets up an authenticator app at first sign-in)")]
