"""The API keys this process met lately, so a busy key costs no query per call.

An entry is the key row with its account and organisation, as read from the database,
and is believed for at most `API_KEY_CACHE_SECONDS` (10 by default). Revoking a key
forgets it in the process that revokes it at once; other processes stop accepting it
when their entry runs out, so a revoked key works nowhere more than that many seconds
after the revocation. Expiry is checked on every call against the stored end, and the
permission policies read memberships from the database on every call, so what a
revoked organisation key may see ends at once everywhere.

Entries are pickled (Django's in-process cache does that), so every request gets its own
copies of the key and its account, never objects another thread is using.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

from .models import ApiKey

# Names this module's clock, so tests can move it on.
monotonic = time.monotonic

_cache = LocMemCache("talentbrug-api-keys", {"OPTIONS": {"MAX_ENTRIES": 5000}})


@dataclass
class _Entry:
    key: ApiKey
    until: float


def _seconds() -> float:
    return float(getattr(settings, "API_KEY_CACHE_SECONDS", 10))


def _name(prefix: str) -> str:
    return f"key:{prefix}"


def remembered(prefix: str) -> ApiKey | None:
    """The key row read for `prefix` less than `API_KEY_CACHE_SECONDS` ago, if any."""
    entry: _Entry | None = _cache.get(_name(prefix))
    if entry is None or entry.until <= monotonic():
        return None
    return entry.key


def remember(key: ApiKey, *, fresh: bool = True) -> None:
    """Keep `key` (with `user` and `organisation` loaded) for the next calls.

    `fresh`: it was just read from the database, so it may be believed for the whole
    period; otherwise (a change this process made itself) the entry keeps its end.
    """
    seconds = _seconds()
    if seconds <= 0:
        return
    until = monotonic() + seconds
    if not fresh:
        entry: _Entry | None = _cache.get(_name(key.prefix))
        if entry is None:
            return
        until = entry.until
    _cache.set(_name(key.prefix), _Entry(key=key, until=until), timeout=seconds + 1)


def forget(prefix: str) -> None:
    _cache.delete(_name(prefix))


def forget_all() -> None:
    _cache.clear()
