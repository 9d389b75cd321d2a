"""Who calls: a Bearer key, checked once per request, then limited per key.

After authentication `request.user` is the account the key acts as (the key's member
account of its organisation, or the jobseeker of a personal token), so the permission
policies, services and audit log the screens use apply unchanged.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from .models import ApiKey, Scope
from .services import api_key_authenticate

_RATE = re.compile(r"^(\d+)/(s|m|h)$")
_PERIODS = {"s": 1, "m": 60, "h": 3600}


class KeyAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = api_key_authenticate(token.strip())
        if key is None:
            return None
        request.user = key.user
        request.api_key = key
        return key


def require_scope(request: HttpRequest, scope: Scope) -> ApiKey:
    """The calling key, if it holds `scope`; else 403."""
    key: ApiKey = request.auth
    if scope not in key.scopes:
        raise PermissionDenied(
            _("This key does not have the scope “%(scope)s”.") % {"scope": scope.value}
        )
    return key


def _rate() -> tuple[int, int]:
    match = _RATE.match(getattr(settings, "API_RATE_LIMIT", "120/m"))
    if match is None:
        return 120, 60
    return int(match.group(1)), _PERIODS[match.group(2)]


class PerKeyThrottle(BaseThrottle):
    """A fixed window per key in Django's cache: one increment per call (and one add for a
    window's first call). With the database cache an add costs as much as an increment
    (a count of the table, a read and a write), so it is not tried on every call."""

    def allow_request(self, request: HttpRequest) -> bool:
        key = getattr(request, "api_key", None)
        if key is None:
            return True
        limit, period = _rate()
        window = int(time.time() // period)
        cache_key = f"api-rate:{key.prefix}:{window}"
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window's first call
            count = 1
            if not cache.add(cache_key, 1, period + 1):
                try:
                    count = cache.incr(cache_key)  # another process started it meanwhile
                except ValueError:  # and it expired since: a window is new again
                    cache.set(cache_key, 1, period + 1)
        return count <= limit

    def wait(self) -> float:
        _limit, period = _rate()
        return max(1.0, period - time.time() % period)
