"""Page objects for the browser tests.

A page object is made when the browser has arrived on that page: its constructor checks the main
heading (and any text that tells the page apart), runs axe-core on it and, at phone width, checks
that nothing scrolls sideways. Methods that leave the page return the page object for where the
browser lands, so every page a test passes through is checked on the way.
"""

import re

from playwright.sync_api import expect

from .accessibility import assert_accessible, assert_no_horizontal_scrolling

PHONE_WIDTH = 320


class BasePage:
    path = None
    heading = None  # the text of the page's h1 (a string, compared with whitespace normalised, or a regex)
    identifying_text = None  # more text that only this page shows, when the heading is shared

    def __init__(self, page):
        self.page = page
        self.check()

    @classmethod
    def visit(cls, page, url=None):
        page.goto(url or cls.path)
        return cls(page)

    def check(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        if self.identifying_text:
            expect(self.main.get_by_text(self.identifying_text)).to_be_visible()
        assert_accessible(self.page)
        if self.page.viewport_size["width"] <= PHONE_WIDTH:
            assert_no_horizontal_scrolling(self.page)

    # Parts of every page

    @property
    def main(self):
        return self.page.get_by_role("main")

    @property
    def header(self):
        return self.page.get_by_role("banner")

    @property
    def sign_out_button(self):
        return self.header.get_by_role("button", name="Sign out")

    def is_signed_in(self):
        signed_in = self.sign_out_button.is_visible()
        signed_out = self.header.get_by_role("link", name="Sign in").is_visible()
        assert signed_in != signed_out, "the header should offer either sign in or sign out"
        return signed_in

    def messages(self):
        region = self.page.get_by_role("region", name="Messages")
        return [" ".join(text.split()) for text in region.get_by_role("listitem").all_inner_texts()]

    def error_summary(self):
        return self.main.get_by_role("alert").filter(has=self.page.get_by_role("heading", name="There is a problem"))

    # Keyboard

    def tab_to(self, locator, max_presses=40):
        """Press Tab until `locator` has the focus, as a keyboard user would."""
        for _ in range(max_presses):
            if locator.evaluate("element => element === document.activeElement"):
                return locator
            self.page.keyboard.press("Tab")
        raise AssertionError(f"could not reach {locator} with the Tab key in {max_presses} presses")

    def type_into(self, locator, text):
        self.tab_to(locator)
        self.page.keyboard.type(text)

    def press_enter(self, destination):
        return self.leave(lambda: self.page.keyboard.press("Enter"), destination)

    # Leaving the page

    def leave(self, action, destination):
        """Do `action`, wait for the next page to load and check it as a `destination`.

        Waiting for the navigation (rather than only for the heading) matters when the next page
        has the same heading, as a form shown again with its errors has.
        """
        with self.page.expect_navigation():
            action()
        return destination(self.page)

    def click(self, locator, destination):
        return self.leave(locator.click, destination)

    def go_to_sign_in(self):
        return self.click(self.header.get_by_role("link", name="Sign in"), SignInPage)

    def go_to_sign_up(self):
        return self.click(self.header.get_by_role("link", name="Create an account"), SignUpPage)

    def go_to_your_account(self):
        return self.click(self.header.get_by_role("link", name="Your account"), EmailAddressesPage)

    def sign_out(self):
        return self.click(self.sign_out_button, HomePage)


class HomePage(BasePage):
    path = "/"
    heading = re.compile(r"\w")  # the title is the council's to edit


class SignUpPage(BasePage):
    path = "/accounts/signup/"
    heading = "Sign Up"

    def fill_with_keyboard(self, *, full_name, email, password, password_again=None):
        form = self.main.locator("form")
        self.type_into(form.get_by_label("Full name"), full_name)
        self.type_into(form.get_by_label("Email", exact=True), email)
        self.type_into(form.get_by_label("Password", exact=True), password)
        self.type_into(form.get_by_label("Password (again)"), password if password_again is None else password_again)

    def sign_up_with_keyboard(self, **details):
        """Fill in the form from the keyboard and send it with Enter."""
        self.fill_with_keyboard(**details)
        return self.press_enter(VerificationSentPage)


class VerificationSentPage(BasePage):
    heading = "Verify Your Email Address"


class ConfirmEmailPage(BasePage):
    heading = "Confirm Email Address"

    def confirm_with_keyboard(self):
        self.tab_to(self.main.get_by_role("button", name="Confirm"))
        return self.press_enter(HomePage)


class SignInPage(BasePage):
    path = "/accounts/login/"
    heading = "Sign In"

    def fill(self, email, password):
        self.main.get_by_label("Email").fill(email)
        self.main.get_by_label("Password").fill(password)

    @property
    def sign_in_button(self):
        return self.main.get_by_role("button", name="Sign In")

    def sign_in(self, email, password):
        self.fill(email, password)
        return self.click(self.sign_in_button, HomePage)

    def sign_in_with_keyboard(self, email, password):
        self.type_into(self.main.get_by_label("Email"), email)
        self.type_into(self.main.get_by_label("Password"), password)
        return self.press_enter(HomePage)

    def sign_in_expecting_a_problem(self, email, password):
        self.fill(email, password)
        return self.click(self.sign_in_button, SignInPage)

    def forgotten_password(self):
        return self.click(self.main.get_by_role("link", name="Forgot your password?"), PasswordResetPage)


class PasswordResetPage(BasePage):
    path = "/accounts/password/reset/"
    heading = "Password Reset"
    identifying_text = "Forgotten your password?"

    def request_reset(self, email):
        self.main.get_by_label("Email").fill(email)
        return self.click(self.main.get_by_role("button", name="Reset My Password"), PasswordResetSentPage)


class PasswordResetSentPage(BasePage):
    heading = "Password Reset"
    identifying_text = "We have sent you an email."


class SetNewPasswordPage(BasePage):
    """Where the e-mailed reset link lands (allauth moves the key out of the address first)."""

    heading = "Change Password"

    def set_password(self, password):
        self.main.get_by_label("New Password", exact=True).fill(password)
        self.main.get_by_label("New Password (again)").fill(password)
        return self.click(self.main.get_by_role("button", name="Change Password"), PasswordChangedPage)


class PasswordChangedPage(BasePage):
    heading = "Change Password"
    identifying_text = "Your password is now changed."


class EmailAddressesPage(BasePage):
    path = "/accounts/email/"
    heading = "Email Addresses"

    def addresses(self):
        form = self.main.locator("form").filter(has=self.page.get_by_role("button", name="Make Primary"))
        return [
            " ".join(text.split())
            for text in form.get_by_role("radio").evaluate_all(
                "radios => radios.map((radio) => radio.labels[0].innerText)"
            )
        ]
