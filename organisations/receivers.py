"""Someone who followed an invitation link and then signed up or logged in joins the organisation."""

from allauth.account.signals import user_logged_in, user_signed_up
from django.dispatch import receiver

from .invitations import accept_pending_invitation


@receiver(user_signed_up, dispatch_uid="organisations.accept_on_sign_up")
def accept_on_sign_up(request, user, **kwargs):
    accept_pending_invitation(request, user)


@receiver(user_logged_in, dispatch_uid="organisations.accept_on_log_in")
def accept_on_log_in(request, user, **kwargs):
    accept_pending_invitation(request, user)
