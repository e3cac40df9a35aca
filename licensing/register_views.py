"""Officer pages to import the register of licensed drivers: upload, check row by row, confirm once."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eyesandears.core.paging import paged
from organisations import uploads
from organisations.forms import PeopleFileForm
from organisations.models import StaffUpload

from . import register_import
from .access import officer_view

PAGE_SIZE = 100


class RegisterFileForm(PeopleFileForm):
    """A CSV or XLSX register file; cleaning reads it, so a file we cannot read is an error on the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = register_import.max_rows()
        self.fields["file"].label = _("Register file")
        self.fields["file"].help_text = ngettext(
            "A CSV or Excel (XLSX) file of up to %(count)s driver and %(size)s.",
            "A CSV or Excel (XLSX) file of up to %(count)s drivers and %(size)s.",
            limit,
        ) % {
            "count": number_format(limit, force_grouping=True),
            "size": uploads.describe_bytes(register_import.max_bytes()),
        }

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.drivers = register_import.read_register_file(uploaded)
        except uploads.PeopleFileError as error:
            raise forms.ValidationError(error.message, code="unreadable") from error
        return uploaded


@officer_view
def register_upload(request, authority):
    """Read and check a register file; the checked rows wait in a StaffUpload until the officer confirms."""
    posted = request.method == "POST"
    form = RegisterFileForm(request.POST, request.FILES) if posted else RegisterFileForm()
    if posted and form.is_valid():
        upload = register_import.upload_save(
            authority=authority,
            officer=request.user,
            filename=form.cleaned_data["file"].name,
            checks=register_import.check_rows(authority, form.drivers),
        )
        return redirect("licensing:register_upload_preview", authority.pk, upload.public_id)
    return render(request, "licensing/register_upload.html", {"authority": authority, "form": form})


@officer_view
def register_upload_template(request, authority):
    """An empty register file with the column headings, to fill in and upload."""
    response = HttpResponse(
        f"\ufeff{register_import.TEMPLATE_HEADINGS}\r\n", content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="register-of-drivers.csv"'
    return response


@officer_view
def register_upload_preview(request, authority, public_id):
    """What the file holds, row by row; confirming (POST) puts the ready rows on the register, once."""
    upload = get_object_or_404(StaffUpload, organisation=authority, public_id=public_id)
    if not register_import.is_register_import(upload):
        raise Http404
    if request.method == "POST":
        try:
            result = register_import.register_confirm(upload=upload, officer=request.user)
        except uploads.AlreadyConfirmed as error:
            messages.info(request, str(error))
            return redirect("licensing:register", authority.pk)
        except uploads.ConfirmRefused as error:
            messages.error(request, str(error))
            return redirect("licensing:register_upload_preview", authority.pk, upload.public_id)
        messages.success(request, _confirmed_text(result))
        return redirect("licensing:register", authority.pk)
    matched = sum(1 for row in upload.rows if row["match"])
    return render(
        request,
        "licensing/register_upload_preview.html",
        {
            "authority": authority,
            "upload": upload,
            "ready_count": len(upload.rows),
            "invite_count": len(upload.rows) - matched,
            "matched_count": matched,
            "problem_count": len(upload.errors),
            "problems": paged(
                request, upload.errors, per_page=PAGE_SIZE, label=_("Rows with problems"), parameter="problems_page"
            ),
            "ready": paged(
                request, upload.rows, per_page=PAGE_SIZE, label=_("Drivers ready to add"), parameter="ready_page"
            ),
        },
    )


def _confirmed_text(result):
    added = result.invited + result.matched
    sentences = [
        ngettext("%(count)s driver is on the register.", "%(count)s drivers are on the register.", added)
        % {"count": added}
    ]
    if result.invited:
        sentences.append(
            ngettext(
                "Invitations are on their way to %(count)s driver.",
                "Invitations are on their way to %(count)s drivers.",
                result.invited,
            )
            % {"count": result.invited}
        )
    if result.matched:
        sentences.append(
            ngettext(
                "%(count)s driver who had added their licence number has it confirmed.",
                "%(count)s drivers who had added their licence number have it confirmed.",
                result.matched,
            )
            % {"count": result.matched}
        )
    if result.skipped:
        sentences.append(
            ngettext(
                "%(count)s was left out: they joined, or their licence number was confirmed or changed, "
                "after the file was uploaded.",
                "%(count)s were left out: they joined, or their licence number was confirmed or changed, "
                "after the file was uploaded.",
                result.skipped,
            )
            % {"count": result.skipped}
        )
    return " ".join(sentences)
