"""Writes for licensing: the record of each check, driver-declared licence numbers, confirmation."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.choices import MemberRole
from organisations.models import Membership

from .models import CheckRecord, Licence, normalise_licence_number


def check_record(*, authority, status, entered, method, officer=None, api_key_name=""):
    """Every check is recorded: who looked, at whom, when and how (UK GDPR accountability)."""
    return CheckRecord.objects.create(
        authority=authority,
        officer=officer,
        api_key_name=api_key_name,
        driver=status.driver,
        licence=status.licence,
        entered=entered[:60],
        method=method,
        outcome=status.outcome,
    )


@transaction.atomic
def licence_declare(*, user, authority, number, kind, job_role=None):
    """A driver adds their licence number; it stays unconfirmed (never compliant) until an officer confirms it."""
    number = normalise_licence_number(number)
    membership = Membership.objects.filter(organisation=authority, user=user).first()
    if membership is None:
        membership = Membership.objects.create(
            organisation=authority,
            user=user,
            email=user.email,
            full_name=user.full_name,
            job_role=job_role,
            reference=number,
            role=MemberRole.LEARNER,
        )
    licence = Licence.objects.filter(membership=membership).first() or Licence(
        membership=membership, authority=authority
    )
    if licence.pk and licence.confirmed and licence.number == number:
        return licence
    licence.number, licence.kind = number, kind
    licence.confirmed_at, licence.confirmed_by = None, None
    licence.save()
    return licence


@transaction.atomic
def licence_confirm(*, licence, officer):
    """The officer has matched the driver to the register entry for this number."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if licence.confirmed:
        return licence
    if Licence.objects.filter(authority=licence.authority, number=licence.number, confirmed_at__isnull=False).exists():
        raise ValueError(_("Another driver already holds this licence number on the register."))
    licence.confirmed_at = timezone.now()
    licence.confirmed_by = officer
    licence.save(update_fields=["confirmed_at", "confirmed_by"])
    return licence
