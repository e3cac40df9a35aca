"""The people the soak test needs, made after `seed_demo` by bench/soak/run.py (dev settings, the soak database).

- SOAK_LEARNER_ACCOUNTS learners (soak-learner-00000@example.com, ...), each with a verified e-mail address,
  the demo password and one job role, taken in turn from the four demo roles, and a membership of the demo
  organisation for that role (Eyesbury Cars, Station Hotel, Eyesbury Youth Service, Housing Department).
  Drivers also hold a confirmed licence on the demo licensing authority's register (SOAK00000, ...), so
  officers have numbers to check. Every simulated learner signs in with an account of their own, once, and
  passes their course's quiz the first time, so no attempt limit is reached.
- SOAK_MANAGER_ACCOUNTS managers, spread over those four organisations, and SOAK_OFFICER_ACCOUNTS licensing
  officers of the authority, each with an authenticator app (TOTP, as allauth's `TOTP.activate` stores one)
  and, for each officer, an API key of the authority. One account per simulated manager or officer: allauth
  takes a TOTP code once per authenticator, so two sign-ins with one account in the same 30 s would clash.

Users, addresses, memberships and licences are written with bulk_create (test data: thousands of accounts
through the signup form would take longer than the soak); TOTP and API keys through allauth and the app.
Writes what the load generator needs (accounts, secrets, raw API keys, organisation ids) as JSON to
SOAK_DATA_FILE, a file in the run's temporary folder that is removed at the end.
"""

import json
import os
from datetime import timedelta

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from courses.models import JobRole  # noqa: E402
from eyesandears.core.demo import DEMO_PASSWORD  # noqa: E402
from licensing import api_keys  # noqa: E402
from licensing.choices import LicenceKind  # noqa: E402
from licensing.models import Licence  # noqa: E402
from organisations.choices import MemberRole, OrganisationKind  # noqa: E402
from organisations.models import Membership, Organisation  # noqa: E402

AUTHORITY = "Eyes and Ears Borough Council Licensing"
DRIVER_ROLE = "taxi-private-hire-driver"
# Job role: the demo organisation its learners belong to (organisations/demo.py).
ROLES = {
    DRIVER_ROLE: "Eyesbury Cars",
    "hotel-staff": "Station Hotel",
    "youth-play-worker": "Eyesbury Youth Service",
    "council-staff": "Housing Department",
}
FIRST = ["Amina", "Ben", "Chloe", "Dev", "Ewa", "Farid", "Grace", "Hamza", "Isla", "Jun", "Kofi", "Lena"]
LAST = ["Ahmed", "Brown", "Chen", "Davies", "Evans", "Khan", "Nowak", "Patel", "Smith", "Xu", "Young"]
BATCH = 1000


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def name_for(i):
    return f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]} {i}"


def licence_number(i):
    return f"SOAK{i:05d}"


def make_users(people, password):
    """(email, full name) pairs: users with a verified primary address. Returns them in order."""
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(email=email, full_name=name, password=password) for email, name in people], batch_size=BATCH
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=BATCH
    )
    return users


def add_learners(count, password, roles, organisations, authority):
    people = [(f"soak-learner-{i:05d}@example.com", name_for(i)) for i in range(count)]
    users = make_users(people, password)
    slugs = list(ROLES)
    role_of = {user.pk: roles[slugs[i % len(slugs)]] for i, user in enumerate(users)}
    get_user_model().job_roles.through.objects.bulk_create(
        [get_user_model().job_roles.through(user_id=user.pk, jobrole_id=role_of[user.pk].pk) for user in users],
        batch_size=BATCH,
    )
    memberships, drivers = [], []
    for i, user in enumerate(users):
        role = role_of[user.pk]
        reference = licence_number(i) if role.slug == DRIVER_ROLE else f"SK-{i:05d}"
        memberships.append(
            Membership(
                organisation=organisations[role.slug], user=user, email=user.email, full_name=user.full_name,
                job_role=role, reference=reference, role=MemberRole.LEARNER,
            )
        )
        if role.slug == DRIVER_ROLE:
            drivers.append(
                Membership(
                    organisation=authority, user=user, email=user.email, full_name=user.full_name,
                    job_role=role, reference=reference, role=MemberRole.LEARNER,
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    drivers = Membership.objects.bulk_create(drivers, batch_size=BATCH)
    now = timezone.now()
    Licence.objects.bulk_create(
        [
            Licence(
                authority=authority, membership=membership, number=membership.reference,
                kind=LicenceKind.PRIVATE_HIRE, expires_on=timezone.localdate() + timedelta(days=400),
                confirmed_at=now,
            )
            for membership in drivers
        ],
        batch_size=BATCH,
    )
    return [user.email for user in users], [membership.reference for membership in drivers]


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def add_managers(count, password, roles, organisations):
    people = [(f"soak-manager-{i:03d}@example.com", f"Manager {name_for(i)}") for i in range(count)]
    managers = []
    for i, user in enumerate(make_users(people, password)):
        slug = list(ROLES)[i % len(ROLES)]
        organisation = organisations[slug]
        Membership.objects.create(
            organisation=organisation, user=user, email=user.email, full_name=user.full_name,
            job_role=roles[slug], reference=f"SM-{i:03d}", role=MemberRole.MANAGER,
        )
        managers.append({"email": user.email, "totp_secret": with_totp(user), "organisation": organisation.pk})
    return managers


def add_officers(count, password, authority):
    people = [(f"soak-officer-{i:03d}@example.com", f"Officer {name_for(i)}") for i in range(count)]
    officers = []
    for i, user in enumerate(make_users(people, password)):
        Membership.objects.create(
            organisation=authority, user=user, email=user.email, full_name=user.full_name,
            reference=f"SO-{i:03d}", role=MemberRole.LICENSING_OFFICER,
        )
        _, raw_key = api_keys.api_key_issue(authority=authority, name=f"Soak licensing system {i}", created_by=user)
        officers.append(
            {"email": user.email, "totp_secret": with_totp(user), "authority": authority.pk, "api_key": raw_key}
        )
    return officers


@transaction.atomic
def prepare():
    password = make_password(DEMO_PASSWORD)  # one hash for all: each sign-in still checks it in full
    roles = {slug: JobRole.objects.get(slug=slug) for slug in ROLES}
    organisations = {slug: Organisation.objects.get(name=name) for slug, name in ROLES.items()}
    authority = Organisation.objects.get(name=AUTHORITY, kind=OrganisationKind.LICENSING_AUTHORITY)
    learners, licence_numbers = add_learners(
        env_int("SOAK_LEARNER_ACCOUNTS", 2000), password, roles, organisations, authority
    )
    return {
        "password": DEMO_PASSWORD,
        "learners": learners,
        "licence_numbers": licence_numbers,
        "managers": add_managers(env_int("SOAK_MANAGER_ACCOUNTS", 10), password, roles, organisations),
        "officers": add_officers(env_int("SOAK_OFFICER_ACCOUNTS", 10), password, authority),
        "organisations": {organisation.name: organisation.pk for organisation in organisations.values()},
        "authority": authority.pk,
    }


def main():
    data = prepare()
    with open(os.environ["SOAK_DATA_FILE"], "w") as file:
        json.dump(data, file)
    print(
        f"SOAK_PREP learners={len(data['learners'])} drivers={len(data['licence_numbers'])} "
        f"managers={len(data['managers'])} officers={len(data['officers'])}",
        flush=True,
    )


if __name__ == "__main__":
    main()
