"""Rate limits fail open when the cache is away: the request is served, not refused or crashed."""

import pytest

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_the_public_certificate_check_still_answers_when_the_cache_is_down(client, certificate, settings, caplog):
    settings.CACHES = DEAD_REDIS
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    response = client.get("/check/", {"code": certificate.code})
    assert response.status_code == 200
    assert "This certificate is valid" in response.content.decode()
    assert "not applied: the cache is unavailable" in caplog.text


def test_the_limit_still_applies_when_the_cache_is_up(client, certificate, settings):
    settings.CERTIFICATE_CHECK_RATE = "2/m"
    assert [client.get("/check/", {"code": certificate.code}).status_code for _ in range(3)] == [200, 200, 429]
