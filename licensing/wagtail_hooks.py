from django.urls import reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from certificates.selectors import VIEWER_HOOK
from certificates.viewsets import ReadOnlyPermissionPolicy

from .access import authorities_of
from .models import CheckRecord, Licence
from .viewsets import CheckRecordViewSet

register_permission_policy(CheckRecord, ReadOnlyPermissionPolicy(CheckRecord))


@hooks.register("register_admin_viewset")
def register_check_records():
    return CheckRecordViewSet("training_checks")


@hooks.register(VIEWER_HOOK)
def officers_see_their_drivers_certificates(user, certificate):
    return Licence.objects.filter(
        membership__user_id=certificate.learner_id, authority__in=authorities_of(user)
    ).exists()


@hooks.register("your_training_links")
def link_to_your_licence(user):
    if (
        user.job_roles.filter(slug="taxi-private-hire-driver").exists()
        or Licence.objects.filter(membership__user=user).exists()
    ):
        return ("Your licence, and who has checked your training", reverse("licensing:your_licence"))
    return None


@hooks.register("your_training_links")
def link_to_licensing(user):
    if authorities_of(user).exists():
        return ("Check drivers' training (licensing)", reverse("licensing:authorities"))
    return None
