"""Writes for briefings: e-mail a published briefing once to each learner of its job roles, record who
read it, and each learner's choice of briefing e-mails."""

import logging
from datetime import timedelta

from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from certificates.services import absolute_url
from eyesandears.core.languages import default_locale, in_language_of, live_translation, source_of

from . import selectors
from .models import BriefingEmailPreference, BriefingMailout, BriefingRead, BriefingSend
from .tokens import key_from_token, unsubscribe_token

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# A mailout that has not moved on for this long lost its task (the broker or a worker was away). Longer
# than a task may run, and than the broker takes to hand a dead worker's task to another.
STALLED_AFTER = timedelta(minutes=20)


class InvalidToken(ValueError):
    pass


class UnknownToken(InvalidToken):
    pass


def briefing_published(*, briefing):
    """Start (or, for a published edit, restart) the briefing's mailout once the publishing transaction
    commits. Only originals are e-mailed: each learner gets the original's e-mail in their own language."""
    if briefing.locale_id != default_locale().pk or not briefing.email_learners:
        return None
    now = timezone.now()
    mailout, _ = BriefingMailout.objects.update_or_create(
        briefing=briefing, defaults={"queued_at": now, "progressed_at": now, "finished_at": None}
    )
    transaction.on_commit(lambda: queue_mailout(briefing.pk))
    return mailout


def queue_mailout(briefing_id, after_user_id=0):
    """Queue the next batch; if the broker is away, the periodic sweep starts the mailout again."""
    from .tasks import send_briefing_emails_task

    try:
        send_briefing_emails_task.delay(briefing_id, after_user_id)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep picks it up later
        logger.warning("Could not queue the e-mails of briefing %s; the sweep will retry.", briefing_id)


def briefing_send_batch(*, briefing_id, after_user_id=0, batch_size=BATCH_SIZE):
    """E-mail the next `batch_size` recipients after `after_user_id`. Returns the id to carry on after,
    or None when the mailout is done (or the briefing is no longer published)."""
    briefing = selectors.published_briefings().filter(id=briefing_id).first()
    mailouts = BriefingMailout.objects.filter(briefing_id=briefing_id)
    if briefing is None:
        mailouts.update(finished_at=timezone.now())
        return None
    batch = list(selectors.recipients(briefing, after_user_id=after_user_id)[:batch_size])
    for learner in batch:
        briefing_send_to(briefing=briefing, learner=learner)
    now = timezone.now()
    if len(batch) == batch_size:
        mailouts.update(progressed_at=now)
        return batch[-1].pk
    mailouts.update(progressed_at=now, finished_at=now)
    return None


def briefing_send_to(*, briefing, learner):
    """E-mail the briefing to one learner unless they had it or turned briefing e-mails off. The send is
    recorded in the transaction that hands the e-mail on (the mail backend queues it on commit), so the
    e-mail goes if and only if the record is kept."""
    with transaction.atomic():
        preference = email_preference_of(learner)
        if not preference.emails_on:
            return False
        _send, created = BriefingSend.objects.get_or_create(briefing=briefing, user=learner)
        if created:
            send_briefing_email(briefing, learner, preference)
    return created


def email_preference_of(user):
    try:
        preference = user.briefing_email_preference
    except BriefingEmailPreference.DoesNotExist:
        preference = None
    return preference or BriefingEmailPreference.objects.get_or_create(user=user)[0]


def send_briefing_email(briefing, learner, preference):
    with in_language_of(learner):
        message = briefing_email(briefing, learner, preference)
    message.send()


def briefing_email(briefing, learner, preference):
    page = live_translation(briefing)  # in the learner's language where it is translated
    unsubscribe_url = absolute_url(reverse("briefings:unsubscribe", args=[unsubscribe_token(preference)]))
    context = {
        "briefing": page,
        "learner": learner,
        "briefing_url": absolute_url(page.url),
        "unsubscribe_url": unsubscribe_url,
        "your_training_url": absolute_url(reverse("courses:your_training")),
    }
    subject = render_to_string("briefings/emails/briefing_subject.txt", context).strip()
    body = render_to_string("briefings/emails/briefing.txt", context)
    # RFC 8058: mail clients offer "Unsubscribe" and POST to the link without opening it.
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(subject, body, None, [learner.email], headers=headers)


def stalled_mailouts(now=None):
    cutoff = (now or timezone.now()) - STALLED_AFTER
    return BriefingMailout.objects.filter(finished_at__isnull=True, progressed_at__lt=cutoff)


def resume_stalled_mailouts(now=None):
    """Start again every mailout whose task was lost; those already e-mailed are skipped."""
    now = now or timezone.now()
    briefing_ids = list(stalled_mailouts(now).values_list("briefing_id", flat=True)[:100])
    BriefingMailout.objects.filter(briefing_id__in=briefing_ids).update(progressed_at=now)
    for briefing_id in briefing_ids:
        queue_mailout(briefing_id)
    return len(briefing_ids)


def briefing_mark_read(*, user, briefing):
    """Record that the user read the briefing (the original, whichever language they read it in). Once."""
    return BriefingRead.objects.get_or_create(user=user, briefing=source_of(briefing))[0]


def briefing_emails_set(*, user, on):
    preference = email_preference_of(user)
    if preference.emails_on != on:
        preference.emails_on = on
        preference.save(update_fields=["emails_on", "changed_at"])
    return preference


def preference_for_token(token):
    """The preference an unsubscribe link was made for. InvalidToken for a token that was not made here
    or was altered; UnknownToken for a genuine one whose person is gone."""
    try:
        key = key_from_token(token)
    except signing.BadSignature as error:
        raise InvalidToken("This unsubscribe link is not valid.") from error
    preference = BriefingEmailPreference.objects.filter(key=key).select_related("user").first()
    if preference is None:
        raise UnknownToken("This unsubscribe link no longer works.")
    return preference


def unsubscribe_with_token(token):
    """Turn briefing e-mails (and only those) off for the person the link was made for."""
    preference = preference_for_token(token)
    return briefing_emails_set(user=preference.user, on=False)
