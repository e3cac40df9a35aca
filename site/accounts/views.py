"""A person's own data: the privacy notice, "Your data" (a download of everything held about them) and
closing their account. Thin: the work is in data_export.py, erasure.py and retention.py."""

import logging

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from eyesandears.core.ratelimits import over_limit

from . import data_export, erasure
from .forms import CloseAccountForm
from .inventory import LAWFUL_BASES, RECORD_KINDS
from .retention import retention_years

logger = logging.getLogger(__name__)

DOWNLOAD_RATE = "10/h"
CLOSE_TRIES_RATE = "5/15m"
DATA_DOWNLOADED_ACTION = "accounts.data_downloaded"


def privacy(request):
    """The privacy notice: made from the same inventory as the download, with the council's retention
    period, and the council's own words (the 'privacy' page in Wagtail) at the top when there are any."""
    from eyesandears.core.models import StandardPage

    years = retention_years()
    page = StandardPage.objects.live().filter(slug="privacy").first()
    kinds = [
        {"kind": kind, "kept": kind.kept_for(years), "on_removal": kind.removal_for(years)} for kind in RECORD_KINDS
    ]
    return render(
        request,
        "accounts/privacy.html",
        {"council_page": page, "kinds": kinds, "bases": LAWFUL_BASES, "retention_years": years},
    )


@never_cache
@login_required
def your_data(request):
    return render(
        request,
        "accounts/your_data.html",
        {"kinds": RECORD_KINDS, "retention_years": retention_years(), "throttled": False},
    )


@never_cache
@login_required
@require_POST
def your_data_download(request):
    """The ZIP of everything held about the signed-in person. POST only (it is made for them, now)."""
    if over_limit(request, group="data-download", key="user", rate=DOWNLOAD_RATE):
        return render(
            request,
            "accounts/your_data.html",
            {"kinds": RECORD_KINDS, "retention_years": retention_years(), "throttled": True},
            status=429,
        )
    archive = data_export.build_export(request.user)
    log(request.user, DATA_DOWNLOADED_ACTION, user=request.user, title=f"Person {request.user.pk}")
    logger.info("Data download made for person %s.", request.user.pk)
    response = FileResponse(
        archive, as_attachment=True, filename=data_export.export_filename(), content_type="application/zip"
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
def close_account(request):
    if erasure.is_protected(request.user):
        return render(request, "accounts/close_account.html", {"protected": True})
    form = CloseAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    throttled = False
    if request.method == "POST":
        if over_limit(request, group="close-account", key="user", rate=CLOSE_TRIES_RATE):
            form, throttled = CloseAccountForm(user=request.user), True  # the password is not even checked
        elif form.is_valid():
            erasure.person_remove(user_id=request.user.pk, reason=erasure.CLOSED_REASON, by=request.user)
            logout(request)
            return redirect("accounts:account_closed")
    years = retention_years()
    return render(
        request,
        "accounts/close_account.html",
        {
            "form": form,
            "throttled": throttled,
            "protected": False,
            "kinds": [{"kind": kind, "on_removal": kind.removal_for(years)} for kind in RECORD_KINDS],
        },
        status=429 if throttled else 200,
    )


def account_closed(request):
    return render(request, "accounts/account_closed.html")
