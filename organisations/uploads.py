"""A manager's file of people (CSV or XLSX): read it, check each row, and invite the good rows once confirmed.

Nothing is written until the manager confirms: the checked rows wait in a StaffUpload. Confirming
creates every membership and invitation in one transaction, then the e-mails go through Celery in batches.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import JobRole

from . import services
from .choices import MemberRole
from .models import Invitation, Membership, StaffUpload

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 5_000
# An XLSX is a zip of XML; more than this once unpacked is not a list of a few thousand people.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
EMAIL_BATCH = 200
NAME_MAX = Membership._meta.get_field("full_name").max_length
REFERENCE_MAX = Membership._meta.get_field("reference").max_length
EMAIL_MAX = 254

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # old Excel (.xls) and other Office files



class Columns:
    """The columns of one kind of file: the headings people use for each, and which must be there.

    `headings` maps each key to the headings it may have, reduced to lower-case letters and digits
    ("E-mail address" -> "emailaddress"); `required` maps the keys that must have a column to how the
    error message names them; `listing` is how the first row should read; `noun` is what the rows are.
    """

    def __init__(self, headings, required, *, listing, noun="people"):
        self.headings = headings
        self.required = required
        self.listing = listing
        self.noun = noun
        self.fields = tuple(headings)
        self.heading_of = {synonym: key for key, synonyms in headings.items() for synonym in synonyms}

    def key_of(self, heading):
        return self.heading_of.get(re.sub(r"[^a-z0-9]", "", heading.lower()))


# Column headings people use, reduced to lower-case letters and digits ("E-mail address" -> "emailaddress").
NAME_HEADINGS = ("name", "fullname", "fullnames", "names", "personname")
EMAIL_HEADINGS = ("email", "emailaddress", "emails", "mail")
HEADINGS = {
    "name": NAME_HEADINGS,
    "email": EMAIL_HEADINGS,
    "job_role": ("jobrole", "role", "jobtitle"),
    "reference": (
        "reference", "ref", "badgenumber", "badgeno", "badge", "licencenumber", "licenseno", "licenceno",
        "licensenumber", "payrollnumber", "staffnumber",
    ),
}
# How the error messages name each required column (the headings themselves stay English: the file is read by them).
REQUIRED = {"name": gettext_lazy("name"), "email": gettext_lazy("e-mail address"), "job_role": gettext_lazy("job role")}
PEOPLE_COLUMNS = Columns(
    HEADINGS,
    REQUIRED,
    # Translators: the column headings a file of people must have. Keep the headings themselves in
    # English: the file is read by them. Only "and (if you like)" may be translated.
    listing=gettext_lazy("Name, E-mail, Job role and (if you like) Reference"),
    # Translators: what the rows of a file of people are, as in "The file has more than 5,000 people".
    noun=gettext_lazy("people"),
)
FIELDS = PEOPLE_COLUMNS.fields
HEADING_OF = PEOPLE_COLUMNS.heading_of

NOT_UTF8 = gettext_lazy("The file is not UTF-8 text. Save it as ‘CSV UTF-8’ and upload it again.")
WRONG_TYPE = gettext_lazy("The file must be a CSV or an Excel (XLSX) spreadsheet.")
NOT_XLSX = gettext_lazy(
    "The file could not be opened as an Excel (XLSX) spreadsheet. Save it again as XLSX or as ‘CSV UTF-8’."
)


class PeopleFileError(ValueError):
    """A file we cannot read at all; `message` says what to do about it."""

    def __init__(self, message):
        message = str(message)  # translated now, in the language of the request
        super().__init__(message)
        self.message = message


def max_bytes():
    return getattr(settings, "ORGANISATION_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows():
    return getattr(settings, "ORGANISATION_UPLOAD_MAX_ROWS", DEFAULT_MAX_ROWS)


def describe_bytes(size):
    if size >= 1024 * 1024:
        return _("%(size)s MB") % {"size": f"{size / (1024 * 1024):g}"}
    if size >= 1024:
        return _("%(size)s KB") % {"size": f"{size / 1024:g}"}
    return _("%(size)s bytes") % {"size": size}


def count_text(number):
    """A count as the reader's language writes it, with thousands separators ("5,000")."""
    return number_format(number, force_grouping=True)


def too_large(limit):
    return _("The file is larger than %(size)s. Split it into smaller files.") % {"size": describe_bytes(limit)}


