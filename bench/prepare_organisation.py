"""A large organisation for the benchmark's dashboard and export pages, made by bench/prepare.py.

The demo's Station Hotel is topped up to SIZE (5,000) memberships, and manager@example.com, its
manager, gets an authenticator app (TOTP), which managers need before they see people's records.
The hotel-staff job role requires the hotel course (the demo's rule) and the organisation adds the
council and youth courses as its own extra courses, so everyone has three required courses.

The people are benchmark data, written with bulk_create for speed rather than through the services
(which would take minutes for 5,000 people): users (no usable password), memberships (one in 25
invited, with no user yet), and, for each person and course, drawn with a fixed seed:

- 45% a current certificate, 10% one that expires within the expiring window, 10% an expired one
  (half of those with a refresher under way), each with the submitted, passing quiz attempt the
  certificate belongs to (`Certificate.attempt` is one-to-one) and the completed enrolment;
- 15% an enrolment in progress;
- 20% nothing (not started).

So the dashboard and the export read the same kinds and amounts of rows a real organisation would
have. `prepare()` returns what run.py needs: the organisation's id, the manager and the TOTP secret
(to sign in through the real login form, authenticator step included), and the counts by state.
"""

import random
from datetime import datetime, time, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from certificates import codes
from certificates.models import Certificate
from courses.models import CoursePage, Enrolment, JobRole
from organisations import compliance, selectors
from organisations.choices import MemberRole
from organisations.models import Membership, Organisation
from quizzes import selectors as quiz_selectors
from quizzes.models import Attempt

SIZE = 5000
ORGANISATION = "Station Hotel"
MANAGER = "manager@example.com"
JOB_ROLE = "hotel-staff"  # requires the hotel-staff course (organisations.demo.REQUIRED)
EXTRA_COURSES = ("council-staff", "youth-and-play-workers")
INVITED_EVERY = 25  # one membership in 25 is an invitation nobody has accepted yet
SEED = 5000
BATCH = 1000

# fmt: off
FIRST = ["Amina", "Ben", "Chloe", "Dev", "Ewa", "Farid", "Grace", "Hamza", "Isla", "Jun", "Kofi", "Lena", "Mo",
         "Niamh", "Oscar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wei", "Yusuf", "Zoë"]
LAST = ["Ahmed", "Brown", "Chen", "Davies", "Evans", "Fraser", "Green", "Hussain", "Iqbal", "Jones", "Khan",
        "Lewis", "Murphy", "Nowak", "O'Brien", "Patel", "Quigley", "Roberts", "Smith", "Taylor", "Usman",
        "Walker", "Xu", "Young", "Zielinski"]
# fmt: on


def required_courses(organisation, job_role):
    organisation.extra_courses.set(CoursePage.objects.live().filter(locale=Locale.get_default()).filter(slug__in=EXTRA_COURSES))
    courses = compliance.required_courses_by_role(organisation, {job_role.pk})[job_role.pk]
    if len(courses) != 3:
        raise SystemExit(f"{ORGANISATION}'s {job_role} should need three courses, not {[c.slug for c in courses]}")
    return courses


def manager_with_totp(organisation):
    """The demo manager, with a fresh authenticator app as allauth stores one (TOTP.activate)."""
    manager = get_user_model().objects.get(email=MANAGER)
    if not Membership.objects.filter(organisation=organisation, user=manager, role=MemberRole.MANAGER).exists():
        raise SystemExit(f"{MANAGER} does not manage {ORGANISATION}")
    Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(manager, secret)
    return manager, secret


def add_people(organisation, job_role, count):
    """`count` new memberships; the users of those who joined. Returns the joined memberships."""
    password = make_password(None)  # unusable, as for anyone who has never set one
    people = []
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}"
        email = f"bench-person-{i:04d}@example.com"
        people.append((i, name, email, f"SH-{2000 + i}"))
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(email=email, full_name=name, password=password)
            for i, name, email, _ in people
            if i % INVITED_EVERY
        ],
        batch_size=BATCH,
    )
    user_for = {user.email: user for user in users}
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                organisation=organisation,
                user=user_for.get(email),
                email=email,
                full_name=name,
                job_role=job_role,
                reference=reference,
                role=MemberRole.LEARNER,
            )
            for _, name, email, reference in people
        ],
        batch_size=BATCH,
    )
    return [membership for membership in memberships if membership.user_id]


