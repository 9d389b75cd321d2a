"""Facets only the recording organisation may use: trajectory status and target group.

A training centre's trajectory status and an organisation's target group are its own
record (issue 8). Its staff count and filter candidates on them; another
organisation's coach and an employer get the same hits, totals and facets as if
nothing had been recorded, and narrowing on such a value finds nobody for them.
"""

from datetime import date

import pytest
from django.db import transaction

from intermediaries.models import TargetGroup
from intermediaries.search_facets import TARGET_GROUP
from intermediaries.services import caseload_assign, caseload_hand_over
from portfolios.models import Audience
from search.spec import CandidateFilters
from training.models import TrajectoryStatus
from training.search_facets import TRAJECTORY_STATUS
from training.services import trajectory_enrol, trajectory_set_status

from .conftest import concept, facet, ids

EVERYONE = (Audience.COACH_ORGANISATION, Audience.NETWORK, Audience.EMPLOYERS_ANONYMOUS)


def seen_by(contract, viewer, vacancy, **options) -> tuple[list[int], int, dict]:
    page = contract.candidates(viewer, vacancy, **options)
    return ids(page), page.total, page.facets


@pytest.fixture
def centre(contract, world):
    """Three people of the training centre, shared with everyone, and a vacancy for them."""
    skill = concept("Heftruck rijden")
    people = {
        name: contract.person(
            name,
            skills={skill: 3},
            postcode="9671",
            max_travel_km=10,
            audiences=EVERYONE,
            coach=world.coach,
        )
        for name in ("Anna", "Bram", "Cees")
    }
    vacancy = contract.vacancy(needs=[(skill, True, 2)])
    return vacancy, people


def record(contract, world, people) -> dict:
    """The centre records trajectories and target groups; returns the trajectories."""
    centre, staff, coach = world.training_centre, world.training_staff, world.coach
    anna, bram, cees = (people[name].jobseeker for name in ("Anna", "Bram", "Cees"))
    with contract.committed():
        trajectories = {
            name: trajectory_enrol(
                jobseeker=person, organisation=centre, by=staff, start_date=date(2026, 9, 1)
            )
            for name, person in (("Anna", anna), ("Bram", bram), ("Cees", cees))
        }
        trajectory_set_status(
            trajectory=trajectories["Bram"], by=staff, status=TrajectoryStatus.TRAINING
        )
        trajectory_set_status(
            trajectory=trajectories["Cees"],
            by=staff,
            status=TrajectoryStatus.ENDED,
            reason="Verhuisd",
        )
        caseload_assign(
            jobseeker=anna,
            coach=coach,
            organisation=centre,
            by=coach,
            target_group=TargetGroup.WAJONG,
        )
        caseload_assign(
            jobseeker=bram, coach=coach, organisation=centre, by=coach, target_group=TargetGroup.WW
        )
    return trajectories


def test_staff_of_the_centre_count_their_trajectory_statuses_and_target_groups(
    contract, world, centre
):
    vacancy, people = centre
    record(contract, world, people)

    for viewer in (world.coach, world.training_staff):
        page = contract.candidates(viewer, vacancy)
        assert page.total == 3
        assert page.facets[TRAJECTORY_STATUS] == facet(
            {TrajectoryStatus.INTAKE: 1, TrajectoryStatus.TRAINING: 1, TrajectoryStatus.ENDED: 1}
        )
        assert page.facets[TARGET_GROUP] == facet({TargetGroup.WAJONG: 1, TargetGroup.WW: 1})


