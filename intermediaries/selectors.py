"""Reads for the proposal screens. Each is one query, whatever the number of rows."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from portal.accounts.models import User
from portal.organisations.models import Membership, Organisation, Role
from portal.organisations.roles import COACH_ROLES
from portfolios.models import (
    ConsentEvent,
    PortfolioConsent,
    PortfolioLanguage,
    PortfolioOccupation,
    PortfolioSkill,
)
from vacancies.models import Vacancy

from .models import OPEN_STATES, Proposal, ProposalState
from .permissions import (
    caseload_organisations,
    coach_organisations,
    employer_organisations,
)


def proposals_for_jobseeker(*, jobseeker: User) -> QuerySet[Proposal]:
    """ "Proposals for me": every proposal of the jobseeker's portfolio, newest change first.

    With the vacancy, its employer and the proposing organisation, so the list is one query.
    """
    return (
        Proposal.objects.filter(portfolio__jobseeker=jobseeker)
        .select_related("vacancy__organisation", "organisation", "proposed_by")
        .order_by("-state_changed_at", "-id")
    )


def proposals_about_jobseeker(
    *, jobseeker: User, organisations: QuerySet[Organisation] | None = None
) -> QuerySet[Proposal]:
    """Every proposal of the jobseeker's portfolio, or with `organisations` only those made
    from them: what a training centre shows in a person's timeline and progress report."""
    proposals = Proposal.objects.filter(portfolio__jobseeker=jobseeker)
    if organisations is not None:
        proposals = proposals.filter(organisation__in=organisations)
    return proposals


def proposals_waiting_for_jobseeker(*, jobseeker: User) -> int:
    """How many proposals wait for the jobseeker's yes or no (the count on their dashboard)."""
    return Proposal.objects.filter(
        portfolio__jobseeker=jobseeker, state=ProposalState.PROPOSED
    ).count()


def consent_of_jobseeker(*, jobseeker: User) -> PortfolioConsent | None:
    """The jobseeker's portfolio consent: what an employer sees of them once they say yes."""
    return PortfolioConsent.objects.filter(portfolio__jobseeker=jobseeker).first()


