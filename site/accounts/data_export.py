"""Everything the service holds about one person, as a ZIP: a JSON file for each kind of record in
accounts/inventory.py (one function each, in EXPORTERS), their certificate PDFs, and a README.

Other people's details are left out: a check says which organisation made it and how, not which
officer; work a manager or officer did lists when and where, not whom it was about. Quiz attempts
give the answers the person chose and whether each was right, never the answer key.

Models of the apps above `site` are reached through the app registry; the one import from above is
how a share code is written out.
"""

import json
import logging
import tempfile
import textwrap
import zipfile

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.log_actions import registry as log_actions
from wagtail.models import ModelLogEntry, PageLogEntry

from .audit import PERSON_VIEWED
from .choices import Language
from .inventory import RECORD_KINDS
from .retention import last_activity, retention_years

logger = logging.getLogger(__name__)

SPOOL_BYTES = 8 * 1024 * 1024  # larger downloads go to a temporary file, not memory


def _model(label):
    return apps.get_model(label)


def _choice_label(model_label, field_name, value):
    field = _model(model_label)._meta.get_field(field_name)
    return dict(field.flatchoices).get(value, value)


def export_profile(user):
    email_address_model = _model("account.EmailAddress")
    authenticator_model = _model("mfa.Authenticator")
    latest = last_activity(user)
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": str(Language(user.preferred_language).label)
        if user.preferred_language in Language.values
        else user.preferred_language,
        "joined_at": user.date_joined,
        "last_signed_in_at": user.last_login,
        "last_activity": latest,
        "kept_until_at_least": latest + relativedelta(years=retention_years()),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in email_address_model.objects.filter(user=user).order_by("-primary", "email")
        ],
        "two_step_sign_in": [
            {"type": authenticator.get_type_display(), "set_up_at": authenticator.created_at,
             "last_used_at": authenticator.last_used_at}
            for authenticator in authenticator_model.objects.filter(user=user).order_by("created_at")
        ],
        "admin_groups": list(user.groups.order_by("name").values_list("name", flat=True)),
    }


def export_job_roles(user):
    return [
        {"job_role": role.name, "description": role.description}
        for role in _model("courses.JobRole").objects.filter(learners=user).order_by("name")
    ]


def _invitation(membership):
    invitation = getattr(membership, "invitation", None)
    if invitation is None:
        return None
    return {
        "created_at": invitation.created_at,
        "sent_at": invitation.sent_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "withdrawn_at": invitation.withdrawn_at,
    }


def export_memberships(user):
    memberships = (
        _model("organisations.Membership")
        .objects.filter(user=user)
        .select_related("organisation", "job_role", "invitation")
        .order_by("organisation__name")
    )
    return [
        {
            "organisation": membership.organisation.name,
            "organisation_kind": membership.organisation.get_kind_display(),
            "your_role": membership.get_role_display(),
            "job_role": membership.job_role.name if membership.job_role else None,
            "reference": membership.reference,
            "name_as_entered": membership.full_name,
            "email_as_entered": membership.email,
            "added_at": membership.created_at,
            "last_reminded_at": membership.last_reminded_at,
            "invitation": _invitation(membership),
        }
        for membership in memberships
    ]


def export_enrolments(user):
    enrolments = (
        _model("courses.Enrolment")
        .objects.filter(user=user)
        .select_related("course")
        .prefetch_related("lesson_progress__lesson")
        .order_by("started_at")
    )
    return [
        {
            "course": enrolment.course.title,
            "started_at": enrolment.started_at,
            "completed_at": enrolment.completed_at,
            "lessons_completed": [
                {"lesson": progress.lesson.title, "completed_at": progress.completed_at}
                for progress in enrolment.lesson_progress.all()
            ],
        }
        for enrolment in enrolments
    ]


def export_briefings(user):
    preference = _model("briefings.BriefingEmailPreference").objects.filter(user=user).first()
    return {
        "briefing_emails": {
            "on": preference.emails_on if preference else True,
            "changed_at": preference.changed_at if preference else None,
        },
        "emailed_to_you": [
            {"briefing": title, "sent_at": sent_at}
            for title, sent_at in _model("briefings.BriefingSend")
            .objects.filter(user=user)
            .order_by("sent_at")
            .values_list("briefing__title", "sent_at")
        ],
        "read_by_you": [
            {"briefing": title, "read_at": read_at}
            for title, read_at in _model("briefings.BriefingRead")
            .objects.filter(user=user)
            .order_by("read_at")
            .values_list("briefing__title", "read_at")
        ],
    }


