"""Absolute links for e-mails: from the request that caused them, else the configured site URL.

E-mails are written by the background worker, which has no request. So the address
is taken when the work is queued: `site_url()` gives the scheme and host of the
request being answered (Django checked the host against ALLOWED_HOSTS), and
outside a request the configured `SITE_URL` (by default the HOST and PORT that
`make run` serves on). A fixed address would make every link wrong on another
host or port.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

_origin: ContextVar[str] = ContextVar("request_origin", default="")


def site_url() -> str:
    """The site's address without a trailing slash: this request's, or the configured one."""
    return (_origin.get() or settings.SITE_URL).rstrip("/")


def absolute_url(path: str, *, base: str = "") -> str:
    """`path` (from `reverse`) as a full link, on `base` (a queued `site_url()`) if given."""
    return (base or site_url()).rstrip("/") + path


class SiteUrlMiddleware:
    """Remember the scheme and host of the request, for links in e-mails it queues."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = ""  # CommonMiddleware answers 400 for it; e-mails use SITE_URL
        token = _origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
