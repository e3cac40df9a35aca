from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from . import selectors
from .views import ATTENDANCE_VIEWED
from .viewsets import SeminarViewSet

seminar_viewset = SeminarViewSet("seminars")


@hooks.register("register_admin_viewset")
def register_seminar_viewset():
    return seminar_viewset


@hooks.register("your_training_sections")
def your_seminars(request):
    now = timezone.now()
    bookings = selectors.bookings_of(request.user, now)
    offered = selectors.upcoming_seminars_for(request.user, now)
    if not (bookings["upcoming"] or bookings["attended"] or offered):
        return ""
    booked_ids = {booking.seminar_id for booking in bookings["upcoming"]}
    return render_to_string(
        "seminars/includes/your_seminars.html",
        {**bookings, "open_count": sum(1 for seminar in offered if seminar.pk not in booked_ids)},
        request=request,
    )


@hooks.register("organisation_report_links")
def link_to_seminar_attendance(organisation):
    return (_("Seminar attendance"), reverse("seminars:organisation_attendance", args=[organisation.pk]))


@hooks.register("organisation_person_sections")
def seminars_attended(organisation, membership):
    if not membership.user_id:
        return ""
    return render_to_string(
        "seminars/includes/person_seminars.html", {"attended": selectors.attended_by(membership.user_id)}
    )


@hooks.register("register_log_actions")
def register_seminar_log_actions(actions):
    actions.register_action(
        ATTENDANCE_VIEWED, "View an organisation's seminar attendance", "Viewed the seminar attendance report"
    )
