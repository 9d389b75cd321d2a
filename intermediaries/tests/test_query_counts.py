"""The selectors the screens stand on cost the same number of queries for 1 row and for many."""

import pytest

from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState, TargetGroup
from intermediaries.selectors import (
    proposals_for_jobseeker,
    proposals_for_vacancy,
    proposals_of_organisation,
)
from intermediaries.services import placement_record_target_group
from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role
from portfolios.factories import make_portfolio
from vacancies.factories import VacancyFactory


def _portfolios(world, count):
    people = [world.jobseeker] + [
        MembershipFactory(organisation=world.training_centre, role=Role.JOBSEEKER).user
        for _ in range(count - 1)
    ]
    return [make_portfolio(jobseeker=p, audiences=("coach_organisation",)) for p in people]


def _touch(proposal):
    """Read what a list row shows, so lazy loading would show up as extra queries."""
    return (
        proposal.vacancy.title,
        proposal.vacancy.organisation.name,
        proposal.organisation.name,
        proposal.proposed_by.first_name,
    )


@pytest.mark.parametrize("rows", [1, 4])
def test_proposals_for_jobseeker_is_one_query(world, django_assert_num_queries, rows):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    for _ in range(rows):
        make_proposal(
            coach=world.coach,
            portfolio=portfolio,
            vacancy=VacancyFactory(organisation=world.employer, open=True),
        )
    with django_assert_num_queries(1):
        listed = [_touch(p) for p in proposals_for_jobseeker(jobseeker=world.jobseeker)]
    assert len(listed) == rows


@pytest.mark.parametrize("rows", [1, 4])
def test_employer_inbox_is_one_query_after_the_permission_join(
    world, django_assert_num_queries, rows
):
    vacancy = VacancyFactory(organisation=world.employer, open=True)
    for index, portfolio in enumerate(_portfolios(world, rows)):
        state = ProposalState.PLACED if index == 0 else ProposalState.JOBSEEKER_AGREED
        make_proposal(
            coach=world.coach,
            portfolio=portfolio,
            vacancy=vacancy,
            recruiter=world.recruiter,
            state=state,
        )
    with django_assert_num_queries(1):
        inbox = proposals_for_vacancy(vacancy=vacancy, viewer=world.recruiter)
    assert len(inbox) == rows


@pytest.mark.parametrize("rows", [1, 4])
def test_proposals_of_organisation_is_one_query(world, django_assert_num_queries, rows):
    vacancy = VacancyFactory(organisation=world.employer, open=True)
    for portfolio in _portfolios(world, rows):
        proposal = make_proposal(
            coach=world.coach,
            portfolio=portfolio,
            vacancy=vacancy,
            recruiter=world.recruiter,
            state=ProposalState.PLACED,
        )
        placement_record_target_group(
            placement=proposal.placement, by=world.coach, target_group=TargetGroup.OTHER
        )
    with django_assert_num_queries(1):
        listed = [
            (*_touch(p), p.portfolio.jobseeker.first_name, p.placement.target_group)
            for p in proposals_of_organisation(
                organisation=world.training_centre, viewer=world.coach
            )
        ]
    assert len(listed) == rows
