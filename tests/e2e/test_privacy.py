"""Data protection in a real browser: the privacy notice, "Your data" (the download of everything held
about a person) and closing an account, after which the certificate still checks as "holder removed".

Phone width (320px) unless said otherwise. Every page the browser arrives on is checked by its page
object: its heading, axe-core and, at 320px, no sideways scrolling.
"""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from eyesandears.accounts.factories import TEST_PASSWORD
from eyesandears.accounts.inventory import RECORD_KINDS

from .pages import BasePage, CertificateCheckPage, EmailAddressesPage, HomePage, SignInPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class PrivacyNoticePage(BasePage):
    path = "/privacy/"
    heading = "Privacy notice"

    def kind_headings(self):
        return self.main.get_by_role("heading", level=3).all_inner_texts()


class YourDataPage(BasePage):
    path = "/accounts/your-data/"
    heading = "Your data"

    @property
    def download_button(self):
        return self.main.get_by_role("button", name="Download your data (ZIP)")

    def download_with_keyboard(self):
        """Tab to the button and press Enter; the browser saves the ZIP and stays on the page."""
        self.tab_to(self.download_button)
        with self.page.expect_download() as started:
            self.page.keyboard.press("Enter")
        return started.value

    def go_to_close_your_account(self):
        return self.click(self.main.get_by_role("link", name="close your account", exact=True), CloseAccountPage)


class CloseAccountPage(BasePage):
    path = "/accounts/close/"
    heading = "Close your account"
    identifying_text = "You cannot undo it."

    @property
    def password_box(self):
        return self.main.get_by_label("Your password")

    def close_with_keyboard(self, password, destination):
        self.type_into(self.password_box, password)
        return self.press_enter(destination)


class AccountClosedPage(BasePage):
    heading = "Your account is closed"


def sub_nav(page):
    return page.get_by_role("navigation", name="Your account")


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_the_privacy_notice_lists_every_kind_of_record_and_the_retention_period(page, home_page, viewport_width):
    home = HomePage.visit(page)
    footer = page.get_by_role("contentinfo")
    notice = home.click(footer.get_by_role("link", name="Privacy notice"), PrivacyNoticePage)
    assert notice.kind_headings() == [kind.title for kind in RECORD_KINDS]
    expect(notice.main).to_contain_text("6 years after your last activity")
    rights = notice.main.get_by_role("heading", name="Your rights", level=2)
    expect(rights).to_be_visible()
    expect(notice.main.get_by_role("link", name="ico.org.uk/make-a-complaint")).to_have_attribute(
        "href", "https://ico.org.uk/make-a-complaint/"
    )


def test_download_your_data_then_close_the_account(page, certificate, driver, tmp_path):
    code = certificate.display_code
    home = SignInPage.visit(page).sign_in(driver.email, TEST_PASSWORD)
    account = home.go_to_your_account()
    assert isinstance(account, EmailAddressesPage)
    your_data = account.click(sub_nav(page).get_by_role("link", name="Your data"), YourDataPage)
    expect(sub_nav(page).get_by_role("link", name="Your data")).to_have_attribute("aria-current", "page")
    in_the_download = your_data.main.get_by_role("list", name="What is in the download")
    expect(in_the_download.get_by_role("listitem")).to_have_text([kind.title for kind in RECORD_KINDS])

    download = your_data.download_with_keyboard()
    assert re.fullmatch(r"your-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = set(archive.namelist())
        assert {f"{kind.key}.json" for kind in RECORD_KINDS} <= names
        assert archive.read(f"certificates/{code}.pdf").startswith(b"%PDF-")
        assert json.loads(archive.read("profile.json"))["records"]["full_name"] == "Dev Driver"

    close = your_data.go_to_close_your_account()
    expect(close.main.get_by_role("link", name="download your data")).to_be_visible()
    close = close.close_with_keyboard("not my password", CloseAccountPage)
    expect(page).to_have_title(re.compile(r"^Error: Close your account"))
    expect(close.error_summary()).to_contain_text("The password is not right")
    expect(close.password_box).to_have_accessible_description(re.compile(r"Error: The password is not right"))

    closed = close.close_with_keyboard(TEST_PASSWORD, AccountClosedPage)
    assert not closed.is_signed_in()

    # The certificate the driver showed to the licensing office still checks, without a name.
    result = CertificateCheckPage.visit(page, f"/check/{code}/", heading="This certificate is valid")
    assert result.details()["Name"] == "Holder removed"
    expect(result.main).not_to_contain_text("Dev Driver")

    sign_in = SignInPage.visit(page).sign_in_expecting_a_problem(driver.email, TEST_PASSWORD)
    expect(sign_in.error_summary()).to_be_visible()
