"""Everyone who can open the Wagtail admin must have an authenticator app first; nobody else is affected."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group, Permission

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/2fa/totp/activate/"


def current_code(secret):
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def superuser(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


def in_group(name, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=name))
    return user


def with_permission_only(**kwargs):
    """Neither staff nor in a group: just the permission to open the admin."""
    user = UserFactory(**kwargs)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


STAFF = {
    "superuser": superuser,
    "editor": lambda **kwargs: in_group("Editors", **kwargs),
    "moderator (CSE co-ordinator review)": lambda **kwargs: in_group("Moderators", **kwargs),
    "anyone with access_admin": with_permission_only,
}


@pytest.mark.parametrize("who", STAFF)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/snippets/", "/admin/reports/site-history/"])
def test_staff_without_an_app_are_sent_to_set_one_up(client, home_page, who, path):
    client.force_login(STAFF[who](totp=False))
    response = client.get(path + "?q=x")
    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?next={path.replace('/', '%2F')}%3Fq%3Dx"
    assert client.post(path, {"anything": "1"})["Location"].startswith(SET_UP)


@pytest.mark.parametrize("who", STAFF)
def test_staff_with_an_app_get_in(client, home_page, who):
    user = STAFF[who](totp=True)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_allauth_pages_and_signing_out_stay_open(client, home_page):
    user = superuser(totp=False)
    client.force_login(user)
    assert client.get("/accounts/2fa/").status_code == 200
    response = client.get(SET_UP)
    assert response.status_code in (200, 302) and not response.get("Location", "").startswith(SET_UP)
    assert client.get("/accounts/email/").status_code == 200
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and not response["Location"].startswith(SET_UP)
    assert "_auth_user_id" not in client.session
    client.force_login(user)
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_learners_and_people_without_the_admin_permission_are_unaffected(client, learner_client, home_page):
    response = learner_client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert learner_client.get("/your-training/").status_code == 200
    staff_without_admin = UserFactory(is_staff=True, totp=False)  # is_staff alone opens nothing in Wagtail
    client.force_login(staff_without_admin)
    assert not client.get("/admin/")["Location"].startswith(SET_UP)
    assert client.get("/").status_code == 200


def test_the_whole_way_in_for_new_staff(client, home_page):
    """Password, sent to set up the app, password again, the app's first code; then the admin opens and
    the next sign-in asks for a code."""
    editor = in_group("Editors", totp=False)
    client.post("/accounts/login/", {"login": editor.email, "password": TEST_PASSWORD})
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{SET_UP}?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    if page.status_code == 302:  # allauth asks for the password again first
        client.post(page["Location"], {"password": TEST_PASSWORD})
        page = client.get(SET_UP)
    assert page.status_code == 200
    assert "Set up an authenticator app before you use the site" in page.content.decode()
    secret = page.context["form"].secret
    assert client.post(SET_UP, {"code": current_code(secret)}).status_code == 302
    assert client.get("/admin/pages/").status_code == 200

    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": editor.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
