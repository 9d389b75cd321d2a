"""Objects the permission-matrix rows for proposal URLs need (tests/test_permission_matrix.py)."""

from intermediaries.factories import make_proposal
from intermediaries.models import Proposal, ProposalState
from portfolios.factories import make_portfolio
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy
from vacancies.tests.matrix import other_employers_vacancy


def proposal(world, state: str = ProposalState.PROPOSED) -> Proposal:
    """The world's coach proposes the world's jobseeker for an open vacancy of the world's employer."""
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    return make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
        recruiter=world.recruiter,
        state=state,
    )


def inbox_args(world) -> list:
    vacancy = proposal(world).vacancy
    return [vacancy.organisation.slug, vacancy.pk]


def other_employers_inbox_args(world) -> list:
    vacancy = Vacancy.objects.select_related("organisation").get(pk=other_employers_vacancy(world))
    return [vacancy.organisation.slug, vacancy.pk]


def answer_args(world) -> list:
    """The "not hired" answer for a proposal after its interview: nothing needs typing."""
    planned = proposal(world, ProposalState.INTERVIEW_PLANNED)
    return [world.employer.slug, planned.vacancy_id, planned.pk, "niet-aangenomen"]
