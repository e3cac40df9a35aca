"""Removing a person: when they close their account, and when the retention period has run out.

One transaction does all of it, or none of it:

- certificates stay, so an old code still checks, but as "holder removed": no name, no job role, no
  PDF (the file is deleted from private storage once the transaction has committed), and a
  revocation reason, which may name them, is replaced;
- submitted quiz attempts stay in the question statistics but move to the one "removed person"
  account, so nothing links them to the person or to each other; unfinished attempts are deleted;
- checks made about them stay as the organisation's record of a check, without the person, their
  licence or what was typed to find them;
- audit log entries about them, their certificates and their other records lose names and details;
- then the account itself is deleted, and with it (on_delete CASCADE) their e-mail addresses,
  authenticator, job roles, memberships and invitations, licences, training, share codes and training
  from other providers. Links from records about other people (checks they made as an officer,
  invitations they sent as a manager) are emptied (SET_NULL). accounts/inventory.py declares all of it.

Staff, superusers, anyone with rights in the admin, and the "removed person" account itself are never
removed here. Models of the apps above `site` are reached through the app registry.
"""

import logging

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .retention import inactive_people, protected_people

logger = logging.getLogger(__name__)

# Not an e-mail address, so no sign-up, sign-in or admin form can ever take it.
REMOVED_PERSON_EMAIL = "removed-person"
REMOVED_PERSON_NAME = "Removed person"
REMOVED_ACTION = "accounts.person_removed"
CLOSED_REASON = "closed by the person"
RETENTION_REASON = "retention period ended"
REMOVED_CHECK_ENTRY = "(removed)"
REMOVED_REVOCATION_REASON = "Withdrawn. The reason was removed with the holder's details."
# The links that person_remove moves to the "removed person" rather than deleting or emptying them.
REASSIGNED_LINKS = {"quizzes.Attempt.user", "certificates.Certificate.learner"}


class CannotRemove(Exception):
    """An account that is not removed here (staff, an administrator, the 'removed person')."""


def removed_person():
    """The one account that removed people's quiz attempts and certificates belong to. It cannot sign in
    (no usable password, inactive, and its e-mail is not an address), and it is put back that way if
    anyone changes it."""
    user_model = get_user_model()
    person, created = user_model.objects.get_or_create(
        email=REMOVED_PERSON_EMAIL, defaults={"full_name": REMOVED_PERSON_NAME, "is_active": False}
    )
    if created or person.has_usable_password() or person.is_active or person.is_staff or person.is_superuser:
        person.set_unusable_password()
        person.is_active = person.is_staff = person.is_superuser = False
        person.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
        person.groups.clear()
        person.user_permissions.clear()
    return person


def is_protected(user):
    return get_user_model().objects.filter(pk=user.pk).filter(protected_people()).exists()


@transaction.atomic
def person_remove(*, user_id, reason, by=None, inactive_before=None):
    """Remove the person with this id, as the module docstring says. Returns False when there was
    nothing to do (already removed, or, with `inactive_before`, active again since they were picked)."""
    user_model = get_user_model()
    person = user_model.objects.select_for_update().filter(pk=user_id).first()
    if person is None:
        return False
    if is_protected(person):
        raise CannotRemove("Staff and administrators' accounts are removed by another administrator.")
    if inactive_before is not None and not inactive_people(inactive_before).filter(pk=user_id).exists():
        return False
    placeholder = removed_person()
    records = _records_of(person)
    _audit_log_scrub(records)
    pdf_names = _certificates_keep_without_holder(person, placeholder)
    _attempts_keep_without_person(person, placeholder)
    _checks_keep_without_person(person)
    log(person, REMOVED_ACTION, user=by, title=REMOVED_PERSON_NAME, data={"reason": reason})
    _account_delete(person)
    transaction.on_commit(lambda: delete_private_files(pdf_names))
    logger.info("Person %s removed: %s.", user_id, reason)
    return True


def _model(label):
    return apps.get_model(label)


