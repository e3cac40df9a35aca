"""Certificates in a real browser: the public check (typed in any form, an unknown code, the address the
QR code opens), the learner's list of certificates, and a certificate that has run out.

Phone width (320px) unless said otherwise. Every page the browser arrives on is checked by its page
object (pages.py): its heading, axe-core and, at 320px, no sideways scrolling.
"""

import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from certificates import codes
from eyesandears.accounts.factories import TEST_PASSWORD

from .pages import CertificateCheckPage, SignInPage, YourCertificatesPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURSE = "Taxi course"
HOLDER = "Dev Driver"


def long_date(day):
    return dateformat.format(day, "j F Y")


def as_someone_might_type_it(display_code):
    """EAE-7KQ4M-2XD9F-J3KQ7 as "eae 7kq4m 2xd9f j3kq7": small letters, spaces for the dashes."""
    return display_code.lower().replace("-", " ")


def unknown_code():
    """A well-formed code (its check character is right) that no certificate has."""
    body = "0" * (codes.RANDOM_SYMBOLS - 1) + "1"
    return codes.display(body + codes.check_symbol(body))


# 4. The public check


@pytest.mark.parametrize("viewport_width", [320, 1280])
def test_anyone_can_check_a_certificate_by_its_code(page, certificate, viewport_width):
    code = certificate.display_code
    typed = as_someone_might_type_it(code)
    assert typed != code and " " in typed

    check = CertificateCheckPage.visit(page)
    assert not check.is_signed_in()
    expect(page).to_have_title(re.compile(r"^Check a certificate – "))
    expect(check.code_box).to_have_accessible_description(
        re.compile(r"Capital or small letters, with or without dashes")
    )

    result = check.check_code_with_keyboard(typed, "This certificate is valid")
    expect(result.result_panel).to_contain_text(code)  # shown as printed on the certificate
    assert result.details() == {
        "Name": HOLDER,
        "Course": COURSE,
        "Issued": long_date(certificate.issued_on),
        "Valid until": long_date(certificate.expires_on),
    }
    expect(result.main.get_by_role("heading", name="Check another certificate", level=2)).to_be_visible()
    expect(result.code_box).to_have_value(typed)

    result = result.check_code_with_keyboard(unknown_code(), "No certificate has this code")
    expect(result.result_panel).to_contain_text("Check the code and try again.")
    assert result.details() == {}
    expect(result.main).not_to_contain_text(HOLDER)

    # What the QR code on the PDF opens: the answer straight away, without typing anything.
    result = CertificateCheckPage.visit(page, f"/check/{code}/", heading="This certificate is valid")
    assert not result.is_signed_in()
    expect(result.result_panel).to_contain_text(code)
    assert result.details()["Name"] == HOLDER
    assert result.details()["Valid until"] == long_date(certificate.expires_on)


def test_an_empty_check_asks_for_the_code(page, certificate):
    check = CertificateCheckPage.visit(page)
    check = check.check_code_with_keyboard("", "Check a certificate")
    expect(page).to_have_title(re.compile(r"^Error: Check a certificate"))
    summary = check.error_summary()
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the certificate code.")).to_be_visible()
    expect(check.code_box).to_have_accessible_description(re.compile(r"Error: Enter the certificate code\."))


# 5. The learner's own list


def test_your_certificates_lists_the_certificate_with_its_status_and_links(page, certificate, driver):
    home = SignInPage.visit(page).sign_in(driver.email, TEST_PASSWORD)
    training = home.go_to_your_training()
    assert training.tasks()[0][:2] == (COURSE, "Completed")

    mine = training.go_to_your_certificates()
    issued, valid_until = long_date(certificate.issued_on), long_date(certificate.expires_on)
    assert mine.rows() == [(f"{COURSE} Issued {issued}", "Valid", valid_until)]
    expect(mine.table.get_by_role("columnheader")).to_have_text(["Course", "Status", "Valid until", "Certificate"])
    expect(mine.view_link(COURSE)).to_have_text(re.compile(r"^View"))
    expect(mine.download_link(COURSE)).to_have_text(re.compile(r"^Download PDF"))

    download = page.request.get(mine.download_link(COURSE).get_attribute("href"))
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body().startswith(b"%PDF-")

    holder = mine.view_with_keyboard(COURSE, HOLDER)
    assert holder.status() == "Valid"
    assert holder.details()["Certificate code"] == certificate.display_code
    assert holder.details()["Valid until"] == valid_until


def test_a_certificate_that_has_run_out_says_so_everywhere(page, certificate, driver):
    today = timezone.localdate()
    certificate.issued_on = today - relativedelta(months=37)
    certificate.expires_on = today - relativedelta(months=1)
    certificate.save(update_fields=["issued_on", "expires_on"])
    expired_on = long_date(certificate.expires_on)

    SignInPage.visit(page).sign_in(driver.email, TEST_PASSWORD)
    mine = YourCertificatesPage.visit(page)
    assert [row[1:3] for row in mine.rows()] == [("Expired", expired_on)]
    holder = mine.view(COURSE, HOLDER)
    assert holder.status() == "Expired"

    result = CertificateCheckPage.visit(
        page, f"/check/{certificate.display_code}/", heading="This certificate has expired"
    )
    assert result.details()["Expired"] == expired_on
