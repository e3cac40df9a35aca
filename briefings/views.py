from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log

from eyesandears.core.paging import paged
from organisations.access import manager_view

from . import selectors, services

REPORT_PAGE_SIZE = 20
PEOPLE_PAGE_SIZE = 50
READ_REPORT_VIEWED = "briefings.read_report_viewed"
SHOW_CHOICES = ("", "read", "not_read")


@login_required
@require_POST
def mark_read(request, briefing_id):
    # By `id`, not `pk`: see courses.views.course_start.
    briefing = get_object_or_404(selectors.published_briefings(), id=briefing_id)
    services.briefing_mark_read(user=request.user, briefing=briefing)
    messages.success(request, _("“%(title)s” is marked as read.") % {"title": briefing.title})
    return redirect("courses:your_training")


@login_required
@require_POST
def email_preference(request):
    choice = request.POST.get("emails")
    if choice not in ("on", "off"):
        return render(request, "briefings/bad_request.html", {"reason": _("Choose on or off.")}, status=400)
    services.briefing_emails_set(user=request.user, on=choice == "on")
    if choice == "on":
        messages.success(request, _("Briefing e-mails are on. We will e-mail you new briefings for your job."))
    else:
        messages.success(request, _("Briefing e-mails are off. You will still get e-mails about your training."))
    return redirect("courses:your_training")


# The token is the authority here (it is made for one person and signed), not a session, so a mail
# client's one-click POST (RFC 8058), which carries no CSRF token, must work.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        if request.method == "POST":
            services.unsubscribe_with_token(token)
            return render(request, "briefings/unsubscribed.html")
        services.preference_for_token(token)
    except services.UnknownToken:
        return render(request, "briefings/unsubscribe_invalid.html", status=404)
    except services.InvalidToken:
        return render(request, "briefings/unsubscribe_invalid.html", status=400)
    return render(request, "briefings/unsubscribe.html", {"token": token})


@manager_view
def read_report(request, organisation):
    pager = paged(
        request, selectors.required_briefings_for(organisation), per_page=REPORT_PAGE_SIZE, label=_("Briefings")
    )
    rows = selectors.read_report(organisation, pager["page"].object_list)
    log(organisation, READ_REPORT_VIEWED, user=request.user, data={"page": pager["page"].number})
    return render(
        request,
        "briefings/read_report.html",
        {"organisation": organisation, "rows": rows, "pager": pager},
    )


@manager_view
def read_report_briefing(request, organisation, briefing_id):
    briefing = selectors.required_briefing_in(organisation, briefing_id)
    show = request.GET.get("show", "")
    if show not in SHOW_CHOICES:
        show = ""
    [counts] = selectors.read_report(organisation, [briefing])
    people = [
        person for person in counts.members
        if not show or (show == "read") == (person.read_at is not None)
    ]
    pager = paged(request, people, per_page=PEOPLE_PAGE_SIZE, label=_("People"))
    log(organisation, READ_REPORT_VIEWED, user=request.user, data={"briefing_id": briefing.pk, "show": show})
    return render(
        request,
        "briefings/read_report_briefing.html",
        {
            "organisation": organisation,
            "briefing": briefing,
            "counts": counts,
            "show": show,
            "people_page": pager["page"],
            "pager": pager,
        },
    )
