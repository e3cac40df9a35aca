"""The cache fails open: while Redis is away, reads miss, writes are dropped and pages still answer."""

import pytest

DEAD_REDIS = {
    "default": {
        "BACKEND": "eyesandears.core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_reads_miss_and_writes_are_dropped_while_redis_is_away(settings, caplog):
    from django.core.cache import cache

    settings.CACHES = DEAD_REDIS
    assert cache.get("key", "missing") == "missing"
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    assert cache.get_many(["key"]) == {}
    assert cache.delete("key") is False
    assert "The cache is unavailable" in caplog.text
    with pytest.raises(Exception):  # counters still raise: their callers decide (see core/ratelimits.py)
        cache.incr("key")


@pytest.mark.django_db
def test_wagtail_pages_answer_while_redis_is_away(client, taxi_course, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get(taxi_course.url)
    assert response.status_code == 200
    assert taxi_course.title in response.content.decode()
