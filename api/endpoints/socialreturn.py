"""Social return through the API: the obligations a key's organisation may see, with what is
realised, and the contributions toward one. Who sees which obligation is the social-return
app's own policy (`socialreturn.permissions`), read through its selectors."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema

from socialreturn.models import Obligation
from socialreturn.selectors import contributions_of, obligation_for, obligations_for, progress_of

from ..auth import require_scope
from ..models import Scope
from ..pagination import MAX_POSITION, Cursor, decode_cursor, encode_cursor
from ..problems import ERRORS, PAGED_ERRORS
from ..schemas import Page

router = Router(tags=["social return"])

Id = Annotated[int, Path(ge=1, le=MAX_POSITION)]
Limit = Annotated[int, Query(ge=1, le=100)]


class ObligationOut(Schema):
    id: int
    contract_reference: str
    title: str
    authority: str
    supplier: str
    start_date: date
    end_date: date
    required: Decimal
    realised: Decimal
    waiting: int


class ObligationList(Page):
    items: list[ObligationOut]


class ContributionOut(Schema):
    id: int
    kind: str
    status: str
    date: date
    value: Decimal | None
    starting_position: str
    hours_per_week: Decimal | None
    months: int | None
    placement_id: int | None
    vacancy_id: int | None


def _obligation(obligation: Obligation) -> dict:
    progress = progress_of(obligation)
    return {
        "id": obligation.pk,
        "contract_reference": obligation.contract_reference,
        "title": obligation.title,
        "authority": obligation.authority.name,
        "supplier": obligation.supplier.name,
        "start_date": obligation.start_date,
        "end_date": obligation.end_date,
        "required": progress.required,
        "realised": progress.realised,
        "waiting": obligation.waiting,
    }


@router.get(
    "/obligations",
    response={200: ObligationList, 304: None, **PAGED_ERRORS},
    url_name="obligation_list",
)
def obligation_list(request: HttpRequest, cursor: Cursor = None, limit: Limit = 25):
    """Obligations the key's organisation is a side of (authority or supplier), newest first,
    with the value required, accepted so far, and how many reports wait for a decision."""
    require_scope(request, Scope.SOCIALRETURN_READ)
    obligations = obligations_for(user=request.user)
    before = decode_cursor("obligations", cursor)
    if before is not None:
        obligations = obligations.filter(pk__lt=before)
    rows = list(obligations.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_obligation(row) for row in rows],
        "next_cursor": encode_cursor("obligations", rows[-1].pk) if more else None,
    }


@router.get(
    "/obligations/{obligation_id}/contributions",
    response={200: list[ContributionOut], 304: None, **ERRORS},
    url_name="obligation_contributions",
)
def obligation_contributions(request: HttpRequest, obligation_id: Id):
    """What was reported toward one obligation, with its status and value: placements by id,
    never the person."""
    require_scope(request, Scope.SOCIALRETURN_READ)
    obligation = obligation_for(user=request.user, pk=obligation_id)
    if obligation is None:
        raise Http404
    return [
        {
            "id": row.pk,
            "kind": row.kind,
            "status": row.status,
            "date": row.date,
            "value": row.value,
            "starting_position": row.starting_position,
            "hours_per_week": row.hours_per_week,
            "months": row.months,
            "placement_id": row.placement_id,
            "vacancy_id": row.placement.proposal.vacancy_id if row.placement_id else None,
        }
        for row in contributions_of(obligation=obligation).order_by("date", "pk")
    ]