def test_staff_of_the_centre_narrow_candidates_on_their_own_record(contract, world, centre):
    vacancy, people = centre
    record(contract, world, people)
    anna, bram = people["Anna"].pk, people["Bram"].pk

    def found(*choices: tuple[str, str]) -> tuple[list[int], int]:
        page = contract.candidates(
            world.coach, vacancy, filters=CandidateFilters(organisation_facets=frozenset(choices))
        )
        return ids(page), page.total

    assert found((TRAJECTORY_STATUS, TrajectoryStatus.TRAINING)) == ([bram], 1)
    assert found(
        (TRAJECTORY_STATUS, TrajectoryStatus.TRAINING), (TRAJECTORY_STATUS, TrajectoryStatus.INTAKE)
    ) == ([bram, anna], 2)  # equal scores: the most recently published first
    assert found((TARGET_GROUP, TargetGroup.WAJONG), (TARGET_GROUP, TargetGroup.WW)) == (
        [bram, anna],
        2,
    )
    assert found(
        (TARGET_GROUP, TargetGroup.WAJONG), (TRAJECTORY_STATUS, TrajectoryStatus.TRAINING)
    ) == ([], 0)
    page = contract.candidates(
        world.coach,
        vacancy,
        filters=CandidateFilters(
            organisation_facets=frozenset({(TRAJECTORY_STATUS, TrajectoryStatus.TRAINING)})
        ),
    )
    assert page.facets[TARGET_GROUP] == facet({TargetGroup.WW: 1})


@pytest.mark.parametrize("viewer", ["other_coach", "recruiter"])
def test_another_organisation_and_an_employer_never_see_or_use_the_record(
    contract, world, centre, viewer
):
    vacancy, people = centre
    user = getattr(world, viewer)
    before = seen_by(contract, user, vacancy)
    assert before[1] == 3  # they do see the people themselves

    record(contract, world, people)

    after = seen_by(contract, user, vacancy)
    assert after == before
    assert after[2][TRAJECTORY_STATUS] == []
    assert after[2][TARGET_GROUP] == []
    for choice in (
        (TRAJECTORY_STATUS, TrajectoryStatus.TRAINING),
        (TARGET_GROUP, TargetGroup.WAJONG),
    ):
        narrowed = contract.candidates(
            user, vacancy, filters=CandidateFilters(organisation_facets=frozenset({choice}))
        )
        assert (ids(narrowed), narrowed.total) == ([], 0)
        assert narrowed.facets[TRAJECTORY_STATUS] == []
        assert narrowed.facets[TARGET_GROUP] == []


def test_the_index_follows_a_new_status_and_a_hand_over(contract, world, centre):
    vacancy, people = centre
    trajectories = record(contract, world, people)
    anna = people["Anna"].jobseeker

    with contract.committed():
        trajectory_set_status(
            trajectory=trajectories["Anna"], by=world.training_staff, status="job_hunting"
        )
        caseload_hand_over(
            jobseeker=anna,
            to_coach=world.organisation_admin,
            organisation=world.training_centre,
            by=world.coach,
        )
    page = contract.candidates(world.coach, vacancy)

    assert page.facets[TRAJECTORY_STATUS] == facet(
        {TrajectoryStatus.JOB_HUNTING: 1, TrajectoryStatus.TRAINING: 1, TrajectoryStatus.ENDED: 1}
    )
    # The hand-over carried the target group along.
    assert page.facets[TARGET_GROUP] == facet({TargetGroup.WAJONG: 1, TargetGroup.WW: 1})

    with contract.committed():
        caseload_hand_over(
            jobseeker=anna,
            to_coach=world.coach,
            organisation=world.training_centre,
            by=world.coach,
            target_group=TargetGroup.NEWCOMER,
        )
    page = contract.candidates(world.coach, vacancy)
    assert page.facets[TARGET_GROUP] == facet({TargetGroup.NEWCOMER: 1, TargetGroup.WW: 1})


def test_a_rolled_back_status_never_reaches_the_index(contract, world, centre):
    vacancy, people = centre
    trajectories = record(contract, world, people)

    with pytest.raises(RuntimeError), contract.committed(), transaction.atomic():
        trajectory_set_status(
            trajectory=trajectories["Anna"], by=world.training_staff, status="placed"
        )
        raise RuntimeError("rolled back")
    page = contract.candidates(world.coach, vacancy)

    assert page.facets[TRAJECTORY_STATUS] == facet(
        {TrajectoryStatus.INTAKE: 1, TrajectoryStatus.TRAINING: 1, TrajectoryStatus.ENDED: 1}
    )
