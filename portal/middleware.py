"""Middleware of the portal itself."""

import logging
from collections.abc import Callable

from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as SiteCSPMiddleware
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.views.defaults import bad_request

from .validation import strip_control_characters


class CleanQueryStringMiddleware:
    """Remove NUL and other control characters from every query-string key and value.

    No filter, search or page parameter has a use for them, and PostgreSQL refuses
    NUL in text, so one stray byte in a bookmarked link would otherwise answer 500
    wherever a parameter reaches a query. Form posts are left alone: their fields
    reject such characters with a message (Django's CharField does for NUL).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            strip_control_characters(key) != key
            or any(strip_control_characters(value) != value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    strip_control_characters(key),
                    [strip_control_characters(value) for value in values],
                )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class DocumentSearchWithUsageFilterMiddleware:
    """Drop the usage-count filter when the admin's document listing is also searched.

    Wagtail 8.0's document listing answers 500 ("'Coalesce' object has no attribute
    'target'") when a search is combined with its usage-count filter, because the
    search backend cannot translate the annotated filter. Until Wagtail fixes it, a
    search there ignores the usage-count filter instead of failing.
    """

    PATH = "/cms/documents/"
    FILTERS = ("usage_count_min", "usage_count_max")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(self.PATH)
            and request.GET.get("q", "").strip()
            and any(name in request.GET for name in self.FILTERS)
        ):
            query = request.GET.copy()
            for name in self.FILTERS:
                query.pop(name, None)
            query._mutable = False
            request.GET = query
        return self.get_response(request)


logger = logging.getLogger(__name__)


class OutOfRangeNumberMiddleware:
    """Answer 400, not 500, when a number from a request is too large for the database.

    SQLite refuses integers beyond 64 bits with an OverflowError where PostgreSQL
    simply finds nothing; Django's and Wagtail's model-choice fields and filters pass
    such ids straight to a query. Our own parsing bounds its numbers
    (`portal.validation.bounded_int`); this catches what third-party views let through.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OverflowError):
            return None
        logger.warning("400 for an out-of-range number on %s: %s", request.path, exception)
        return bad_request(request, exception)


class CSPMiddleware(SiteCSPMiddleware):
    """django-csp's middleware, except that a response which already carries its own, stricter
    policy (the API's JSON, private files: `default-src 'none'`) is left as it is, without
    building the site's policy for it on every call."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if "Content-Security-Policy" in response:
            if getattr(request, "_csp_nonce", None) is None:
                # As django-csp does: asking a nonce after the header is written is an error.
                request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
            return response
        return super().process_response(request, response)
