"""Security headers on every kind of page: the content security policy (strict everywhere but the Wagtail
admin, which has its own), and the headers and cookies production sends."""

import re

import pytest

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from tests.fixtures.courses import lessons_of
from tests.fixtures.quizzes import start

pytestmark = pytest.mark.django_db

KEYWORDS = {"'self'", "'none'"}


def policy(response, header="Content-Security-Policy"):
    """{directive: [sources]} from the response's policy header."""
    assert header in response, f"no {header} on {response.request['PATH_INFO']}"
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(response):
    """The policy of every page outside the Wagtail admin: nothing inline, nothing from elsewhere."""
    path = response.request["PATH_INFO"]
    found = policy(response)
    assert found["default-src"] == ["'self'"], path
    assert found["script-src"] == ["'self'"], path
    assert found["style-src"] == ["'self'"], path
    assert found["img-src"] == ["'self'", "data:"], path
    assert found["object-src"] == ["'none'"], path
    assert found["base-uri"] == ["'self'"], path
    assert found["form-action"] == ["'self'"], path
    assert found["frame-ancestors"] == ["'none'"], path
    assert found["frame-src"] == ["'none'"], path
    for name, sources in found.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(sources), (path, name, sources)
        assert set(sources) <= KEYWORDS | {"data:"}, (path, name, sources)


def assert_common_headers(response):
    path = response.request["PATH_INFO"]
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path


def get(client, path, expected=200, **extra):
    response = client.get(path, **extra)
    assert response.status_code == expected, (path, response.status_code)
    return response


def test_public_pages_have_the_strict_policy(client, taxi_course, quiz, certificate):
    lesson = lessons_of(taxi_course)[0]
    for path in ["/", taxi_course.url, lesson.url, "/search/?q=signs", "/check/", f"/check/{certificate.code}/",
                 "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/api/v1/docs"]:
        response = get(client, path)
        assert_strict(response)
        assert_common_headers(response)
        assert response["X-Frame-Options"] == "DENY"


def test_error_pages_and_json_answers_have_it_too(client, home_page, certificate):
    assert_strict(get(client, "/no-such-page/", expected=404))
    assert_strict(get(client, f"/check/{certificate.code}/", HTTP_ACCEPT="application/json"))
    assert_strict(get(client, "/api/v1/drivers/PH1", expected=401))


def test_learner_pages_have_the_strict_policy(learner_client, quiz, taxi_course):
    for path in ["/your-training/", "/your-training/job-roles/", "/certificates/", "/your-training/licence/",
                 "/your-training/share-codes/", f"/quizzes/{quiz.pk}/", "/accounts/email/"]:
        assert_strict(get(learner_client, path))
    attempt_path = start(learner_client, quiz)
    assert_strict(get(learner_client, f"{attempt_path}/questions/1/"))
    assert_strict(get(learner_client, f"{attempt_path}/check/"))


def test_manager_and_officer_pages_have_the_strict_policy(client, manager, organisation, officer, authority):
    client.force_login(manager)
    for path in [f"/organisations/{organisation.pk}/", f"/organisations/{organisation.pk}/invite/",
                 f"/organisations/{organisation.pk}/upload/", f"/organisations/{organisation.pk}/share-code/"]:
        response = get(client, path)
        assert_strict(response)
        assert 'style="' not in response.content.decode(), path
    client.force_login(officer)
    for path in [f"/licensing/{authority.pk}/", f"/licensing/{authority.pk}/register/",
                 f"/licensing/{authority.pk}/lists/", f"/licensing/{authority.pk}/expiring/"]:
        assert_strict(get(client, path))


def test_setting_up_an_authenticator_app_allows_the_qr_code_as_a_data_uri(client, home_page):
    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    response = get(client, "/accounts/2fa/totp/activate/")
    assert_strict(response)
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()


def test_the_wagtail_admin_has_its_own_policy(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for path in ["/admin/", f"/admin/pages/{home_page.pk}/edit/", "/admin/images/", "/admin/reports/site-history/"]:
        response = get(client, path)
        found = policy(response)
        # Wagtail's own inline scripts and styles need 'unsafe-inline' here, and nowhere else...
        assert found["script-src"] == ["'self'", "'unsafe-inline'"], path
        assert "'unsafe-eval'" not in found["script-src"]
        # ...but still nothing from any other origin, no plugins, and framed only by the admin (previews).
        for name, sources in found.items():
            assert set(sources) <= KEYWORDS | {"'unsafe-inline'", "data:", "blob:"}, (path, name, sources)
        assert found["object-src"] == ["'none'"]
        assert found["base-uri"] == ["'self'"]
        assert found["frame-ancestors"] == ["'self'"]
        assert_common_headers(response)


def test_project_templates_hold_no_inline_script_style_or_handlers():
    """Everything the strict policy would block, looked for in the project's own templates (the
    certificate PDF is rendered by xhtml2pdf, not a browser, and keeps its <style>)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    templates = [
        path for folder in ["site", "courses", "quizzes", "certificates", "organisations", "licensing"]
        for path in (root / folder).rglob("*.html") if path.name != "certificate_pdf.html"
    ]
    assert len(templates) > 50
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
    forbidden = {
        "inline <script>": inline_script,
        "on* handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
        "javascript: URL": re.compile(r"javascript:", re.I),
        "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
        "<style> element": re.compile(r"<style[\s>]", re.I),
    }
    found = [
        f"{path.relative_to(root)}: {what}"
        for path in templates
        for what, pattern in forbidden.items()
        if pattern.search(path.read_text())
    ]
    assert not found, "\n".join(found)


# Production: HSTS, the redirect to https and cookies that only travel over it.


def test_production_sends_hsts_and_redirects_to_https(client, as_in_production, home_page):
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/accounts/login/"
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_strict(response)
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"


def test_production_cookies_are_secure_http_only_and_same_site(client, as_in_production, home_page):
    user = UserFactory()
    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == ""  # gone when the browser closes (and on the server after 30 idle minutes)
    client.post("/accounts/logout/", secure=True)
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": TEST_PASSWORD, "remember": "on"}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert int(session["max-age"]) == 30 * 60  # "remember me" keeps it only as long as the idle limit


def test_production_policy_is_the_strict_one(production_settings):
    directives = production_settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert production_settings["CONTENT_SECURITY_POLICY"]["EXCLUDE_URL_PREFIXES"] == []
    assert production_settings["X_FRAME_OPTIONS"] == "DENY"
    assert production_settings["SESSION_COOKIE_AGE"] == 30 * 60
    assert production_settings["SESSION_ABSOLUTE_TIMEOUT"] == 8 * 60 * 60