def employer_vacancy(*, user: User, slug: str, pk: int) -> Vacancy | None:
    """Vacancy `pk` of employer `slug` if `user` answers proposals for it (recruiter or admin)."""
    return (
        Vacancy.objects.filter(
            pk=pk,
            organisation__slug=slug,
            organisation__in=employer_organisations(user).values("pk"),
        )
        .select_related("organisation")
        .first()
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
    jobseeker_agreed: bool
    jobseeker_name: str | None
    placement: EmployerPlacement | None


def _identity_shared(proposal: Proposal) -> bool:
    """The employer sees who it is once the jobseeker agreed, and only if their consent allows it."""
    consent = proposal.portfolio.consent
    return proposal.jobseeker_agreed_at is not None and consent.employers_see_name


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
            "portfolio__consent__employers_without_coach",
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
                jobseeker_agreed=proposal.jobseeker_agreed_at is not None,
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


def proposal_of_vacancy(*, vacancy: Vacancy, pk: int) -> Proposal | None:
    """Proposal `pk` if it is for `vacancy` (the caller checked who may answer for the vacancy)."""
    return Proposal.objects.filter(pk=pk, vacancy=vacancy).first()


# The stages a coach can pick on the organisation's proposal list (ProposalStageForm).
PROPOSAL_STAGES: dict[str, Q] = {
    "lopend": Q(state__in=OPEN_STATES),
    "geplaatst": Q(state=ProposalState.PLACED),
    "afgesloten": ~Q(state__in=OPEN_STATES) & ~Q(state=ProposalState.PLACED),
}


def proposals_of_organisation(
    *, organisation: Organisation, viewer: User, stage: str = ""
) -> QuerySet[Proposal]:
    """Proposals an intermediary made, with placements (target group included), for its coaches;
    only those in `stage` (a key of PROPOSAL_STAGES) when given.

    Empty for anyone who is not coach or admin of `organisation`.
    """
    return (
        Proposal.objects.filter(
            PROPOSAL_STAGES.get(stage, Q()),
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


# --- Caseload ------------------------------------------------------------------------------

# The audiences of PortfolioConsent a caseload row shows, in the order of the consent screen.
CONSENT_AUDIENCES = ("coach_organisation", "network", "employers_anonymous", "employers_named")
# The editor's steps a jobseeker fills in (portfolios.editor._empty_steps); "publish" is shown apart.
PORTFOLIO_PARTS = 5


@dataclass(frozen=True)
class CaseloadFilters:
    """Which jobseekers to list. None means "no matter"."""

    mine_only: bool = False
    published: bool | None = None
    # An audience of CONSENT_AUDIENCES that must be on, or "none" for nothing switched on.
    consent: str = ""
    open_proposals: bool | None = None
    order: str = "name"  # or "activity": latest activity first


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of `queryset` (which filters on OuterRef), as a subquery."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, so always exactly one row.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _filled(condition: Q) -> Case:
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def _latest(*terms) -> Greatest:
    """The latest of `terms` that are set; NULL only when none is.

    PostgreSQL's GREATEST skips NULLs, SQLite's MAX(a, b) returns NULL if any is NULL:
    each term falls back to the others, so both engines agree.
    """
    return Greatest(*(Coalesce(*terms[i:], *terms[:i]) for i in range(len(terms))))


def caseload_rows(
    *, organisation: Organisation, viewer: User, filters: CaseloadFilters | None = None
) -> QuerySet[User]:
    """The jobseekers of `organisation`, those on `viewer`'s caseload first, in one query.

    For coaches, admins and training staff of the organisation; empty for anyone else.
    Each user carries: `coach_id` and `coach_first_name`/`coach_last_name` (current coach
    here), the portfolio's `portfolio_public_id`, `portfolio_live`, `portfolio_has_draft`,
    `skill_count`, `parts_filled` (of PORTFOLIO_PARTS, from the saved portfolio), one
    `consent_<audience>` flag per CONSENT_AUDIENCES, `open_proposals` (this organisation's)
    and `last_activity`.
    """
    filters = filters or CaseloadFilters()
    members = Membership.objects.active().filter(
        user=OuterRef("pk"), organisation=organisation, role=Role.JOBSEEKER
    )
    portfolio = OuterRef("portfolio")
    proposals = Proposal.objects.filter(portfolio=portfolio, organisation=organisation)
    wishes = (
        Exists(PortfolioOccupation.objects.filter(page=portfolio))
        | Exists(PortfolioLanguage.objects.filter(page=portfolio))
        | ~Q(portfolio__sectors=[])
        | ~Q(portfolio__work_types=[])
        | ~Q(portfolio__days_available=[])
        | ~Q(portfolio__postcode="")
        | Q(portfolio__hours_min__isnull=False)
        | Q(portfolio__hours_max__isnull=False)
        | Q(portfolio__earliest_start__isnull=False)
    )
    rows = (
        User.objects.filter(
            Exists(members),
            Exists(caseload_organisations(viewer).filter(pk=organisation.pk)),
        )
        .alias(
            current=FilteredRelation(
                "caseload_assignments",
                condition=Q(
                    caseload_assignments__organisation=organisation,
                    caseload_assignments__ended_at__isnull=True,
                ),
            )
        )
        .annotate(
            coach_id=F("current__coach_id"),
            coach_first_name=F("current__coach__first_name"),
            coach_last_name=F("current__coach__last_name"),
            mine=Case(When(current__coach=viewer, then=0), default=1, output_field=IntegerField()),
            portfolio_public_id=F("portfolio__public_id"),
            portfolio_live=Coalesce(F("portfolio__live"), False),
            portfolio_has_draft=Coalesce(F("portfolio__has_unpublished_changes"), False),
            skill_count=_count(PortfolioSkill.objects.filter(page=portfolio)),
            parts_filled=(
                _filled(
                    Q(portfolio__isnull=False)
                    & (~Q(portfolio__headline="") | ~Q(portfolio__about_me=""))
                )
                + _filled(Exists(PortfolioSkill.objects.filter(page=portfolio)))
                + _filled(Q(portfolio__isnull=False) & ~Q(portfolio__narrative=[]))
                + _filled(Q(portfolio__isnull=False) & wishes)
                + _filled(
                    Exists(
                        ConsentEvent.objects.filter(portfolio=portfolio, changed_by=OuterRef("pk"))
                    )
                )
            ),
            open_proposals=_count(proposals.filter(state__in=OPEN_STATES)),
            last_activity=_latest(
                F("last_login"),
                F("portfolio__latest_revision_created_at"),
                F("portfolio__consent__updated_at"),
                Subquery(
                    proposals.order_by()
                    .values("portfolio")
                    .annotate(at=Max("state_changed_at"))
                    .values("at")
                ),
            ),
            **{
                f"consent_{audience}": Coalesce(F(f"portfolio__consent__{audience}"), False)
                for audience in CONSENT_AUDIENCES
            },
        )
    )
    if filters.mine_only:
        rows = rows.filter(mine=0)
    if filters.published is not None:
        rows = rows.filter(portfolio_live=filters.published)
    if filters.consent == "none":
        rows = rows.filter(**{f"consent_{audience}": False for audience in CONSENT_AUDIENCES})
    elif filters.consent in CONSENT_AUDIENCES:
        rows = rows.filter(**{f"consent_{filters.consent}": True})
    if filters.open_proposals is not None:
        rows = (
            rows.filter(open_proposals__gt=0)
            if filters.open_proposals
            else rows.filter(open_proposals=0)
        )
    if filters.order == "activity":
        order = [F("last_activity").desc(nulls_last=True), "first_name", "last_name", "pk"]
    else:
        order = ["first_name", "last_name", "email", "pk"]
    return rows.order_by("mine", *order)


def organisation_coaches(*, organisation: Organisation) -> QuerySet[User]:
    """The people who may keep a caseload in `organisation`: its coaches and admins."""
    return User.objects.filter(
        Exists(
            Membership.objects.active().filter(
                user=OuterRef("pk"), organisation=organisation, role__in=COACH_ROLES
            )
        )
    ).order_by("first_name", "last_name", "pk")


@dataclass(frozen=True)
class OpenProposal:
    """An open proposal of a person for a vacancy, as a coach sees it before proposing again."""

    state_label: str  # empty when another organisation made it: its progress is theirs
    own: bool


def open_proposals_between(
    *, viewer: User, vacancy_ids: Collection[int], public_ids: Collection[Any]
) -> dict[tuple[int, str], OpenProposal]:
    """Open proposals among these vacancies and portfolios, by (vacancy id, public id).

    A search page marks these before offering "Propose", so a coach learns before
    writing a motivation that the person is already proposed (the service refuses a
    second open proposal anyway). One query whatever the number of rows.
    """
    if not vacancy_ids or not public_ids:
        return {}
    own = set(coach_organisations(viewer).values_list("pk", flat=True))
    rows = Proposal.objects.filter(
        vacancy_id__in=list(vacancy_ids),
        portfolio__public_id__in=list(public_ids),
        state__in=sorted(OPEN_STATES),
    ).values_list("vacancy_id", "portfolio__public_id", "organisation_id", "state")
    found = {}
    for vacancy_id, public_id, organisation_id, state in rows:
        mine = organisation_id in own
        found[(vacancy_id, str(public_id))] = OpenProposal(
            state_label=str(ProposalState(state).label) if mine else "", own=mine
        )
    return found
