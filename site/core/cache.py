"""The cache fails open: while Redis cannot be reached, it behaves as an empty cache that keeps nothing.

Wagtail reads its sites from the cache to build every page URL, so with Django's own Redis backend a
Redis outage turns every course and lesson page into an error. Here a read misses, a write is dropped
and a warning is logged; Redis is then left alone for a few seconds, so that requests do not each wait
on it. Counters (incr, decr) still raise, and their callers decide (rate limits fail open, see
eyesandears.core.ratelimits).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
#: After a failure, Redis is not tried again for this many seconds.
RETRY_AFTER_SECONDS = 5


class FailOpenRedisCache(RedisCache):
    _unavailable_until = 0.0

    def _or(self, fallback, operation, *args, **kwargs):
        if time.monotonic() < self._unavailable_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except UNAVAILABLE as error:
            self._unavailable_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("The cache is unavailable (%s): carrying on without it.", error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._or(None, super().delete_many, keys, version)

    def clear(self):
        return self._or(None, super().clear)
