from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from certificates.selectors import VIEWER_HOOK

from .access import managed_organisations
from .choices import MemberRole
from .models import Membership
from .viewsets import OrganisationsGroup


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationsGroup()


@hooks.register("your_training_links")
def link_to_your_organisations(user):
    if managed_organisations(user).exists():
        return (_("The organisations you manage"), reverse("organisations:list"))
    return None


@hooks.register(VIEWER_HOOK)
def managers_see_their_peoples_certificates(user, certificate):
    """A manager may see and download the certificates of the people in the organisations they manage."""
    return Membership.objects.filter(
        user_id=certificate.learner_id,
        organisation__memberships__user=user,
        organisation__memberships__role=MemberRole.MANAGER,
    ).exists()
