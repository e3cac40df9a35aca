"""Looking at many drivers at once: the list check and the expiring list.

A list check is a file of licence numbers checked in the background. Reading the file checks it and
keeps the distinct, normalised numbers in a BulkCheck; `run_bulk_check_task` (tasks.py) then checks
them in chunks of CHUNK numbers, each chunk in a fixed number of queries, and when every number is
checked writes the result file, one CheckRecord per number, and the status "done" in one go. Until
then nothing but the progress count is written, so a check that is re-delivered, retried or started
again simply starts over: each run stamps `started_at`, and only the run holding the latest stamp
may record progress or finish.

The expiring list is read from the register and derived compliance in a fixed number of queries.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import dateformat, timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from certificates.services import enqueue_safely
from organisations import exports, uploads
from organisations.compliance import compliance_for_memberships

from . import renewal as renewal_rule
from .choices import CheckMethod, CheckOutcome
from .models import BulkCheck, CheckRecord, normalise_licence_number
from .selectors import CURRENT, licences_answering, licences_in, outcome_for

logger = logging.getLogger(__name__)

DEFAULT_MAX_ROWS = 50_000
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CHUNK = 1_000
RECORD_BATCH = 1_000
ENTERED_MAX = CheckRecord._meta.get_field("entered").max_length
FILENAME_MAX = BulkCheck._meta.get_field("filename").max_length
# A check still waiting this long after it was made (or running this long after it started) was lost
# on the way to a worker; the sweep and the "start again" button queue it again.
STALLED_QUEUED = timedelta(minutes=2)
STALLED_RUNNING = timedelta(minutes=20)
# Worth another go: the database or the storage was away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)

# Characters a spreadsheet or a copy from a web page leaves in a cell that nobody can see.
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
NO_NUMBERS = gettext_lazy("The file has no licence numbers in it.")
SPREADSHEET_AS_CSV = gettext_lazy(
    "The file is a spreadsheet, not CSV text. Upload it with the name ending .xlsx, or save it as ‘CSV UTF-8’."
)
# A failed check keeps its message in English (it is written by a background task, with no language of
# its own); the page translates it for whoever reads it.
FAILED_UNAVAILABLE = gettext_noop("The check could not be finished because a service was unavailable.")
FAILED_INTERRUPTED = gettext_noop("Interrupted: it will be tried again.")
FAILED_UNEXPECTED = gettext_noop("The check could not be finished. Try again, or contact the site’s support team.")

# Column headings, reduced to lower-case letters and digits ("Licence No." -> "licenceno").
WHOLE_HEADINGS = {
    "licence": 2,
    "license": 2,
    "licences": 2,
    "licenses": 2,
    "badge": 2,
    "badges": 2,
    "licno": 3,
    "licnumber": 3,
    "number": 1,
    "numbers": 1,
    "no": 1,
    "num": 1,
}


def max_rows():
    return getattr(settings, "LICENSING_BULK_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_bytes():
    return getattr(settings, "LICENSING_BULK_MAX_BYTES", DEFAULT_MAX_BYTES)


def _count(number):
    """A count as the reader's language writes it, with thousands separators ("50,000")."""
    return number_format(number, force_grouping=True)