def add_training(memberships, courses):
    """Certificates (with their attempts and enrolments) and enrolments in progress, as described above."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    window = compliance.expiring_window_days()
    quizzes = {}
    for course in courses:
        quizzes[course.pk] = quiz_selectors.live_quiz_for(course)
        if quizzes[course.pk] is None:
            raise SystemExit(f"{course.slug} has no live quiz to issue certificates for")
    held, open_enrolments, done_enrolments = [], [], []
    for membership in memberships:
        for course in courses:
            draw = rng.random()
            validity = timedelta(days=round(course.validity_months * 365.25 / 12))
            if draw < 0.45:  # current
                expires_on = today + timedelta(days=rng.randint(window + 1, validity.days - 1))
            elif draw < 0.55:  # expiring soon
                expires_on = today + timedelta(days=rng.randint(1, window))
            elif draw < 0.65:  # expired, a refresher under way for half of them
                expires_on = today - timedelta(days=rng.randint(0, 400))
                if draw < 0.60:
                    open_enrolments.append(Enrolment(user_id=membership.user_id, course=course))
            elif draw < 0.80:
                open_enrolments.append(Enrolment(user_id=membership.user_id, course=course))
                continue
            else:
                continue
            held.append((membership, course, expires_on - validity, expires_on))
            done_enrolments.append(
                Enrolment(user_id=membership.user_id, course=course, completed_at=aware(expires_on - validity))
            )
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(
                user_id=membership.user_id,
                quiz=quizzes[course.pk],
                snapshot={"questions": [], "benchmark": True},
                submitted_at=aware(issued_on),
                score=100,
                passed=True,
            )
            for membership, course, issued_on, _ in held
        ],
        batch_size=BATCH,
    )
    used = set(Certificate.objects.values_list("code", flat=True))
    certificates = []
    for (membership, course, issued_on, expires_on), attempt in zip(held, attempts, strict=True):
        code = codes.new_code()
        while code in used:
            code = codes.new_code()
        used.add(code)
        certificates.append(
            Certificate(
                code=code,
                learner_id=membership.user_id,
                course=course,
                attempt=attempt,
                name_as_printed=membership.full_name,
                job_role=membership.job_role.name,
                issued_on=issued_on,
                expires_on=expires_on,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    Enrolment.objects.bulk_create(done_enrolments + open_enrolments, batch_size=BATCH)
    return {"certificates": len(certificates), "enrolments_in_progress": len(open_enrolments)}


def aware(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def prepare():
    organisation = Organisation.objects.get(name=ORGANISATION)
    job_role = JobRole.objects.get(slug=JOB_ROLE)
    courses = required_courses(organisation, job_role)
    manager, secret = manager_with_totp(organisation)
    existing = Membership.objects.filter(organisation=organisation).count()
    if existing > SIZE:
        raise SystemExit(f"{ORGANISATION} already has {existing} members")
    joined = add_people(organisation, job_role, SIZE - existing)
    made = add_training(joined, courses)
    people = selectors.people_of(organisation)
    if len(people) != SIZE:
        raise SystemExit(f"{ORGANISATION} has {len(people)} members, not {SIZE}")
    return {
        "organisation": organisation.pk,
        "name": organisation.name,
        "members": len(people),
        "invited": sum(1 for person in people if not person.membership.user_id),
        "required_courses": [course.slug for course in courses],
        **made,
        "states": {state: count for state, _, count in compliance.state_counts(people)},
        "manager": manager.email,
        "totp_secret": secret,  # a throwaway secret for a throwaway database: run.py signs in with it
    }
