"""Erasure and the centre's figures: the person goes, the numbers stay."""

from datetime import date

from django.urls import reverse

from portfolios.factories import skill_concept
from portfolios.privacy import account_erase
from tests.conftest import World
from training.cohort_selectors import cohort_counts
from training.models import DevelopmentGoal, GoalComment, GoalStatus, Trajectory
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    goal_set_status,
    trajectory_enrol,
)

START = date(2026, 2, 2)
GOAL = "Sanne rijdt in maart zelfstandig heftruck"


def _enrolled_with_a_reached_goal(world: World) -> Trajectory:
    trajectory = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=START,
        coach=world.coach,
    )
    forklift = skill_concept("Heftruck rijden")
    goal = goal_create(
        trajectory=trajectory, by=world.training_staff, text=GOAL, concept=forklift, target_level=3
    )
    goal_comment_add(goal=goal, by=world.jobseeker, text="Ik oefen elke dinsdag met Anke.")
    goal_set_status(goal=goal, by=world.training_staff, status=GoalStatus.REACHED)
    assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        concept=forklift,
        level=3,
        assessed_on=START,
    )
    return trajectory


def _counts(world: World):
    return cohort_counts(
        organisation=world.training_centre, started_from=START, started_to=date(2026, 2, 28)
    )


def test_erasure_keeps_the_cohort_figures(world: World):
    _enrolled_with_a_reached_goal(world)
    before = _counts(world)

    account_erase(user=world.jobseeker, by=world.jobseeker)

    assert _counts(world) == before
    assert before.started == 1 and before.reached_a_goal == 1


def test_erasure_leaves_no_name_or_words_of_the_person_in_the_kept_trajectory(world: World):
    trajectory = _enrolled_with_a_reached_goal(world)

    account_erase(user=world.jobseeker, by=world.jobseeker)

    kept = Trajectory.objects.get(pk=trajectory.pk)
    assert kept.jobseeker_id is None
    assert not GoalComment.objects.filter(goal__trajectory=kept).exists()
    assert not DevelopmentGoal.objects.filter(text__contains="Sanne").exists()
    assert not kept.organisation.skill_assessments.exists()


def test_staff_no_longer_find_an_erased_person_in_lists_or_by_address(world: World, login):
    trajectory = _enrolled_with_a_reached_goal(world)
    account_erase(user=world.jobseeker, by=world.jobseeker)
    client = login(world.training_staff)
    slug = world.training_centre.slug

    listing = client.get(reverse("trajectory_list", args=[slug])).content.decode()
    cohorts = client.get(reverse("cohorts", args=[slug])).content.decode()

    assert "Sanne" not in listing and "Sanne" not in cohorts
    started = (
        '<th class="utrecht-table__header-cell" scope="row">Started</th>'
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data number">1</td>'
    )
    assert started in cohorts  # still counted
    assert client.get(reverse("trajectory_detail", args=[slug, trajectory.pk])).status_code == 404
