"""The NinjaAPI at /api/v1/: authentication, limits, problem details, ETags and the schema.

Why django-ninja: it is already in our dependency tree, and its operations are typed
functions whose pydantic schemas are both the input check at the edge and the OpenAPI 3.1
document, so the documentation cannot drift from what the code accepts.
"""

import hashlib

from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from . import problems
from .auth import KeyAuth, PerKeyThrottle
from .endpoints import (
    candidates,
    exchange,
    me,
    profiles,
    proposals,
    socialreturn,
    taxonomy,
    vacancies,
)
from .pagination import BadCursor

DESCRIPTION = """
Talentbrug's open API. Authenticate with an organisation API key or a personal token:
`Authorization: Bearer tb_…`. A key acts as its organisation under the same rules as the
screens; what it may call is limited by its scopes. Errors are RFC 9457 problem details
in the language of `Accept-Language` (Dutch or English). Reads answer with an `ETag`
(send it back in `If-None-Match` for a `304`); creates accept an `Idempotency-Key`.
Lists page with an opaque `cursor`.
"""


class TalentbrugAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = problems.json_headers(
            super().create_response(
                request, data, status=status, temporal_response=temporal_response
            )
        )
        if request.method == "GET" and response.status_code == 200:
            return conditional(request, response)
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Errors are problem details: say so, so clients and Schemathesis expect that type.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.CONTENT_TYPE] = content.pop("application/json")
        return schema


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A weak ETag over the body; `If-None-Match` with it answers 304 without the body."""
    etag = f'W/"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    patch_vary_headers(response, ["Authorization", "Accept-Language"])
    response["Cache-Control"] = "private, no-cache"
    wanted = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    if etag in wanted or "*" in wanted:
        not_modified = HttpResponseNotModified()
        for header in ("Cache-Control", "Vary", "Content-Security-Policy"):
            not_modified[header] = response[header]
        not_modified["ETag"] = etag
        return not_modified
    response["ETag"] = etag
    return response


api = TalentbrugAPI(
    title="Talentbrug API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=KeyAuth(),
    throttle=[PerKeyThrottle()],
    docs=Swagger(settings={"persistAuthorization": False}),
    # Swagger UI sets inline styles; its scripts stay same-origin (served by ninja's
    # static files, no CDN).
    docs_decorator=csp_update({"style-src": ["'unsafe-inline'"]}),
)

api.add_exception_handler(NinjaValidationError, problems.on_ninja_validation_error)
api.add_exception_handler(DjangoValidationError, problems.on_django_validation_error)
api.add_exception_handler(AuthenticationError, problems.on_authentication_error)
api.add_exception_handler(PermissionDenied, problems.on_permission_denied)
api.add_exception_handler(BadCursor, problems.on_bad_cursor)
api.add_exception_handler(Http404, problems.on_not_found)
api.add_exception_handler(RequestDataTooBig, problems.on_too_large)
api.add_exception_handler(Throttled, problems.on_throttled)
api.add_exception_handler(HttpError, problems.on_http_error)

api.add_router("/taxonomy", taxonomy.router)
api.add_router("/vacancies", vacancies.router)
api.add_router("/candidates", candidates.router)
api.add_router("/proposals", proposals.router)
api.add_router("/me", me.router)
api.add_router("/profiles", profiles.router)
api.add_router("/socialreturn", socialreturn.router)
api.add_router("/exchange", exchange.router)
