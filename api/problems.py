"""Errors as RFC 9457 problem details (`application/problem+json`) in the request's language.

Every refusal the API makes goes through `problem()`, so a client always gets the same
shape: a stable `type` URI to branch on, and `title`/`detail` for people, translated.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from .pagination import BadCursor

PROBLEM_TYPE = "tag:talentbrug.nl,2026:problem/"
CONTENT_TYPE = "application/problem+json"
# JSON is never a page: nothing in it may load, run or be framed. Set here, it also spares
# the site's CSP middleware building the screens' policy on every call.
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


def json_headers(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = JSON_POLICY
    return response


class FieldProblem(Schema):
    """One thing wrong with the input: where (`field`, dotted) and what, in words."""

    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblem] | None = None


# Every operation documents the problems it can answer with.
ERRORS: dict[int, type[Schema]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}
# Lists that page with a cursor also answer 400 to a cursor that is not valid for them.
PAGED_ERRORS: dict[int, type[Schema]] = {400: Problem, **ERRORS}


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad-request", _("The request is not valid")),
        401: ("not-authenticated", _("No valid API key")),
        403: ("forbidden", _("Not allowed")),
        404: ("not-found", _("Not found")),
        405: ("method-not-allowed", _("Method not allowed")),
        409: ("conflict", _("Conflict")),
        412: ("precondition-failed", _("Precondition failed")),
        413: ("content-too-large", _("Content too large")),
        422: ("validation-error", _("The input is not valid")),
        429: ("too-many-requests", _("Too many requests")),
    }


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    slug: str | None = None,
) -> HttpResponse:
    default_slug, title = _titles().get(status, ("error", _("Error")))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (slug or default_slug),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    response["Content-Language"] = (
        request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else ""
    )
    return json_headers(response)


def pydantic_message(error: dict[str, Any]) -> str:
    """Pydantic's English messages, said again in the request's language."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    messages = {
        "missing": _("This is required."),
        "int_parsing": _("Fill in a whole number."),
        "int_type": _("Fill in a whole number."),
        "int_from_float": _("Fill in a whole number."),
        "bool_parsing": _("Fill in true or false."),
        "bool_type": _("Fill in true or false."),
        "date_from_datetime_parsing": _("Fill in a date like 2026-03-31."),
        "date_parsing": _("Fill in a date like 2026-03-31."),
        "date_type": _("Fill in a date like 2026-03-31."),
        "datetime_parsing": _("Fill in a date and time like 2026-03-31T10:00:00+02:00."),
        "datetime_from_date_parsing": _("Fill in a date and time like 2026-03-31T10:00:00+02:00."),
        "string_type": _("Fill in text."),
        "list_type": _("Give a list."),
        "dict_type": _("Give an object."),
        "model_type": _("Give an object."),
        "model_attributes_type": _("Give an object."),
        "json_invalid": _("The body is not valid JSON."),
        "enum": _("Choose one of: %(values)s.") % {"values": context.get("expected", "")},
        "literal_error": _("Choose one of: %(values)s.") % {"values": context.get("expected", "")},
        "string_too_long": _("Use at most %(n)s characters.") % {"n": context.get("max_length")},
        "string_too_short": _("Use at least %(n)s characters.") % {"n": context.get("min_length")},
        "too_long": _("Give at most %(n)s items.") % {"n": context.get("max_length")},
        "greater_than_equal": _("The lowest possible value is %(n)s.") % {"n": context.get("ge")},
        "less_than_equal": _("The highest possible value is %(n)s.") % {"n": context.get("le")},
        "greater_than": _("Fill in more than %(n)s.") % {"n": context.get("gt")},
        "less_than": _("Fill in less than %(n)s.") % {"n": context.get("lt")},
        "uuid_parsing": _("This is not a valid identifier."),
        "uuid_type": _("This is not a valid identifier."),
        "extra_forbidden": _("This field is unknown."),
    }
    if kind == "value_error":
        # Our own validators raise ValueError with a message already translated.
        message = str(context.get("error", ""))
        if message:
            return message
    return messages.get(kind, _("This value is not valid."))


def _field(location: tuple | list) -> str:
    # Ninja puts the parameter source first ("body", "query", "path") and the schema's
    # name second for bodies; clients want the path inside what they sent.
    parts = [str(part) for part in location]
    if len(parts) > 2 and parts[0] == "body":
        # The operation's name for the body ("payload", "document") is not in what was sent.
        parts = parts[2:]
    elif parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def on_ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _field(error.get("loc", ())), "message": pydantic_message(error)}
        for error in exc.errors
    ]
    return problem(request, 422, _("Some of the input is not valid; see errors."), errors=errors)


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field if field != "__all__" else "body", "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "body", "message": message} for message in exc.messages]
    return problem(request, 422, errors[0]["message"] if errors else "", errors=errors)


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(
        request,
        401,
        _("Send a valid, unexpired API key as “Authorization: Bearer <key>”."),
    )
    response["WWW-Authenticate"] = 'Bearer realm="talentbrug"'
    return response


def on_bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    return problem(request, 400, exc.message, errors=[{"field": "cursor", "message": exc.message}])


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, str(exc) or _("This key may not do this."))


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, _("There is nothing here, or this key may not see it."))


def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(request, 413, _("The body is too big."))


def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return problem(request, 429, _("This key made too many requests. Wait and try again."))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


def pydantic_errors(error: PydanticValidationError) -> DjangoValidationError:
    """Pydantic's problems as one Django ValidationError, field by field, in our words."""
    messages: dict[str, list[str]] = {}
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "__all__"
        messages.setdefault(field, []).append(pydantic_message(item))
    return DjangoValidationError(messages)