def export_seminars(user):
    bookings = _model("seminars.Booking").objects.filter(user=user).select_related("seminar").order_by("created_at")
    return [
        {
            "seminar": booking.seminar.title,
            "starts_at": booking.seminar.starts_at,
            "format": booking.seminar.get_format_display(),
            "status": booking.get_status_display(),
            "asked_for_a_place_at": booking.created_at,
            "place_given_at": booking.booked_at,
            "cancelled_at": booking.cancelled_at,
            "reminder_sent_at": booking.reminded_at,
            "attended": booking.attended,
            "attendance_marked_at": booking.attendance_marked_at,
        }
        for booking in bookings
    ]


def _question(question, chosen_ids, submitted):
    texts = {option["id"]: option["text"] for option in question["options"]}
    right = {option["id"] for option in question["options"] if option.get("correct")}
    return {
        "scenario": question.get("scenario") or None,
        "question": question["text"],
        "options_shown": [option["text"] for option in question["options"]],
        "your_answers": [texts.get(option_id, option_id) for option_id in chosen_ids],
        # The result only: never which option was right (the same questions come round again).
        "answered_correctly": set(chosen_ids) == right if submitted else None,
    }


def export_quiz_attempts(user):
    attempts = (
        _model("quizzes.Attempt").objects.filter(user=user).select_related("quiz__course").order_by("started_at")
    )
    return [
        {
            "quiz": attempt.quiz.title,
            "course": attempt.quiz.course.title,
            "started_at": attempt.started_at,
            "submitted_at": attempt.submitted_at,
            "score_percent": attempt.score,
            "passed": attempt.passed,
            "pass_mark_percent": attempt.snapshot.get("pass_mark"),
            "questions": [
                _question(question, attempt.answers.get(question["id"], []), attempt.is_submitted)
                for question in attempt.snapshot.get("questions", [])
            ],
        }
        for attempt in attempts
    ]


def certificate_pdf_name(certificate):
    return f"certificates/{certificate.display_code}.pdf"


def export_certificates(user):
    today = timezone.localdate()
    certificates = (
        _model("certificates.Certificate").objects.filter(learner=user).select_related("course").order_by("issued_on")
    )
    return [
        {
            "code": certificate.display_code,
            "course": certificate.course.title,
            "name_as_printed": certificate.name_as_printed,
            "job_role": certificate.job_role,
            "issued_on": certificate.issued_on,
            "expires_on": certificate.expires_on,
            "status": certificate.status_on(today),
            "withdrawn_at": certificate.revoked_at,
            "withdrawn_because": certificate.revoked_reason or None,
            "pdf": certificate_pdf_name(certificate) if certificate.pdf else None,
        }
        for certificate in certificates
    ]


def export_licences(user):
    licences = (
        _model("licensing.Licence")
        .objects.filter(membership__user=user)
        .select_related("authority")
        .prefetch_related("renewal_reminders")
        .order_by("authority__name", "number")
    )
    return [
        {
            "licensing_authority": licence.authority.name,
            "licence_number": licence.number,
            "kind": licence.get_kind_display(),
            "renewal_due_on": licence.expires_on,
            "added_at": licence.created_at,
            "confirmed_by_the_licensing_office": licence.confirmed,
            "confirmed_at": licence.confirmed_at,
            "renewal_reminders": [
                {"about_renewal_on": reminder.renewal_on, "sent_at": reminder.sent_at}
                for reminder in licence.renewal_reminders.all()
            ],
        }
        for licence in licences
    ]


def export_checks_about_you(user):
    """Checks by licensing officers or systems, and managers' looks at the person's record (from the
    audit log): when, which organisation, how. Not who."""
    checks = (
        _model("licensing.CheckRecord").objects.filter(driver=user).select_related("authority").order_by("checked_at")
    )
    membership_ids = list(_model("organisations.Membership").objects.filter(user=user).values_list("pk", flat=True))
    organisations = {
        str(organisation.pk): organisation.name
        for organisation in _model("organisations.Organisation").objects.filter(memberships__user=user)
    }
    manager_looks = ModelLogEntry.objects.filter(
        action=PERSON_VIEWED, object_id__in=list(organisations), data__membership_id__in=membership_ids
    ).order_by("timestamp")
    return {
        "licensing_checks": [
            {
                "checked_at": check.checked_at,
                "organisation": check.authority.name,
                "how": check.get_method_display(),
                "by": gettext("the licensing authority's system")
                if check.api_key_name
                else gettext("a licensing officer"),
                "outcome": check.get_outcome_display(),
            }
            for check in checks
        ],
        "managers_looked_at_your_record": [
            {"looked_at": entry.timestamp, "organisation": organisations.get(entry.object_id)}
            for entry in manager_looks
        ],
    }


