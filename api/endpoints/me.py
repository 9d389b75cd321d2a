"""A jobseeker's own data, with a personal token: take your portfolio elsewhere (GDPR Art. 20)."""

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router

from portal.audit.services import audit_record
from portfolios.privacy import data_export_content

from ..auth import require_scope
from ..exchange import Candidate, candidate
from ..models import Scope
from ..problems import ERRORS

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
