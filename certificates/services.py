"""Writes for certificates: issue with a passing attempt, render the PDF, revoke, remind."""

import io
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from eyesandears.core.languages import in_language_of, live_translation, source_of

from . import codes
from .models import Certificate, ExpiryReminder

logger = logging.getLogger(__name__)

REMINDER_DAYS = (60, 14)
CODE_ATTEMPTS = 5


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def job_role_for(learner, course):
    roles = [role.name for role in course.audience_job_roles.all() if role.learners.filter(pk=learner.pk).exists()]
    return roles[0] if roles else ", ".join(role.name for role in course.audience_job_roles.all())


def certificate_issue(*, attempt):
    """The certificate for a passing attempt, written in the caller's transaction (the one that
    records the pass). Calling it again for the same attempt returns the same certificate."""
    if existing := Certificate.objects.filter(attempt=attempt).first():
        return existing
    # The original course, whatever language the quiz was taken in: the certificate is in English.
    course = source_of(attempt.quiz.course)
    learner = attempt.user
    issued_on = timezone.localdate()
    fields = {
        "learner": learner,
        "course": course,
        "attempt": attempt,
        "name_as_printed": learner.full_name or learner.email,
        "job_role": job_role_for(learner, course),
        "issued_on": issued_on,
        "expires_on": issued_on + relativedelta(months=course.validity_months),
        "course_revision_id": course.live_revision_id,
        "quiz_revision_id": attempt.quiz_revision_id,
    }
    for _ in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(code=codes.new_code(), **fields)
            break
        except IntegrityError:
            if existing := Certificate.objects.filter(attempt=attempt).first():
                return existing
    else:
        raise RuntimeError("Could not find a free certificate code.")
    transaction.on_commit(lambda: after_issue(certificate.pk))
    return certificate


def after_issue(certificate_id):
    from .tasks import render_certificate_pdf_task

    enqueue_safely(render_certificate_pdf_task, certificate_id)
    certificate = Certificate.objects.select_related("learner", "course").get(pk=certificate_id)
    send_certificate_email(certificate, "issued")


def enqueue_safely(task, *args):
    """Queue a task; if the broker is away, leave it for the periodic sweep (the database is the truth)."""
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep picks it up later
        logger.warning("Could not queue %s for %s; the sweep will retry.", task.name, args)


def send_certificate_email(certificate, kind, **extra):
    with in_language_of(certificate.learner):
        _send_certificate_email(certificate, kind, **extra)


def _send_certificate_email(certificate, kind, **extra):
    context = {
        "certificate": certificate,
        "course": live_translation(certificate.course),  # its title in the learner's language
        "certificate_url": absolute_url(reverse("certificates:detail", args=[certificate.public_id])),
        **extra,
    }
    subject = render_to_string(f"certificates/emails/{kind}_subject.txt", context).strip()
    body = render_to_string(f"certificates/emails/{kind}.txt", context)
    send_mail(subject, body, None, [certificate.learner.email])


def certificate_facts(certificate):
    from wagtail.models import Site

    from eyesandears.core.models import CouncilSettings

    from .pdf import CertificateFacts

    council = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    logo_path = None
    if council.logo_id:
        try:
            logo_path = council.logo.file.path
        except (NotImplementedError, ValueError):
            logo_path = None
    return CertificateFacts(
        council_name=council.council_name,
        service_name=council.service_name,
        holder_name=certificate.name_as_printed,
        course_title=certificate.course.title,
        job_role=certificate.job_role,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        code=certificate.display_code,
        verify_url=absolute_url(reverse("certificates:verify_code", args=[certificate.display_code])),
        logo_path=logo_path,
    )


def certificate_render_pdf(*, certificate_id):
    """Render and store the PDF once. Safe to run again, and by two workers at once: the row lock
    lets one store it and the other finds it there."""
    from .pdf import render_certificate_pdf

    certificate = Certificate.objects.select_related("course").get(pk=certificate_id)
    if certificate.pdf or certificate.holder_removed:  # a removed holder's PDF is never made again
        return certificate
    content = render_certificate_pdf(certificate_facts(certificate))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf or locked.holder_removed:
            return locked
        locked.pdf.save(f"{locked.public_id}.pdf", ContentFile(content), save=False)
        locked.save(update_fields=["pdf"])
    return locked


def certificate_pdf_file(certificate):
    """The PDF opened for reading, rendered now if it was never stored or has gone from storage."""
    if certificate.pdf and not certificate.pdf.storage.exists(certificate.pdf.name):
        Certificate.objects.filter(pk=certificate.pk, pdf=certificate.pdf.name).update(pdf="")
        certificate.pdf = ""
    if not certificate.pdf:
        try:
            certificate = certificate_render_pdf(certificate_id=certificate.pk)
        except OSError as error:
            # Storage is full or unwritable: the learner still gets their PDF, made now and not kept;
            # the render task stores it once storage is back.
            logger.warning("Could not store the PDF of certificate %s: %s", certificate.pk, error)
            from .pdf import render_certificate_pdf

            return io.BytesIO(render_certificate_pdf(certificate_facts(certificate)))
    return certificate.pdf.open("rb")


@transaction.atomic
def certificate_revoke(*, certificate, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give the reason for revoking the certificate.")
    locked = Certificate.objects.select_for_update().select_related("learner", "course").get(pk=certificate.pk)
    if locked.revoked_at:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.revoked_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    log(locked, "certificates.revoke", user=by, data={"reason": reason, "code": locked.display_code})
    if not locked.holder_removed:  # nobody to tell once the holder is removed
        send_certificate_email(locked, "revoked", reason=reason)
    return locked


def certificates_due_a_reminder(today, days_before):
    """Current certificates that run out within `days_before` days (and after the next shorter
    reminder's window), that were not renewed, and that have not had this reminder."""
    shorter = max((days for days in REMINDER_DAYS if days < days_before), default=0)
    return (
        Certificate.objects.current(today)
        .filter(expires_on__lte=today + timedelta(days=days_before), expires_on__gt=today + timedelta(days=shorter))
        .filter(holder_removed_at__isnull=True)
        .exclude(reminders__days_before=days_before)
        .select_related("learner", "course")
    )


def renewed(certificate):
    from courses.models import CoursePage

    renewing_courses = CoursePage.objects.filter(refreshes=certificate.course).values("pk")
    return (
        Certificate.objects.filter(learner=certificate.learner, issued_on__gt=certificate.issued_on)
        .filter(course__in=[certificate.course_id, *[row["pk"] for row in renewing_courses]])
        .exists()
    )


def send_expiry_reminders(today=None):
    """Once a day: e-mail each learner whose certificate runs out in 60 and in 14 days, once each."""
    from courses.models import CoursePage

    today = today or timezone.localdate()
    sent = 0
    for days_before in REMINDER_DAYS:
        for certificate in certificates_due_a_reminder(today, days_before):
            if renewed(certificate):
                continue
            try:
                with transaction.atomic():
                    ExpiryReminder.objects.create(certificate=certificate, days_before=days_before)
                    refresher = CoursePage.objects.live().filter(refreshes=certificate.course).first()
                    course = refresher or certificate.course
                    send_certificate_email(
                        certificate, "expiring", days_left=(certificate.expires_on - today).days,
                        refresher_url=absolute_url(course.url), refresher=course,
                    )
            except IntegrityError:
                continue  # another run sent it a moment ago
            sent += 1
    return sent