def export_share_codes(user):
    from licensing.sharing import display  # how a share code is written, as the driver saw it

    share_codes = (
        _model("licensing.ShareCode")
        .objects.filter(driver=user)
        .select_related("organisation")
        .prefetch_related("uses")
        .order_by("created_at")
    )
    return [
        {
            "code": display(share_code.code),
            "for_organisation": share_code.organisation.name,
            "created_at": share_code.created_at,
            "works_until": share_code.expires_at,
            "most_uses": share_code.max_uses,
            "withdrawn_at": share_code.withdrawn_at,
            "used_at": [use.used_at for use in share_code.uses.all()],
        }
        for share_code in share_codes
    ]


def export_external_training(user):
    entries = (
        _model("licensing.ExternalTraining")
        .objects.filter(driver=user)
        .select_related("authority", "counts_for")
        .order_by("completed_on")
    )
    return [
        {
            "recorded_by_licensing_authority": entry.authority.name,
            "counts_for_course": entry.counts_for.title,
            "provider": entry.provider,
            "course_name": entry.course_name,
            "completed_on": entry.completed_on,
            "expires_on": entry.expires_on,
            "evidence_seen": entry.evidence,
            "recorded_at": entry.recorded_at,
            "withdrawn_at": entry.withdrawn_at,
        }
        for entry in entries
    ]


def export_work_for_organisations(user):
    """What the person did for organisations, with dates and the organisation, and no one else's details."""
    model = _model
    return {
        "checks_you_made": [
            {"checked_at": checked_at, "organisation": authority, "how": _choice_label(
                "licensing.CheckRecord", "method", method)}
            for checked_at, authority, method in model("licensing.CheckRecord")
            .objects.filter(officer=user)
            .order_by("checked_at")
            .values_list("checked_at", "authority__name", "method")
            .iterator()
        ],
        "lists_you_checked": [
            {"started_at": created_at, "organisation": authority, "licence_numbers": total}
            for created_at, authority, total in model("licensing.BulkCheck")
            .objects.filter(officer=user)
            .order_by("created_at")
            .values_list("created_at", "authority__name", "total")
        ],
        "invitations_you_sent": [
            {"created_at": created_at, "organisation": organisation}
            for created_at, organisation in model("organisations.Invitation")
            .objects.filter(invited_by=user)
            .order_by("created_at")
            .values_list("created_at", "membership__organisation__name")
        ],
        "files_of_people_you_uploaded": [
            {"uploaded_at": upload.created_at, "organisation": upload.organisation.name, "people": len(upload.rows),
             "confirmed_at": upload.confirmed_at}
            for upload in model("organisations.StaffUpload")
            .objects.filter(uploaded_by=user)
            .select_related("organisation")
            .order_by("created_at")
        ],
        "licences_you_confirmed": [
            {"confirmed_at": confirmed_at, "organisation": authority}
            for confirmed_at, authority in model("licensing.Licence")
            .objects.filter(confirmed_by=user)
            .order_by("confirmed_at")
            .values_list("confirmed_at", "authority__name")
        ],
        "training_from_other_providers_you_recorded": [
            {"recorded_at": recorded_at, "organisation": authority}
            for recorded_at, authority in model("licensing.ExternalTraining")
            .objects.filter(recorded_by=user)
            .order_by("recorded_at")
            .values_list("recorded_at", "authority__name")
        ],
        "share_codes_you_used": [
            {"used_at": used_at, "organisation": organisation}
            for used_at, organisation in model("licensing.ShareCodeUse")
            .objects.filter(used_by=user)
            .order_by("used_at")
            .values_list("used_at", "share_code__organisation__name")
        ],
        "api_keys_you_issued": [
            {"issued_at": created_at, "organisation": authority, "name": name}
            for created_at, authority, name in model("licensing.ApiKey")
            .objects.filter(created_by=user)
            .order_by("created_at")
            .values_list("created_at", "authority__name", "name")
        ],
        "seminar_registers_you_marked": [
            {"seminar": title, "starts_at": starts_at, "last_marked_at": last_marked_at, "people": people}
            for title, starts_at, last_marked_at, people in model("seminars.Booking")
            .objects.filter(attendance_marked_by=user)
            .values("seminar__title", "seminar__starts_at")
            .annotate(last_marked_at=Max("attendance_marked_at"), people=Count("pk"))
            .order_by("seminar__starts_at")
            .values_list("seminar__title", "seminar__starts_at", "last_marked_at", "people")
        ],
        "certificates_you_withdrew": [
            {"withdrawn_at": revoked_at}
            for revoked_at in model("certificates.Certificate")
            .objects.filter(revoked_by=user)
            .order_by("revoked_at")
            .values_list("revoked_at", flat=True)
        ],
    }


