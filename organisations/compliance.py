"""Compliance: where each person stands on each course they must hold, derived from certificates and
enrolments in a fixed number of queries for a whole organisation."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from wagtail import hooks

from certificates.models import Certificate
from courses.models import CoursePage, Enrolment

from .choices import Compliance
from .models import Organisation, RoleRequirement

# A higher app (licensing: training accepted from another provider) can contribute expiries. Each hook
# takes (user_ids, course_ids) and returns {(user id, course id): (expires_on, label)}; it is called
# once per compliance computation, so it must cost a fixed number of queries.
EXTRA_EXPIRIES_HOOK = "extra_training_expiries"


def expiring_window_days():
    return settings.COMPLIANCE_EXPIRING_DAYS


def state_for(expires_on, in_progress, today, window_days):
    """The one rule every page, report and export uses."""
    if expires_on and expires_on > today:
        return Compliance.EXPIRING if expires_on <= today + timedelta(days=window_days) else Compliance.COMPLIANT
    if in_progress:
        return Compliance.IN_PROGRESS
    if expires_on:
        return Compliance.EXPIRED
    return Compliance.NOT_STARTED


@dataclass
class CourseState:
    course: CoursePage
    state: str
    expires_on: date | None = None
    certificate_id: int | None = None
    external: bool = False  # the expiry comes from training accepted from another provider
    external_label: str = ""

    @property
    def label(self):
        return Compliance(self.state).label


@dataclass
class PersonCompliance:
    membership: object
    courses: list = field(default_factory=list)

    @property
    def overall(self):
        """The person's worst state across their required courses (compliant if none are required)."""
        order = [
            Compliance.NOT_STARTED,
            Compliance.EXPIRED,
            Compliance.IN_PROGRESS,
            Compliance.EXPIRING,
            Compliance.COMPLIANT,
        ]
        states = {entry.state for entry in self.courses}
        return next((state for state in order if state in states), Compliance.COMPLIANT)


def required_courses_by_role(organisation, job_role_ids):
    """{job role id: [courses]} for the council's rules, plus the organisation's own extra courses."""
    extra = list(organisation.extra_courses.live().order_by("path")) if organisation else []
    by_role = _courses_by_role(job_role_ids)
    return {role_id: _unique(by_role[role_id] + extra) for role_id in job_role_ids} | {None: extra}


def required_courses_by_organisation(organisations, job_role_ids):
    """{organisation id: what required_courses_by_role gives for it}, in two queries for any number of
    organisations."""
    extra = defaultdict(list)
    for row in (
        Organisation.extra_courses.through.objects.filter(
            organisation_id__in=[organisation.pk for organisation in organisations], coursepage__live=True
        )
        .select_related("coursepage")
        .order_by("coursepage__path")
    ):
        extra[row.organisation_id].append(row.coursepage)
    by_role = _courses_by_role(job_role_ids)
    return {
        organisation.pk: {role_id: _unique(by_role[role_id] + extra[organisation.pk]) for role_id in job_role_ids}
        | {None: extra[organisation.pk]}
        for organisation in organisations
    }


def _courses_by_role(job_role_ids):
    by_role = defaultdict(list)
    for requirement in (
        RoleRequirement.objects.filter(job_role_id__in=job_role_ids, course__live=True)
        .select_related("course")
        .order_by("course__path")
    ):
        by_role[requirement.job_role_id].append(requirement.course)
    return by_role


def _unique(courses):
    seen, unique = set(), []
    for course in courses:
        if course.pk not in seen:
            seen.add(course.pk)
            unique.append(course)
    return unique


