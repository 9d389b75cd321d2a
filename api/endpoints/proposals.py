"""Proposals the calling key takes part in, and the steps its side may take.

Which proposals a key sees and which side it acts on come from
`intermediaries.permissions`; every step is the screens' own service, which checks
the side and the state again under a row lock and writes the event and the audit row.
"""

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from intermediaries import services
from intermediaries.models import Proposal, ProposalState
from intermediaries.permissions import Side, proposal_permission_policy
from intermediaries.services import TRANSITIONS

from ..auth import require_scope
from ..exchange import ProcessData, process_data
from ..models import Scope
from ..pagination import MAX_POSITION, Cursor, decode_cursor, encode_cursor
from ..problems import ERRORS, PAGED_ERRORS
from ..schemas import ProposalList, ProposalOut, TransitionIn

router = Router(tags=["proposals"])

Id = Annotated[int, Path(ge=1, le=MAX_POSITION)]
SIDES = (Side.INTERMEDIARY, Side.JOBSEEKER, Side.EMPLOYER)


def _visible(request: HttpRequest) -> QuerySet[Proposal]:
    return proposal_permission_policy.with_sides(
        request.user, proposal_permission_policy.visible_to(request.user)
    ).select_related("vacancy", "organisation")


def _out(proposal: Proposal) -> dict[str, Any]:
    sides = {side for side in SIDES if getattr(proposal, f"side_{side}", False)}
    return {
        "id": proposal.pk,
        "state": proposal.state,
        "state_label": str(ProposalState(proposal.state).label),
        "vacancy_id": proposal.vacancy_id,
        "vacancy_title": proposal.vacancy.title,
        "organisation": proposal.organisation.name,
        "created_at": proposal.created_at,
        "state_changed_at": proposal.state_changed_at,
        "interview_at": proposal.interview_at,
        "interview_place": proposal.interview_place,
        "allowed_actions": [
            action
            for action, transition in TRANSITIONS.items()
            if transition.side in sides and proposal.state in transition.from_states
        ],
    }


@router.get("", response={200: ProposalList, 304: None, **PAGED_ERRORS}, url_name="proposal_list")
def proposal_list(
    request: HttpRequest,
    cursor: Cursor = None,
    state: Annotated[ProposalState | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
):
    """Proposals on any side the key acts on, newest first."""
    require_scope(request, Scope.PROPOSALS_READ)
    proposals = _visible(request).order_by("-pk")
    before = decode_cursor("proposals", cursor)
    if before is not None:
        proposals = proposals.filter(pk__lt=before)
    if state is not None:
        proposals = proposals.filter(state=state)
    rows = list(proposals[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_out(row) for row in rows],
        "next_cursor": encode_cursor("proposals", rows[-1].pk) if more else None,
    }


def _one(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = _visible(request).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal


@router.get(
    "/{proposal_id}", response={200: ProposalOut, 304: None, **ERRORS}, url_name="proposal_detail"
)
def proposal_detail(request: HttpRequest, proposal_id: Id):
    require_scope(request, Scope.PROPOSALS_READ)
    return _out(_one(request, proposal_id))


@router.get(
    "/{proposal_id}/process",
    response={200: ProcessData, 304: None, **ERRORS},
    url_name="proposal_process",
)
def proposal_process(request: HttpRequest, proposal_id: Id):
    """The proposal's steps and placement in the shape of VUM's process data (part 3)."""
    require_scope(request, Scope.PROPOSALS_READ)
    return process_data(_one(request, proposal_id))


def _step(action: str) -> Callable[..., Any]:
    """The screens' service for `action`, with the arguments it takes from the body."""
    steps: dict[str, Callable[[Proposal, Any, TransitionIn], Any]] = {
        "jobseeker_agree": lambda p, by, body: services.proposal_jobseeker_agree(
            proposal=p, by=by, note=body.note
        ),
        "jobseeker_decline": lambda p, by, body: services.proposal_jobseeker_decline(
            proposal=p, by=by, reason=body.note
        ),
        "employer_interested": lambda p, by, body: services.proposal_employer_interested(
            proposal=p, by=by, note=body.note
        ),
        "employer_decline": lambda p, by, body: services.proposal_employer_decline(
            proposal=p, by=by, reason=body.reason, note=body.note
        ),
        "plan_interview": lambda p, by, body: services.proposal_plan_interview(
            proposal=p, by=by, interview_at=body.interview_at, place=body.place, note=body.note
        ),
        "mark_placed": lambda p, by, body: services.proposal_mark_placed(
            proposal=p,
            by=by,
            start_date=body.start_date,
            contract_type=body.contract_type,
            hours_per_week=body.hours_per_week or 0,
            note=body.note,
        ),
        "mark_not_placed": lambda p, by, body: services.proposal_mark_not_placed(
            proposal=p, by=by, note=body.note
        ),
        "withdraw": lambda p, by, body: services.proposal_withdraw(
            proposal=p, by=by, note=body.note
        ),
    }
    if action not in steps:
        raise ValidationError(
            {"action": [_("Choose one of: %(values)s.") % {"values": ", ".join(steps)}]}
        )
    return steps[action]


@router.post(
    "/{proposal_id}/transitions",
    response={200: ProposalOut, **ERRORS},
    url_name="proposal_transition",
)
def proposal_transition(request: HttpRequest, proposal_id: Id, payload: TransitionIn):
    """Take one step (`allowed_actions` says which); refused when the state or side is wrong."""
    require_scope(request, Scope.PROPOSALS_WRITE)
    proposal = _one(request, proposal_id)
    _step(payload.action)(proposal, request.user, payload)
    return _out(_one(request, proposal_id))
