"""The trajectory pages cost the same number of queries for one row or many."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio, skill_concept
from tests.conftest import World, make_user
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    module_complete,
    module_plan,
    trajectory_enrol,
)

START = date(2026, 1, 5)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_rows(world: World, trajectory, start: int, count: int) -> None:
    for number in range(start, start + count):
        concept = skill_concept(f"Vaardigheid {number}")
        goal = goal_create(
            trajectory=trajectory,
            by=world.coach,
            text=f"Doel {number}",
            concept=concept,
            target_level=3,
            due_date=START + timedelta(days=number),
        )
        goal_comment_add(goal=goal, by=world.jobseeker, text="Ik oefen")
        goal_comment_add(goal=goal, by=world.coach, text="Goed zo")
        module = module_plan(
            trajectory=trajectory, by=world.coach, name=f"Module {number}", skills=[concept]
        )
        module_complete(module=module, by=world.coach, completed_date=START)
        module_plan(trajectory=trajectory, by=world.coach, name=f"Later {number}")
        for level, day in ((1, START), (3, START + timedelta(days=30))):
            assessment_record(
                jobseeker=world.jobseeker,
                organisation=world.training_centre,
                by=world.coach,
                concept=concept,
                level=level,
                assessed_on=day,
            )


@pytest.fixture
def trajectory(world: World):
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Vaardigheid 0": 2, "Vaardigheid 1": 3},
        audiences=("coach_organisation",),
    )
    return trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.coach,
        start_date=START,
        coach=world.coach,
    )


def test_the_person_page_costs_the_same_for_one_or_many_goals(world: World, trajectory, login):
    client = login(world.training_staff)
    url = reverse("trajectory_detail", args=[world.training_centre.slug, trajectory.pk])
    _add_rows(world, trajectory, 0, 1)
    one = _queries(client, url)
    _add_rows(world, trajectory, 1, 8)
    assert _queries(client, url) == one


def test_my_progress_costs_the_same_for_one_or_many_goals(world: World, trajectory, login):
    client = login(world.jobseeker)
    _add_rows(world, trajectory, 0, 1)
    one = _queries(client, reverse("my_progress"))
    _add_rows(world, trajectory, 1, 8)
    assert _queries(client, reverse("my_progress")) == one


def test_the_list_costs_the_same_for_one_or_many_trajectories(world: World, trajectory, login):
    client = login(world.coach)
    url = reverse("trajectory_list", args=[world.training_centre.slug])
    _add_rows(world, trajectory, 0, 1)
    one = _queries(client, url)
    for number in range(8):
        person = make_user(f"deelnemer{number}@example.nl", f"Deelnemer {number}")
        membership_create(user=person, organisation=world.training_centre, role=Role.JOBSEEKER)
        trajectory_enrol(
            jobseeker=person,
            organisation=world.training_centre,
            by=world.coach,
            start_date=START,
            coach=world.training_staff,
        )
    assert _queries(client, url) == one
