import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

from eyesandears.accounts.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def test_failed_sign_ins_are_rate_limited_per_account(client, home_page):
    UserFactory(email="target@example.com")
    for n in range(5):
        response = client.post("/accounts/login/", {"login": "target@example.com", "password": f"guess-{n}"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": "target@example.com", "password": TEST_PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_are_rate_limited_per_address_across_accounts(client, home_page):
    responses = [
        client.post("/accounts/login/", {"login": f"someone{n}@example.com", "password": "guess"}).content.decode()
        for n in range(11)
    ]
    assert not any("Too many failed login attempts" in html for html in responses[:10])
    assert "Too many failed login attempts" in responses[10]


def test_a_person_can_turn_on_an_authenticator_app_and_is_then_asked_for_a_code(client, home_page):
    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")  # asks for the password again first
    client.post(response["Location"], {"password": TEST_PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_admin_login_goes_through_allauth(client, home_page):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/login/")


def test_staff_sign_in_to_the_admin_after_allauth(client, home_page):
    editor = UserFactory(is_staff=True, is_superuser=True)  # with an authenticator app, as staff must have
    client.post("/accounts/login/", {"login": editor.email, "password": TEST_PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_code(TEST_TOTP_SECRET)})
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/").status_code == 200
    assert 'name="new_password1"' not in client.get("/admin/account/").content.decode()
