"""The person's "everything about me" export includes what this app holds about them."""

from datetime import date

from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState, TargetGroup
from intermediaries.services import caseload_assign
from portfolios.factories import make_portfolio, skill_concept
from portfolios.privacy import data_export_content
from tests.conftest import World
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    module_plan,
    trajectory_enrol,
)
from vacancies.factories import VacancyFactory


def _story(world: World) -> None:
    forklift = skill_concept("Heftruck rijden")
    portfolio = make_portfolio(
        jobseeker=world.jobseeker, skills={"Heftruck rijden": 2}, audiences=("coach_organisation",)
    )
    make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True, title="Orderpicker"),
        recruiter=world.recruiter,
        state=ProposalState.INTERVIEW_PLANNED,
    )
    caseload_assign(
        jobseeker=world.jobseeker,
        coach=world.coach,
        organisation=world.training_centre,
        by=world.coach,
        target_group=TargetGroup.WW,
    )
    trajectory = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=date(2026, 3, 2),
        coach=world.coach,
    )
    goal = goal_create(
        trajectory=trajectory,
        by=world.training_staff,
        text="Ik rijd zelfstandig met de heftruck",
        concept=forklift,
        target_level=3,
    )
    goal_comment_add(goal=goal, by=world.jobseeker, text="Ik oefen elke dinsdag.")
    module_plan(trajectory=trajectory, by=world.training_staff, name="Heftruckcertificaat")
    assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        concept=forklift,
        level=3,
        assessed_on=date(2026, 4, 1),
        observation="Rijdt veilig achteruit.",
    )


def test_export_holds_my_proposals_caseload_trajectory_goals_modules_and_assessments(
    world: World,
):
    _story(world)
    data, _files = data_export_content(user=world.jobseeker)

    [proposal] = data["proposals"]
    assert proposal["vacancy"] == "Orderpicker"
    assert proposal["state"] == ProposalState.INTERVIEW_PLANNED
    assert [step["to"] for step in proposal["steps"]][-1] == ProposalState.INTERVIEW_PLANNED
    assert data["caseload"][0]["target_group"] == TargetGroup.WW
    [trajectory] = data["trajectories"]
    assert trajectory["training_centre"] == world.training_centre.name
    [goal] = trajectory["goals"]
    assert goal["goal"] == "Ik rijd zelfstandig met de heftruck"
    assert goal["comments"][0]["text"] == "Ik oefen elke dinsdag."
    assert trajectory["modules"][0]["name"] == "Heftruckcertificaat"
    [assessment] = data["skill_assessments"]
    assert (assessment["skill"], assessment["level"]) == ("Heftruck rijden", 3)
    assert assessment["observation"] == "Rijdt veilig achteruit."


def test_export_of_someone_else_holds_nothing_of_my_progress(world: World):
    _story(world)
    data, _files = data_export_content(user=world.other_jobseeker)

    assert data["proposals"] == []
    assert data["caseload"] == []
    assert data["trajectories"] == []
    assert data["skill_assessments"] == []
