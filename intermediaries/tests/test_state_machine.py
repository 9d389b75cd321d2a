"""Every action from every state: allowed steps move the proposal, all others are refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from intermediaries.factories import make_proposal
from intermediaries.models import (
    ContractType,
    EmployerDeclineReason,
    Placement,
    Proposal,
    ProposalEvent,
    ProposalState,
)
from intermediaries.services import (
    TRANSITIONS,
    proposal_employer_decline,
    proposal_employer_interested,
    proposal_jobseeker_agree,
    proposal_jobseeker_decline,
    proposal_mark_not_placed,
    proposal_mark_placed,
    proposal_plan_interview,
    proposal_withdraw,
)
from portal.audit.labels import action_label
from portal.audit.models import AuditEvent

S = ProposalState

# Written out by hand from the issue, so a wrong table in the services makes these fail.
ALLOWED = {
    (S.PROPOSED, "jobseeker_agree"): S.JOBSEEKER_AGREED,
    (S.PROPOSED, "jobseeker_decline"): S.JOBSEEKER_DECLINED,
    (S.JOBSEEKER_AGREED, "employer_interested"): S.EMPLOYER_INTERESTED,
    (S.JOBSEEKER_AGREED, "employer_decline"): S.EMPLOYER_DECLINED,
    (S.EMPLOYER_INTERESTED, "plan_interview"): S.INTERVIEW_PLANNED,
    (S.INTERVIEW_PLANNED, "mark_placed"): S.PLACED,
    (S.INTERVIEW_PLANNED, "mark_not_placed"): S.NOT_PLACED,
    (S.PROPOSED, "withdraw"): S.WITHDRAWN,
    (S.JOBSEEKER_AGREED, "withdraw"): S.WITHDRAWN,
    (S.EMPLOYER_INTERESTED, "withdraw"): S.WITHDRAWN,
    (S.INTERVIEW_PLANNED, "withdraw"): S.WITHDRAWN,
}


def act(action: str, proposal: Proposal, world):
    """Take `action` as the person whose turn it is, so only the state can refuse it."""
    jobseeker, recruiter, coach = world.jobseeker, world.recruiter, world.coach
    actions = {
        "jobseeker_agree": lambda: proposal_jobseeker_agree(proposal=proposal, by=jobseeker),
        "jobseeker_decline": lambda: proposal_jobseeker_decline(
            proposal=proposal, by=jobseeker, reason="Ik wil liever buiten werken."
        ),
        "employer_interested": lambda: proposal_employer_interested(
            proposal=proposal, by=recruiter
        ),
        "employer_decline": lambda: proposal_employer_decline(
            proposal=proposal,
            by=recruiter,
            reason=EmployerDeclineReason.OTHER_CANDIDATE,
            note="Een andere kandidaat past beter.",
        ),
        "plan_interview": lambda: proposal_plan_interview(
            proposal=proposal,
            by=recruiter,
            interview_at=timezone.now() + timedelta(days=2),
            place="Groen & Zo, Winschoten",
        ),
        "mark_placed": lambda: proposal_mark_placed(
            proposal=proposal,
            by=recruiter,
            start_date=timezone.localdate() + timedelta(days=7),
            contract_type=ContractType.BANENAFSPRAAK,
            hours_per_week=20,
        ),
        "mark_not_placed": lambda: proposal_mark_not_placed(proposal=proposal, by=recruiter),
        "withdraw": lambda: proposal_withdraw(
            proposal=proposal, by=coach, note="Vacature past niet meer."
        ),
    }
    return actions[action]()


ACTIONS = sorted({action for _, action in ALLOWED})
TABLE = [(state, action) for state in S for action in ACTIONS]


def test_the_table_here_names_every_action_the_services_offer():
    assert set(ACTIONS) == set(TRANSITIONS)


@pytest.mark.parametrize(("state", "action"), TABLE, ids=[f"{s.value}-{a}" for s, a in TABLE])
def test_action_from_state_moves_or_is_refused(setting, state, action):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=state,
    )
    assert proposal.state == state
    events_before = ProposalEvent.objects.filter(proposal=proposal).count()
    expected = ALLOWED.get((state, action))

    if expected is None:
        with pytest.raises(ValidationError) as refused:
            act(action, proposal, world)
        assert "This step is not possible now" in refused.value.messages[0]
        proposal.refresh_from_db()
        assert proposal.state == state
        assert ProposalEvent.objects.filter(proposal=proposal).count() == events_before
        return

    act(action, proposal, world)
    proposal.refresh_from_db()
    assert proposal.state == expected
    event = ProposalEvent.objects.filter(proposal=proposal).last()
    assert (event.from_state, event.to_state) == (state, expected)
    assert AuditEvent.objects.filter(
        action=f"proposal.{action}", object_id=str(proposal.pk), subject=world.jobseeker
    ).exists()


def test_each_transition_records_who_and_the_note(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=S.JOBSEEKER_AGREED,
    )
    proposal_employer_decline(
        proposal=proposal,
        by=world.recruiter,
        reason=EmployerDeclineReason.LANGUAGE,
        note="  Nederlands nog te moeilijk.  ",
    )
    events = list(proposal.events.values_list("from_state", "to_state", "actor", "reason", "note"))
    assert events == [
        ("", S.PROPOSED, world.coach.pk, "", ""),
        (S.PROPOSED, S.JOBSEEKER_AGREED, world.jobseeker.pk, "", ""),
        (
            S.JOBSEEKER_AGREED,
            S.EMPLOYER_DECLINED,
            world.recruiter.pk,
            EmployerDeclineReason.LANGUAGE,
            "Nederlands nog te moeilijk.",
        ),
    ]


def test_jobseeker_decline_keeps_the_reason_as_the_note(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy
    )
    proposal_jobseeker_decline(proposal=proposal, by=world.jobseeker, reason="Te ver weg.")
    assert proposal.events.last().note == "Te ver weg."


def test_agreeing_records_when_the_jobseeker_said_yes(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy
    )
    assert proposal.jobseeker_agreed_at is None
    agreed = proposal_jobseeker_agree(proposal=proposal, by=world.jobseeker)
    assert agreed.jobseeker_agreed_at is not None


def test_employer_decline_needs_a_reason_from_the_list(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=S.JOBSEEKER_AGREED,
    )
    with pytest.raises(ValidationError, match="Choose a reason"):
        proposal_employer_decline(proposal=proposal, by=world.recruiter, reason="no-such-reason")
    proposal.refresh_from_db()
    assert proposal.state == S.JOBSEEKER_AGREED


def test_interview_needs_date_and_place_and_stores_them(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=S.EMPLOYER_INTERESTED,
    )
    when = timezone.now() + timedelta(days=5)
    with pytest.raises(ValidationError, match="date, time and place"):
        proposal_plan_interview(
            proposal=proposal, by=world.recruiter, interview_at=when, place="  "
        )
    planned = proposal_plan_interview(
        proposal=proposal, by=world.recruiter, interview_at=when, place="Loods 3, Veendam"
    )
    assert (planned.state, planned.interview_at, planned.interview_place) == (
        S.INTERVIEW_PLANNED,
        when,
        "Loods 3, Veendam",
    )


def test_marking_placed_records_the_placement_without_target_group(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=S.INTERVIEW_PLANNED,
    )
    start = timezone.localdate() + timedelta(days=10)
    placement = proposal_mark_placed(
        proposal=proposal,
        by=world.recruiter,
        start_date=start,
        contract_type=ContractType.LEARNING_WORK,
        hours_per_week=32,
    )
    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.proposal_id, placement.start_date, placement.contract_type) == (
        proposal.pk,
        start,
        ContractType.LEARNING_WORK,
    )
    assert placement.hours_per_week == 32
    assert placement.target_group is None


@pytest.mark.parametrize(
    ("contract_type", "hours", "message"),
    [
        ("permanent-ish", 20, "kind of contract"),
        (ContractType.REGULAR, 0, "hours per week"),
        (ContractType.REGULAR, 61, "hours per week"),
    ],
)
def test_marking_placed_refuses_unknown_contract_or_impossible_hours(
    setting, contract_type, hours, message
):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=S.INTERVIEW_PLANNED,
    )
    with pytest.raises(ValidationError, match=message):
        proposal_mark_placed(
            proposal=proposal,
            by=world.recruiter,
            start_date=timezone.localdate(),
            contract_type=contract_type,
            hours_per_week=hours,
        )
    proposal.refresh_from_db()
    assert proposal.state == S.INTERVIEW_PLANNED
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    "action",
    [
        "proposal.create",
        *(f"proposal.{action}" for action in ACTIONS),
        "placement.target_group",
        "caseload.assign",
        "caseload.hand_over",
    ],
)
def test_every_recorded_action_reads_as_words_in_the_audit_log(action):
    assert str(action_label(action)) != action
