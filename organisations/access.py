"""Who may see an organisation's people. Every organisation-scoped view goes through here."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from eyesandears.core.middleware import has_totp

from .choices import MemberRole
from .models import Membership, Organisation

MANAGING_ROLES = (MemberRole.MANAGER,)
SEE_ALL_PERMISSION = "organisations.view_all_organisations"


def sees_every_organisation(user):
    return user.has_perm(SEE_ALL_PERMISSION)


def managed_organisations(user):
    if sees_every_organisation(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=MANAGING_ROLES).distinct()


def organisation_for(user, organisation_id):
    """The organisation if this user manages it (or sees them all); a 404 otherwise."""
    organisation = managed_organisations(user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def needs_mfa(user):
    """Managers, licensing officers and council staff who see people's records must use MFA."""
    manages = Membership.objects.filter(user=user, role__in=[MemberRole.MANAGER, MemberRole.LICENSING_OFFICER]).exists()
    return (manages or sees_every_organisation(user)) and not has_totp(user)


def mfa_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_mfa(request.user):
            messages.warning(request, _("Set up an authenticator app before you see people's training records."))
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def manager_view(view):
    """Signed in, MFA set up, and managing the organisation in the URL (passed on as `organisation`)."""

    @wraps(view)
    def wrapped(request, organisation_id, *args, **kwargs):
        organisation = organisation_for(request.user, organisation_id)
        return view(request, organisation, *args, **kwargs)

    return mfa_required(wrapped)
