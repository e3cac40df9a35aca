"""Cross-cutting request handling: the content security policy, MFA for everyone who can open the
Wagtail admin, and the limits on how long a session lasts (idle, and in all).

Order in settings.MIDDLEWARE: the CSP middleware near the top (it only touches responses); the other
two after sessions, authentication, messages and allauth's AccountMiddleware.
"""

import time
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

ADMIN_PERMISSION = "wagtailadmin.access_admin"
SESSION_STARTED_KEY = "_eae_session_started"
SESSION_SEEN_KEY = "_eae_session_seen"
HEALTH_PATH = "/healthz"


def admin_prefix():
    """Where the Wagtail admin is mounted ("/admin/")."""
    return reverse("wagtailadmin_home")


def is_admin_path(path):
    return path.startswith(admin_prefix())


def has_totp(user):
    """Whether the user has set up an authenticator app (allauth's TOTP)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def can_use_admin(user):
    return user.is_authenticated and user.is_active and user.has_perm(ADMIN_PERMISSION)


# Content security policy -------------------------------------------------------------------------


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with settings.ADMIN_CONTENT_SECURITY_POLICY for the Wagtail admin.

    Every page outside /admin/ gets settings.CONTENT_SECURITY_POLICY, which allows no inline script
    or style at all. The Wagtail admin still writes inline <script> elements (the date and time
    widgets, inline panels, the workflow and search promotion forms) and its scripts add <style>
    elements and inline styles, and Wagtail's templates cannot carry a nonce without forking them; so
    the admin, which only signed-in staff with MFA can open, gets its own, looser policy instead of
    none at all (tests/e2e/test_csp.py checks that the admin runs under it with nothing refused).
    A view's own @csp_override/@csp_update decorators still win, as django-csp intends.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _admin_request(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


def _admin_request(request):
    try:
        return is_admin_path(request.path_info)
    except NoReverseMatch:  # a URLconf without the admin (some tests)
        return False


# MFA for the Wagtail admin -----------------------------------------------------------------------


class AdminMFAMiddleware:
    """Anyone who can open the Wagtail admin (superusers, editors, moderators: every holder of
    `wagtailadmin.access_admin`) must set up an authenticator app before any admin page opens.

    Until they have, every /admin/ request is sent to allauth's TOTP set-up with `next` pointing back.
    allauth's own pages (sign-in, MFA, sign-out) are outside /admin/, so they stay reachable; the
    admin's own sign-out is let through too. Learners and other signed-in people are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(request, gettext("Set up an authenticator app before you use the site's administration."))
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _must_set_up_mfa(request):
        if not _admin_request(request):
            return False
        if request.path_info == reverse("wagtailadmin_logout"):
            return False
        user = getattr(request, "user", None)
        return user is not None and can_use_admin(user) and not has_totp(user)


# Session lifetime --------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="eae-session-started")
def _stamp_session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


def refresh_interval():
    """How often a busy session is saved to push its expiry on: once a minute, or a tenth of the idle
    limit if that is shorter."""
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


class SessionLimitsMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE seconds (SESSION_IDLE_TIMEOUT, 30 minutes by default)
    after its last request, and SESSION_ABSOLUTE_TIMEOUT seconds after sign-in however busy.

    Idle: Django expires a stored session SESSION_COOKIE_AGE seconds after it was last saved. Rather
    than saving on every request (SESSION_SAVE_EVERY_REQUEST: a write of the same row by every request,
    and by every one of the admin's parallel requests), a signed-in request saves the session when it
    was last saved more than refresh_interval() ago, so the idle limit holds to within a minute.
    Absolute: the start is stamped at sign-in (or on first sight, for a session from before this
    existed); once it is that old, the person is signed out and the session flushed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:  # answers 503 while the database is away: no session lookup
            return self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            self._apply_limits(request, session)
        return self.get_response(request)

    @staticmethod
    def _apply_limits(request, session):
        now = int(time.time())
        started = session.get(SESSION_STARTED_KEY)
        if not isinstance(started, int):
            session[SESSION_STARTED_KEY] = started = now
        if settings.SESSION_ABSOLUTE_TIMEOUT and now - started >= settings.SESSION_ABSOLUTE_TIMEOUT:
            logout(request)
            return
        seen = session.get(SESSION_SEEN_KEY)
        if not isinstance(seen, int) or now - seen >= refresh_interval():
            session[SESSION_SEEN_KEY] = now  # modified, so saved: the expiry moves on to now + the idle limit
