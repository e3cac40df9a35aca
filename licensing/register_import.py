"""Importing the register of licensed drivers from a CSV or XLSX file, as staff uploads are imported.

The file is read by organisations.uploads (the same checks on the file, the same errors for it), each
row is checked in a fixed number of queries, and the checked rows wait in a StaffUpload of the
authority until an officer confirms them. Confirming writes, in one transaction: for each new driver a
membership, an invitation and a licence confirmed by the officer; for a driver who had added the same
number themselves, the confirmation of their own licence. The invitations go after it commits, in
batches, as organisations does.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from courses.models import JobRole
from organisations import services, uploads
from organisations.choices import MemberRole
from organisations.models import Membership, StaffUpload

from .choices import LicenceKind
from .models import Licence, normalise_licence_number

DRIVER_ROLE_SLUG = "taxi-private-hire-driver"  # as licensing.views: the job role of every driver
LIST_KIND = "register"  # marks every row and error of a register import (see uploads.LIST_KIND)
NUMBER_MAX = Licence._meta.get_field("number").max_length

# The headings a register file may have (in English: the file is read by these words, whatever the
# language of the page), reduced to lower-case letters and digits.
REGISTER_HEADINGS = {
    "name": uploads.NAME_HEADINGS + ("driver", "drivername", "driversname"),
    "email": uploads.EMAIL_HEADINGS,
    "number": (
        "licencenumber", "licensenumber", "licenceno", "licenseno", "licence", "license", "licnumber", "licno",
        "badgenumber", "badgeno", "badge", "number",
    ),
    "kind": ("licencetype", "licensetype", "type", "licencekind", "licensekind", "kind", "typeoflicence"),
    "expires": (
        "licenceexpiry", "licenseexpiry", "licenceexpirydate", "licenseexpirydate", "licenceexpires",
        "licenseexpires", "expiry", "expirydate", "expires", "expireson", "licenceexpireson",
        "licenseexpireson", "renewaldue", "validuntil", "licencevaliduntil",
    ),
}
# The empty file to fill in: its headings stay in English, as the file is read by them.
TEMPLATE_HEADINGS = "Name,E-mail,Licence number,Licence type,Licence expiry"


def register_columns():
    """The columns of a register file, with the words the file's error messages use for them in the
    language of the request."""
    return uploads.Columns(
        REGISTER_HEADINGS,
        {
            "name": _("name"),
            "email": _("e-mail address"),
            "number": _("licence number"),
            "kind": _("licence type"),
            "expires": _("licence expiry"),
        },
        # Translators: the column headings a register file must have. Keep the headings themselves in
        # English: the file is read by them. Only "and" may be translated.
        listing=_("Name, E-mail, Licence number, Licence type and Licence expiry"),
        # Translators: what the rows of a register file are, as in "The file has more than 5,000 drivers".
        noun=_("drivers"),
    )


# Licence types as people write them, reduced to lower-case letters.
KIND_WORDS = {
    "hc": LicenceKind.HACKNEY_CARRIAGE,
    "hcd": LicenceKind.HACKNEY_CARRIAGE,
    "hcv": LicenceKind.HACKNEY_CARRIAGE,
    "hackney": LicenceKind.HACKNEY_CARRIAGE,
    "ph": LicenceKind.PRIVATE_HIRE,
    "phd": LicenceKind.PRIVATE_HIRE,
    "phv": LicenceKind.PRIVATE_HIRE,
    "private": LicenceKind.PRIVATE_HIRE,
}

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")  # an Excel cell too
UK_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def max_rows():
    return getattr(settings, "LICENSING_REGISTER_MAX_ROWS", uploads.DEFAULT_MAX_ROWS)


def max_bytes():
    return getattr(settings, "LICENSING_REGISTER_MAX_BYTES", uploads.DEFAULT_MAX_BYTES)


# Reading ------------------------------------------------------------------------------------------


def read_register_file(uploaded_file):
    """The drivers in a CSV or XLSX file, as dicts with row_number, name, email, number, kind and expires
    (the cells as written). Raises uploads.PeopleFileError for a file we cannot read."""
    return uploads.read_table(uploaded_file, register_columns(), limit_bytes=max_bytes(), limit_rows=max_rows())


def parse_kind(text):
    """The LicenceKind written as "HC", "PH", "hackney", "private hire" and the like; None if not one."""
    key = re.sub(r"[^a-z]", "", text.lower())
    if key in KIND_WORDS:
        return KIND_WORDS[key]
    if key.startswith("hackney"):
        return LicenceKind.HACKNEY_CARRIAGE
    if key.startswith("privatehire"):
        return LicenceKind.PRIVATE_HIRE
    return None


def parse_date(text):
    """A date written in ISO 8601 (as an Excel date cell is read) or as day/month/year; None if neither."""
    text = text.strip()
    match = ISO_DATE.fullmatch(text)
    if match:
        year, month, day = match.groups()
    else:
        match = UK_DATE.fullmatch(text)
        if match is None:
            return None
        day, month, year = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def long_date(value):
    return dateformat.format(value, "j F Y")


def kind_help():
    # Translators: how to write a licence type in a register file. Keep HC and PH: the file is read by them.
    return _("hackney carriage (HC) or private hire (PH)")


# Checking -----------------------------------------------------------------------------------------


@dataclass
class RegisterRowCheck:
    row_number: int
    name: str
    email: str
    number_entered: str
    kind_entered: str
    expires_entered: str
    number: str = ""
    kind: str = ""
    expires_on: date | None = None
    match: dict | None = None  # the driver who added this number themselves
    messages: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.messages

    def as_ready(self):
        return {
            uploads.LIST_KIND: LIST_KIND,
            "row": self.row_number,
            "name": self.name,
            "email": services.normalise_email(self.email),
            "licence_number": self.number,
            "kind": self.kind,
            "kind_label": str(LicenceKind(self.kind).label),
            "expires_on": self.expires_on.isoformat(),
            "expires_label": long_date(self.expires_on),
            "match": self.match,
        }

    def as_problem(self):
        return {
            uploads.LIST_KIND: LIST_KIND,
            "row": self.row_number,
            "email": self.email,
            "licence_number": self.number or self.number_entered,
            "messages": list(self.messages),
        }


def register_state(authority, numbers):
    """The authority's licences with these numbers: (confirmed holder by number, drivers' own claims by
    number). One query."""
    confirmed, claims = {}, {}
    licences = (
        Licence.objects.filter(authority=authority, number__in=numbers)
        .select_related("membership__user")
        .order_by("pk")
    )
    for licence in licences:
        if licence.confirmed:
            confirmed[licence.number] = licence
        elif licence.membership.user_id:
            claims.setdefault(licence.number, []).append(licence)
    return confirmed, claims


def _match_of(licence):
    return {
        "licence_id": licence.pk,
        "membership_id": licence.membership_id,
        "name": licence.membership.full_name,
        "email": licence.membership.email,
    }


def check_rows(authority, rows, today=None):
    """A RegisterRowCheck for each row, with what is wrong with it (if anything). Two queries, however
    many rows: the authority's members' e-mail addresses, and its licences with the file's numbers."""
    today = today or timezone.localdate()
    members = uploads.member_emails(authority)
    numbers = {normalise_licence_number(row["number"]) for row in rows} - {""}
    confirmed, claims = register_state(authority, numbers)
    first_row_of_email, first_row_of_number = {}, {}
    checks = []
    for row in rows:
        check = RegisterRowCheck(
            row_number=row["row_number"],
            name=row["name"],
            email=row["email"],
            number_entered=row["number"],
            kind_entered=row["kind"],
            expires_entered=row["expires"],
        )
        problems = check.messages
        email = services.normalise_email(check.email)
        if not check.name:
            problems.append(_("Enter the driver’s name."))
        elif len(check.name) > uploads.NAME_MAX:
            problems.append(_("The name is longer than %(max)s characters.") % {"max": uploads.NAME_MAX})

        number = normalise_licence_number(check.number_entered)
        if not number:
            problems.append(_("Enter the licence number."))
        elif len(number) > NUMBER_MAX:
            problems.append(_("The licence number is longer than %(max)s characters.") % {"max": NUMBER_MAX})
        elif number in first_row_of_number:
            problems.append(
                _("This licence number is also on row %(row)s.") % {"row": first_row_of_number[number]}
            )
        else:
            first_row_of_number[number] = check.row_number
            check.number = number
            holder = confirmed.get(number)
            if holder is not None:
                if email and holder.membership.email.lower() == email:
                    problems.append(_("This driver is already on the register with this licence number."))
                else:
                    problems.append(
                        _("Licence %(number)s is already on the register for %(name)s.")
                        % {"number": number, "name": holder.membership.full_name}
                    )
            else:
                check.match, problem = _claim_of(claims.get(number, []), email)
                if problem:
                    problems.append(problem)

        if not email:
            problems.append(_("Enter an e-mail address."))
        elif not uploads.valid_email(email):
            problems.append(
                _("‘%(email)s’ is not an e-mail address in the right format, like name@example.com.")
                % {"email": check.email}
            )
        elif email in first_row_of_email:
            problems.append(_("This e-mail address is also on row %(row)s.") % {"row": first_row_of_email[email]})
        else:
            first_row_of_email[email] = check.row_number
            if email in members and check.match is None:
                problems.append(_("This person is already a member of this licensing authority."))

        if not check.kind_entered:
            problems.append(_("Enter the licence type: %(how)s.") % {"how": kind_help()})
        else:
            check.kind = parse_kind(check.kind_entered) or ""
            if not check.kind:
                problems.append(
                    _("‘%(entered)s’ is not a licence type. Use %(how)s.")
                    % {"entered": check.kind_entered, "how": kind_help()}
                )

        if not check.expires_entered:
            problems.append(_("Enter the date the licence expires."))
        else:
            check.expires_on = parse_date(check.expires_entered)
            if check.expires_on is None:
                problems.append(
                    _("‘%(entered)s’ is not a date we can read. Write the licence expiry like 31/03/2027.")
                    % {"entered": check.expires_entered}
                )
            elif check.expires_on < today:
                problems.append(_("The licence expired on %(date)s.") % {"date": long_date(check.expires_on)})
        checks.append(check)
    return checks


