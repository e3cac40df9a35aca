"""Writes for organisations: invitations, joining, reminders."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from eyesandears.core.languages import in_language_of

from .choices import MemberRole
from .models import Invitation, Membership, StaffUpload, new_token

INVITATION_DAYS = 30
REMINDER_GAP = timedelta(days=7)


class AlreadyMember(ValueError):
    pass


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def normalise_email(email):
    return (email or "").strip().lower()


def membership_invite(
    *, organisation, email, full_name, job_role=None, reference="", role=MemberRole.LEARNER, invited_by=None, send=True
):
    """A membership waiting for its person, and the invitation that lets them join. The e-mail goes
    through Celery once the transaction commits."""
    email = normalise_email(email)
    if Membership.objects.filter(organisation=organisation, email__iexact=email).exists():
        raise AlreadyMember(f"{email} is already a member of {organisation}.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organisation=organisation,
                email=email,
                full_name=full_name.strip(),
                job_role=job_role,
                reference=reference.strip(),
                role=role,
            )
            invitation = Invitation.objects.create(
                membership=membership,
                invited_by=invited_by,
                expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
            )
    except IntegrityError as error:
        raise AlreadyMember(f"{email} is already a member of {organisation}.") from error
    if send:
        transaction.on_commit(lambda: queue_invitations([invitation.pk]))
    return membership


def queue_invitations(invitation_ids):
    from .tasks import send_invitations_task

    try:
        send_invitations_task.delay(list(invitation_ids))
    except Exception:  # noqa: BLE001 - the broker is away: send them now instead, nothing is lost
        send_invitations(list(invitation_ids))


def send_invitations(invitation_ids):
    """Send each open invitation that has not gone yet; a retry sends none twice."""
    sent = 0
    now = timezone.now()
    for invitation_id in invitation_ids:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update()
                .select_related("membership__organisation")
                .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True, withdrawn_at__isnull=True)
                .first()
            )
            if invitation is None:
                continue
            send_invitation_email(invitation)
            invitation.sent_at = now
            invitation.save(update_fields=["sent_at"])
            sent += 1
    return sent


def send_invitation_email(invitation):
    membership = invitation.membership
    with in_language_of(membership.user):
        _send_invitation_email(invitation, membership)


def _send_invitation_email(invitation, membership):
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "accept_url": absolute_url(reverse("organisations:accept", args=[invitation.token])),
        "expires_at": invitation.expires_at,
    }
    subject = render_to_string("organisations/emails/invitation_subject.txt", context).strip()
    send_mail(subject, render_to_string("organisations/emails/invitation.txt", context), None, [membership.email])


@transaction.atomic
def invitation_resend(*, invitation):
    """A fresh link and a new expiry; the old link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ValueError("Only an open invitation can be sent again.")
    invitation.token = new_token()
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.sent_at = None
    invitation.save(update_fields=["token", "expires_at", "sent_at"])
    transaction.on_commit(lambda: queue_invitations([invitation.pk]))
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation):
    """The link stops working and the waiting membership goes with it."""
    invitation = Invitation.objects.select_for_update().select_related("membership").get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValueError("This person has already joined.")
    invitation.membership.delete()


@transaction.atomic
def invitation_accept(*, invitation, user):
    """Join the organisation as the invited membership; the job role becomes the user's too."""
    invitation = Invitation.objects.select_for_update().select_related("membership").get(pk=invitation.pk)
    if not invitation.is_open(timezone.now()):
        raise ValueError("This invitation has expired or been withdrawn. Ask your manager to send a new one.")
    membership = invitation.membership
    if (
        Membership.objects.filter(organisation_id=membership.organisation_id, user=user)
        .exclude(pk=membership.pk)
        .exists()
    ):
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        membership.delete()
        return None
    membership.user = user
    membership.save(update_fields=["user"])
    if membership.job_role_id:
        user.job_roles.add(membership.job_role_id)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def remind_not_started(*, organisation, people, now=None):
    """One reminder e-mail to each person who has not started a required course, at most once a week."""
    from .choices import Compliance

    now = now or timezone.now()
    due = [
        person.membership
        for person in people
        if any(entry.state == Compliance.NOT_STARTED for entry in person.courses)
        and (person.membership.last_reminded_at is None or person.membership.last_reminded_at <= now - REMINDER_GAP)
    ]
    sent = 0
    for membership in due:
        with transaction.atomic():
            not_recent = Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_GAP)
            claimed = Membership.objects.filter(not_recent, pk=membership.pk).update(last_reminded_at=now)
            if not claimed:
                continue
            with in_language_of(membership.user):
                send_reminder_email(membership, organisation)
            sent += 1
    return sent


def send_reminder_email(membership, organisation):
    context = {
        "membership": membership,
        "organisation": organisation,
        "training_url": absolute_url(reverse("courses:your_training")),
    }
    if membership.user_id is None and hasattr(membership, "invitation"):
        context["training_url"] = absolute_url(reverse("organisations:accept", args=[membership.invitation.token]))
    subject = render_to_string("organisations/emails/reminder_subject.txt", context).strip()
    send_mail(
        subject,
        render_to_string("organisations/emails/reminder.txt", context),
        None,
        [membership.user.email if membership.user_id else membership.email],
    )


def delete_old_uploads(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.WORKING_FILES_DAYS)
    deleted, _ = StaffUpload.objects.filter(created_at__lt=cutoff).delete()
    return deleted
