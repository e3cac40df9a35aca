"""The people list as CSV or XLSX. A cell that a spreadsheet would read as a formula is neutralised."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def people_rows(people):
    courses = []
    for person in people:
        for entry in person.courses:
            if entry.course not in courses:
                courses.append(entry.course)
    # Translators: column headings of the people report a manager downloads as CSV or Excel.
    headings = [_("Name"), _("E-mail"), _("Job role"), _("Reference"), _("Overall")]
    for course in courses:
        headings += [
            _("%(course)s: status") % {"course": course.title},
            _("%(course)s: valid until") % {"course": course.title},
        ]
    rows = []
    for person in people:
        membership = person.membership
        by_course = {entry.course.pk: entry for entry in person.courses}
        row = [
            membership.full_name,
            membership.email,
            membership.job_role.name if membership.job_role else "",
            membership.reference,
            _label(person.overall),
        ]
        for course in courses:
            entry = by_course.get(course.pk)
            row += [
                _status(entry),
                entry.expires_on.isoformat() if entry and entry.expires_on else "",
            ]
        rows.append(row)
    return headings, rows


def _status(entry):
    if entry is None:
        return _("Not required")
    return _("%(status)s (external)") % {"status": entry.label} if entry.external else str(entry.label)


def _label(state):
    from .choices import Compliance

    return str(Compliance(state).label)


def csv_response(filename, headings, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in headings])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, headings, rows):
    workbook = Workbook(write_only=True)
    # Translators: the name of the sheet (tab) in the downloaded Excel report.
    sheet = workbook.create_sheet(_("People"))
    sheet.append([neutralise(cell) for cell in headings])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
