"""The public check: valid, expired, revoked or not found, for people and for machines."""

import pytest
from django.utils import timezone

from certificates import codes
from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def check(client, code, **headers):
    return client.get("/check/", {"code": code}, **headers)


def test_a_valid_certificate_shows_its_facts_and_nothing_more(client, certificate):
    html = check(client, certificate.display_code).content.decode()
    assert "This certificate is valid" in html
    for fact in (certificate.name_as_printed, certificate.course.title, certificate.display_code,
                 f"{certificate.expires_on:%-d %B %Y}"):
        assert fact in html
    assert certificate.learner.email not in html


def test_the_qr_code_address_checks_the_code_in_it(client, certificate):
    html = client.get(f"/check/{certificate.display_code}/").content.decode()
    assert "This certificate is valid" in html


def test_entry_is_forgiving(client, certificate):
    typed = certificate.display_code.lower().replace("-", " ").replace("0", "o")
    assert "This certificate is valid" in check(client, typed).content.decode()


def test_an_expired_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=timezone.localdate().replace(year=2020), expires_on=timezone.localdate()
    )
    assert "This certificate has expired" in check(client, certificate.code).content.decode()


def test_a_revoked_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoked_reason="Cheating")
    html = check(client, certificate.code).content.decode()
    assert "This certificate has been revoked" in html
    assert "Cheating" not in html


@pytest.mark.parametrize("entered", ["EAE-00000-00000-00000", "not a code at all", "EAE-7KQ4M-2XD9F-J3KQ7"])
def test_unknown_or_malformed_codes_get_one_and_the_same_answer(client, certificate, entered):
    response = check(client, entered)
    assert response.status_code == 200
    assert "No certificate has this code" in response.content.decode()


def test_a_mistyped_real_code_is_not_found_rather_than_matched_to_another(client, certificate):
    code = certificate.code
    mistyped = code[:3] + ("0" if code[3] != "0" else "1") + code[4:]
    assert codes.normalise(mistyped) is None
    assert "No certificate has this code" in check(client, mistyped).content.decode()


def test_machines_get_json(client, certificate):
    body = check(client, certificate.display_code, HTTP_ACCEPT="application/json").json()
    assert body == {
        "status": "valid",
        "code": certificate.display_code,
        "name": certificate.name_as_printed,
        "course": certificate.course.title,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
    }
    assert check(client, "nothing", HTTP_ACCEPT="application/json").json() == {"status": "not_found"}
    assert client.get("/check/", HTTP_ACCEPT="application/json").status_code == 400


def test_checks_are_rate_limited_per_client(client, certificate, settings):
    settings.CERTIFICATE_CHECK_RATE = "5/m"
    for _ in range(5):
        assert check(client, certificate.code).status_code == 200
    assert check(client, certificate.code).status_code == 429
    assert check(client, certificate.code, HTTP_ACCEPT="application/json").status_code == 429
    other = client_from(client, "10.0.0.9")
    assert check(other, certificate.code, REMOTE_ADDR="10.0.0.9").status_code == 200


def client_from(client, address):
    return type(client)(REMOTE_ADDR=address)


def test_the_empty_form_is_not_counted_and_shows_no_result(client, settings):
    settings.CERTIFICATE_CHECK_RATE = "1/m"
    for _ in range(3):
        response = client.get("/check/")
        assert response.status_code == 200 and "Check a certificate" in response.content.decode()


def test_a_blank_code_shows_an_error(client, home_page):
    html = client.get("/check/", {"code": ""}).content.decode()
    assert "Enter the certificate code." in html


def test_there_is_no_listing(client, certificate):
    assert client.get("/check/?code=*").status_code == 200
    assert certificate.name_as_printed not in client.get("/check/?code=*").content.decode()
    assert client.get("/certificates/").status_code == 302  # sign-in, and then only your own
