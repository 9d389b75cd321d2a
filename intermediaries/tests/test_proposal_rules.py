"""Making a proposal: open vacancy, a visible portfolio, a motivation, one open proposal per pair."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from intermediaries.factories import EXPLANATION, make_proposal
from intermediaries.models import Proposal, ProposalState
from intermediaries.services import proposal_create, proposal_jobseeker_agree, proposal_withdraw
from intermediaries.signals import proposal_changed
from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.services import consent_set
from vacancies.factories import VacancyFactory
from vacancies.models import VacancyStatus


def _create(setting, **overrides):
    arguments = {
        "portfolio": setting.portfolio,
        "vacancy": setting.vacancy,
        "by": setting.world.coach,
        "motivation": "Werkt graag buiten en is altijd op tijd.",
        "explanation": EXPLANATION,
    }
    return proposal_create(**{**arguments, **overrides})


def test_coach_proposes_with_motivation_and_stored_explanation(setting):
    proposal = _create(setting, explanation={"score": 7, "required_missing": ["Heftruck"]})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED
    assert proposal.proposed_by == setting.world.coach
    assert proposal.organisation == setting.world.training_centre
    assert proposal.motivation == "Werkt graag buiten en is altijd op tijd."
    assert proposal.explanation == {"score": 7, "required_missing": ["Heftruck"]}
    assert AuditEvent.objects.filter(
        action="proposal.create", actor=setting.world.coach, subject=setting.world.jobseeker
    ).exists()


def test_second_open_proposal_for_the_same_pair_is_refused(setting):
    _create(setting)
    with pytest.raises(ValidationError, match="already been proposed for this vacancy"):
        _create(setting, motivation="Nog een keer.")
    assert Proposal.objects.count() == 1


def test_second_proposal_by_another_coach_of_the_network_is_refused_too(setting):
    world = setting.world
    consent_set(portfolio=setting.portfolio, audience="network", granted=True, by=world.jobseeker)
    _create(setting)
    with pytest.raises(ValidationError, match="already been proposed"):
        _create(setting, by=world.other_coach)


@pytest.mark.parametrize(
    "final_state",
    [ProposalState.WITHDRAWN, ProposalState.JOBSEEKER_DECLINED, ProposalState.EMPLOYER_DECLINED],
)
def test_pair_can_be_proposed_again_once_the_earlier_proposal_is_final(setting, final_state):
    world = setting.world
    make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=final_state,
    )
    again = _create(setting)
    assert again.state == ProposalState.PROPOSED
    assert Proposal.objects.count() == 2


def test_database_refuses_a_second_open_proposal_even_past_the_service(setting):
    first = _create(setting)
    proposal_jobseeker_agree(proposal=first, by=setting.world.jobseeker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            portfolio=setting.portfolio,
            vacancy=setting.vacancy,
            organisation=setting.world.training_centre,
            motivation="buiten de service om",
            state=ProposalState.INTERVIEW_PLANNED,
        )


@pytest.mark.parametrize(
    "status", [VacancyStatus.DRAFT, VacancyStatus.CLOSED, VacancyStatus.FILLED]
)
def test_only_open_vacancies_take_proposals(setting, status):
    vacancy = VacancyFactory(organisation=setting.world.employer, status=status)
    with pytest.raises(ValidationError, match="vacancy is not open"):
        _create(setting, vacancy=vacancy)


def test_vacancy_past_its_closing_date_takes_no_proposals(setting):
    vacancy = VacancyFactory(
        organisation=setting.world.employer,
        open=True,
        closing_date=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="vacancy is not open"):
        _create(setting, vacancy=vacancy)


def test_proposal_needs_a_motivation(setting):
    with pytest.raises(ValidationError, match="Write why this work fits"):
        _create(setting, motivation="   ")
    assert not Proposal.objects.exists()


def test_coach_of_two_organisations_must_choose_one(setting):
    world = setting.world
    membership_create(user=world.coach, organisation=world.municipality, role=Role.COACH)
    with pytest.raises(ValidationError, match="Choose for which organisation"):
        _create(setting)
    proposal = _create(setting, organisation=world.training_centre)
    assert proposal.organisation == world.training_centre


def test_signal_is_sent_after_commit_with_the_proposal_id(
    setting, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, proposal_id, **kwargs):
        received.append(proposal_id)

    proposal_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            proposal = _create(setting)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [proposal.pk]
        with django_capture_on_commit_callbacks(execute=True):
            proposal_withdraw(proposal=proposal, by=setting.world.coach)
        assert received == [proposal.pk, proposal.pk]
    finally:
        proposal_changed.disconnect(receiver)


def test_refused_transition_sends_no_signal(setting, django_capture_on_commit_callbacks):
    proposal = _create(setting)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        proposal_create(
            portfolio=setting.portfolio,
            vacancy=setting.vacancy,
            by=setting.world.coach,
            motivation="dubbel",
            explanation={},
        )
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        proposal_withdraw(proposal=proposal, by=setting.world.coach)
        with pytest.raises(ValidationError):
            proposal_withdraw(proposal=proposal, by=setting.world.coach)
    assert len(callbacks) == 1