def _records_of(person):
    """{model: [ids]} of the person's own records, read before anything changes (for the audit log)."""
    memberships = list(_model("organisations.Membership").objects.filter(user=person).values_list("pk", flat=True))
    return {
        get_user_model(): [person.pk],
        _model("certificates.Certificate"): list(
            _model("certificates.Certificate").objects.filter(learner=person).values_list("pk", flat=True)
        ),
        _model("organisations.Membership"): memberships,
        _model("organisations.Invitation"): list(
            _model("organisations.Invitation").objects.filter(membership__in=memberships).values_list("pk", flat=True)
        ),
        _model("licensing.Licence"): list(
            _model("licensing.Licence").objects.filter(membership__in=memberships).values_list("pk", flat=True)
        ),
        _model("licensing.ExternalTraining"): list(
            _model("licensing.ExternalTraining").objects.filter(driver=person).values_list("pk", flat=True)
        ),
        _model("licensing.ShareCode"): list(
            _model("licensing.ShareCode").objects.filter(driver=person).values_list("pk", flat=True)
        ),
        _model("courses.Enrolment"): list(
            _model("courses.Enrolment").objects.filter(user=person).values_list("pk", flat=True)
        ),
        _model("quizzes.Attempt"): list(
            _model("quizzes.Attempt").objects.filter(user=person).values_list("pk", flat=True)
        ),
    }


def _audit_log_scrub(records):
    """Entries about the person and their records keep what happened, when and by whom, but lose the
    name in their label and any details (a revocation reason, a licence number) in their data."""
    certificate_model = _model("certificates.Certificate")
    for model, ids in records.items():
        if not ids:
            continue
        entries = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in=[str(pk) for pk in ids],
        )
        if model is certificate_model:
            for certificate in certificate_model.objects.filter(pk__in=ids).only("pk", "code"):
                entries.filter(object_id=str(certificate.pk)).update(
                    label=f"{certificate.display_code} (holder removed)", data={"code": certificate.display_code}
                )
        else:
            name = REMOVED_PERSON_NAME if model is get_user_model() else f"{model._meta.verbose_name} (removed)"
            entries.update(label=name, data={})


def _certificates_keep_without_holder(person, placeholder):
    certificate_model = _model("certificates.Certificate")
    certificates = list(certificate_model.objects.select_for_update().filter(learner=person).only("pk", "pdf"))
    ids = [certificate.pk for certificate in certificates]
    certificate_model.objects.filter(pk__in=ids).update(
        learner=placeholder, name_as_printed="", job_role="", pdf="", holder_removed_at=timezone.now()
    )
    certificate_model.objects.filter(pk__in=ids, revoked_at__isnull=False).update(
        revoked_reason=REMOVED_REVOCATION_REASON
    )
    return [certificate.pdf.name for certificate in certificates if certificate.pdf]


def _attempts_keep_without_person(person, placeholder):
    attempt_model = _model("quizzes.Attempt")
    attempt_model.objects.filter(user=person, submitted_at__isnull=True).delete()
    attempt_model.objects.filter(user=person).update(user=placeholder)


def _checks_keep_without_person(person):
    _model("licensing.CheckRecord").objects.filter(
        Q(driver=person) | Q(licence__membership__user=person)
    ).update(driver=None, licence=None, entered=REMOVED_CHECK_ENTRY)


def _account_delete(person):
    person.delete()


def delete_private_files(names):
    """Delete files from private storage; one that cannot be deleted now is retried by a task."""
    from .tasks import delete_private_files_task

    storage = storages["private"]
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete a private file now; queued to try again.")
            try:
                delete_private_files_task.delay([name])
            except Exception:  # noqa: BLE001 - the broker is away as well: say so, without the name
                logger.exception("Could not queue the deletion of a private file.")


@transaction.atomic
def memberships_never_joined_remove(membership_ids):
    """Delete organisations' entries for people who were invited (or put on a licence register) but never
    joined, with their invitations and licences; checks that found them keep no licence or number."""
    membership_model = _model("organisations.Membership")
    ids = list(
        membership_model.objects.select_for_update()
        .filter(pk__in=membership_ids, user__isnull=True)
        .values_list("pk", flat=True)
    )
    records = {
        membership_model: ids,
        _model("organisations.Invitation"): list(
            _model("organisations.Invitation").objects.filter(membership__in=ids).values_list("pk", flat=True)
        ),
        _model("licensing.Licence"): list(
            _model("licensing.Licence").objects.filter(membership__in=ids).values_list("pk", flat=True)
        ),
    }
    _audit_log_scrub(records)
    _model("licensing.CheckRecord").objects.filter(licence__membership__in=ids).update(
        licence=None, entered=REMOVED_CHECK_ENTRY
    )
    membership_model.objects.filter(pk__in=ids).delete()
    return len(ids)
