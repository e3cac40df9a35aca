"""Shared by the hardening tests: the production settings as the production module computes them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What production needs to start (settings/production.py refuses to without each of these).
PRODUCTION_ENV = {
    "SECRET_KEY": "q7Vn2-pX9!rL4#tZ8&wC1*eH6^kM3$yB5%uJ0(sD2)fG8_aQ4+oI7=nE5~vR9",
    "ALLOWED_HOSTS": "training.example.gov.uk",
    "DATABASE_URL": "postgres://eyesandears@127.0.0.1:5432/eyesandears",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
}

# The settings that decide the headers and cookies a browser gets.
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE",
    "SESSION_ABSOLUTE_TIMEOUT",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "ADMIN_CONTENT_SECURITY_POLICY",
]


def run_with_settings(code, settings_module, env=None, timeout=120):
    """Run `code` in a fresh Python with only these settings' environment (none of the test run's)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and not key.startswith(("SESSION_", "SECURE_", "DEBUG", "DJANGO_"))
    }
    clean.update(env or {}, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=timeout
    )


def settings_of(settings_module, env, names=SECURITY_SETTINGS):
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {names!r}}}))"
    )
    result = run_with_settings(code, settings_module, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def production_settings():
    """{name: value} of SECURITY_SETTINGS under eyesandears.settings.production."""
    return settings_of("eyesandears.settings.production", PRODUCTION_ENV)


@pytest.fixture
def as_in_production(settings, production_settings):
    """This test's settings switched to production's security settings (the rest stay as for tests)."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    return settings
