"""A jobseeker of the training centre who shares with it, and an open vacancy of the employer."""

from dataclasses import dataclass

import pytest

from portfolios.factories import make_portfolio
from portfolios.models import PortfolioPage
from tests.conftest import World
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy


@dataclass
class Setting:
    world: World
    portfolio: PortfolioPage
    vacancy: Vacancy


@pytest.fixture
def setting(world: World) -> Setting:
    portfolio = make_portfolio(
        jobseeker=world.jobseeker, skills={"Orderpicken": 3}, audiences=("coach_organisation",)
    )
    vacancy = VacancyFactory(organisation=world.employer, open=True)
    return Setting(world=world, portfolio=portfolio, vacancy=vacancy)
