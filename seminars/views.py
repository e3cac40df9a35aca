from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from certificates.services import absolute_url
from eyesandears.core.middleware import has_totp
from eyesandears.core.paging import paged
from organisations.access import manager_view

from . import calendar, selectors, services
from .forms import RegisterForm
from .models import Seminar

REPORT_PAGE_SIZE = 50
ATTENDANCE_VIEWED = "seminars.attendance_viewed"


def attendance_staff_view(view):
    """Signed in, allowed to keep registers, and with an authenticator app (a register names people)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_mark_attendance(request.user):
            raise PermissionDenied
        if not has_totp(request.user):
            messages.warning(request, _("Set up an authenticator app before you see people's training records."))
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


# Learners ---------------------------------------------------------------------------------------------


@login_required
def seminar_list(request):
    return render(
        request,
        "seminars/seminar_list.html",
        {
            "seminars": selectors.upcoming_seminars_for(request.user, timezone.now()),
            "has_job_role": request.user.job_roles.exists(),
            "keeps_registers": selectors.can_mark_attendance(request.user),
        },
    )


@login_required
@never_cache
def seminar_detail(request, seminar_id):
    seminar = selectors.seminar_for(request.user, seminar_id)
    now = timezone.now()
    return render(
        request,
        "seminars/seminar_detail.html",
        {
            "seminar": seminar,
            "booking": seminar.booking,
            "can_book": seminar.is_published and not seminar.has_started(now) and seminar.booking is None
            and selectors.is_in_audience(seminar, request.user),
            "has_started": seminar.has_started(now),
            "waiting_position": selectors.waiting_position(seminar.booking),
            "keeps_registers": selectors.can_mark_attendance(request.user),
        },
    )


@login_required
@require_POST
def seminar_book(request, seminar_id):
    seminar = selectors.seminar_for(request.user, seminar_id)
    try:
        booking = services.seminar_book(seminar=seminar, user=request.user)
    except services.BookingRefused as refusal:
        return render(request, "seminars/refused.html", {"seminar": seminar, "reason": str(refusal)}, status=400)
    if booking.is_booked:
        messages.success(request, _("Your place is booked. We have sent the details to your e-mail address."))
    else:
        messages.success(
            request,
            _("The seminar is full, so you are on the waiting list. We will e-mail you if a place comes free."),
        )
    return redirect("seminars:detail", seminar.pk)


@login_required
def booking_cancel(request, public_id):
    booking = selectors.booking_of(request.user, public_id)
    if not booking.is_booked and not booking.is_waiting:
        return redirect("seminars:detail", booking.seminar_id)
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking)
        except services.BookingRefused as refusal:
            return render(
                request, "seminars/refused.html", {"seminar": booking.seminar, "reason": str(refusal)}, status=400
            )
        messages.success(request, _("Your booking is cancelled."))
        return redirect("seminars:list")
    return render(request, "seminars/cancel.html", {"booking": booking, "seminar": booking.seminar})


@login_required
@never_cache
def booking_calendar(request, public_id):
    booking = selectors.booking_of(request.user, public_id)
    if not booking.is_booked:  # a calendar entry only for a place held
        raise Http404
    seminar = booking.seminar
    text = calendar.seminar_calendar(seminar, seminar_url=absolute_url(reverse("seminars:detail", args=[seminar.pk])))
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seminar-{seminar.pk}.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# The co-ordinator -------------------------------------------------------------------------------------


@attendance_staff_view
def registers(request):
    return render(
        request, "seminars/registers.html", {"seminars": selectors.seminars_for_registers(timezone.now())}
    )


@attendance_staff_view
@never_cache
def register(request, seminar_id):
    seminar = get_object_or_404(Seminar, pk=seminar_id)
    bookings = selectors.register_of(seminar)
    form = RegisterForm(request.POST if request.method == "POST" else None, bookings=bookings)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "seminars/register.html", {"seminar": seminar, "form": form}, status=400)
        try:
            services.attendance_record(seminar=seminar, attended_ids=form.cleaned_data["attended"], by=request.user)
        except services.UnknownBooking as error:  # someone cancelled while the form was being sent
            form.add_error("attended", str(error))
            return render(request, "seminars/register.html", {"seminar": seminar, "form": form}, status=400)
        messages.success(request, _("The register is saved."))
        return redirect("seminars:register", seminar.pk)
    return render(request, "seminars/register.html", {"seminar": seminar, "form": form})


# Managers ---------------------------------------------------------------------------------------------


@manager_view
def organisation_attendance(request, organisation):
    pager = paged(request, selectors.attendance_in(organisation), per_page=REPORT_PAGE_SIZE, label=_("Seminars"))
    rows = selectors.with_memberships(pager["page"].object_list, organisation)
    log(organisation, ATTENDANCE_VIEWED, user=request.user, data={"page": pager["page"].number})
    return render(
        request,
        "seminars/organisation_attendance.html",
        {"organisation": organisation, "rows": rows, "pager": pager},
    )
