import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory

# Mail leaves after commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
User = get_user_model()
PASSPHRASE = "correct horse battery staple on a wet tuesday morning"


def sign_up(client, email="sam@example.com", password=PASSPHRASE, **extra):
    data = {"full_name": "Sam  Taylor ", "email": email, "password1": password, "password2": password}
    data.update(extra)
    return client.post("/accounts/signup/", data)


def link_in_last_mail():
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def test_sign_up_stores_the_certificate_name_and_asks_to_verify_the_email(client, home_page):
    response = sign_up(client, preferred_language="pl")
    assert response.status_code == 302
    user = User.objects.get(email="sam@example.com")
    assert (user.full_name, user.preferred_language) == ("Sam Taylor", "pl")
    assert mail.outbox[-1].to == ["sam@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body
    assert "_auth_user_id" not in client.session


def test_a_person_cannot_sign_in_before_verifying_and_can_after(client, home_page):
    sign_up(client)
    client.logout()
    response = client.post("/accounts/login/", {"login": "sam@example.com", "password": PASSPHRASE})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"

    confirm_url = link_in_last_mail()
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    response = client.post("/accounts/login/", {"login": "SAM@example.com", "password": PASSPHRASE})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="sam@example.com").pk)


def test_sign_up_with_a_taken_email_reveals_nothing_and_creates_nobody(client, home_page):
    UserFactory(email="taken@example.com")
    response = sign_up(client, email="Taken@example.com")
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    assert [address.lower() for address in mail.outbox[-1].to] == ["taken@example.com"]
    assert "already" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("password", "message"),
    [("short7!", "at least 8 characters"), ("password123", "too common"), ("8675309124", "entirely numeric")],
)
def test_weak_passwords_are_refused_with_a_clear_message(client, home_page, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not User.objects.filter(email="sam@example.com").exists()


def test_a_long_passphrase_is_welcome(client, home_page):
    response = sign_up(client, password="a" * 2 + PASSPHRASE * 3)
    assert response.status_code == 302
    assert User.objects.filter(email="sam@example.com").exists()


def test_field_errors_are_tied_to_their_fields(client, home_page):
    response = sign_up(client, email="not-an-email", full_name="  ")
    html = response.content.decode()
    assert '<a href="#id_email">' in html
    assert 'id="id_full_name_error"' in html
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*id="id_email"|<input[^>]*id="id_email"[^>]*aria-invalid="true"', html
    )


def test_email_is_unique_whatever_its_case_in_the_database():
    UserFactory(email="case@example.com")
    with pytest.raises(IntegrityError):
        User.objects.create(email="CASE@example.com", full_name="Other")


def test_sign_out_is_a_post(client, home_page):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_change_needs_the_current_password(client, home_page):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong-one-entirely", "password1": PASSPHRASE, "password2": PASSPHRASE},
    )
    assert response.status_code == 200
    client.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": PASSPHRASE, "password2": PASSPHRASE},
    )
    user.refresh_from_db()
    assert user.check_password(PASSPHRASE)
