"""A signed-in session ends after 30 minutes without a request and 8 hours after sign-in however busy.

Time passes by rewriting the stored session as it would be that much later (its expiry, and the times
it holds, moved back), not by mocking Django.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from eyesandears.core.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY, refresh_interval
from tests.hardening.conftest import settings_of

pytestmark = pytest.mark.django_db

IDLE = 30 * 60


def sign_in(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return user


def stored_expiry(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def time_passes(client, seconds):
    """The stored session as it will be `seconds` from now if nothing happens in between."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    expires = Session.objects.get(session_key=key).expire_date
    session = SessionStore(session_key=key)
    for name in (SESSION_STARTED_KEY, SESSION_SEEN_KEY):
        if name in session:
            session[name] -= seconds
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=expires - timedelta(seconds=seconds))


def signed_in_still(client):
    response = client.get("/your-training/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    return False


def test_the_defaults_are_thirty_minutes_idle_and_eight_hours_in_all():
    assert settings.SESSION_COOKIE_AGE == IDLE
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 8 * 60 * 60
    assert refresh_interval() == 60


def test_both_limits_come_from_the_environment():
    names = ["SESSION_COOKIE_AGE", "SESSION_ABSOLUTE_TIMEOUT"]
    env = {"SECRET_KEY": "x" * 50}
    assert settings_of("eyesandears.settings.base", {**env, "SESSION_IDLE_TIMEOUT": "600",
                                                     "SESSION_ABSOLUTE_TIMEOUT": "7200"}, names) == {
        "SESSION_COOKIE_AGE": 600, "SESSION_ABSOLUTE_TIMEOUT": 7200}
    # SESSION_COOKIE_AGE, the older name for how long a session may last, sets the absolute limit.
    assert settings_of("eyesandears.settings.base", {**env, "SESSION_COOKIE_AGE": "3600"}, names) == {
        "SESSION_COOKIE_AGE": IDLE, "SESSION_ABSOLUTE_TIMEOUT": 3600}


def test_a_session_left_alone_for_thirty_minutes_is_over(client, home_page):
    sign_in(client)
    time_passes(client, IDLE - 5)
    assert signed_in_still(client)
    sign_in(client)
    time_passes(client, IDLE + 1)
    assert not signed_in_still(client)


def test_activity_pushes_the_expiry_on(client, home_page):
    sign_in(client)
    for _ in range(4):  # two hours in all, never more than 29 minutes between requests
        time_passes(client, IDLE - 60)
        assert signed_in_still(client)
        assert timedelta(seconds=IDLE - 30) < stored_expiry(client) - timezone.now() <= timedelta(seconds=IDLE)


def test_requests_close_together_do_not_rewrite_the_session(client, home_page):
    sign_in(client)
    before = stored_expiry(client)
    Session.objects.update(expire_date=before - timedelta(seconds=1))  # so that a save would show
    assert signed_in_still(client)
    assert stored_expiry(client) == before - timedelta(seconds=1)
    time_passes(client, refresh_interval())
    assert signed_in_still(client)
    assert stored_expiry(client) > before


def test_the_same_holds_for_staff_in_the_admin(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
    time_passes(client, IDLE + 1)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_busy_session_still_ends_eight_hours_after_sign_in(client, home_page):
    sign_in(client)
    assert abs(client.session[SESSION_STARTED_KEY] - time.time()) < 60
    for _ in range(16):  # 7 hours 44 minutes, with a request every 29 minutes
        time_passes(client, IDLE - 60)
        assert signed_in_still(client)
    for _ in range(15):  # then a request every minute, to 7 hours 59 minutes
        time_passes(client, 60)
        assert signed_in_still(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    time_passes(client, 60)
    assert not signed_in_still(client)
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=key).exists()


def test_a_session_from_before_the_limits_is_stamped_on_first_sight(client, home_page):
    client.force_login(UserFactory())
    session = SessionStore(session_key=client.session.session_key)
    session.pop(SESSION_STARTED_KEY, None)
    session.pop(SESSION_SEEN_KEY, None)
    session.save()
    assert signed_in_still(client)
    assert abs(client.session[SESSION_STARTED_KEY] - time.time()) < 60
    assert abs(client.session[SESSION_SEEN_KEY] - time.time()) < 60
