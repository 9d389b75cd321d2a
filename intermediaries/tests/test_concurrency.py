"""Two people acting on one proposal at the same moment: one wins, the other is refused."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation

from intermediaries.factories import make_proposal
from intermediaries.models import ContractType, Placement, Proposal, ProposalEvent, ProposalState
from intermediaries.services import (
    proposal_create,
    proposal_employer_decline,
    proposal_employer_interested,
    proposal_jobseeker_agree,
    proposal_jobseeker_decline,
    proposal_mark_placed,
    proposal_withdraw,
)
from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role

# Real transactions, so the threads' row locks meet; serialized_rollback restores Wagtail's root page.
RACE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads released together; each returns its result or exception."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        # Threads do not inherit the test's active language; refusals are checked in English.
        translation.activate("en")
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # the loser's refusal is the result we check
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@RACE
def test_coach_withdrawing_while_employer_marks_placed_leaves_one_outcome(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=ProposalState.INTERVIEW_PLANNED,
    )

    results = _race(
        lambda: proposal_withdraw(proposal=proposal, by=world.coach),
        lambda: proposal_mark_placed(
            proposal=proposal,
            by=world.recruiter,
            start_date=timezone.localdate(),
            contract_type=ContractType.REGULAR,
            hours_per_week=24,
        ),
    )

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "This step is not possible now" in refused[0].messages[0]
    proposal.refresh_from_db()
    placed = Placement.objects.filter(proposal=proposal).exists()
    if isinstance(results[0], ValidationError):
        assert (proposal.state, placed) == (ProposalState.PLACED, True)
    else:
        assert (proposal.state, placed) == (ProposalState.WITHDRAWN, False)
    # created, agreed, interested, interview planned, and exactly one of the two
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 5


@RACE
def test_jobseeker_saying_yes_and_no_at_once_keeps_one_answer(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy
    )

    results = _race(
        lambda: proposal_jobseeker_agree(proposal=proposal, by=world.jobseeker),
        lambda: proposal_jobseeker_decline(proposal=proposal, by=world.jobseeker),
    )

    won = [r for r in results if isinstance(r, Proposal)]
    assert len(won) == 1 and sum(isinstance(r, ValidationError) for r in results) == 1, results
    proposal.refresh_from_db()
    assert proposal.state == won[0].state
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 2


@RACE
def test_two_recruiters_answering_at_once_cannot_both_move_the_proposal(setting):
    world = setting.world
    proposal = make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=ProposalState.JOBSEEKER_AGREED,
    )
    colleague = MembershipFactory(organisation=world.employer, role=Role.RECRUITER).user

    results = _race(
        lambda: proposal_employer_interested(proposal=proposal, by=world.recruiter),
        lambda: proposal_employer_decline(proposal=proposal, by=colleague, reason="hours"),
    )

    won = [r for r in results if isinstance(r, Proposal)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(won), len(refused)) == (1, 1), results
    assert "This step is not possible now" in refused[0].messages[0]
    proposal.refresh_from_db()
    assert proposal.state == won[0].state
    assert proposal.state in {ProposalState.EMPLOYER_INTERESTED, ProposalState.EMPLOYER_DECLINED}
    # created, agreed, and exactly one employer answer
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 3


@RACE
def test_two_coaches_proposing_the_same_pair_at_once_make_one_proposal(setting):
    world = setting.world
    colleague = MembershipFactory(organisation=world.training_centre, role=Role.COACH).user

    def propose(coach):
        return lambda: proposal_create(
            portfolio=setting.portfolio,
            vacancy=setting.vacancy,
            by=coach,
            motivation="Past goed.",
            explanation={},
        )

    results = _race(propose(world.coach), propose(colleague))

    assert sum(isinstance(r, Proposal) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert (
        Proposal.objects.filter(portfolio=setting.portfolio, vacancy=setting.vacancy).count() == 1
    )


@RACE
def test_action_waits_for_a_change_in_progress_and_then_sees_its_result(setting):
    """Person A is halfway through an action (row locked); person B's action waits, then is refused."""
    world = setting.world
    proposal = make_proposal(
        coach=world.coach, portfolio=setting.portfolio, vacancy=setting.vacancy
    )
    started = threading.Event()
    results: list[object] = []

    def agree_as_jobseeker() -> None:
        translation.activate("en")
        try:
            started.set()
            results.append(proposal_jobseeker_agree(proposal=proposal, by=world.jobseeker))
        except Exception as error:  # the refusal is what we check
            results.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        Proposal.objects.select_for_update().get(pk=proposal.pk)
        thread = threading.Thread(target=agree_as_jobseeker)
        thread.start()
        started.wait(timeout=10)
        thread.join(timeout=1)
        assert thread.is_alive(), "the jobseeker's action should wait for the row lock"
        Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.WITHDRAWN)
    thread.join(timeout=30)

    [refusal] = results
    assert isinstance(refusal, ValidationError)
    assert "Withdrawn" in refusal.messages[0]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
