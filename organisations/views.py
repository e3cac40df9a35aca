from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks

from courses.models import JobRole
from eyesandears.accounts import audit
from eyesandears.core.paging import paged

from . import exports, selectors, services, uploads
from .access import managed_organisations, manager_view, mfa_required, sees_every_organisation
from .forms import InviteForm, PeopleFileForm
from .invitations import SESSION_KEY, open_invitation
from .models import Invitation, StaffUpload

PAGE_SIZE = 50

# Later apps add to a manager's reports. REPORT_LINKS_HOOK: each takes the organisation and returns
# (label, url) or None, listed on the dashboard. PERSON_SECTIONS_HOOK: each takes (organisation,
# membership) and returns rendered HTML for the person's record, or "".
REPORT_LINKS_HOOK = "organisation_report_links"
PERSON_SECTIONS_HOOK = "organisation_person_sections"


@mfa_required
def organisation_list(request):
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": managed_organisations(request.user).order_by("name")},
    )


@manager_view
def dashboard(request, organisation):
    people_filter = selectors.PeopleFilter.from_request(request.GET)
    data = selectors.dashboard(organisation, people_filter)
    pager = paged(request, data["people"], per_page=PAGE_SIZE, label=_("People"))
    largest = max((count for _state, _label, count in data["counts"]), default=0) or 1
    audit.audit_look(request, organisation, audit.DASHBOARD_VIEWED, page=pager["page"].number,
                     **audit.people_filter_data(people_filter))
    return render(
        request,
        "organisations/dashboard.html",
        {
            "organisation": organisation,
            "counts": data["counts"],
            "largest": largest,
            "people_page": pager["page"],  # not "page": templates read that as the Wagtail page
            "pager": pager,
            "total_people": data["total_people"],
            "job_roles": data["job_roles"],
            "filter": people_filter,
            "querystring": _without_page(request.GET),
            "report_links": [link for hook in hooks.get_hooks(REPORT_LINKS_HOOK) if (link := hook(organisation))],
        },
    )


def _without_page(query):
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


@manager_view
def person(request, organisation, membership_id):
    entry = selectors.person_in(organisation, membership_id)
    audit.audit_look(request, organisation, audit.PERSON_VIEWED, membership_id=entry.membership.pk)
    certificates = []
    if entry.membership.user_id:
        from certificates.models import Certificate

        certificates = Certificate.objects.filter(learner_id=entry.membership.user_id).select_related("course")
    return render(
        request,
        "organisations/person.html",
        {"organisation": organisation, "person": entry, "certificates": certificates, "today": timezone.localdate(),
         "record_sections": [section for hook in hooks.get_hooks(PERSON_SECTIONS_HOOK)
                             if (section := hook(organisation, entry.membership))]},
    )


@manager_view
def export(request, organisation, file_format):
    people_filter = selectors.PeopleFilter.from_request(request.GET)
    people = selectors.dashboard(organisation, people_filter)["people"]
    headings, rows = exports.people_rows(people)
    audit.audit_look(request, organisation, audit.REPORT_EXPORTED, file_format=file_format, people=len(people),
                     **audit.people_filter_data(people_filter))
    filename = f"{slugify(organisation.name)[:50]}-training-{timezone.localdate().isoformat()}"
    if file_format == "xlsx":
        return exports.xlsx_response(filename, headings, rows)
    return exports.csv_response(filename, headings, rows)


@manager_view
@require_POST
def remind(request, organisation):
    sent = services.remind_not_started(organisation=organisation, people=selectors.people_of(organisation))
    messages.success(
        request,
        ngettext(
            "Reminders sent to %(count)s person. Nobody is reminded more than once a week.",
            "Reminders sent to %(count)s people. Nobody is reminded more than once a week.",
            sent,
        )
        % {"count": sent},
    )
    return redirect("organisations:dashboard", organisation.pk)


@manager_view
def invite(request, organisation):
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_invite(
                organisation=organisation,
                email=data["email"],
                full_name=data["full_name"],
                job_role=data["job_role"],
                reference=data["reference"],
                role=data["role"],
                invited_by=request.user,
            )
        except services.AlreadyMember:
            form.add_error("email", _("This person is already a member of this organisation."))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("organisations:invitations", organisation.pk)
    return render(request, "organisations/invite.html", {"organisation": organisation, "form": form})