class ListFileError(ValueError):
    """A file of licence numbers we cannot use; `message` says what to do about it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Reading the file ---------------------------------------------------------------------------------


def read_numbers_file(uploaded_file):
    """The distinct licence numbers in a CSV or XLSX file, normalised, in the order they first appear.

    The number is in the column headed like "Licence number" (or "Licence", "Badge number", "Number"),
    or in the first column when no heading says so; a heading row is optional. Blank rows and cells
    are skipped and repeats are dropped. Raises ListFileError for a file we cannot use.
    """
    extension = PurePath(getattr(uploaded_file, "name", "") or "").suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise ListFileError(uploads.WRONG_TYPE)
    limit = max_bytes()
    too_large = gettext("The file is larger than %(size)s. Split it into smaller files.") % {
        "size": uploads.describe_bytes(limit)
    }
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ListFileError(too_large)
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ListFileError(too_large)
    if not data.strip():
        raise ListFileError(gettext("The file is empty."))
    try:
        if extension == ".xlsx":
            if not data.startswith(uploads.ZIP_SIGNATURE):
                raise ListFileError(uploads.NOT_XLSX)
            records = uploads.xlsx_records(data)
        else:
            if data.startswith((uploads.ZIP_SIGNATURE, uploads.OLE_SIGNATURE)):
                raise ListFileError(str(SPREADSHEET_AS_CSV))
            records = uploads.csv_records(data)
        return numbers_in(records)
    except uploads.PeopleFileError as error:  # the shared readers' messages suit any file
        raise ListFileError(error.message) from error


def numbers_in(records):
    """The distinct normalised numbers in rows of cells (lists of strings), first appearance first."""
    limit = max_rows()
    column = None
    numbers = {}  # a dict keeps the order numbers first appear in
    for record in records:
        cells = [INVISIBLE.sub("", cell or "").strip() for cell in record]
        if column is None:
            if not any(cells):
                continue
            column = number_column(cells)
            if column is not None:
                continue  # the heading row
            column = 0
        number = normalise_licence_number(cells[column] if column < len(cells) else "")[:ENTERED_MAX]
        if not number or number in numbers:
            continue
        numbers[number] = None
        if len(numbers) > limit:
            raise ListFileError(
                ngettext(
                    "The file has more than %(count)s licence number. Split it into files of up to %(count)s.",
                    "The file has more than %(count)s licence numbers. Split it into files of up to %(count)s.",
                    limit,
                )
                % {"count": _count(limit)}
            )
    if not numbers:
        raise ListFileError(str(NO_NUMBERS))
    return list(numbers)


def heading_score(text):
    """How surely a cell is the heading of the licence number column: 0 (not a heading) to 3."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    if key in WHOLE_HEADINGS:
        return WHOLE_HEADINGS[key]
    if ("licen" in key or "badge" in key) and ("number" in key or key.endswith(("no", "nos", "num"))):
        return 3
    return 0


def number_column(cells):
    """The index of the licence number heading among the cells of a first row, or None if it has none."""
    best, best_score = None, 0
    for index, cell in enumerate(cells):
        score = heading_score(cell)
        if score > best_score:
            best, best_score = index, score
    return best


# Making and running a check -----------------------------------------------------------------------


def bulk_check_create(*, authority, officer, filename, numbers):
    """Keep the numbers and queue the check once this transaction commits."""
    check = BulkCheck.objects.create(
        authority=authority,
        officer=officer,
        filename=PurePath(filename or "").name[:FILENAME_MAX] or "list",
        numbers=list(numbers),
        total=len(numbers),
    )
    transaction.on_commit(lambda: bulk_check_enqueue(check.pk))
    return check


def bulk_check_enqueue(bulk_check_id):
    """Queue the task; if the broker is away the check stays queued for the sweep or the officer's retry."""
    from .tasks import run_bulk_check_task

    enqueue_safely(run_bulk_check_task, bulk_check_id)


def bulk_check_is_stalled(check, now=None):
    now = now or timezone.now()
    if check.status == BulkCheck.Status.QUEUED:
        return check.created_at < now - STALLED_QUEUED
    if check.status == BulkCheck.Status.RUNNING:
        return check.started_at is None or check.started_at < now - STALLED_RUNNING
    return False


def bulk_check_retry(*, check):
    """Queue a failed or stalled check again. Returns False (and does nothing) for any other check."""
    if not (check.status == BulkCheck.Status.FAILED or bulk_check_is_stalled(check)):
        return False
    BulkCheck.objects.filter(pk=check.pk, status=check.status).update(status=BulkCheck.Status.QUEUED, error="")
    transaction.on_commit(lambda: bulk_check_enqueue(check.pk))
    return True


