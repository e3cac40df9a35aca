"""Training from elsewhere: training a licensing authority accepts from another provider in place of a
course here. An officer records it (with the evidence they saw) and may withdraw it; it counts towards
compliance through organisations' `extra_training_expiries` hook and is always labelled as external."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations.compliance import required_courses_by_role

from .models import ExternalTraining

RECORD_ACTION = "licensing.external_training.record"
WITHDRAW_ACTION = "licensing.external_training.withdraw"


# Reads


def external_expiries(user_ids, course_ids):
    """{(user id, course id): (expires_on, label)}: the latest entry not withdrawn for each person and
    required course, from every authority. One query, however many people."""
    latest = {}
    rows = ExternalTraining.objects.filter(
        driver_id__in=user_ids, counts_for_id__in=course_ids, withdrawn_at__isnull=True
    ).values_list("driver_id", "counts_for_id", "expires_on", "course_name", "provider")
    for user_id, course_id, expires_on, course_name, provider in rows:
        key = (user_id, course_id)
        if key not in latest or expires_on > latest[key][0]:
            # Translators: training accepted from another provider, e.g. "Safeguarding from Acme Training".
            label = _("%(course)s from %(provider)s") % {"course": course_name, "provider": provider}
            latest[key] = (expires_on, label)
    return latest


def external_training_of(driver_id, authority):
    """A driver's entries for a check record or the officer's page: everything this authority recorded
    (withdrawn ones too, marked), and what other authorities recorded that still counts."""
    if not driver_id:
        return []
    return list(
        ExternalTraining.objects.filter(driver_id=driver_id)
        .filter(Q(authority=authority) | Q(withdrawn_at__isnull=True))
        .select_related("counts_for", "recorded_by", "authority")
        .order_by(F("withdrawn_at").asc(nulls_first=True), "-completed_on", "-pk")
    )


def current_external_training(driver_id, today=None):
    """{course id: entry}: the latest entry not withdrawn and not run out for each course (for the driver)."""
    today = today or timezone.localdate()
    latest = {}
    for entry in ExternalTraining.objects.filter(
        driver_id=driver_id, withdrawn_at__isnull=True, expires_on__gt=today
    ).order_by("expires_on"):
        latest[entry.counts_for_id] = entry
    return latest


def courses_it_can_count_for(licence):
    """The courses the driver's job role requires at this authority: what external training may stand in for."""
    job_role_id = licence.membership.job_role_id
    return required_courses_by_role(licence.authority, {job_role_id})[job_role_id]


# Writes


class CannotRecord(Exception):
    pass


@transaction.atomic
def external_training_record(*, licence, officer, counts_for, provider, course_name, completed_on, expires_on,
                             evidence):
    """The officer has seen evidence of training elsewhere and the authority accepts it for `counts_for`."""
    if not licence.confirmed:
        raise CannotRecord(_("Confirm the licence before you record training for this driver."))
    if not licence.membership.user_id:
        raise CannotRecord(_("This driver has not joined yet, so there is no one to record training for."))
    if counts_for.pk not in {course.pk for course in courses_it_can_count_for(licence)}:
        raise CannotRecord(_("Choose a course that this driver's job role requires."))
    entry = ExternalTraining.objects.create(
        authority=licence.authority,
        driver_id=licence.membership.user_id,
        counts_for=counts_for,
        provider=provider,
        course_name=course_name,
        completed_on=completed_on,
        expires_on=expires_on,
        evidence=evidence,
        recorded_by=officer,
    )
    log(entry, RECORD_ACTION, user=officer, data={"licence": licence.number, "counts_for": counts_for.pk})
    return entry


@transaction.atomic
def external_training_withdraw(*, entry, officer):
    """It stops counting at once; the entry stays, marked withdrawn, for the record. Withdrawing twice is harmless."""
    entry = ExternalTraining.objects.select_for_update().get(pk=entry.pk)
    if entry.withdrawn_at is None:
        entry.withdrawn_at = timezone.now()
        entry.save(update_fields=["withdrawn_at"])
        log(entry, WITHDRAW_ACTION, user=officer)
    return entry


def external_task_notes(user, tasks):
    """The `training_task_notes` hook: tells the learner which accepted training counts for a course."""
    if not tasks:
        return {}
    return {
        course_id: _(
            "The licensing office accepted your %(course)s training from %(provider)s. It counts until %(date)s."
        )
        % {
            "course": entry.course_name,
            "provider": entry.provider,
            "date": dateformat.format(entry.expires_on, "j F Y"),
        }
        for course_id, entry in current_external_training(user.pk).items()
    }