def _action_label(action):
    try:
        return str(log_actions.get_action_label(action))
    except KeyError:
        return action


def export_audit_log(user):
    """What the audit log says the person did: when, and what kind of action on what kind of record."""
    entries = []
    for log_model in (ModelLogEntry, PageLogEntry):
        for timestamp, action, content_type in (
            log_model.objects.filter(user=user)
            .order_by("timestamp")
            .values_list("timestamp", "action", "content_type__model")
            .iterator()
        ):
            entries.append({"at": timestamp, "action": _action_label(action), "record_type": content_type})
    return sorted(entries, key=lambda entry: entry["at"])


EXPORTERS = {
    "profile": export_profile,
    "job_roles": export_job_roles,
    "memberships": export_memberships,
    "enrolments": export_enrolments,
    "briefings": export_briefings,
    "seminars": export_seminars,
    "quiz_attempts": export_quiz_attempts,
    "certificates": export_certificates,
    "licences": export_licences,
    "checks_about_you": export_checks_about_you,
    "share_codes": export_share_codes,
    "external_training": export_external_training,
    "work_for_organisations": export_work_for_organisations,
    "audit_log": export_audit_log,
}


def export_files(user):
    """{file name in the ZIP: JSON text} for every kind of record."""
    years = retention_years()
    files = {}
    for kind in RECORD_KINDS:
        body = {
            "what_this_is": kind.title,
            "what_we_hold": kind.held,
            "why": kind.why,
            "how_long_we_keep_it": kind.kept_for(years),
            "records": EXPORTERS[kind.key](user),
        }
        files[f"{kind.key}.json"] = json.dumps(body, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    return files


def _wrap(text):
    return textwrap.fill(text, width=96, break_long_words=False, break_on_hyphens=False)


def readme(user, generated_at, pdf_names):
    """README.txt, in the language of the request. File and field names (profile.json, last_activity) stay
    as they are in the files."""
    made = timezone.localtime(generated_at)
    # Translators: when the download was made, such as "Made on 05 March 2025 at 14:30."
    made_on = gettext("Made on %(date)s at %(time)s.") % {"date": date_format(made, "d F Y"), "time": f"{made:%H:%M}"}
    lines = [
        gettext("Your data from Eyes and Ears"),
        "",
        _wrap(
            made_on
            + " "
            + gettext(
                "Each file is one kind of record, in JSON, which any text editor can open. Dates and times are in "
                "ISO 8601 form."
            )
        ),
        "",
    ]
    for kind in RECORD_KINDS:
        lines += [f"{kind.key}.json: {kind.title}", f"    {kind.held}", ""]
    if pdf_names:
        lines += ["certificates/: " + gettext("the PDF of each of your certificates."), ""]
    last_activity = gettext(
        # Translators: last_activity, profile.json and how_long_we_keep_it are names in the files: keep them.
        "last_activity in profile.json is the latest date in your records, including the day a certificate or "
        "licence of yours runs out if that is later. Your records are kept for the period in how_long_we_keep_it "
        "after that date."
    )
    lines.append(_wrap(last_activity))
    return "\n".join(lines) + "\n"


def _certificate_pdfs(user):
    """[(name in the ZIP, certificate)] for certificates whose PDF is in private storage."""
    found = []
    for certificate in _model("certificates.Certificate").objects.filter(learner=user).exclude(pdf=""):
        try:
            if certificate.pdf.storage.exists(certificate.pdf.name):
                found.append((certificate_pdf_name(certificate), certificate))
        except OSError:
            logger.warning("Certificate %s: could not reach its PDF for a data download.", certificate.pk)
    return found


def build_export(user, now=None):
    """The ZIP, in a temporary file positioned at its start. The caller closes it."""
    now = now or timezone.now()
    pdfs = _certificate_pdfs(user)
    archive_file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(user, now, pdfs))
        for name, text in export_files(user).items():
            archive.writestr(name, text)
        for name, certificate in pdfs:
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(name, pdf.read())
    archive_file.seek(0)
    return archive_file


def export_filename(now=None):
    """No name or e-mail address in it: only the date."""
    return f"your-data-{timezone.localdate(now):%Y-%m-%d}.zip"
