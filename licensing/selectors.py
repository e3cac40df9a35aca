"""Reads for licensing officers. Officers only read: nothing here changes a training record."""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from certificates import codes
from certificates.models import Certificate
from organisations.choices import Compliance
from organisations.compliance import compliance_for_memberships
from quizzes.models import Attempt

from .choices import CheckOutcome
from .models import Licence, normalise_licence_number

CURRENT = {Compliance.COMPLIANT, Compliance.EXPIRING}
CONFIRMED_FIRST = F("confirmed_at").desc(nulls_last=True)


@dataclass
class DriverStatus:
    licence: Licence | None
    outcome: str
    courses: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    attempts: list = field(default_factory=list)
    certificate: Certificate | None = None  # the certificate a code check was made with

    @property
    def outcome_label(self):
        return CheckOutcome(self.outcome).label

    @property
    def driver(self):
        return (
            self.licence.membership.user if self.licence else (self.certificate.learner if self.certificate else None)
        )


def licences_in(authority):
    return Licence.objects.filter(authority=authority).select_related("membership__user", "membership__job_role")


def licences_answering(authority, numbers):
    """{number: the licence that answers for it} for these normalised numbers, in one query: the
    confirmed entry on the register, or else the earliest driver's claim to the number."""
    chosen = {}
    for licence in licences_in(authority).filter(number__in=numbers).order_by("pk"):
        held = chosen.get(licence.number)
        if held is None or (licence.confirmed and not held.confirmed):
            chosen[licence.number] = licence
    return chosen


def licence_by_number(authority, entered):
    number = normalise_licence_number(entered)
    return licences_answering(authority, [number]).get(number) if number else None


def outcome_for(licence, courses):
    if not licence.confirmed:
        return CheckOutcome.UNCONFIRMED
    if courses and all(entry.state in CURRENT for entry in courses):
        return CheckOutcome.COMPLIANT
    return CheckOutcome.NOT_COMPLIANT


def status_of(authority, licence, certificate=None):
    if licence is None:
        return DriverStatus(None, CheckOutcome.UNKNOWN, certificate=certificate)
    [person] = compliance_for_memberships([licence.membership], authority)
    user_id = licence.membership.user_id
    certificates = (
        list(Certificate.objects.filter(learner_id=user_id).select_related("course").order_by("-issued_on"))
        if user_id
        else []
    )
    attempts = (
        list(
            Attempt.objects.filter(user_id=user_id, submitted_at__isnull=False)
            .select_related("quiz")
            .order_by("-submitted_at")
            .values("submitted_at", "score", "passed", "quiz__title")
        )
        if user_id
        else []
    )
    return DriverStatus(
        licence, outcome_for(licence, person.courses), person.courses, certificates, attempts, certificate
    )


def status_by_number(authority, entered):
    return status_of(authority, licence_by_number(authority, entered))


def status_by_code(authority, entered):
    code = codes.normalise(entered)
    certificate = Certificate.objects.select_related("course", "learner").filter(code=code or "").first()
    if certificate is None:
        return DriverStatus(None, CheckOutcome.UNKNOWN)
    licence = licences_in(authority).filter(membership__user=certificate.learner).order_by(CONFIRMED_FIRST).first()
    return status_of(authority, licence, certificate)


def looks_like_certificate_code(entered):
    return codes.normalise(entered) is not None


def today():
    return timezone.localdate()