# Reading ------------------------------------------------------------------------------------------


def read_people_file(uploaded_file):
    """The people in a CSV or XLSX file, as dicts with row_number, name, email, job_role and reference.

    `row_number` is the row a spreadsheet program shows (the heading row is 1). Blank rows are skipped
    and every cell is stripped. Raises PeopleFileError for a file we cannot read.
    """
    return read_table(uploaded_file, PEOPLE_COLUMNS)


def read_table(uploaded_file, columns, *, limit_bytes=None, limit_rows=None):
    """The rows of a CSV or XLSX file under the headings `columns` describes, as dicts keyed by its
    fields plus row_number (see read_people_file). Raises PeopleFileError for a file we cannot read."""
    return rows_under_headings(read_records(uploaded_file, limit_bytes=limit_bytes), columns, limit_rows=limit_rows)


def read_records(uploaded_file, *, limit_bytes=None):
    """Every row of a CSV or XLSX file (the heading row too) as lists of strings, after the checks any
    uploaded file gets: its name ends .csv or .xlsx, it is no larger than `limit_bytes` (max_bytes()
    unless given), it is not empty, and it is what its name says. Raises PeopleFileError, here for the
    file as a whole and while the rows are read for a damaged or undecodable file.
    """
    name = getattr(uploaded_file, "name", "") or ""
    extension = PurePath(name).suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise PeopleFileError(WRONG_TYPE)
    size = getattr(uploaded_file, "size", None)
    limit = limit_bytes or max_bytes()
    if size is not None and size > limit:
        raise PeopleFileError(too_large(limit))
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise PeopleFileError(too_large(limit))
    if not data.strip():
        raise PeopleFileError(_("The file is empty."))
    if extension == ".xlsx":
        if not data.startswith(ZIP_SIGNATURE):
            raise PeopleFileError(NOT_XLSX)
        return xlsx_records(data)
    if data.startswith(ZIP_SIGNATURE) or data.startswith(OLE_SIGNATURE):
        raise PeopleFileError(
            _(
                "The file is a spreadsheet, not CSV text. Upload it with the name ending .xlsx, "
                "or save it as ‘CSV UTF-8’."
            )
        )
    return csv_records(data)