def stalled_bulk_check_ids(now=None):
    now = now or timezone.now()
    queued = Q(status=BulkCheck.Status.QUEUED, created_at__lt=now - STALLED_QUEUED)
    running = Q(status=BulkCheck.Status.RUNNING, started_at__lt=now - STALLED_RUNNING)
    return list(BulkCheck.objects.filter(queued | running).order_by("created_at").values_list("pk", flat=True)[:100])


class Superseded(Exception):
    """A newer run of the same check has started; this one stops and writes nothing."""


def bulk_check_run(*, bulk_check_id, final_attempt=True):
    """Check every number of the list. Idempotent: a finished check is left as it is.

    A transient failure (the database or storage away for a moment) is re-raised for Celery to retry,
    with the check back in the queue, or marked failed if this was the last attempt; any other error
    marks it failed with a message for the officer.
    """
    stamp = _start(bulk_check_id)
    if stamp is None:
        return
    try:
        _run(bulk_check_id, stamp)
    except Superseded:
        logger.info("List check %s was started again by a newer run; this run stops.", bulk_check_id)
    except TRANSIENT_ERRORS:
        if final_attempt:
            _fail(bulk_check_id, stamp, FAILED_UNAVAILABLE)
        else:
            _set_after_error(
                bulk_check_id, stamp, status=BulkCheck.Status.QUEUED, error=FAILED_INTERRUPTED
            )
        raise
    except Exception:
        logger.exception("List check %s failed.", bulk_check_id)
        _fail(bulk_check_id, stamp, FAILED_UNEXPECTED)


def _start(bulk_check_id):
    """Stamp a new run, unless the check is done (or gone). Any earlier run of it is superseded."""
    with transaction.atomic():
        check = BulkCheck.objects.select_for_update().filter(pk=bulk_check_id).only("status").first()
        if check is None or check.status == BulkCheck.Status.DONE:
            return None
        stamp = timezone.now()
        BulkCheck.objects.filter(pk=bulk_check_id).update(
            status=BulkCheck.Status.RUNNING, processed=0, error="", started_at=stamp, finished_at=None
        )
    return stamp


def _set(bulk_check_id, stamp, **fields):
    """Write to the check if this run is still the current one; False if a newer run has taken over."""
    return bool(BulkCheck.objects.filter(pk=bulk_check_id, started_at=stamp).update(**fields))


def _set_after_error(bulk_check_id, stamp, **fields):
    try:
        _set(bulk_check_id, stamp, **fields)
    except Exception:  # noqa: BLE001 - the database itself may be what failed; the sweep catches up
        logger.exception("Could not record the state of list check %s.", bulk_check_id)


def _fail(bulk_check_id, stamp, message):
    _set_after_error(bulk_check_id, stamp, status=BulkCheck.Status.FAILED, error=message, finished_at=timezone.now())


@dataclass
class ResultRow:
    number: str
    outcome: str
    licence: object = None
    person: object = None


def _run(bulk_check_id, stamp):
    check = BulkCheck.objects.select_related("authority").get(pk=bulk_check_id)
    today = timezone.localdate()
    results = []
    for start in range(0, len(check.numbers), CHUNK):
        results.extend(check_numbers(check.authority, check.numbers[start : start + CHUNK], today))
        if not _set(bulk_check_id, stamp, processed=len(results)):
            raise Superseded
    headings, rows = result_rows(results)
    name = _save_result(check, headings, rows)
    try:
        with transaction.atomic():
            finished = BulkCheck.objects.filter(
                pk=bulk_check_id, started_at=stamp, status=BulkCheck.Status.RUNNING
            ).update(
                status=BulkCheck.Status.DONE,
                processed=len(results),
                result=name,
                error="",
                finished_at=timezone.now(),
            )
            if finished:
                _record_checks(check, results)
    except BaseException:
        check.result.storage.delete(name)
        raise
    if not finished:
        check.result.storage.delete(name)
        raise Superseded