def _claim_of(claims, email):
    """(the match, None) for the one driver who added this number; (None, a problem) when several did
    and the e-mail address does not say which; (None, None) when nobody did."""
    if not claims:
        return None, None
    if len(claims) > 1:
        claims = [
            licence
            for licence in claims
            if email and email in (licence.membership.email.lower(), licence.membership.user.email.lower())
        ]
        if len(claims) != 1:
            return None, _(
                "More than one driver has added this licence number. Confirm the right one on the register."
            )
    return _match_of(claims[0]), None


def upload_save(*, authority, officer, filename, checks):
    """The checked rows, waiting for the officer to confirm. This is the only write before confirming."""
    return uploads.upload_save(organisation=authority, user=officer, filename=filename, checks=checks)


def is_register_import(upload):
    """Whether a StaffUpload holds a register file (and not a list of the authority's own staff)."""
    entries = (*upload.rows, *upload.errors)
    return bool(entries) and all(entry.get(uploads.LIST_KIND) == LIST_KIND for entry in entries)


# Confirming ---------------------------------------------------------------------------------------


@dataclass
class Imported:
    invited: int
    matched: int
    skipped: int


def register_confirm(*, upload, officer):
    """Put every ready row of the upload on the register in one transaction; invitations go after it commits.

    A new driver gets a membership (job role "taxi and private hire driver", the licence number as its
    reference), an invitation and a licence confirmed by the officer. A driver who had added the number
    themselves has their own licence confirmed (with the type and expiry from the file) instead, and is
    not invited. Rows that can no longer be added (the number was confirmed for someone, the person
    joined, the driver changed their number) are skipped. A second confirmation raises
    uploads.AlreadyConfirmed and writes nothing.
    """
    with transaction.atomic():
        upload = StaffUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.confirmed_at is not None:
            raise uploads.AlreadyConfirmed(_("This register file has already been confirmed."))
        authority_id = upload.organisation_id
        members = uploads.member_emails(authority_id)
        confirmed, claims = register_state(authority_id, [row["licence_number"] for row in upload.rows])
        claim_by_id = {licence.pk: licence for found in claims.values() for licence in found}
        new_rows, matched = [], []
        for row in upload.rows:
            if row["licence_number"] in confirmed:
                continue
            if row["match"]:
                licence = claim_by_id.get(row["match"]["licence_id"])
                if licence is not None and licence.number == row["licence_number"]:
                    matched.append((licence, row))
            elif row["email"] not in members:
                new_rows.append(row)
        now = timezone.now()
        driver_role = JobRole.objects.filter(slug=DRIVER_ROLE_SLUG).first()
        try:
            memberships, invitation_ids = uploads.memberships_invite(
                [
                    Membership(
                        organisation_id=authority_id,
                        email=row["email"],
                        full_name=row["name"],
                        job_role=driver_role,
                        reference=row["licence_number"],
                        role=MemberRole.LEARNER,
                    )
                    for row in new_rows
                ],
                organisation_id=authority_id,
                invited_by=officer,
                now=now,
            )
            Licence.objects.bulk_create(
                [
                    Licence(
                        authority_id=authority_id,
                        membership=membership,
                        number=row["licence_number"],
                        kind=row["kind"],
                        expires_on=date.fromisoformat(row["expires_on"]),
                        confirmed_at=now,
                        confirmed_by=officer,
                    )
                    for membership, row in zip(memberships, new_rows, strict=True)
                ],
                batch_size=500,
            )
            for licence, row in matched:
                licence.kind = row["kind"]
                licence.expires_on = date.fromisoformat(row["expires_on"])
                licence.confirmed_at, licence.confirmed_by = now, officer
            Licence.objects.bulk_update(
                [licence for licence, _row in matched],
                ["kind", "expires_on", "confirmed_at", "confirmed_by"],
                batch_size=500,
            )
        except IntegrityError as error:
            # Someone joined, or a number was confirmed, between our check and the insert: nothing was written.
            raise uploads.ConfirmRefused(
                _(
                    "Someone in the file was added to the register while you were confirming. "
                    "Nothing was saved: confirm the file again."
                )
            ) from error
        upload.confirmed_at = now
        upload.save(update_fields=["confirmed_at"])
        transaction.on_commit(lambda: uploads.queue_in_batches(invitation_ids))
    return Imported(
        invited=len(invitation_ids),
        matched=len(matched),
        skipped=len(upload.rows) - len(invitation_ids) - len(matched),
    )
