"""Writes to proposals, placements and caseloads: one typed action per step a person takes.

Every action checks who acts, runs in one transaction, locks the proposal row and reads
its state again after locking (so two people acting at once cannot both move it),
records a ProposalEvent and an audit row, and tells others after commit.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.selectors import audit_targets_recorded
from portal.audit.services import audit_record, audit_record_many
from portal.organisations.models import Organisation
from portal.organisations.roles import is_jobseeker_member
from portal.organisations.selectors import active_organisation_names
from portal.validation import YEAR, DateWindow
from portfolios.models import PortfolioPage
from portfolios.permissions import portfolio_permission_policy
from vacancies.models import Vacancy

from .models import (
    OPEN_STATES,
    STUDENT_GROUPS,
    CaseloadAssignment,
    ContractType,
    EmployerDeclineReason,
    MboLevel,
    Placement,
    Proposal,
    ProposalEvent,
    ProposalState,
    TargetGroup,
)
from .permissions import (
    Side,
    coach_organisations,
    is_coach_of,
    proposal_permission_policy,
)
from .search_facets import target_group_changed
from .selectors import EmployerProposal
from .signals import proposal_changed


@dataclass(frozen=True)
class Transition:
    from_states: frozenset[str]
    to_state: str
    side: str


# action → where it may start, where it ends, and which side takes it.
TRANSITIONS: dict[str, Transition] = {
    "jobseeker_agree": Transition(
        frozenset({ProposalState.PROPOSED}), ProposalState.JOBSEEKER_AGREED, Side.JOBSEEKER
    ),
    "jobseeker_decline": Transition(
        frozenset({ProposalState.PROPOSED}), ProposalState.JOBSEEKER_DECLINED, Side.JOBSEEKER
    ),
    "employer_interested": Transition(
        frozenset({ProposalState.JOBSEEKER_AGREED}),
        ProposalState.EMPLOYER_INTERESTED,
        Side.EMPLOYER,
    ),
    "employer_decline": Transition(
        frozenset({ProposalState.JOBSEEKER_AGREED}), ProposalState.EMPLOYER_DECLINED, Side.EMPLOYER
    ),
    "plan_interview": Transition(
        frozenset({ProposalState.EMPLOYER_INTERESTED}),
        ProposalState.INTERVIEW_PLANNED,
        Side.EMPLOYER,
    ),
    "mark_placed": Transition(
        frozenset({ProposalState.INTERVIEW_PLANNED}), ProposalState.PLACED, Side.EMPLOYER
    ),
    "mark_not_placed": Transition(
        frozenset({ProposalState.INTERVIEW_PLANNED}), ProposalState.NOT_PLACED, Side.EMPLOYER
    ),
    "withdraw": Transition(frozenset(OPEN_STATES), ProposalState.WITHDRAWN, Side.INTERMEDIARY),
}


def _changed(proposal_id: int, event_id: int) -> None:
    transaction.on_commit(
        lambda: proposal_changed.send(sender=Proposal, proposal_id=proposal_id, event_id=event_id)
    )


def _refuse_other_side(side: str) -> PermissionDenied:
    messages = {
        Side.INTERMEDIARY: _(
            "Only a coach of the organisation that made this proposal can do this."
        ),
        Side.JOBSEEKER: _("Only the jobseeker can answer this proposal."),
        Side.EMPLOYER: _("Only the employer of this vacancy can answer this proposal."),
    }
    return PermissionDenied(messages[side])


def _transition(
    *,
    proposal: Proposal,
    action: str,
    by: User,
    note: str = "",
    reason: str = "",
    fields: dict[str, Any] | None = None,
) -> Proposal:
    """Move `proposal` by `action`, or refuse. Call inside transaction.atomic."""
    transition = TRANSITIONS[action]
    if transition.side not in proposal_permission_policy.sides(by, proposal):
        raise _refuse_other_side(transition.side)
    # Lock the row and read the state again: whoever came first decides, the other is refused.
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("portfolio__jobseeker")
        .get(pk=proposal.pk)
    )
    if locked.state not in transition.from_states:
        raise ValidationError(
            _("This step is not possible now. The proposal is: %(state)s.")
            % {"state": ProposalState(locked.state).label},
            code="invalid_transition",
        )
    from_state = locked.state
    now = timezone.now()
    locked.state = transition.to_state
    locked.state_changed_at = now
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "state_changed_at", *(fields or {})])
    event = ProposalEvent.objects.create(
        proposal=locked,
        from_state=from_state,
        to_state=transition.to_state,
        actor=by,
        note=note.strip(),
        reason=reason,
        created_at=now,
    )
    audit_record(
        actor=by,
        action=f"proposal.{action}",
        subject=locked.portfolio.jobseeker,
        target=locked,
        details={"from": from_state, "to": transition.to_state, "vacancy_id": locked.vacancy_id},
    )
    _changed(locked.pk, event.pk)
    return locked


@transaction.atomic
def proposal_create(
    *,
    portfolio: PortfolioPage,
    vacancy: Vacancy,
    by: User,
    motivation: str,
    explanation: dict[str, Any],
    organisation: Organisation | None = None,
) -> Proposal:
    """A coach proposes a jobseeker's portfolio for an open vacancy, with a motivation.

    `explanation` is the match explanation as the coach saw it (a plain, JSON-ready dict);
    it is stored as it is, so later score changes do not rewrite history. `organisation` is
    the intermediary the coach proposes for; it may be left out when they coach for one only.
    """
    organisations = coach_organisations(by)
    if organisation is None:
        candidates = list(organisations[:2])
        if not candidates:
            raise PermissionDenied(_("Only coaches of an approved organisation can propose."))
        if len(candidates) > 1:
            raise ValidationError(_("Choose for which organisation you make this proposal."))
        organisation = candidates[0]
    elif not organisations.filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Only coaches of an approved organisation can propose."))
    if not portfolio_permission_policy.visible_to(by).filter(pk=portfolio.pk).exists():
        raise PermissionDenied(_("You may not see this portfolio, so you cannot propose it."))
    if not Vacancy.objects.open().filter(pk=vacancy.pk).exists():
        raise ValidationError(_("This vacancy is not open, so you cannot propose anyone for it."))
    motivation = motivation.strip()
    if not motivation:
        raise ValidationError(_("Write why this work fits this person."))
    already = _(
        "This person has already been proposed for this vacancy. "
        "Follow that proposal, or withdraw it first."
    )
    if Proposal.objects.filter(
        portfolio=portfolio, vacancy=vacancy, state__in=OPEN_STATES
    ).exists():
        raise ValidationError(already)
    now = timezone.now()
    try:
        # A savepoint: a coach proposing the same pair at the same moment hits the constraint.
        with transaction.atomic():
            proposal = Proposal.objects.create(
                portfolio=portfolio,
                vacancy=vacancy,
                proposed_by=by,
                organisation=organisation,
                motivation=motivation,
                explanation=explanation,
                state=ProposalState.PROPOSED,
                state_changed_at=now,
                created_at=now,
            )
    except IntegrityError as error:
        raise ValidationError(already) from error
    event = ProposalEvent.objects.create(
        proposal=proposal, to_state=ProposalState.PROPOSED, actor=by, created_at=now
    )
    audit_record(
        actor=by,
        action="proposal.create",
        subject=portfolio.jobseeker,
        target=proposal,
        details={"vacancy_id": vacancy.pk, "organisation_id": organisation.pk},
    )
    _changed(proposal.pk, event.pk)
    return proposal


@transaction.atomic
def proposals_record_name_seen(*, proposals: list[EmployerProposal], viewer: User) -> None:
    """Log, once per proposal and person, that an employer saw the jobseeker's name.

    The inbox shows the name after the jobseeker's yes; the jobseeker reads in "who
    looked at my data" which employer knows who they are.
    """
    named = {str(p.id): p for p in proposals if p.jobseeker_name}
    if not named:
        return
    seen = audit_targets_recorded(
        actor=viewer,
        action="proposal.name_seen",
        object_type=Proposal._meta.label_lower,
        ids=list(named),
    )
    organisations = active_organisation_names(user=viewer)
    unseen = Proposal.objects.filter(pk__in=[int(pk) for pk in named if pk not in seen])
    audit_record_many(
        actor=viewer,
        action="proposal.name_seen",
        targets=[
            (p.portfolio.jobseeker, p)
            for p in unseen.select_related("portfolio__jobseeker", "vacancy")
        ],
        details={"organisations": organisations},
    )


def proposal_create_from_mutual_interest(
    *,
    portfolio: PortfolioPage,
    vacancy: Vacancy,
    organisation: Organisation,
    proposed_by: User | None,
    jobseeker: User,
    employer_user: User,
    motivation: str,
    explanation: dict[str, Any],
    source: str,
    source_id: int,
    source_label: str,
) -> Proposal:
    """Jobseeker and employer said yes to each other face to face (at an event).

    The proposal enters the usual workflow with the jobseeker's yes and the employer's
    interest recorded by the people who gave them, so the coaches of `organisation` (the
    intermediary the jobseeker came with) follow it up from "plan the job interview". The
    caller knows both said yes; the transitions still check that each acts on their side.
    """
    if not Vacancy.objects.open().filter(pk=vacancy.pk).exists():
        raise ValidationError(_("This vacancy is not open, so you cannot propose anyone for it."))
    if Proposal.objects.filter(
        portfolio=portfolio, vacancy=vacancy, state__in=OPEN_STATES
    ).exists():
        raise ValidationError(
            _(
                "This person has already been proposed for this vacancy. "
                "Follow that proposal, or withdraw it first."
            )
        )
    now = timezone.now()
    proposal = Proposal.objects.create(
        portfolio=portfolio,
        vacancy=vacancy,
        proposed_by=proposed_by,
        organisation=organisation,
        motivation=motivation.strip(),
        explanation=explanation,
        state=ProposalState.PROPOSED,
        state_changed_at=now,
        created_at=now,
        source=source,
        source_id=source_id,
        source_label=source_label[:200],
    )
    ProposalEvent.objects.create(
        proposal=proposal, to_state=ProposalState.PROPOSED, actor=proposed_by, created_at=now
    )
    audit_record(
        actor=proposed_by,
        action="proposal.create",
        subject=portfolio.jobseeker,
        target=proposal,
        details={"vacancy_id": vacancy.pk, "organisation_id": organisation.pk, "source": source},
    )
    proposal = _transition(
        proposal=proposal,
        action="jobseeker_agree",
        by=jobseeker,
        fields={"jobseeker_agreed_at": now},
    )
    return _transition(proposal=proposal, action="employer_interested", by=employer_user)


@transaction.atomic
def proposal_jobseeker_agree(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """The jobseeker says yes to the proposal. Only the owner of the portfolio can."""
    return _transition(
        proposal=proposal,
        action="jobseeker_agree",
        by=by,
        note=note,
        fields={"jobseeker_agreed_at": timezone.now()},
    )


@transaction.atomic
def proposal_jobseeker_decline(*, proposal: Proposal, by: User, reason: str = "") -> Proposal:
    """The jobseeker says no, with an optional reason in their own words."""
    return _transition(proposal=proposal, action="jobseeker_decline", by=by, note=reason)


@transaction.atomic
def proposal_employer_interested(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """The employer wants to meet the candidate (after the jobseeker agreed)."""
    return _transition(proposal=proposal, action="employer_interested", by=by, note=note)


@transaction.atomic
def proposal_employer_decline(
    *, proposal: Proposal, by: User, reason: str, note: str = ""
) -> Proposal:
    """The employer declines, with a reason from `EmployerDeclineReason` and optional text."""
    if reason not in EmployerDeclineReason.values:
        raise ValidationError(_("Choose a reason."))
    return _transition(
        proposal=proposal, action="employer_decline", by=by, note=note, reason=reason
    )


# An interview may be recorded a little after it took place, and is planned at most two years out.
INTERVIEW_WINDOW = DateWindow(past_days=90, future_days=2 * YEAR)
PLACEMENT_START_WINDOW = DateWindow(past_days=YEAR, future_days=2 * YEAR)


@transaction.atomic
def proposal_plan_interview(
    *, proposal: Proposal, by: User, interview_at: datetime, place: str, note: str = ""
) -> Proposal:
    """The employer plans the interview: when and where."""
    place = place.strip()
    if interview_at is None or not place:
        raise ValidationError(_("Give the date, time and place of the interview."))
    INTERVIEW_WINDOW.check(interview_at)
    return _transition(
        proposal=proposal,
        action="plan_interview",
        by=by,
        note=note,
        fields={"interview_at": interview_at, "interview_place": place},
    )


@transaction.atomic
def proposal_mark_placed(
    *,
    proposal: Proposal,
    by: User,
    start_date: date,
    contract_type: str,
    hours_per_week: int,
    note: str = "",
) -> Placement:
    """The employer hires the candidate: the proposal is placed and a Placement is recorded.

    The target group is not asked here: only the coach enters it, with
    `placement_record_target_group`.
    """
    if start_date is None:
        raise ValidationError(_("Give the start date."))
    PLACEMENT_START_WINDOW.check(start_date)
    if contract_type not in ContractType.values:
        raise ValidationError(_("Choose the kind of contract."))
    if not 1 <= hours_per_week <= 60:
        raise ValidationError(_("Give the hours per week: a number from 1 to 60."))
    proposal = _transition(proposal=proposal, action="mark_placed", by=by, note=note)
    return Placement.objects.create(
        proposal=proposal,
        start_date=start_date,
        contract_type=contract_type,
        hours_per_week=hours_per_week,
    )


@transaction.atomic
def proposal_mark_not_placed(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """After the interview, the employer does not hire the candidate."""
    return _transition(proposal=proposal, action="mark_not_placed", by=by, note=note)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User, note: str = "") -> Proposal:
    """A coach of the proposing organisation withdraws the proposal, at any point before placed."""
    return _transition(proposal=proposal, action="withdraw", by=by, note=note)


@transaction.atomic
def placement_record_target_group(
    *, placement: Placement, by: User, target_group: str, mbo_level: int | None = None
) -> Placement:
    """A coach of the proposing organisation records the target group, and for a BBL or BOL
    student the MBO level (ignored for other groups). Employers never see either."""
    organisation = Organisation.objects.get(proposals__placement=placement)
    if not is_coach_of(by, organisation):
        raise PermissionDenied(
            _("Only a coach of the organisation that made this proposal can do this.")
        )
    if target_group not in TargetGroup.values:
        raise ValidationError(_("Choose a target group."))
    if target_group not in STUDENT_GROUPS:
        mbo_level = None
    elif mbo_level is not None and mbo_level not in MboLevel.values:
        raise ValidationError(_("Choose an MBO level from 1 to 4."))
    locked = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("proposal__portfolio__jobseeker")
        .get(pk=placement.pk)
    )
    locked.target_group = target_group
    locked.mbo_level = mbo_level
    locked.save(update_fields=["target_group", "mbo_level"])
    audit_record(
        actor=by,
        action="placement.target_group",
        subject=locked.proposal.portfolio.jobseeker,
        target=locked,
    )
    return locked


def _check_caseload_people(*, organisation: Organisation, coach: User, jobseeker: User, by: User):
    if not is_coach_of(by, organisation):
        raise PermissionDenied(_("Only coaches of this organisation can change its caseload."))
    if not is_coach_of(coach, organisation):
        raise ValidationError(_("Choose a coach of this organisation."))
    if not is_jobseeker_member(jobseeker, organisation):
        raise ValidationError(_("This person is not a jobseeker of this organisation."))


def _check_target_group(target_group: str) -> None:
    if target_group and target_group not in TargetGroup.values:
        raise ValidationError(_("Choose a target group from the list."))


@transaction.atomic
def caseload_assign(
    *,
    jobseeker: User,
    coach: User,
    organisation: Organisation,
    by: User,
    target_group: str = "",
) -> CaseloadAssignment:
    """Put a jobseeker of `organisation` on `coach`'s caseload; refused when they already have one.

    `target_group` is what the organisation records about the person; only its own
    staff see it (and filter candidates on it).
    """
    _check_caseload_people(organisation=organisation, coach=coach, jobseeker=jobseeker, by=by)
    _check_target_group(target_group)
    already = _("This jobseeker already has a coach here. Hand them over instead.")
    if CaseloadAssignment.objects.filter(
        jobseeker=jobseeker, organisation=organisation, ended_at__isnull=True
    ).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            assignment = CaseloadAssignment.objects.create(
                jobseeker=jobseeker,
                coach=coach,
                organisation=organisation,
                assigned_by=by,
                target_group=target_group,
            )
    except IntegrityError as error:
        raise ValidationError(already) from error
    audit_record(
        actor=by,
        action="caseload.assign",
        subject=jobseeker,
        target=assignment,
        details={
            "coach_id": coach.pk,
            "organisation_id": organisation.pk,
            "target_group": target_group,
        },
    )
    if target_group:
        target_group_changed(jobseeker.pk)
    return assignment


@transaction.atomic
def caseload_hand_over(
    *,
    jobseeker: User,
    to_coach: User,
    organisation: Organisation,
    by: User,
    target_group: str | None = None,
) -> CaseloadAssignment:
    """Hand a jobseeker over to another coach: the current assignment ends, a new one starts.

    The target group goes along with the person unless `target_group` gives another.
    """
    _check_caseload_people(organisation=organisation, coach=to_coach, jobseeker=jobseeker, by=by)
    if target_group is not None:
        _check_target_group(target_group)
    current = (
        CaseloadAssignment.objects.select_for_update()
        .filter(jobseeker=jobseeker, organisation=organisation, ended_at__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("This jobseeker has no coach here yet. Assign one first."))
    if current.coach_id == to_coach.pk:
        raise ValidationError(_("This jobseeker is already with this coach."))
    now = timezone.now()
    current.ended_at = now
    current.save(update_fields=["ended_at"])
    assignment = CaseloadAssignment.objects.create(
        jobseeker=jobseeker,
        coach=to_coach,
        organisation=organisation,
        assigned_by=by,
        started_at=now,
        target_group=current.target_group if target_group is None else target_group,
    )
    audit_record(
        actor=by,
        action="caseload.hand_over",
        subject=jobseeker,
        target=assignment,
        details={
            "from_coach_id": current.coach_id,
            "to_coach_id": to_coach.pk,
            "organisation_id": organisation.pk,
            "target_group": assignment.target_group,
        },
    )
    if assignment.target_group != current.target_group:
        target_group_changed(jobseeker.pk)
    return assignment