def check_numbers(authority, numbers, today):
    """A ResultRow for each number (normalised already), in a fixed number of queries for the lot."""
    chosen = licences_answering(authority, numbers)
    people = compliance_for_memberships([licence.membership for licence in chosen.values()], authority, today)
    person_of = {person.membership.pk: person for person in people}
    results = []
    for number in numbers:
        licence = chosen.get(number)
        if licence is None:
            results.append(ResultRow(number, CheckOutcome.UNKNOWN))
        else:
            person = person_of[licence.membership_id]
            results.append(ResultRow(number, outcome_for(licence, person.courses), licence, person))
    return results


def result_rows(results):
    """Headings and rows of the result file: one row per number, two columns per required course."""
    courses = {}
    for result in results:
        for entry in result.person.courses if result.person else ():
            courses.setdefault(entry.course.pk, entry.course)
    headings = [
        gettext("Licence number"),
        gettext("Outcome"),
        gettext("Driver"),
        gettext("Licence confirmed"),
        gettext("Licence renewal due"),
    ]
    for course in courses.values():
        headings += [
            # Translators: a column heading of a spreadsheet, one for each required course.
            gettext("%(course)s: status") % {"course": course.title},
            # Translators: a column heading of a spreadsheet, one for each required course.
            gettext("%(course)s: valid until") % {"course": course.title},
        ]
    yes, no, not_required = gettext("Yes"), gettext("No"), gettext("Not required")
    rows = []
    for result in results:
        licence = result.licence
        row = [
            result.number,
            str(CheckOutcome(result.outcome).label),
            licence.membership.full_name if licence else "",
            (yes if licence.confirmed else no) if licence else "",
            licence.expires_on.isoformat() if licence and licence.expires_on else "",
        ]
        by_course = {entry.course.pk: entry for entry in result.person.courses} if result.person else {}
        for course_id in courses:
            entry = by_course.get(course_id)
            if entry:
                row += [_course_status(entry), entry.expires_on.isoformat() if entry.expires_on else ""]
            else:
                row += [not_required if licence else "", ""]
        rows.append(row)
    return headings, rows


def _course_status(entry):
    # Training accepted from another provider is marked, as in the organisations' exports.
    if getattr(entry, "external", False):
        # Translators: a training status, such as "Valid", for training accepted from another provider.
        return gettext("%(status)s (external)") % {"status": entry.label}
    return str(entry.label)


def _save_result(check, headings, rows):
    """The result as a private CSV file (formula-safe, with a byte-order mark for Excel); its name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([exports.neutralise(cell) for cell in headings])
    writer.writerows([exports.neutralise(cell) for cell in row] for row in rows)
    field = check.result.field
    name = field.generate_filename(check, f"{check.public_id}.csv")
    return field.storage.save(name, ContentFile(buffer.getvalue().encode("utf-8-sig")))


def _record_checks(check, results):
    """Every number checked is recorded, like a check of one driver (UK GDPR accountability)."""
    for start in range(0, len(results), RECORD_BATCH):
        CheckRecord.objects.bulk_create(
            [
                CheckRecord(
                    authority_id=check.authority_id,
                    officer_id=check.officer_id,
                    driver_id=result.licence.membership.user_id if result.licence else None,
                    licence=result.licence,
                    entered=result.number,
                    method=CheckMethod.BULK,
                    outcome=result.outcome,
                )
                for result in results[start : start + RECORD_BATCH]
            ]
        )


# Reading a check back -----------------------------------------------------------------------------


def bulk_checks_of(authority):
    """The authority's list checks, newest first, without their (long) lists of numbers."""
    return BulkCheck.objects.filter(authority=authority).select_related("officer").defer("numbers")


def read_result(check):
    """(headings, rows) of a finished check's result file."""
    with check.result.open("rb") as stored:
        text = stored.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return (rows[0], rows[1:]) if rows else ([], [])


