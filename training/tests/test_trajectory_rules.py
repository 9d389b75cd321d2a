"""Rules added to the trajectory services: closed goals, skills only, later-published skills."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.taxonomy.models import ConceptType
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import PortfolioPage, PortfolioSkill
from portfolios.services import portfolio_publish, portfolio_skill_set
from tests.conftest import World
from training.models import TrajectoryStatus
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    module_complete,
    module_plan,
    trajectory_enrol,
    trajectory_set_coach,
    trajectory_set_status,
)

START = date(2026, 1, 5)


@pytest.fixture
def trajectory(world: World):
    return trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=START,
    )


def _assess(world: World, concept, level: int, day: date = START):
    return assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.coach,
        concept=concept,
        level=level,
        assessed_on=day,
    )


def test_nobody_comments_on_a_goal_once_the_trajectory_ended(world: World, trajectory):
    goal = goal_create(trajectory=trajectory, by=world.coach, text="Zelf heftruck rijden")
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    for user in (world.jobseeker, world.coach):
        with pytest.raises(ValidationError, match="has ended"):
            goal_comment_add(goal=goal, by=user, text="Nog iets")
    assert not goal.comments.exists()


def test_an_occupation_cannot_be_assessed_or_be_a_goal_or_module_skill(world: World, trajectory):
    occupation = skill_concept("Heftruckchauffeur", concept_type=ConceptType.OCCUPATION)
    with pytest.raises(ValidationError, match="not an occupation"):
        _assess(world, occupation, 3)
    with pytest.raises(ValidationError, match="not an occupation"):
        goal_create(trajectory=trajectory, by=world.coach, text="Chauffeur", concept=occupation)
    with pytest.raises(ValidationError, match="not an occupation"):
        module_plan(trajectory=trajectory, by=world.coach, name="Rijbewijs", skills=[occupation])


def test_knowledge_can_be_assessed(world: World, trajectory):
    knowledge = skill_concept("Veiligheidsregels", concept_type=ConceptType.KNOWLEDGE)
    assert _assess(world, knowledge, 2).level == 2


def test_an_assessment_or_completion_in_the_future_is_refused(world: World, trajectory):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        _assess(world, skill_concept("Orderpicken"), 3, tomorrow)
    module = module_plan(trajectory=trajectory, by=world.coach, name="VCA")
    with pytest.raises(ValidationError, match="future"):
        module_complete(module=module, by=world.coach, completed_date=tomorrow)


def test_a_skill_published_after_the_assessment_gets_the_latest_staff_level(
    world: World, trajectory
):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"Schoonmaken": 2})
    forklift = skill_concept("Heftruck rijden")
    _assess(world, forklift, 2, date(2026, 2, 1))
    _assess(world, forklift, 3, date(2026, 3, 1))

    portfolio_skill_set(portfolio=portfolio, by=world.jobseeker, concept=forklift, level=1)
    portfolio_publish(portfolio=portfolio, by=world.jobseeker)

    row = PortfolioSkill.objects.get(page=portfolio, concept=forklift)
    assert (row.level, row.staff_level) == (1, 3)
    latest = PortfolioPage.objects.get(pk=portfolio.pk).get_latest_revision_as_object()
    assert {s.concept_id: s.staff_level for s in latest.skills.all()}[forklift.pk] == 3
    other = PortfolioSkill.objects.get(page=portfolio, concept=skill_concept("Schoonmaken"))
    assert other.staff_level is None


def test_publishing_without_assessments_leaves_the_skills_as_they_are(world: World):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"Schoonmaken": 2})
    assert PortfolioSkill.objects.get(page=portfolio).staff_level is None


def test_the_coach_changes_only_to_staff_of_the_centre(world: World, trajectory):
    with pytest.raises(ValidationError, match="must work at this training centre"):
        trajectory_set_coach(trajectory=trajectory, by=world.coach, coach=world.other_coach)
    changed = trajectory_set_coach(
        trajectory=trajectory, by=world.coach, coach=world.training_staff
    )
    assert changed.coach == world.training_staff
    assert AuditEvent.objects.filter(
        action="trajectory.set_coach", subject=world.jobseeker
    ).exists()
