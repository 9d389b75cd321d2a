"""The candidates page offers trajectory status and target group to the recording organisation only."""

from datetime import date

import pytest
from django.urls import reverse

from intermediaries.models import TargetGroup
from intermediaries.services import caseload_assign
from portfolios.factories import make_portfolio, skill_concept
from search import indexing
from tests.conftest import World
from training.services import trajectory_enrol
from vacancies.factories import VacancyFactory

TRAJECTORY_LEGEND = "Trajectory at our centre"
TARGET_GROUP_LEGEND = "Target group (our organisation)"


@pytest.fixture
def recorded(world: World):
    """Sanne, shared with her centre and the network, enrolled there and with a target group."""
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3},
        audiences=("coach_organisation", "network"),
    )
    trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=date(2026, 9, 1),
    )
    caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
        target_group=TargetGroup.WAJONG,
    )
    vacancy = VacancyFactory(
        organisation=world.employer, open=True, skills=[(skill_concept("heftruck rijden"), True, 2)]
    )
    indexing.rebuild()
    return reverse("search_vacancy_candidates", args=[vacancy.pk])


def _names(response) -> list[str]:
    return [row.name for row in response.context["results"].rows]


def test_centre_coach_sees_and_uses_trajectory_and_target_group_facets(world, login, recorded):
    client = login(world.coach)
    response = client.get(recorded)
    page = response.content.decode()

    assert TRAJECTORY_LEGEND in page and TARGET_GROUP_LEGEND in page
    assert 'name="traject" value="intake"' in page
    assert 'name="doelgroep" value="wajong"' in page
    assert _names(client.get(recorded + "?traject=intake&doelgroep=wajong")) == ["Sanne"]
    narrowed = client.get(recorded + "?traject=training")
    assert _names(narrowed) == []
    assert narrowed.context["results"].total == 0


def test_training_staff_of_the_centre_see_the_facets_too(world, login, recorded):
    page = login(world.training_staff).get(recorded).content.decode()

    assert TRAJECTORY_LEGEND in page and TARGET_GROUP_LEGEND in page


def test_coach_of_another_organisation_finds_the_person_but_not_the_record(world, login, recorded):
    client = login(world.other_coach)
    response = client.get(recorded)
    page = response.content.decode()

    assert response.context["results"].total == 1  # through the network
    assert TRAJECTORY_LEGEND not in page and TARGET_GROUP_LEGEND not in page
    assert "Wajong" not in page
    narrowed = client.get(recorded + "?traject=intake")
    assert narrowed.context["results"].total == 0
    assert "Wajong" not in narrowed.content.decode()


def test_a_value_outside_the_list_is_explained_and_the_rest_still_counts(world, login, recorded):
    response = login(world.coach).get(recorded + "?traject=nonsense&tekst=heftruck")

    assert response.status_code == 200
    assert "Choose from the list." in response.content.decode()
    assert _names(response) == ["Sanne"]
    assert response.context["form"]["tekst"].value() == "heftruck"
