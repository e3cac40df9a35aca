import re

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .models import Invitation

SESSION_KEY = "organisations_invitation"
# What models.new_token() makes (secrets.token_urlsafe), with room to spare.
TOKEN_FORM = re.compile(r"[A-Za-z0-9_-]{1,64}")


def open_invitation(token):
    if not isinstance(token, str) or not TOKEN_FORM.fullmatch(token):
        return None  # not a token we could have made (one with a NUL would fail the query on PostgreSQL)
    invitation = Invitation.objects.select_related("membership__organisation").filter(token=token).first()
    return invitation if invitation and invitation.is_open(timezone.now()) else None


def accept_pending_invitation(request, user):
    token = request.session.pop(SESSION_KEY, None) if request is not None else None
    invitation = open_invitation(token) if token else None
    if invitation is None:
        return None
    organisation_name = invitation.membership.organisation.name
    membership = services.invitation_accept(invitation=invitation, user=user)
    messages.success(request, _("You have joined %(organisation)s.") % {"organisation": organisation_name})
    return membership
