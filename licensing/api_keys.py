"""API keys for a licensing authority's own system: shown once when issued, stored only as a hash,
revocable, and every use recorded (writes; the HTTP side is licensing/api.py).

A key reads `eae_` and 40 random URL-safe characters. The database keeps the SHA-256 of the whole
key and its first 12 characters (the prefix, so people can tell keys apart); the key itself is
never stored, logged or shown again. A fast hash is right here: the key is 240 random bits, so
there is nothing to guess, and a lookup has to be cheap on every request.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .choices import CheckMethod
from .models import ApiKey, ApiKeyUse, CheckRecord

KEY_START = "eae_"
KEY_RANDOM_BYTES = 30  # 30 bytes are 40 URL-safe base64 characters
PREFIX_LENGTH = 12
KEY_SHAPE = re.compile(r"eae_[A-Za-z0-9_-]{40}")

ISSUE_ACTION = "licensing.api_key.issue"
REVOKE_ACTION = "licensing.api_key.revoke"


def hash_key(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()


def generate_key():
    return KEY_START + secrets.token_urlsafe(KEY_RANDOM_BYTES)


@transaction.atomic
def api_key_issue(*, authority, name, created_by):
    """A new key for `authority`. Returns (api_key, raw_key): show raw_key once, then forget it."""
    while True:
        raw_key = generate_key()
        if not ApiKey.objects.filter(prefix=raw_key[:PREFIX_LENGTH]).exists():
            break
    api_key = ApiKey.objects.create(
        authority=authority,
        name=name.strip(),
        prefix=raw_key[:PREFIX_LENGTH],
        hashed_key=hash_key(raw_key),
        created_by=created_by,
    )
    log(api_key, ISSUE_ACTION, user=created_by, data={"authority": authority.name, "prefix": api_key.prefix})
    return api_key, raw_key


@transaction.atomic
def api_key_revoke(*, api_key, by):
    """From now on the key is refused (401). Revoking twice changes nothing."""
    locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if locked.revoked_at:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    log(locked, REVOKE_ACTION, user=by, data={"authority": locked.authority.name, "prefix": locked.prefix})
    return locked


def api_key_for(raw_key):
    """The key this text is, revoked or not; None if it is not one of ours."""
    if not raw_key or not KEY_SHAPE.fullmatch(raw_key):
        return None
    hashed = hash_key(raw_key)
    api_key = ApiKey.objects.select_related("authority").filter(hashed_key=hashed).first()
    if api_key is None or not hmac.compare_digest(api_key.hashed_key, hashed):
        return None
    return api_key


def api_key_use_record(*, api_key, endpoint, status_code, lookups=0):
    """Each request made with a key: which endpoint, how it was answered, how many drivers it looked up."""
    now = timezone.now()
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
    return ApiKeyUse.objects.create(
        api_key=api_key, endpoint=endpoint[:120], status_code=status_code, lookups=lookups
    )


def printable(entered):
    """What was entered, without control characters or lone surrogates, which no database stores."""
    return "".join(char for char in entered if not unicodedata.category(char).startswith("C"))


def api_checks_record(*, api_key, statuses):
    """One CheckRecord per driver looked up through the API ([(entered, DriverStatus)]), in one insert."""
    records = [
        CheckRecord(
            authority=api_key.authority,
            officer=None,
            api_key=api_key,
            api_key_name=api_key.name,
            driver=status.driver,
            licence=status.licence,
            entered=printable(entered)[:60],
            method=CheckMethod.API,
            outcome=status.outcome,
        )
        for entered, status in statuses
    ]
    return CheckRecord.objects.bulk_create(records)
