"""Share codes: a driver gives one named organisation (a taxi operator, a hotel) a short code that lets its
managers see the driver's name and current training status, and nothing else. A code expires, can be
used a limited number of times and can be withdrawn; each use is recorded and shown to the driver.

Codes are 10 random Crockford base32 symbols (50 bits), stored bare and shown as SHR-XXXXX-XXXXX. An
organisation can only use a code that names it, and a manager's checks are rate-limited, so guessing
one is hopeless.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.codes import ALPHABET, CONFUSABLE, SEPARATORS
from courses.models import JobRole
from organisations.choices import OrganisationKind
from organisations.compliance import compliance_for_memberships
from organisations.models import Membership, Organisation

from .models import ShareCode, ShareCodeUse

PREFIX = "SHR"
LENGTH = 10
GROUP = 5
DEFAULT_DAYS = 21
MAX_DAYS = 90
DEFAULT_MAX_USES = 5
MAX_USES = 20
CHECK_RATE = "10/m"  # a manager's checks of share codes, per user
CODE_ATTEMPTS = 5
INVALID_MESSAGE = gettext_lazy("This code is not valid for your organisation. Ask the driver for a new one.")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code):
    return "-".join([PREFIX, *(code[start:start + GROUP] for start in range(0, len(code), GROUP))])


def normalise(entered):
    """The stored form of what someone typed, or None: any case, spaces or dashes, O for 0 and I or L
    for 1, the SHR prefix optional."""
    text = SEPARATORS.sub("", (entered or "").upper()).translate(CONFUSABLE)
    if len(text) == LENGTH + len(PREFIX) and text.startswith(PREFIX):
        text = text[len(PREFIX):]
    if len(text) != LENGTH or any(symbol not in ALPHABET for symbol in text):
        return None
    return text


def organisations_to_share_with():
    """Anyone but a licensing authority (officers check drivers on their register in their own way)."""
    return Organisation.objects.exclude(kind=OrganisationKind.LICENSING_AUTHORITY).order_by("name")


# Reads


def state_of(share_code, *, uses, now=None):
    """'withdrawn', 'expired', 'used_up' or 'active'."""
    now = now or timezone.now()
    if share_code.withdrawn_at:
        return "withdrawn"
    if share_code.expires_at <= now:
        return "expired"
    if uses >= share_code.max_uses:
        return "used_up"
    return "active"


def share_codes_of(driver):
    """The driver's codes, newest first, each with its uses (who and when) and its state."""
    now = timezone.now()
    codes = list(
        ShareCode.objects.filter(driver=driver)
        .select_related("organisation")
        .prefetch_related(Prefetch("uses", queryset=ShareCodeUse.objects.select_related("used_by")))
        .order_by("-created_at", "-pk")
    )
    for share_code in codes:
        share_code.display_code = display(share_code.code)
        share_code.state = state_of(share_code, uses=len(share_code.uses.all()), now=now)
        share_code.uses_left = max(share_code.max_uses - len(share_code.uses.all()), 0)
    return codes


@dataclass
class SharedStatus:
    """All an organisation learns from a share code: the driver's name and their required training."""

    name: str
    courses: list = field(default_factory=list)


def shared_status(share_code):
    """The driver's current state on each course their job roles require (the council's rules only)."""
    driver = share_code.driver
    role_ids = set(JobRole.objects.filter(learners=driver).values_list("pk", flat=True))
    role_ids |= set(
        Membership.objects.filter(user=driver, job_role__isnull=False).values_list("job_role_id", flat=True)
    )
    people = compliance_for_memberships([SimpleNamespace(user_id=driver.pk, job_role_id=pk) for pk in role_ids])
    courses, seen = [], set()
    for person in people:
        for entry in person.courses:
            if entry.course.pk not in seen:
                seen.add(entry.course.pk)
                courses.append(entry)
    courses.sort(key=lambda entry: entry.course.path)
    return SharedStatus(name=driver.full_name or _("The driver"), courses=courses)


# Writes


class NotAllowed(Exception):
    pass


def share_code_create(*, driver, organisation, days=DEFAULT_DAYS, max_uses=DEFAULT_MAX_USES):
    if organisation.kind == OrganisationKind.LICENSING_AUTHORITY:
        raise NotAllowed("Choose an organisation that is not a licensing authority.")
    if not 1 <= days <= MAX_DAYS or not 1 <= max_uses <= MAX_USES:
        raise NotAllowed("A code lasts 1 to 90 days and can be used 1 to 20 times.")
    fields = {"driver": driver, "organisation": organisation, "max_uses": max_uses,
              "expires_at": timezone.now() + timedelta(days=days)}
    for _attempt in range(CODE_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                return ShareCode.objects.create(code=new_code(), **fields)
        except IntegrityError:
            continue  # the same 50 random bits twice: try again
    return ShareCode.objects.create(code=new_code(), **fields)


def share_code_withdraw(*, share_code):
    """It stops working at once. Withdrawing twice is harmless."""
    if share_code.withdrawn_at is None:
        share_code.withdrawn_at = timezone.now()
        share_code.save(update_fields=["withdrawn_at"])
    return share_code


@transaction.atomic
def share_code_use(*, organisation, entered, user):
    """The code if it names this organisation, has not run out, is not withdrawn and has uses left (the
    use is recorded); None otherwise, for whatever reason, so that a wrong guess learns nothing."""
    code = normalise(entered)
    if code is None:
        return None
    share_code = (
        ShareCode.objects.select_for_update(of=("self",))
        .filter(code=code, organisation=organisation)
        .select_related("driver")
        .first()
    )
    if share_code is None:
        return None
    used = ShareCodeUse.objects.filter(share_code=share_code).count()
    if state_of(share_code, uses=used) != "active":
        return None
    ShareCodeUse.objects.create(share_code=share_code, used_by=user)
    return share_code

