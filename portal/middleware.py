"""Middleware of the portal itself."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

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
