"""Training-centre trajectories: who may enrol, set goals, comment, plan modules and assess."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intermediaries.factories import make_proposal
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import PortfolioPage, PortfolioSkill
from search.backends.database import DatabaseBackend
from search.builders import portfolio_documents, viewer_for
from search.indexing import portfolios_sync
from search.spec import CandidateSpec, SkillNeed
from tests.conftest import World
from training.cohort_selectors import cohort_counts
from training.models import GoalStatus, ModuleStatus, TrajectoryStatus
from training.selectors import person_timeline
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    goal_set_status,
    module_complete,
    module_plan,
    trajectory_enrol,
    trajectory_set_status,
)
from vacancies.factories import VacancyFactory

START = date(2026, 1, 5)


def _user(email: str) -> User:
    return User.objects.create_user(email=email, password="x", first_name=email.split("@")[0])


@pytest.fixture
def other_centre_staff(world: World) -> User:
    centre = organisation_create(
        name="Leerwerkcentrum Veenkoloniën",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
    )
    staff = _user("staff-elsewhere@example.nl")
    membership_create(user=staff, organisation=centre, role=Role.TRAINING_STAFF)
    return staff


@pytest.fixture
def trajectory(world: World):
    return trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=START,
        coach=world.coach,
    )


@pytest.fixture
def outsiders(world: World, other_centre_staff: User) -> list[User]:
    return [other_centre_staff, world.other_coach, world.recruiter, world.other_jobseeker]


@pytest.mark.parametrize("role", ["training_staff", "coach", "organisation_admin"])
def test_staff_of_the_centre_enrol_a_jobseeker_of_the_centre(world: World, role: str):
    trajectory = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.user(role),
        start_date=START,
    )
    assert trajectory.status == TrajectoryStatus.INTAKE
    assert AuditEvent.objects.filter(action="trajectory.enrol", subject=world.jobseeker).exists()


def test_outsiders_and_the_jobseeker_cannot_enrol(world: World, outsiders: list[User]):
    for user in [*outsiders, world.jobseeker]:
        with pytest.raises(PermissionDenied):
            trajectory_enrol(
                jobseeker=world.jobseeker,
                organisation=world.training_centre,
                by=user,
                start_date=START,
            )


def test_a_jobseeker_of_another_organisation_cannot_be_enrolled(world: World):
    with pytest.raises(ValidationError):
        trajectory_enrol(
            jobseeker=world.other_jobseeker,
            organisation=world.training_centre,
            by=world.training_staff,
            start_date=START,
        )


def test_ending_needs_a_reason_and_then_the_trajectory_is_closed(world: World, trajectory):
    with pytest.raises(ValidationError):
        trajectory_set_status(trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED)
    ended = trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Verhuisd"
    )
    assert ended.ended_reason == "Verhuisd" and ended.ended_at is not None
    with pytest.raises(ValidationError):
        goal_create(trajectory=ended, by=world.coach, text="Heftruck rijden")


def test_a_person_can_have_several_trajectories_over_time(world: World, trajectory):
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.coach,
        start_date=date(2027, 1, 4),
    )
    assert world.jobseeker.trajectories.count() == 2


def test_outsiders_cannot_change_status(world: World, trajectory, outsiders: list[User]):
    for user in [*outsiders, world.jobseeker]:
        with pytest.raises(PermissionDenied):
            trajectory_set_status(trajectory=trajectory, by=user, status=TrajectoryStatus.TRAINING)


def test_staff_set_a_goal_and_mark_it_reached(world: World, trajectory):
    goal = goal_create(
        trajectory=trajectory,
        by=world.training_staff,
        text="Ik rijd in maart zelfstandig heftruck",
        concept=skill_concept("Heftruck rijden"),
        target_level=3,
        due_date=date(2026, 3, 31),
    )
    goal = goal_set_status(goal=goal, by=world.coach, status=GoalStatus.REACHED)
    assert goal.status == GoalStatus.REACHED
    assert AuditEvent.objects.filter(action="goal.set_status", object_id=str(goal.pk)).exists()


def test_a_goal_level_outside_one_to_four_is_refused(world: World, trajectory):
    with pytest.raises(ValidationError):
        goal_create(trajectory=trajectory, by=world.coach, text="Doel", target_level=5)


def test_outsiders_cannot_set_or_change_goals(world: World, trajectory, outsiders: list[User]):
    goal = goal_create(trajectory=trajectory, by=world.coach, text="Orderpicken")
    for user in [*outsiders, world.jobseeker]:
        with pytest.raises(PermissionDenied):
            goal_create(trajectory=trajectory, by=user, text="Ander doel")
        with pytest.raises(PermissionDenied):
            goal_set_status(goal=goal, by=user, status=GoalStatus.DROPPED)


def test_the_jobseeker_and_staff_comment_on_the_goal(world: World, trajectory):
    goal = goal_create(trajectory=trajectory, by=world.coach, text="Orderpicken")
    goal_comment_add(goal=goal, by=world.jobseeker, text="Gaat al beter!")
    goal_comment_add(goal=goal, by=world.training_staff, text="Mooi zo")
    assert [c.author for c in goal.comments.all()] == [world.jobseeker, world.training_staff]


def test_outsiders_cannot_comment(world: World, trajectory, outsiders: list[User]):
    goal = goal_create(trajectory=trajectory, by=world.coach, text="Orderpicken")
    for user in outsiders:
        with pytest.raises(PermissionDenied):
            goal_comment_add(goal=goal, by=user, text="Hallo")
    assert not goal.comments.exists()


def test_staff_plan_and_complete_a_module(world: World, trajectory):
    module = module_plan(
        trajectory=trajectory,
        by=world.training_staff,
        name="Heftruckcertificaat",
        provider="ROC",
        hours=16,
        skills=[skill_concept("Heftruck rijden")],
        certificate=True,
        planned_date=date(2026, 2, 1),
    )
    module = module_complete(module=module, by=world.coach, completed_date=date(2026, 2, 3))
    assert module.status == ModuleStatus.COMPLETED
    assert list(module.skills.values_list("uri", flat=True)) == [
        skill_concept("Heftruck rijden").uri
    ]
    with pytest.raises(ValidationError):
        module_complete(module=module, by=world.coach, completed_date=date(2026, 2, 4))


def test_outsiders_cannot_plan_or_complete_modules(world: World, trajectory, outsiders: list[User]):
    module = module_plan(trajectory=trajectory, by=world.coach, name="VCA")
    for user in [*outsiders, world.jobseeker]:
        with pytest.raises(PermissionDenied):
            module_plan(trajectory=trajectory, by=user, name="Ander")
        with pytest.raises(PermissionDenied):
            module_complete(module=module, by=user, completed_date=START)


def _assess(world: World, level: int, on: date, by: User | None = None):
    return assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=by or world.training_staff,
        concept=skill_concept("Orderpicken"),
        level=level,
        assessed_on=on,
        observation="Werkt nauwkeurig",
    )


def test_the_latest_assessment_sets_the_staff_level_beside_the_self_level(world: World, trajectory):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"Orderpicken": 2})
    _assess(world, 4, date(2026, 3, 1))
    _assess(world, 3, date(2026, 2, 1))  # entered later, but about an earlier day
    row = PortfolioSkill.objects.get(page=portfolio)
    assert (row.level, row.staff_level) == (2, 4)
    # The jobseeker's next publish keeps the staff level.
    draft_row = PortfolioPage.objects.get(pk=portfolio.pk).get_latest_revision_as_object()
    assert [s.staff_level for s in draft_row.skills.all()] == [4]


def test_the_search_index_ranks_by_the_staff_level_and_says_so(world: World, trajectory):
    shared = ("coach_organisation",)
    peer = _user("peer@example.nl")
    membership_create(user=peer, organisation=world.training_centre, role=Role.JOBSEEKER)
    assessed = make_portfolio(
        jobseeker=world.jobseeker, skills={"Orderpicken": 1}, audiences=shared
    )
    # Made last, so it wins a tie on score (most recently updated first) before the assessment.
    other = make_portfolio(jobseeker=peer, skills={"Orderpicken": 2}, audiences=shared)
    backend = DatabaseBackend()
    spec = CandidateSpec(
        viewer=viewer_for(world.coach),
        needs=(SkillNeed(concept_id=skill_concept("Orderpicken").pk, min_level=3, required=True),),
        location=None,
        hours_min=None,
        hours_max=None,
        work_type="",
        occupation_id=None,
    )
    portfolios_sync([assessed.pk, other.pk], backend=backend)
    assert [hit.id for hit in backend.candidates(spec).hits] == [other.pk, assessed.pk]

    _assess(world, 3, START)
    portfolios_sync([assessed.pk, other.pk], backend=backend)
    first, second = backend.candidates(spec).hits
    assert (first.id, second.id) == (assessed.pk, other.pk)
    assert first.score > second.score
    [entry] = portfolio_documents([assessed.pk])[assessed.pk].skills
    assert (entry.level, entry.self_level, entry.assessed_by_staff) == (3, 1, True)


def test_an_assessment_without_the_skill_on_the_portfolio_is_only_recorded(
    world: World, trajectory
):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"Heftruck rijden": 2})
    assessment = _assess(world, 3, START)
    assert assessment.pk is not None
    assert PortfolioSkill.objects.get(page=portfolio).staff_level is None


def test_outsiders_cannot_assess(world: World, trajectory, outsiders: list[User]):
    for user in [*outsiders, world.jobseeker]:
        with pytest.raises(PermissionDenied):
            _assess(world, 3, START, by=user)


def test_no_assessment_without_a_current_trajectory(world: World, trajectory):
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    with pytest.raises(PermissionDenied):
        _assess(world, 3, START)


def _fill(world: World, trajectory, rows: int) -> None:
    portfolio = PortfolioPage.objects.filter(jobseeker=world.jobseeker).first() or make_portfolio(
        jobseeker=world.jobseeker, skills={"Orderpicken": 2}, audiences=("coach_organisation",)
    )
    for index in range(rows):
        vacancy = VacancyFactory(organisation=world.employer, open=True)
        make_proposal(coach=world.coach, portfolio=portfolio, vacancy=vacancy)
        goal = goal_create(trajectory=trajectory, by=world.coach, text=f"Doel {index}")
        goal_comment_add(goal=goal, by=world.jobseeker, text="Ok")
        module = module_plan(trajectory=trajectory, by=world.coach, name=f"Module {index}")
        module.skills.add(skill_concept(f"Vaardigheid {index}"))
        _assess(world, 1 + index % 4, START)


def _timeline_queries(world: World) -> int:
    with CaptureQueriesContext(connection) as queries:
        person_timeline(jobseeker=world.jobseeker, viewer=world.training_staff)
    return len(queries)


def test_the_timeline_costs_the_same_queries_for_one_or_twenty_rows(world: World, trajectory):
    _fill(world, trajectory, 1)
    one = _timeline_queries(world)
    _fill(world, trajectory, 19)
    timeline = person_timeline(jobseeker=world.jobseeker, viewer=world.training_staff)
    counts = [timeline.goals, timeline.modules, timeline.assessments, timeline.proposals]
    assert [len(rows) for rows in counts] == [20, 20, 20, 20]
    assert _timeline_queries(world) == one


def test_staff_of_another_centre_see_nothing_in_the_timeline(
    world: World, trajectory, other_centre_staff: User
):
    _fill(world, trajectory, 1)
    timeline = person_timeline(jobseeker=world.jobseeker, viewer=other_centre_staff)
    assert [timeline.goals, timeline.modules, timeline.assessments, timeline.proposals] == [[]] * 4
    own = person_timeline(jobseeker=world.jobseeker, viewer=world.jobseeker)
    assert [len(own.goals), len(own.proposals)] == [1, 1]


def _enrol(world: World, index: int):
    jobseeker = _user(f"cohort{index}@example.nl")
    membership_create(user=jobseeker, organisation=world.training_centre, role=Role.JOBSEEKER)
    return trajectory_enrol(
        jobseeker=jobseeker, organisation=world.training_centre, by=world.coach, start_date=START
    )


def test_cohort_counts_in_one_query_for_one_or_twenty_trajectories(world: World):
    for index in range(20):
        trajectory = _enrol(world, index)
        if index % 2 == 0:
            goal = goal_create(trajectory=trajectory, by=world.coach, text="Doel")
            goal_set_status(goal=goal, by=world.coach, status=GoalStatus.REACHED)
        status = [TrajectoryStatus.JOB_HUNTING, TrajectoryStatus.PLACED, TrajectoryStatus.TRAINING]
        trajectory_set_status(trajectory=trajectory, by=world.coach, status=status[index % 3])
    with CaptureQueriesContext(connection) as queries:
        counts = cohort_counts(
            organisation=world.training_centre,
            started_from=date(2026, 1, 1),
            started_to=date(2026, 1, 31),
        )
    assert len(queries) == 1
    assert (counts.started, counts.reached_a_goal, counts.job_hunting, counts.placed) == (
        20,
        10,
        7,
        7,
    )
    later = cohort_counts(
        organisation=world.training_centre,
        started_from=date(2026, 2, 1),
        started_to=date(2026, 2, 28),
    )
    assert later.started == 0


def test_who_looked_list_names_goals_skills_and_centres_in_words(world: World, trajectory, client):
    goal = goal_create(
        trajectory=trajectory, by=world.training_staff, text="Zelf reizen met de bus"
    )
    comment = goal_comment_add(goal=goal, by=world.coach, text="Gaat goed")
    trajectory_set_status(
        trajectory=trajectory, by=world.training_staff, status=TrajectoryStatus.JOB_HUNTING
    )
    _assess(world, 3, date(2026, 2, 1))
    client.force_login(world.jobseeker)

    html = client.get(reverse("data_access_log")).content.decode()

    assert "Commented on one of your goals: Zelf reizen met de bus" in html
    assert "Recorded how well you do a skill: Orderpicken" in html
    assert f"Changed the status of your trajectory: {world.training_centre.name}" in html
    assert "Joke (" in html
    for internal in (f"comment {comment.pk}", f"goal {goal.pk}", "(job_hunting)", "= 3"):
        assert internal not in html
