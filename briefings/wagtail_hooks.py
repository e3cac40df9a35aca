from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import selectors
from .views import READ_REPORT_VIEWED


@hooks.register("your_training_sections")
def unread_briefings_section(request):
    """Unread briefings for the learner's job roles, and their choice of briefing e-mails. Learners with
    no briefings for their roles (and e-mails on) see nothing."""
    briefings, unread_count = selectors.unread_briefings(request.user)
    emails_on = selectors.emails_on(request.user)
    if not unread_count and emails_on and not selectors.briefings_for(request.user).exists():
        return ""
    return render_to_string(
        "briefings/your_training_section.html",
        {"briefings": briefings, "unread_count": unread_count, "emails_on": emails_on,
         "index": selectors.briefing_index()},
        request=request,
    )


@hooks.register("organisation_report_links")
def link_to_the_read_report(organisation):
    return (_("Briefings read"), reverse("briefings:read_report", args=[organisation.pk]))


@hooks.register("organisation_person_sections")
def briefings_on_the_persons_record(organisation, membership):
    return render_to_string(
        "briefings/person_section.html",
        {"organisation": organisation, "membership": membership,
         "briefings": selectors.briefings_for_membership(membership)},
    )


@hooks.register("register_log_actions")
def register_briefing_log_actions(actions):
    actions.register_action(READ_REPORT_VIEWED, "View who has read the briefings", "Viewed who has read the briefings")