def outcome_counts(rows):
    """[(label, count)] for the outcomes in a result, in the order CheckOutcome lists them, labelled in
    the reader's language. The file names each outcome in the language it was written in, which may be
    any of the site's languages."""
    outcome_of = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            outcome_of.update({str(outcome.label): outcome for outcome in CheckOutcome})
    counts = {}
    for row in rows:
        if len(row) > 1 and row[1] in outcome_of:
            outcome = outcome_of[row[1]]
            counts[outcome] = counts.get(outcome, 0) + 1
    return [(outcome.label, counts[outcome]) for outcome in CheckOutcome if counts.get(outcome)]


# The expiring list --------------------------------------------------------------------------------

EXPIRING_DEFAULT_DAYS = 60
EXPIRING_MAX_DAYS = 3 * 365


@dataclass
class ExpiringRow:
    licence: object
    entry: object  # organisations.compliance.CourseState
    reason: str
    due: date  # the date that matters first, for sorting

    @property
    def driver_name(self):
        return self.licence.membership.full_name


def _long_date(value):
    return dateformat.format(value, "j F Y")


def expiring_reason(licence, entry, today, horizon, policy=None):
    """Why this driver's course belongs on the expiring list, and the date that matters; None if it does not.
    Whether training that is current today runs out before the renewal is renewal.py's rule, under the
    authority's policy (`policy`, else looked up), over the page's horizon."""
    renewal = licence.expires_on
    renewal_due = renewal is not None and today <= renewal <= horizon
    current = entry.state in CURRENT
    if renewal_due and not current:
        return (
            gettext("Licence renewal due on %(date)s and training not current") % {"date": _long_date(renewal)},
            renewal,
        )
    policy = policy or renewal_rule.policy_of(licence.authority)
    if current and renewal_rule.lapses_under_policy(policy, entry.expires_on, renewal, today, (horizon - today).days):
        return (
            gettext("Training runs out before licence renewal on %(date)s") % {"date": _long_date(renewal)},
            entry.expires_on,
        )
    if current and entry.expires_on <= horizon:
        days = (entry.expires_on - today).days
        return (
            ngettext("Training expires in %(days)s day", "Training expires in %(days)s days", days) % {"days": days},
            entry.expires_on,
        )
    return None


def expiring_rows(authority, days, today=None):
    """Confirmed drivers whose training expires within `days`, or whose licence renewal falls within
    `days` while their training is not current (or will have run out by then). Fixed queries."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    licences = list(licences_in(authority).filter(confirmed_at__isnull=False))
    people = compliance_for_memberships([licence.membership for licence in licences], authority, today)
    policy = renewal_rule.policy_of(authority)
    rows = []
    for licence, person in zip(licences, people, strict=True):
        for entry in person.courses:
            found = expiring_reason(licence, entry, today, horizon, policy)
            if found:
                rows.append(ExpiringRow(licence, entry, *found))
    rows.sort(key=lambda row: (row.due, row.driver_name.lower(), row.licence.number, row.entry.course.path))
    return rows


def expiring_export_rows(rows):
    headings = [
        gettext("Driver"),
        gettext("Licence number"),
        gettext("Licence renewal due"),
        gettext("Course"),
        gettext("Training status"),
        gettext("Certificate expires"),
        gettext("Reason"),
    ]
    return headings, [
        [
            row.driver_name,
            row.licence.number,
            row.licence.expires_on.isoformat() if row.licence.expires_on else "",
            row.entry.course.title,
            _course_status(row.entry),
            row.entry.expires_on.isoformat() if row.entry.expires_on else "",
            row.reason,
        ]
        for row in rows
    ]


def delete_old_bulk_checks(now=None):
    """Delete list checks older than WORKING_FILES_DAYS, their result files once the rows are gone."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.WORKING_FILES_DAYS)
    with transaction.atomic():
        old = BulkCheck.objects.filter(created_at__lt=cutoff)
        files = [name for name in old.exclude(result="").values_list("result", flat=True)]
        deleted, _ = old.delete()
    storage = BulkCheck._meta.get_field("result").storage
    for name in files:
        storage.delete(name)
    return deleted