def _latest_expiry(user_ids, courses):
    """{(user id, course id): (expires_on, certificate id)} for the newest unrevoked certificate of each
    course, counting a refresher's certificate for the course it refreshes."""
    course_ids = [course.pk for course in courses]
    counts_for = {course_id: course_id for course_id in course_ids}
    for refresher_id, refreshed_id in CoursePage.objects.filter(refreshes_id__in=course_ids).values_list(
        "pk", "refreshes_id"
    ):
        counts_for[refresher_id] = refreshed_id
    latest = {}
    rows = Certificate.objects.filter(
        learner_id__in=user_ids, course_id__in=counts_for, revoked_at__isnull=True
    ).values_list("learner_id", "course_id", "expires_on", "pk")
    for user_id, course_id, expires_on, certificate_id in rows:
        key = (user_id, counts_for[course_id])
        if key not in latest or expires_on > latest[key][0]:
            latest[key] = (expires_on, certificate_id)
    return latest, counts_for


def _merge_extra_expiries(latest, user_ids, course_ids):
    """{(user id, course id): (expires_on, certificate id, external label)}: the later of the newest
    certificate and any expiry a hook contributes (a certificate wins a tie)."""
    merged = {key: (expires_on, certificate_id, "") for key, (expires_on, certificate_id) in latest.items()}
    if not (user_ids and course_ids):
        return merged
    for hook in hooks.get_hooks(EXTRA_EXPIRIES_HOOK):
        for key, (expires_on, label) in (hook(user_ids, course_ids) or {}).items():
            if key not in merged or expires_on > merged[key][0]:
                merged[key] = (expires_on, None, label)
    return merged


def _in_progress(user_ids, counts_for):
    return {
        (user_id, counts_for[course_id])
        for user_id, course_id in Enrolment.objects.filter(
            user_id__in=user_ids, course_id__in=counts_for, completed_at__isnull=True
        ).values_list("user_id", "course_id")
    }


def compliance_for_memberships(memberships, organisation=None, today=None):
    """[PersonCompliance] for these memberships (each with `user_id` and `job_role_id`)."""
    memberships = list(memberships)
    requirements = required_courses_by_role(organisation, {m.job_role_id for m in memberships})
    return _compliance(memberships, lambda membership: requirements.get(membership.job_role_id, []), today)


def compliance_by_organisation(organisations, memberships, today=None):
    """{organisation id: [PersonCompliance]} for the memberships of many organisations at once (each with
    `organisation_id` too), in the same fixed number of queries as for one organisation."""
    memberships = list(memberships)
    requirements = required_courses_by_organisation(organisations, {m.job_role_id for m in memberships})
    people = _compliance(
        memberships, lambda membership: requirements[membership.organisation_id].get(membership.job_role_id, []), today
    )
    by_organisation = {organisation.pk: [] for organisation in organisations}
    for person in people:
        by_organisation[person.membership.organisation_id].append(person)
    return by_organisation


def _compliance(memberships, required, today=None):
    """[PersonCompliance] for the memberships, where required(membership) gives the courses it must hold."""
    today = today or timezone.localdate()
    window = expiring_window_days()
    all_courses = _unique([course for membership in memberships for course in required(membership)])
    user_ids = [m.user_id for m in memberships if m.user_id]
    latest, counts_for = _latest_expiry(user_ids, all_courses) if all_courses else ({}, {})
    latest = _merge_extra_expiries(latest, user_ids, [course.pk for course in all_courses])
    started = _in_progress(user_ids, counts_for) if all_courses else set()
    people = []
    for membership in memberships:
        person = PersonCompliance(membership)
        for course in required(membership):
            expires_on, certificate_id, external_label = latest.get((membership.user_id, course.pk), (None, None, ""))
            in_progress = (membership.user_id, course.pk) in started
            person.courses.append(
                CourseState(
                    course,
                    state_for(expires_on, in_progress, today, window),
                    expires_on,
                    certificate_id,
                    external=expires_on is not None and certificate_id is None,
                    external_label=external_label,
                )
            )
        people.append(person)
    return people


def state_counts(people):
    """How many person-course pairs are in each state, in the order the dashboard shows them."""
    counts = Counter(entry.state for person in people for entry in person.courses)
    return [(state, label, counts.get(state, 0)) for state, label in Compliance.choices]
