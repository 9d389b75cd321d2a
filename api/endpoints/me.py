"""A jobseeker's own data, with a personal token: take your portfolio elsewhere (GDPR Art. 20)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router

from portal.audit.services import audit_record
from portfolios.privacy import data_export_content

from ..auth import require_scope
from ..candidate_import import CandidateIn, candidate_import
from ..exchange import Candidate, candidate
from ..models import KeyKind, Scope
from ..problems import ERRORS, Problem
from ..schemas import CandidateImportOut

router = Router(tags=["me"])


@router.get(
    "/portfolio", response={200: dict[str, Any], 304: None, **ERRORS}, url_name="my_portfolio"
)
def my_portfolio(request: HttpRequest):
    """Your portfolio as in the "my data" export: skills, wishes, consent and revisions."""
    require_scope(request, Scope.PORTFOLIO_READ)
    data, _files = data_export_content(user=request.user)
    if data["portfolio"] is None:
        raise Http404
    return data["portfolio"]


@router.get("/profile", response={200: Candidate, 304: None, **ERRORS}, url_name="my_profile")
def my_profile(request: HttpRequest):
    """Your published portfolio as HR Open's Candidate (VUM's jobseeker profile): skills as
    ESCO URIs with your level, your wishes; no contact details."""
    require_scope(request, Scope.PORTFOLIO_READ)
    profile = candidate(request.user)
    if profile is None:
        raise Http404
    return profile


@router.get("/export", response={200: dict[str, Any], **ERRORS}, url_name="my_export")
def my_export(request: HttpRequest):
    """Everything we hold about you, as the "my data" download's JSON (files listed, not included)."""
    require_scope(request, Scope.PORTFOLIO_EXPORT)
    with transaction.atomic():
        data, _files = data_export_content(user=request.user)
        audit_record(
            actor=request.user,
            action="data.export",
            subject=request.user,
            target=request.auth,
            details={"via": "api"},
        )
    return data


@router.post(
    "/profile/import",
    response={200: CandidateImportOut, 413: Problem, **ERRORS},
    url_name="my_profile_import",
)
def my_profile_import(request: HttpRequest, document: CandidateIn):
    """Take a portfolio from another system, as HR Open's Candidate (what `GET /me/profile`
    gives: skills as ESCO URIs with a 1-4 level), into YOUR OWN portfolio as a new draft.

    Skills, wanted work, languages and wishes replace those of your newest draft; nothing is
    published or shared until you publish it yourself. Skills and work we do not know are
    listed in `skipped`, with why. A document that does not fit the schema is a 422 and
    changes nothing."""
    require_scope(request, Scope.PORTFOLIO_WRITE)
    # A person's own portfolio only: an organisation's key never writes one.
    if request.auth.kind != KeyKind.PERSONAL:
        raise PermissionDenied(_("Only a personal token imports into a portfolio."))
    result = candidate_import(user=request.user, document=document, via="api")
    return {
        "draft": True,
        "skills": result.skills,
        "occupations": result.occupations,
        "languages": result.languages,
        "skipped": [
            {"field": item.field, "uri": item.uri, "name": item.name, "reason": item.reason}
            for item in result.skipped
        ],
        "review_url": request.build_absolute_uri(reverse("portfolio_edit_publish")),
    }
