"""Reads for the proposal screens. Each is one query, whatever the number of rows."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from portal.accounts.models import User
from portal.organisations.models import Organisation
from vacancies.models import Vacancy

from .models import Proposal
from .permissions import coach_organisations, employer_organisations


def proposals_for_jobseeker(*, jobseeker: User) -> QuerySet[Proposal]:
    """ "Proposals for me": every proposal of the jobseeker's portfolio, newest change first.

    With the vacancy, its employer and the proposing organisation, so the list is one query.
    """
    return (
        Proposal.objects.filter(portfolio__jobseeker=jobseeker)
        .select_related("vacancy__organisation", "organisation", "proposed_by")
        .order_by("-state_changed_at", "-id")
    )


@dataclass(frozen=True)
class EmployerPlacement:
    """What the employer sees of a placement: never the target group."""

    start_date: date
    contract_type: str
    hours_per_week: int


@dataclass(frozen=True)
class EmployerProposal:
    """One row of an employer's inbox. `jobseeker_name` is None while identity is not shared."""

    id: int
    state: str
    state_changed_at: datetime
    created_at: datetime
    motivation: str
    explanation: dict[str, Any]
    portfolio_public_id: str
    organisation_name: str
    interview_at: datetime | None
    interview_place: str
    jobseeker_name: str | None
    placement: EmployerPlacement | None


def _identity_shared(proposal: Proposal) -> bool:
    """The employer sees who it is once the jobseeker agreed, and only if their consent allows it."""
    consent = proposal.portfolio.consent
    return (
        proposal.jobseeker_agreed_at is not None
        and consent.coach_approves_employers
        and consent.employers_named
    )


def proposals_for_vacancy(*, vacancy: Vacancy, viewer: User) -> list[EmployerProposal]:
    """The employer's inbox for one vacancy, for its recruiters and admins (empty for anyone else).

    Rows carry only what the employer may see: no target group, no name before agreement.
    """
    proposals = (
        Proposal.objects.filter(
            vacancy=vacancy,
            vacancy__organisation__in=employer_organisations(viewer).values("pk"),
        )
        .select_related("organisation", "portfolio__consent", "portfolio__jobseeker", "placement")
        .only(
            "state",
            "state_changed_at",
            "created_at",
            "motivation",
            "explanation",
            "interview_at",
            "interview_place",
            "jobseeker_agreed_at",
            "organisation__name",
            "portfolio__public_id",
            "portfolio__consent__coach_approves_employers",
            "portfolio__consent__employers_named",
            "portfolio__jobseeker__first_name",
            "portfolio__jobseeker__last_name",
            "placement__start_date",
            "placement__contract_type",
            "placement__hours_per_week",
        )
        .order_by("-state_changed_at", "-id")
    )
    rows = []
    for proposal in proposals:
        placement = getattr(proposal, "placement", None)
        jobseeker = proposal.portfolio.jobseeker
        rows.append(
            EmployerProposal(
                id=proposal.pk,
                state=proposal.state,
                state_changed_at=proposal.state_changed_at,
                created_at=proposal.created_at,
                motivation=proposal.motivation,
                explanation=proposal.explanation,
                portfolio_public_id=str(proposal.portfolio.public_id),
                organisation_name=proposal.organisation.name,
                interview_at=proposal.interview_at,
                interview_place=proposal.interview_place,
                jobseeker_name=jobseeker.get_full_name() if _identity_shared(proposal) else None,
                placement=(
                    EmployerPlacement(
                        start_date=placement.start_date,
                        contract_type=placement.contract_type,
                        hours_per_week=placement.hours_per_week,
                    )
                    if placement is not None
                    else None
                ),
            )
        )
    return rows


def proposals_of_organisation(*, organisation: Organisation, viewer: User) -> QuerySet[Proposal]:
    """Proposals an intermediary made, with placements (target group included), for its coaches.

    Empty for anyone who is not coach or admin of `organisation`.
    """
    return (
        Proposal.objects.filter(
            organisation=organisation,
            organisation__in=coach_organisations(viewer).values("pk"),
        )
        .select_related(
            "organisation",
            "portfolio__jobseeker",
            "vacancy__organisation",
            "proposed_by",
            "placement",
        )
        .order_by("-state_changed_at", "-id")
    )
