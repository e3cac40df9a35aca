from functools import wraps

from django.http import Http404

from organisations.access import mfa_required
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Organisation


def authorities_of(user):
    """The licensing authorities this user is a licensing officer of."""
    return Organisation.objects.filter(
        kind=OrganisationKind.LICENSING_AUTHORITY,
        memberships__user=user,
        memberships__role=MemberRole.LICENSING_OFFICER,
    ).distinct()


def officer_view(view):
    """Signed in, MFA set up, and a licensing officer of the authority in the URL (passed as `authority`)."""

    @wraps(view)
    def wrapped(request, authority_id, *args, **kwargs):
        authority = authorities_of(request.user).filter(pk=authority_id).first()
        if authority is None:
            raise Http404
        return view(request, authority, *args, **kwargs)

    return mfa_required(wrapped)