@manager_view
def upload(request, organisation):
    """Read and check a file of people; the checked rows wait in a StaffUpload until confirmed."""
    posted = request.method == "POST"
    form = PeopleFileForm(request.POST, request.FILES) if posted else PeopleFileForm()
    if posted and form.is_valid():
        upload = uploads.upload_save(
            organisation=organisation,
            user=request.user,
            filename=form.cleaned_data["file"].name,
            checks=uploads.check_rows(organisation, form.people),
        )
        return redirect("organisations:upload_preview", organisation.pk, upload.public_id)
    return render(
        request,
        "organisations/upload.html",
        {"organisation": organisation, "form": form, "job_roles": JobRole.objects.order_by("name")},
    )


@manager_view
def invitations(request, organisation):
    pending = (
        Invitation.objects.filter(membership__organisation=organisation, accepted_at__isnull=True)
        .select_related("membership")
        .order_by("-created_at")
    )
    pager = paged(request, pending, per_page=PAGE_SIZE, label=_("Invitations"))
    return render(
        request,
        "organisations/invitations.html",
        {"organisation": organisation, "invitations": pager["page"], "pager": pager, "now": timezone.now()},
    )


def invitation_of(organisation, public_id):
    return get_object_or_404(
        Invitation.objects.select_related("membership"), public_id=public_id, membership__organisation=organisation
    )


@manager_view
@require_POST
def invitation_resend(request, organisation, public_id):
    invitation = invitation_of(organisation, public_id)
    services.invitation_resend(invitation=invitation)
    messages.success(
        request, _("A new invitation has been sent to %(email)s.") % {"email": invitation.membership.email}
    )
    return redirect("organisations:invitations", organisation.pk)


@manager_view
@require_POST
def invitation_withdraw(request, organisation, public_id):
    invitation = invitation_of(organisation, public_id)
    services.invitation_withdraw(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.membership.email})
    return redirect("organisations:invitations", organisation.pk)


def accept(request, token):
    """The link in an invitation: join now if signed in, or after signing up or logging in."""
    invitation = open_invitation(token)
    if invitation is None:
        return render(request, "organisations/invitation_closed.html", status=404)
    if request.user.is_authenticated:
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            organisation_name = invitation.membership.organisation.name
            messages.success(request, _("You have joined %(organisation)s.") % {"organisation": organisation_name})
            return redirect("courses:your_training")
        return render(request, "organisations/accept.html", {"invitation": invitation})
    request.session[SESSION_KEY] = token
    return render(request, "organisations/accept.html", {"invitation": invitation})


@login_required
def council_summary(request):
    if not sees_every_organisation(request.user):
        raise PermissionDenied
    return mfa_required(
        lambda req: render(req, "organisations/council_summary.html", {"rows": selectors.council_summary()})
    )(request)


UPLOAD_PAGE_SIZE = 100


@manager_view
def upload_template(request, organisation):
    """An empty file with the column headings, to fill in and upload."""
    response = HttpResponse("\ufeffName,E-mail,Job role,Reference\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-to-invite.csv"'
    return response


@manager_view
def upload_preview(request, organisation, public_id):
    """What the file holds, row by row; confirming (POST) invites the rows that are ready, once."""
    upload = get_object_or_404(StaffUpload, organisation=organisation, public_id=public_id)
    if request.method == "POST":
        try:
            result = uploads.upload_confirm(upload=upload, user=request.user)
        except uploads.AlreadyConfirmed as error:
            messages.info(request, str(error))
            return redirect("organisations:invitations", organisation.pk)
        except uploads.ConfirmRefused as error:
            messages.error(request, str(error))
            return redirect("organisations:upload_preview", organisation.pk, upload.public_id)
        text = ngettext(
            "Invitations are on their way to %(count)s person.",
            "Invitations are on their way to %(count)s people.",
            result.invited,
        ) % {"count": result.invited}
        if result.skipped:
            text += " " + ngettext(
                "%(count)s was left out: they joined the organisation after the upload, "
                "or their job role was removed.",
                "%(count)s were left out: they joined the organisation after the upload, "
                "or their job role was removed.",
                result.skipped,
            ) % {"count": result.skipped}
        messages.success(request, text)
        return redirect("organisations:invitations", organisation.pk)
    problems = paged(
        request, upload.errors, per_page=UPLOAD_PAGE_SIZE, label=_("Rows with problems"), parameter="problems_page"
    )
    ready = paged(
        request, upload.rows, per_page=UPLOAD_PAGE_SIZE, label=_("People ready to invite"), parameter="ready_page"
    )
    return render(
        request,
        "organisations/upload_preview.html",
        {
            "organisation": organisation,
            "upload": upload,
            "ready_count": len(upload.rows),
            "problem_count": len(upload.errors),
            "problems": problems,
            "ready": ready,
        },
    )
