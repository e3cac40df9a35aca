from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import JobRole
from eyesandears.accounts import audit

from . import selectors, services
from .access import authorities_of, officer_view
from .choices import CheckMethod
from .forms import CheckForm, DeclareLicenceForm
from .models import CheckRecord, Licence

DRIVER_ROLE_SLUG = "taxi-private-hire-driver"


@login_required
def authority_list(request):
    authorities = list(authorities_of(request.user))
    if len(authorities) == 1:
        return redirect("licensing:check", authorities[0].pk)
    return render(request, "licensing/authority_list.html", {"authorities": authorities})


@officer_view
def check(request, authority):
    form = CheckForm(request.GET if "q" in request.GET else None)
    if form.is_bound and form.is_valid():
        entered = form.cleaned_data["q"]
        if selectors.looks_like_certificate_code(entered):
            status, method = selectors.status_by_code(authority, entered), CheckMethod.CERTIFICATE_CODE
        else:
            status, method = selectors.status_by_number(authority, entered), CheckMethod.LICENCE_NUMBER
        record = services.check_record(
            authority=authority, status=status, entered=entered, method=method, officer=request.user
        )
        audit.audit_look(request, authority, audit.DRIVER_CHECKED, check_id=str(record.public_id), method=method,
                         outcome=record.outcome)
        return redirect("licensing:record", authority.pk, record.public_id)
    return render(request, "licensing/check.html", {"authority": authority, "form": form})


@officer_view
def record(request, authority, public_id):
    """The result of one check, printable for the licence file."""
    entry = get_object_or_404(
        CheckRecord.objects.select_related("officer", "licence"), authority=authority, public_id=public_id
    )
    if entry.method == CheckMethod.CERTIFICATE_CODE:
        status = selectors.status_by_code(authority, entry.entered)
    else:
        status = selectors.status_of(authority, entry.licence)
    audit.audit_look(request, authority, audit.CHECK_RECORD_VIEWED, check_id=str(entry.public_id))
    return render(
        request,
        "licensing/record.html",
        {"authority": authority, "record": entry, "status": status, "form": CheckForm()},
    )


@officer_view
def register(request, authority):
    licences = selectors.licences_in(authority).order_by("confirmed_at", "number")
    return render(request, "licensing/register.html", {"authority": authority, "licences": licences})


@officer_view
@require_POST
def confirm(request, authority, licence_id):
    licence = get_object_or_404(Licence, authority=authority, pk=licence_id)
    try:
        services.licence_confirm(licence=licence, officer=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Licence %(number)s is confirmed for %(name)s.")
            % {"number": licence.number, "name": licence.membership.full_name},
        )
    return redirect("licensing:register", authority.pk)


@login_required
def your_licence(request):
    licences = Licence.objects.filter(membership__user=request.user).select_related("authority")
    form = DeclareLicenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.licence_declare(
            user=request.user,
            authority=data["authority"],
            number=data["number"],
            kind=data["kind"],
            job_role=JobRole.objects.filter(slug=DRIVER_ROLE_SLUG).first(),
        )
        messages.success(request, _("Your licence number is saved. The licensing office will confirm it."))
        return redirect("licensing:your_licence")
    checks = CheckRecord.objects.filter(driver=request.user).select_related("authority")[:100]
    return render(request, "licensing/your_licence.html", {"licences": licences, "form": form, "checks": checks})
