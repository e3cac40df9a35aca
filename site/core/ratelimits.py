"""Rate limits that fail open: if the cache (Redis) cannot be reached, the request goes ahead and the
lapse is logged. A limit guards against guessing and floods; refusing every request, or answering
500, for the minutes Redis is away would be worse."""

import logging

from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def usage(request, *, group, key, rate, increment=True):
    """django-ratelimit's usage for this request, or None when the cache is unavailable."""
    try:
        return get_usage(request, group=group, key=key, rate=rate, increment=increment)
    except Exception:  # noqa: BLE001 - each cache backend raises its own connection errors
        logger.warning("Rate limit %r not applied: the cache is unavailable.", group)
        return None


def over_limit(request, *, group, key, rate):
    found = usage(request, group=group, key=key, rate=rate)
    return bool(found and found["should_limit"])
