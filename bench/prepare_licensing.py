"""The licensing authority for the benchmark's licensing pages, API and list check, made by bench/prepare.py.

On the demo's "Eyes and Ears Borough Council Licensing" (licensing/demo.py: licensing@example.com is
its licensing officer and driver@example.com holds licence PH00123, confirmed):

- the officer gets an authenticator app (TOTP), as allauth's `TOTP.activate` stores one, which officers
  need before they see drivers' records; run.py signs in with the password and the code it computes;
- one check of PH00123 is made and recorded through the app's own selectors and service, as the check
  page does: its record page is what "licensing check (record page)" measures. prepare.py has already
  had driver@example.com pass the taxi course's quiz, so the check says "Compliant" (else this stops);
- an API key for the authority is issued through licensing.api_keys (only its hash is stored; the raw
  key is handed to run.py, for the `Authorization: Bearer` header, and kept out of results.json);
- the register grows by DRIVERS (9,000) drivers, benchmark data written with bulk_create (users,
  memberships in the taxi and private hire driver job role, which requires the taxi course, and
  licences, one in 20 not confirmed yet), with certificates, attempts and enrolments for the taxi
  course drawn as bench/prepare_organisation.py draws them (45% current, 10% expiring soon, 10%
  expired, 15% in progress, 20% nothing);
- the file for the list check is written to BENCH_LIST_CSV: a heading and LIST_ROWS (10,000) distinct
  licence numbers, the DRIVERS on the register and UNKNOWN (1,000) that are on no register, shuffled
  with a fixed seed and written as officers' spreadsheets have them (small letters, a dash or spaces
  inside, spaces around).

`prepare(driver_certificate)` returns what run.py needs: the authority's id, the record's public id, the
officer, the TOTP secret, the API key, and the list file's facts.
"""

import csv
import io
import os
import random
from datetime import timedelta

import prepare_organisation
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from courses.models import CoursePage, JobRole
from licensing import api_keys, selectors, services
from licensing.choices import CheckMethod, CheckOutcome, LicenceKind
from licensing.models import Licence
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Membership, Organisation

AUTHORITY = "Eyes and Ears Borough Council Licensing"
OFFICER = "licensing@example.com"
DRIVER_NUMBER = "PH00123"  # driver@example.com's licence (licensing/demo.py)
JOB_ROLE = "taxi-private-hire-driver"
COURSE = "taxi-and-private-hire-drivers"
DRIVERS = 9000
UNKNOWN = 1000
LIST_ROWS = DRIVERS + UNKNOWN
UNCONFIRMED_EVERY = 20
SEED = 10000
BATCH = 1000


def officer_with_totp(authority):
    """The demo officer, with a fresh authenticator app as allauth stores one."""
    officer = get_user_model().objects.get(email=OFFICER)
    if not Membership.objects.filter(organisation=authority, user=officer, role=MemberRole.LICENSING_OFFICER).exists():
        raise SystemExit(f"{OFFICER} is not a licensing officer of {AUTHORITY}")
    Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    return officer, secret


def number_for(i):
    return f"{'HC' if i % 4 == 0 else 'PH'}{200000 + i}"


def add_drivers(authority, job_role, count):
    """`count` drivers on the register; returns their memberships."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    password = make_password(None)
    first, last = prepare_organisation.FIRST, prepare_organisation.LAST
    people = [
        (i, f"{first[i % len(first)]} {last[i // len(first) % len(last)]}", f"bench-driver-{i:05d}@example.com")
        for i in range(count)
    ]
    users = get_user_model().objects.bulk_create(
        [get_user_model()(email=email, full_name=name, password=password) for _, name, email in people],
        batch_size=BATCH,
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                organisation=authority,
                user=user,
                email=email,
                full_name=name,
                job_role=job_role,
                reference=number_for(i),
                role=MemberRole.LEARNER,
            )
            for (i, name, email), user in zip(people, users, strict=True)
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    Licence.objects.bulk_create(
        [
            Licence(
                authority=authority,
                membership=membership,
                number=number_for(i),
                kind=LicenceKind.HACKNEY_CARRIAGE if i % 4 == 0 else LicenceKind.PRIVATE_HIRE,
                expires_on=today + timedelta(days=rng.randint(1, 3 * 365)),
                confirmed_at=None if i % UNCONFIRMED_EVERY == 0 else now,
            )
            for (i, _, _), membership in zip(people, memberships, strict=True)
        ],
        batch_size=BATCH,
    )
    return memberships


def messy(number, i):
    """The number as an officer's spreadsheet might have it."""
    prefix, digits = number[:2], number[2:]
    return [number.lower(), f"{prefix}-{digits}", f" {prefix} {digits[:3]} {digits[3:]} ", number][i % 4]


def write_list(path):
    """The list check's file: a heading row, then LIST_ROWS distinct numbers in a fixed shuffled order."""
    numbers = [number_for(i) for i in range(DRIVERS)] + [f"ZZ{900000 + i}" for i in range(UNKNOWN)]
    random.Random(SEED).shuffle(numbers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Licence number", "Note"])
    for i, number in enumerate(numbers):
        writer.writerow([messy(number, i), ""])
    data = buffer.getvalue().encode()
    with open(path, "wb") as file:
        file.write(data)
    return {"rows": len(numbers), "on_register": DRIVERS, "unknown": UNKNOWN, "bytes": len(data)}


@transaction.atomic
def prepare(driver_certificate):
    authority = Organisation.objects.get(name=AUTHORITY, kind=OrganisationKind.LICENSING_AUTHORITY)
    officer, secret = officer_with_totp(authority)

    # One check of the demo driver, made as the check page makes it; its record page is measured.
    status = selectors.status_by_number(authority, DRIVER_NUMBER)
    if status.outcome != CheckOutcome.COMPLIANT:
        raise SystemExit(f"{DRIVER_NUMBER} is {status.outcome}, not compliant, on {AUTHORITY}")
    record = services.check_record(
        authority=authority, status=status, entered=DRIVER_NUMBER, method=CheckMethod.LICENCE_NUMBER, officer=officer
    )
    api_key, raw_key = api_keys.api_key_issue(authority=authority, name="Bench licensing system", created_by=officer)

    job_role = JobRole.objects.get(slug=JOB_ROLE)
    course = CoursePage.objects.live().filter(locale=Locale.get_default()).get(slug=COURSE)
    memberships = add_drivers(authority, job_role, DRIVERS)
    made = prepare_organisation.add_training(memberships, [course])
    list_file = write_list(os.environ["BENCH_LIST_CSV"])
    return {
        "authority": authority.pk,
        "name": authority.name,
        "officer": officer.email,
        "totp_secret": secret,  # a throwaway secret for a throwaway database: run.py signs in with it
        "driver_number": DRIVER_NUMBER,
        "driver_certificate": driver_certificate["code"],
        "check_record": str(record.public_id),
        "api_key": raw_key,  # likewise; run.py sends it and leaves it out of results.json
        "api_key_prefix": api_key.prefix,
        "register": Licence.objects.filter(authority=authority).count(),
        "unconfirmed": Licence.objects.filter(authority=authority, confirmed_at__isnull=True).count(),
        "driver_certificates": made["certificates"],
        "driver_enrolments_in_progress": made["enrolments_in_progress"],
        "list_file": list_file,
    }
