"""A coach organisation's shared profiles in bulk, as HR Open Candidates, streamed.

One JSON document per line (NDJSON), written while the database is read in chunks, so
10,000 profiles cost the memory of one chunk. Every profile sent is a view of that
portfolio and logged as one, like opening it on screen.
"""

import json
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router

from portal.audit.services import AuditTarget, audit_record_each
from portal.organisations.selectors import active_organisation_names
from portfolios.models import PortfolioPage
from portfolios.permissions import portfolio_permission_policy

from ..auth import require_scope
from ..exchange import Concepts, candidate_documents
from ..models import Scope
from ..problems import ERRORS
from ..selectors import caseload_portfolio_chunks

router = Router(tags=["profiles"])

CHUNK = 500
NDJSON = "application/x-ndjson"


def _lines(request: HttpRequest, language: str) -> Iterator[bytes]:
    user = request.user
    organisations = active_organisation_names(user=user)
    # The response is written after the view returned: keep the caller's language.
    with translation.override(language):
        concepts = Concepts()
        for chunk in caseload_portfolio_chunks(user=user, size=CHUNK):
            documents = candidate_documents(
                chunk, concepts, also=("title", "jobseeker_id", "live_revision_id")
            )
            audit_record_each(
                actor=user,
                events=[
                    (
                        "portfolio.view",
                        row["jobseeker_id"],
                        AuditTarget.of(PortfolioPage, row["pk"], row["title"]),
                        {
                            "what": "api-export",
                            "revision_id": row["live_revision_id"],
                            "organisations": organisations,
                        },
                    )
                    for row, _document in documents
                ],
            )
            yield "".join(
                json.dumps(document, cls=DjangoJSONEncoder) + "\n" for _row, document in documents
            ).encode()


@router.get(
    "/export",
    response={200: None, **ERRORS},
    url_name="profiles_export",
    openapi_extra={
        "responses": {
            200: {
                "description": "One HR Open Candidate per line (NDJSON).",
                "content": {NDJSON: {"schema": {"$ref": "#/components/schemas/Candidate"}}},
            }
        }
    },
)
def profiles_export(request: HttpRequest):
    """The published profiles that jobseekers of the key's organisation shared with it, as HR
    Open Candidates (skills as ESCO URIs with levels; no names or contact details), one per
    line. Each profile sent is logged as a view of that portfolio."""
    require_scope(request, Scope.CANDIDATES_READ)
    if not portfolio_permission_policy.is_intermediary(request.user):
        raise PermissionDenied(_("Only keys of a coaching organisation export profiles."))
    language = translation.get_language() or "nl"
    response = StreamingHttpResponse(_lines(request, language), content_type=NDJSON)
    response["Cache-Control"] = "private, no-store"
    return response
