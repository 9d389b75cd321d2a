"""Test and demo data for proposals, made through the same actions the people take.

    proposal = make_proposal(coach=coach, portfolio=portfolio, vacancy=vacancy,
                             recruiter=recruiter, state=ProposalState.INTERVIEW_PLANNED)

`make_proposal` walks the proposal from "proposed" to `state` step by step, so every
proposal it makes has the events and audit rows production would give it.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from portal.accounts.models import User
from portfolios.models import PortfolioPage
from vacancies.models import Vacancy

from .models import ContractType, EmployerDeclineReason, Proposal, ProposalState
from .services import (
    proposal_create,
    proposal_employer_decline,
    proposal_employer_interested,
    proposal_jobseeker_agree,
    proposal_jobseeker_decline,
    proposal_mark_not_placed,
    proposal_mark_placed,
    proposal_plan_interview,
    proposal_withdraw,
)

EXPLANATION = {
    "score": 42,
    "required_met": ["Heftruck rijden"],
    "required_missing": [],
    "nice_met": ["Orderpicken"],
    "distance_km": 12,
    "within_reach": True,
}

# One step: (proposal, coach, recruiter) → the proposal after the step.
Step = Callable[[Proposal, User, User | None], Any]


def _agree(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_jobseeker_agree(proposal=p, by=p.portfolio.jobseeker)


def _decline(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_jobseeker_decline(proposal=p, by=p.portfolio.jobseeker, reason="Te ver weg")


def _interested(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_employer_interested(proposal=p, by=recruiter)


def _employer_decline(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_employer_decline(proposal=p, by=recruiter, reason=EmployerDeclineReason.HOURS)


def _plan(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_plan_interview(
        proposal=p,
        by=recruiter,
        interview_at=timezone.now() + timedelta(days=3),
        place="Kantoor, Hoofdstraat 1",
    )


def _placed(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_mark_placed(
        proposal=p,
        by=recruiter,
        start_date=timezone.localdate() + timedelta(days=14),
        contract_type=ContractType.REGULAR,
        hours_per_week=24,
    )


def _not_placed(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_mark_not_placed(proposal=p, by=recruiter)


def _withdraw(p: Proposal, coach: User, recruiter: User | None) -> Any:
    return proposal_withdraw(proposal=p, by=coach)


PATHS: dict[str, list[Step]] = {
    ProposalState.PROPOSED: [],
    ProposalState.JOBSEEKER_AGREED: [_agree],
    ProposalState.JOBSEEKER_DECLINED: [_decline],
    ProposalState.EMPLOYER_INTERESTED: [_agree, _interested],
    ProposalState.EMPLOYER_DECLINED: [_agree, _employer_decline],
    ProposalState.INTERVIEW_PLANNED: [_agree, _interested, _plan],
    ProposalState.PLACED: [_agree, _interested, _plan, _placed],
    ProposalState.NOT_PLACED: [_agree, _interested, _plan, _not_placed],
    ProposalState.WITHDRAWN: [_withdraw],
}


def make_proposal(
    *,
    coach: User,
    portfolio: PortfolioPage,
    vacancy: Vacancy,
    recruiter: User | None = None,
    state: str = ProposalState.PROPOSED,
    motivation: str = "Sanne werkt nauwkeurig en heeft al ervaring in een magazijn.",
    explanation: dict[str, Any] | None = None,
) -> Proposal:
    """A proposal by `coach`, moved to `state` by its jobseeker and `recruiter` (employer steps)."""
    proposal = proposal_create(
        portfolio=portfolio,
        vacancy=vacancy,
        by=coach,
        motivation=motivation,
        explanation=EXPLANATION if explanation is None else explanation,
    )
    for step in PATHS[state]:
        step(proposal, coach, recruiter)
    return Proposal.objects.get(pk=proposal.pk)
