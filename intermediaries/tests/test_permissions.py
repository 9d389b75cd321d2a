"""Each side acts only on its own proposals; nobody sees a proposal they take no part in."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from intermediaries.factories import EXPLANATION, make_proposal
from intermediaries.models import ProposalState, TargetGroup
from intermediaries.permissions import Side, proposal_permission_policy
from intermediaries.selectors import (
    proposals_for_jobseeker,
    proposals_for_vacancy,
    proposals_of_organisation,
)
from intermediaries.services import (
    placement_record_target_group,
    proposal_create,
    proposal_employer_interested,
    proposal_jobseeker_agree,
    proposal_jobseeker_decline,
    proposal_mark_placed,
    proposal_withdraw,
)
from portal.organisations.factories import MembershipFactory, OrganisationFactory
from portal.organisations.models import Role
from portal.organisations.services import membership_end
from portfolios.services import consent_set, consent_set_coach_approval
from vacancies.factories import EmployerFactory, VacancyFactory

S = ProposalState


def _proposal(setting, state=S.PROPOSED):
    world = setting.world
    return make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=state,
    )


def _create(setting, by, **extra):
    return proposal_create(
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        by=by,
        motivation="Past goed.",
        explanation=EXPLANATION,
        **extra,
    )


# --- proposing ---------------------------------------------------------------------------


def test_coach_of_another_organisation_cannot_propose_a_portfolio_they_cannot_see(setting):
    with pytest.raises(PermissionDenied, match="may not see this portfolio"):
        _create(setting, by=setting.world.other_coach)


def test_coach_cannot_propose_for_an_organisation_they_do_not_coach_for(setting):
    with pytest.raises(PermissionDenied, match="Only coaches of an approved organisation"):
        _create(setting, by=setting.world.coach, organisation=setting.world.municipality)


@pytest.mark.parametrize("role", ["training_staff", "jobseeker", "recruiter", "network_admin"])
def test_only_coaches_and_their_admins_propose(setting, role):
    with pytest.raises(PermissionDenied):
        _create(setting, by=setting.world.user(role))


def test_organisation_admin_of_the_coach_organisation_may_propose(setting):
    proposal = _create(setting, by=setting.world.organisation_admin)
    assert proposal.organisation == setting.world.training_centre


def test_coach_of_a_pending_organisation_cannot_propose(setting):
    pending = OrganisationFactory(pending=True)
    coach = MembershipFactory(organisation=pending, role=Role.COACH).user
    with pytest.raises(PermissionDenied):
        _create(setting, by=coach)


def test_coach_cannot_propose_a_portfolio_that_was_taken_offline_from_them(setting):
    world = setting.world
    consent_set(
        portfolio=setting.portfolio,
        audience="coach_organisation",
        granted=False,
        by=world.jobseeker,
    )
    with pytest.raises(PermissionDenied):
        _create(setting, by=world.coach)


# --- acting on a proposal ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["other_jobseeker", "coach", "recruiter", "network_admin"])
def test_only_the_jobseeker_answers_the_proposal(setting, role):
    proposal = _proposal(setting)
    with pytest.raises(PermissionDenied, match="Only the jobseeker"):
        proposal_jobseeker_agree(proposal=proposal, by=setting.world.user(role))
    with pytest.raises(PermissionDenied):
        proposal_jobseeker_decline(proposal=proposal, by=setting.world.user(role))
    proposal.refresh_from_db()
    assert proposal.state == S.PROPOSED


@pytest.mark.parametrize("role", ["jobseeker", "coach", "other_coach", "network_admin"])
def test_only_the_employer_of_the_vacancy_answers_as_employer(setting, role):
    proposal = _proposal(setting, S.JOBSEEKER_AGREED)
    with pytest.raises(PermissionDenied, match="Only the employer of this vacancy"):
        proposal_employer_interested(proposal=proposal, by=setting.world.user(role))
    proposal.refresh_from_db()
    assert proposal.state == S.JOBSEEKER_AGREED


def test_recruiter_of_another_employer_cannot_act_on_this_vacancy(setting):
    other_recruiter = MembershipFactory(organisation=EmployerFactory(), role=Role.RECRUITER).user
    proposal = _proposal(setting, S.INTERVIEW_PLANNED)
    with pytest.raises(PermissionDenied):
        proposal_mark_placed(
            proposal=proposal,
            by=other_recruiter,
            start_date=timezone.localdate() + timedelta(days=3),
            contract_type="regular",
            hours_per_week=20,
        )
    assert proposals_for_vacancy(vacancy=setting.vacancy, viewer=other_recruiter) == []
    assert not proposal_permission_policy.visible_to(other_recruiter).exists()


def test_recruiter_whose_membership_ended_can_no_longer_answer(setting):
    proposal = _proposal(setting, S.JOBSEEKER_AGREED)
    membership_end(membership=setting.world.recruiter.memberships.get(), by=None)
    with pytest.raises(PermissionDenied):
        proposal_employer_interested(proposal=proposal, by=setting.world.recruiter)


@pytest.mark.parametrize("role", ["other_coach", "jobseeker", "recruiter", "training_staff"])
def test_only_a_coach_of_the_proposing_organisation_withdraws(setting, role):
    proposal = _proposal(setting)
    with pytest.raises(PermissionDenied, match="Only a coach of the organisation"):
        proposal_withdraw(proposal=proposal, by=setting.world.user(role))


def test_another_coach_of_the_same_organisation_may_withdraw(setting):
    colleague = MembershipFactory(organisation=setting.world.training_centre, role=Role.COACH).user
    proposal = proposal_withdraw(proposal=_proposal(setting), by=colleague)
    assert proposal.state == S.WITHDRAWN


# --- seeing proposals --------------------------------------------------------------------


def test_coach_of_another_organisation_does_not_see_the_proposal(setting):
    proposal = _proposal(setting)
    world = setting.world
    assert not proposals_of_organisation(
        organisation=world.training_centre, viewer=world.other_coach
    ).exists()
    assert not proposal_permission_policy.visible_to(world.other_coach).exists()
    assert list(
        proposals_of_organisation(organisation=world.training_centre, viewer=world.coach)
    ) == [proposal]


def test_jobseeker_sees_only_their_own_proposals(setting):
    proposal = _proposal(setting)
    world = setting.world
    assert list(proposals_for_jobseeker(jobseeker=world.jobseeker)) == [proposal]
    assert not proposals_for_jobseeker(jobseeker=world.other_jobseeker).exists()
    assert not proposal_permission_policy.visible_to(world.other_jobseeker).exists()


@pytest.mark.parametrize(
    ("role", "sides"),
    [
        ("coach", {Side.INTERMEDIARY}),
        ("organisation_admin", {Side.INTERMEDIARY}),
        ("jobseeker", {Side.JOBSEEKER}),
        ("recruiter", {Side.EMPLOYER}),
        ("other_coach", set()),
        ("other_jobseeker", set()),
        ("training_staff", set()),
        ("network_admin", set()),
    ],
)
def test_each_person_acts_on_their_own_side_only(setting, role, sides):
    proposal = _proposal(setting)
    assert proposal_permission_policy.sides(setting.world.user(role), proposal) == sides


def test_employer_inbox_hides_identity_until_the_jobseeker_agreed_and_named_sharing_is_on(setting):
    world = setting.world
    consent_set(
        portfolio=setting.portfolio, audience="employers_named", granted=True, by=world.jobseeker
    )
    consent_set_coach_approval(portfolio=setting.portfolio, approved=True, by=world.coach)
    proposal = _proposal(setting)
    [row] = proposals_for_vacancy(vacancy=setting.vacancy, viewer=world.recruiter)
    assert row.jobseeker_name is None
    proposal_jobseeker_agree(proposal=proposal, by=world.jobseeker)
    [row] = proposals_for_vacancy(vacancy=setting.vacancy, viewer=world.recruiter)
    assert row.jobseeker_name == world.jobseeker.get_full_name()


def test_employer_inbox_stays_anonymous_when_the_jobseeker_shares_without_name(setting):
    world = setting.world
    consent_set(
        portfolio=setting.portfolio,
        audience="employers_anonymous",
        granted=True,
        by=world.jobseeker,
    )
    consent_set_coach_approval(portfolio=setting.portfolio, approved=True, by=world.coach)
    _proposal(setting, S.JOBSEEKER_AGREED)
    [row] = proposals_for_vacancy(vacancy=setting.vacancy, viewer=world.recruiter)
    assert row.jobseeker_name is None
    assert row.state == S.JOBSEEKER_AGREED


# --- target group ------------------------------------------------------------------------


def test_coach_of_the_proposing_organisation_records_the_target_group(setting):
    placement = _proposal(setting, S.PLACED).placement
    recorded = placement_record_target_group(
        placement=placement, by=setting.world.coach, target_group=TargetGroup.WAJONG
    )
    assert recorded.target_group == TargetGroup.WAJONG
    [proposal] = proposals_of_organisation(
        organisation=setting.world.training_centre, viewer=setting.world.coach
    )
    assert proposal.placement.target_group == TargetGroup.WAJONG


@pytest.mark.parametrize("role", ["recruiter", "other_coach", "jobseeker", "network_admin"])
def test_nobody_else_records_the_target_group(setting, role):
    placement = _proposal(setting, S.PLACED).placement
    with pytest.raises(PermissionDenied):
        placement_record_target_group(
            placement=placement, by=setting.world.user(role), target_group=TargetGroup.WW
        )
    placement.refresh_from_db()
    assert placement.target_group is None


def test_target_group_must_come_from_the_list(setting):
    placement = _proposal(setting, S.PLACED).placement
    with pytest.raises(ValidationError, match="Choose a target group"):
        placement_record_target_group(
            placement=placement, by=setting.world.coach, target_group="unemployed"
        )


def test_employer_inbox_never_carries_the_target_group(setting):
    world = setting.world
    placement = _proposal(setting, S.PLACED).placement
    placement_record_target_group(
        placement=placement, by=world.coach, target_group=TargetGroup.NEWCOMER
    )
    [row] = proposals_for_vacancy(vacancy=setting.vacancy, viewer=world.recruiter)
    assert row.placement.hours_per_week == placement.hours_per_week
    assert not hasattr(row.placement, "target_group")
    assert TargetGroup.NEWCOMER.value not in repr(row)


def test_employer_inbox_is_empty_for_other_vacancies_of_other_employers(setting):
    world = setting.world
    _proposal(setting)
    other_vacancy = VacancyFactory(organisation=EmployerFactory(), open=True)
    assert proposals_for_vacancy(vacancy=other_vacancy, viewer=world.recruiter) == []
    assert proposals_for_vacancy(vacancy=setting.vacancy, viewer=world.coach) == []
