"""Accounts in a real browser: sign up, verify, sign out and in, reset a password, a failed sign-in.

Phone width (320px) unless said otherwise; the sign-up and confirmation are done from the keyboard.
"""

import pytest
from playwright.sync_api import expect

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory

from .mailbox import link_in, wait_for_email
from .pages import ConfirmEmailPage, HomePage, SetNewPasswordPage, SignInPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSPHRASE = "correct horse battery staple on a wet tuesday"
NEW_PASSPHRASE = "a brand new and rather long passphrase"


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_the_home_page_is_served_for_the_live_server_host(page, home_page, live_server, viewport_width):
    # Wagtail's default site is "localhost:80"; any other host or port falls back to it.
    for base in (live_server.url, live_server.url.replace("localhost", "127.0.0.1")):
        home = HomePage.visit(page, f"{base}/")
        assert page.get_by_role("heading", level=1).inner_text() == home_page.title
        assert not home.is_signed_in()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, home_page):
    home = HomePage.visit(page)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(home.main).to_be_focused()


def test_sign_up_verify_sign_out_and_sign_in_again(page, home_page):
    home = HomePage.visit(page)
    sign_up = home.go_to_sign_up()
    sent = sign_up.sign_up_with_keyboard(full_name="Sam Taylor", email="sam.taylor@example.com", password=PASSPHRASE)
    assert not sent.is_signed_in()

    email = wait_for_email("sam.taylor@example.com", subject_contains="Confirm")
    confirm = ConfirmEmailPage.visit(page, link_in(email, "/accounts/confirm-email/"))
    expect(confirm.main).to_contain_text("sam.taylor@example.com")

    home = confirm.confirm_with_keyboard()
    assert home.is_signed_in()
    assert "You have confirmed sam.taylor@example.com." in home.messages()
    assert any("signed in as Sam Taylor" in message for message in home.messages())
    account = home.go_to_your_account()
    assert any("sam.taylor@example.com" in address for address in account.addresses())

    home = account.sign_out()
    assert not home.is_signed_in()
    assert "You have signed out." in home.messages()

    home = home.go_to_sign_in().sign_in_with_keyboard("sam.taylor@example.com", PASSPHRASE)
    assert home.is_signed_in()
    assert any("signed in as Sam Taylor" in message for message in home.messages())


def test_reset_a_forgotten_password_from_the_emailed_link(page, home_page):
    UserFactory(email="pat.jones@example.com", full_name="Pat Jones")

    reset = SignInPage.visit(page).forgotten_password()
    sent = reset.request_reset("pat.jones@example.com")
    assert not sent.is_signed_in()

    email = wait_for_email("pat.jones@example.com", subject_contains="Password Reset")
    new_password = SetNewPasswordPage.visit(page, link_in(email, "/accounts/password/reset/key/"))
    new_password.set_password(NEW_PASSPHRASE)

    sign_in = SignInPage.visit(page).sign_in_expecting_a_problem("pat.jones@example.com", TEST_PASSWORD)
    expect(sign_in.error_summary()).to_be_visible()
    home = sign_in.sign_in("pat.jones@example.com", NEW_PASSPHRASE)
    assert home.is_signed_in()
    assert any("signed in as Pat Jones" in message for message in home.messages())


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_a_failed_sign_in_shows_an_error_summary(page, home_page, viewport_width):
    UserFactory(email="alex.smith@example.com")

    sign_in = SignInPage.visit(page).sign_in_expecting_a_problem("alex.smith@example.com", "not the password")

    summary = sign_in.error_summary()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("not correct")
    assert not sign_in.is_signed_in()
    assert sign_in.main.get_by_label("Email").input_value() == "alex.smith@example.com"
    assert sign_in.main.get_by_label("Password").input_value() == ""
