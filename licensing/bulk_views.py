"""Officer pages over many drivers: check a list of licence numbers, and who is expiring."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from eyesandears.accounts import audit
from eyesandears.core.paging import paged
from organisations import exports, uploads

from . import bulk
from .access import officer_view
from .models import BulkCheck

RECENT_CHECKS = 20
EXPIRING_PAGE_SIZE = 50
REFRESH_SECONDS = 5


class NumbersFileForm(forms.Form):
    """A CSV or XLSX file of licence numbers; cleaning reads it, so a file we cannot use is an error on the field."""

    file = forms.FileField(
        label=gettext_lazy("File of licence numbers"),
        widget=forms.FileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={
            "required": gettext_lazy("Choose a CSV or XLSX file of licence numbers."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("Choose a CSV or XLSX file of licence numbers."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = bulk.max_rows()
        self.fields["file"].help_text = ngettext(
            "A CSV or Excel (XLSX) file of up to %(count)s licence number and %(size)s.",
            "A CSV or Excel (XLSX) file of up to %(count)s licence numbers and %(size)s.",
            limit,
        ) % {"count": number_format(limit, force_grouping=True), "size": uploads.describe_bytes(bulk.max_bytes())}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.numbers = bulk.read_numbers_file(uploaded)
        except bulk.ListFileError as error:
            raise forms.ValidationError(error.message, code="unreadable") from error
        return uploaded


class ExpiringForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Days ahead"),
        min_value=1,
        max_value=bulk.EXPIRING_MAX_DAYS,
        help_text=gettext_lazy("How many days from today to look ahead, for example 60."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Enter a number of days, for example 60."),
            "invalid": gettext_lazy("Enter the number of days as a whole number, for example 60."),
            "min_value": gettext_lazy("Enter a number of days of 1 or more."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per form, in the language of the request, to show the limit with its thousands separator.
        self.fields["days"].error_messages["max_value"] = ngettext(
            "Enter a number of days of %(count)s or fewer.",
            "Enter a number of days of %(count)s or fewer.",
            bulk.EXPIRING_MAX_DAYS,
        ) % {"count": number_format(bulk.EXPIRING_MAX_DAYS, force_grouping=True)}


# Check a list -------------------------------------------------------------------------------------


@officer_view
def bulk_check_start(request, authority):
    """Upload a list; the check runs in the background and the officer is sent to its progress page."""
    posted = request.method == "POST"
    form = NumbersFileForm(request.POST, request.FILES) if posted else NumbersFileForm()
    if posted and form.is_valid():
        check = bulk.bulk_check_create(
            authority=authority, officer=request.user, filename=form.cleaned_data["file"].name, numbers=form.numbers
        )
        audit.audit_look(request, authority, audit.LIST_CHECKED, list_check_id=str(check.public_id),
                         numbers=len(form.numbers))
        return redirect("licensing:bulk_check", authority.pk, check.public_id)
    return render(
        request,
        "licensing/bulk_start.html",
        {"authority": authority, "form": form, "checks": bulk.bulk_checks_of(authority)[:RECENT_CHECKS]},
    )


def _check_of(authority, public_id):
    return get_object_or_404(bulk.bulk_checks_of(authority), public_id=public_id)


@officer_view
def bulk_check(request, authority, public_id):
    """Progress while the check runs (the page refreshes itself: no JavaScript), then the result."""
    check = _check_of(authority, public_id)
    finished = check.status in (BulkCheck.Status.DONE, BulkCheck.Status.FAILED)
    refresh = not finished and request.GET.get("refresh") != "off"
    counts = []
    if check.status == BulkCheck.Status.DONE and check.result:
        counts = bulk.outcome_counts(bulk.read_result(check)[1])
    response = render(
        request,
        "licensing/bulk_check.html",
        {
            "authority": authority,
            "check": check,
            "finished": finished,
            "refresh": refresh,
            "refresh_seconds": REFRESH_SECONDS,
            "percent": int(check.processed * 100 / check.total) if check.total else 0,
            "stalled": bulk.bulk_check_is_stalled(check),
            "counts": counts,
        },
    )
    if refresh:
        # The browser reloads the page by itself (no JavaScript needed); the page says so and offers a
        # link that stops it, so the time limit can be turned off (WCAG 2.2.1).
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@officer_view
@require_POST
def bulk_check_retry(request, authority, public_id):
    check = _check_of(authority, public_id)
    if bulk.bulk_check_retry(check=check):
        messages.success(request, _("The check has been started again."))
    return redirect("licensing:bulk_check", authority.pk, check.public_id)


def _result_filename(check):
    return f"licence-check-{timezone.localtime(check.created_at):%Y-%m-%d-%H%M}"


@officer_view
def bulk_check_download(request, authority, public_id, file_format):
    check = _check_of(authority, public_id)
    if check.status != BulkCheck.Status.DONE or not check.result:
        raise Http404
    audit.audit_look(request, authority, audit.LIST_RESULT_DOWNLOADED, list_check_id=str(check.public_id),
                     file_format=file_format)
    if file_format == "xlsx":
        # Made from the stored CSV when asked for; every cell is neutralised again on the way.
        headings, rows = bulk.read_result(check)
        return exports.xlsx_response(_result_filename(check), headings, rows)
    return FileResponse(
        check.result.open("rb"),
        as_attachment=True,
        filename=f"{_result_filename(check)}.csv",
        content_type="text/csv; charset=utf-8",
    )


# Expiring -----------------------------------------------------------------------------------------


def _expiring(request, authority):
    form = ExpiringForm(request.GET if "days" in request.GET else None, initial={"days": bulk.EXPIRING_DEFAULT_DAYS})
    if form.is_bound and not form.is_valid():
        return form, None, None
    days = form.cleaned_data["days"] if form.is_bound else bulk.EXPIRING_DEFAULT_DAYS
    return form, days, bulk.expiring_rows(authority, days)


@officer_view
def expiring(request, authority):
    form, days, rows = _expiring(request, authority)
    pager = paged(request, rows, per_page=EXPIRING_PAGE_SIZE, label=_("Drivers")) if rows is not None else None
    if rows is not None:
        audit.audit_look(request, authority, audit.EXPIRING_VIEWED, days=days, drivers=len(rows))
    return render(
        request,
        "licensing/expiring.html",
        {"authority": authority, "form": form, "days": days, "pager": pager, "total": len(rows or [])},
    )


@officer_view
def expiring_export(request, authority, file_format):
    form, days, rows = _expiring(request, authority)
    if rows is None:  # the page says what is wrong with the number of days
        return redirect(f"{reverse('licensing:expiring', args=[authority.pk])}?{request.GET.urlencode()}")
    headings, cells = bulk.expiring_export_rows(rows)
    audit.audit_look(request, authority, audit.EXPIRING_EXPORTED, days=days, drivers=len(rows), file_format=file_format)
    filename = f"expiring-{days}-days-{timezone.localdate().isoformat()}"
    if file_format == "xlsx":
        return exports.xlsx_response(filename, headings, cells)
    return exports.csv_response(filename, headings, cells)