def csv_records(data):
    """The rows of CSV bytes (UTF-8, with or without a byte-order mark; comma, semicolon or tab)."""
    if b"\x00" in data:  # UTF-16 ("Unicode text") or some other binary file
        raise PeopleFileError(NOT_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PeopleFileError(NOT_UTF8) from error
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in some countries writes ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        # Translators: %(error)s is the CSV reader's own explanation, in English.
        raise PeopleFileError(_("The file is not a CSV file we can read: %(error)s.") % {"error": error}) from error


def xlsx_records(data):
    """The rows of the first sheet of XLSX bytes, each cell as text (see cell_text)."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PeopleFileError(NOT_XLSX) from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise PeopleFileError(_("The spreadsheet is too large once opened. Split it into smaller files."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or fake file
        raise PeopleFileError(NOT_XLSX) from error
    try:
        if not workbook.worksheets:
            raise PeopleFileError(_("The spreadsheet has no sheets."))
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as error:  # damaged sheet XML
                raise PeopleFileError(NOT_XLSX) from error
            yield [cell_text(value) for value in row]
    finally:
        workbook.close()


def cell_text(value):
    """A spreadsheet cell as text: whole numbers without ".0", dates and times in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a badge number typed as 12345 comes back as 12345.0
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rows_under_headings(records, columns=PEOPLE_COLUMNS, *, limit_rows=None):
    """Dicts of the cells under each of the columns' headings, with row_number; see read_people_file.

    The first non-blank record is the heading row. Raises PeopleFileError when a required column is
    missing, when nothing is under the headings, or when there are more than `limit_rows` rows
    (max_rows() unless given).
    """
    heading_columns = None
    rows = []
    limit = limit_rows or max_rows()
    for row_number, record in enumerate(records, start=1):
        cells = [(cell or "").strip() for cell in record]
        if heading_columns is None:
            if not any(cells):
                continue
            heading_columns = _columns(cells, columns)
            continue
        values = {key: cells[index] if index < len(cells) else "" for key, index in heading_columns.items()}
        if not any(values.values()):
            continue
        if len(rows) >= limit:
            raise PeopleFileError(
                # Translators: %(noun)s is what the rows are, already translated: "people" or "drivers".
                _("The file has more than %(count)s %(noun)s. Split it into smaller files.")
                % {"count": count_text(limit), "noun": columns.noun}
            )
        rows.append({"row_number": row_number, **{key: values.get(key, "") for key in columns.fields}})
    if heading_columns is None:
        raise PeopleFileError(_("The file is empty."))
    if not rows:
        raise PeopleFileError(
            # Translators: %(noun)s is what the rows are, already translated: "people" or "drivers".
            _("The file has column headings but no %(noun)s under them.") % {"noun": columns.noun}
        )
    return rows


def _columns(headings, columns):
    found = {}
    for index, heading in enumerate(headings):
        key = columns.key_of(heading)
        if key and key not in found:
            found[key] = index
    missing = [label for key, label in columns.required.items() if key not in found]
    if missing:
        listed = get_text_list([str(label) for label in missing], _("and"))
        raise PeopleFileError(
            _("The file has no column for %(missing)s. The first row must name the columns: %(listing)s.")
            % {"missing": listed, "listing": columns.listing}
        )
    return found


# Checking -----------------------------------------------------------------------------------------


@dataclass
class RowCheck:
    row_number: int
    name: str
    email: str
    job_role: str
    reference: str
    job_role_id: int | None = None
    job_role_name: str = ""
    messages: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.messages

    def as_ready(self):
        return {
            "row": self.row_number,
            "name": self.name,
            "email": services.normalise_email(self.email),
            "job_role_id": self.job_role_id,
            "job_role": self.job_role_name,
            "reference": self.reference,
        }

    def as_problem(self):
        return {"row": self.row_number, "email": self.email, "messages": list(self.messages)}


def member_emails(organisation):
    """Every e-mail address already in the organisation, lower-cased: one query."""
    return set(Membership.objects.filter(organisation=organisation).values_list(Lower("email"), flat=True))


def _job_roles():
    """Job roles by lower-cased name and slug, and the names to suggest: one query."""
    by_key = {}
    names = []
    for pk, name, slug in JobRole.objects.order_by("name").values_list("pk", "name", "slug"):
        names.append(name)
        by_key.setdefault(name.strip().lower(), (pk, name))
        by_key.setdefault(slug.lower(), (pk, name))
    return by_key, names


def check_rows(organisation, rows):
    """A RowCheck for each row, with what is wrong with it (if anything). Two queries, however many rows."""
    roles, role_names = _job_roles()
    valid_roles = ", ".join(role_names) if role_names else _("none have been set up yet")
    members = member_emails(organisation)
    first_row_of = {}
    checks = []
    for row in rows:
        check = RowCheck(
            row_number=row["row_number"],
            name=row["name"],
            email=row["email"],
            job_role=row["job_role"],
            reference=row["reference"],
        )
        problems = check.messages
        if not check.name:
            problems.append(_("Enter the person’s name."))
        elif len(check.name) > NAME_MAX:
            problems.append(_("The name is longer than %(count)s characters.") % {"count": NAME_MAX})
        email = services.normalise_email(check.email)
        if not email:
            problems.append(_("Enter an e-mail address."))
        elif not valid_email(email):
            problems.append(
                _("‘%(email)s’ is not an e-mail address in the right format, like name@example.com.")
                % {"email": check.email}
            )
        elif email in first_row_of:
            problems.append(_("This e-mail address is also on row %(row)s.") % {"row": first_row_of[email]})
        else:
            first_row_of[email] = check.row_number
            if email in members:
                problems.append(_("This person is already a member of this organisation."))
        if not check.job_role:
            problems.append(_("Enter a job role: %(roles)s.") % {"roles": valid_roles})
        else:
            match = roles.get(check.job_role.lower()) or roles.get(" ".join(check.job_role.split()).lower())
            if match is None:
                problems.append(
                    _("‘%(role)s’ is not a job role here. Use one of: %(roles)s.")
                    % {"role": check.job_role, "roles": valid_roles}
                )
            else:
                check.job_role_id, check.job_role_name = match
        if len(check.reference) > REFERENCE_MAX:
            problems.append(_("The reference is longer than %(count)s characters.") % {"count": REFERENCE_MAX})
        checks.append(check)
    return checks


def valid_email(email):
    if len(email) > EMAIL_MAX:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def upload_save(*, organisation, user, filename, checks):
    """The checked rows, waiting for the manager to confirm. This is the only write before confirming."""
    return StaffUpload.objects.create(
        organisation=organisation,
        uploaded_by=user,
        filename=PurePath(filename or "").name[:255] or "upload",
        rows=[check.as_ready() for check in checks if check.ok],
        errors=[check.as_problem() for check in checks if not check.ok],
    )


# Confirming ---------------------------------------------------------------------------------------


# Other lists kept in a StaffUpload (the licensing register import) mark every row and error with the
# kind of list under this key; a list of people to invite has no such key.
LIST_KIND = "list"


def other_kind_of_list(upload):
    return any(LIST_KIND in entry for entry in (*upload.rows, *upload.errors))


class ConfirmRefused(ValueError):
    """Confirming wrote nothing; the message says why."""


class AlreadyConfirmed(ConfirmRefused):
    pass


@dataclass
class Confirmed:
    invited: int
    skipped: int


def upload_confirm(*, upload, user):
    """Invite every ready row of the upload in one transaction; the e-mails go after it commits.

    Rows whose person joined meanwhile (or whose job role was removed) are skipped. Confirming an
    upload a second time raises AlreadyConfirmed and writes nothing.
    """
    with transaction.atomic():
        upload = StaffUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.confirmed_at is not None:
            raise AlreadyConfirmed(_("This list has already been confirmed."))
        if other_kind_of_list(upload):
            raise ConfirmRefused(_("This is not a list of people to invite, so it cannot be confirmed here."))
        members = member_emails(upload.organisation_id)
        role_ids = set(JobRole.objects.values_list("pk", flat=True))
        ready = [
            row
            for row in upload.rows
            if row["email"] not in members and (row["job_role_id"] is None or row["job_role_id"] in role_ids)
        ]
        now = timezone.now()
        try:
            _invited, invitation_ids = memberships_invite(
                [
                    Membership(
                        organisation_id=upload.organisation_id,
                        email=row["email"],
                        full_name=row["name"],
                        job_role_id=row["job_role_id"],
                        reference=row["reference"],
                        role=MemberRole.LEARNER,
                    )
                    for row in ready
                ],
                organisation_id=upload.organisation_id,
                invited_by=user,
                now=now,
            )
        except IntegrityError as error:
            # Someone was invited by another route between our check and the insert: nothing was written.
            raise ConfirmRefused(
                _(
                    "Someone on the list was added to the organisation while you were confirming. "
                    "Nothing was saved: confirm the list again."
                )
            ) from error
        upload.confirmed_at = now
        upload.save(update_fields=["confirmed_at"])
        transaction.on_commit(lambda: queue_in_batches(invitation_ids))
    return Confirmed(invited=len(invitation_ids), skipped=len(upload.rows) - len(invitation_ids))


def memberships_invite(memberships, *, organisation_id, invited_by, now):
    """Insert new (unsaved, user-less) memberships of one organisation and an invitation for each, in
    the caller's transaction: (the saved memberships, the invitations' ids). May raise IntegrityError."""
    memberships = _with_pks(Membership.objects.bulk_create(memberships, batch_size=500), organisation_id)
    # token and public_id are Python-side defaults, so each instance has its own already.
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                membership=membership,
                invited_by=invited_by,
                expires_at=now + timedelta(days=services.INVITATION_DAYS),
            )
            for membership in memberships
        ],
        batch_size=500,
    )
    return memberships, _invitation_ids(invitations)


def _with_pks(memberships, organisation_id):
    """bulk_create sets primary keys on PostgreSQL and SQLite 3.35+; look them up on anything else."""
    if all(membership.pk for membership in memberships):
        return memberships
    emails = {membership.email for membership in memberships}
    found = {
        membership.email: membership
        for membership in Membership.objects.filter(organisation_id=organisation_id, user__isnull=True)
        if membership.email in emails
    }
    return [found[membership.email] for membership in memberships]


def _invitation_ids(invitations):
    if all(invitation.pk for invitation in invitations):
        return [invitation.pk for invitation in invitations]
    ids = []
    public_ids = [invitation.public_id for invitation in invitations]
    for start in range(0, len(public_ids), 500):
        chunk = public_ids[start : start + 500]
        ids.extend(Invitation.objects.filter(public_id__in=chunk).values_list("pk", flat=True))
    return ids


def queue_in_batches(invitation_ids, size=EMAIL_BATCH):
    for start in range(0, len(invitation_ids), size):
        services.queue_invitations(invitation_ids[start : start + size])
