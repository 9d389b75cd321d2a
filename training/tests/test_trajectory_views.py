"""The trajectory screens: the centre's list, one person's progress, and "My progress"."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.services import taxonomy_import
from portfolios.factories import make_portfolio, skill_concept
from tests.conftest import World, make_user
from training.models import (
    DevelopmentGoal,
    GoalStatus,
    ModuleStatus,
    SkillAssessment,
    TrainingModule,
    Trajectory,
    TrajectoryStatus,
)
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    module_plan,
    trajectory_enrol,
    trajectory_set_status,
)

START = date(2026, 1, 5)


@pytest.fixture
def trajectory(world: World) -> Trajectory:
    return trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=START,
        coach=world.coach,
    )


@pytest.fixture
def other_centre_staff(world: World) -> User:
    centre = organisation_create(
        name="Leerwerkcentrum Veenkoloniën",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
    )
    staff = make_user("staff-elders@example.nl", "Greet")
    membership_create(user=staff, organisation=centre, role=Role.TRAINING_STAFF)
    return staff


def _detail(world: World, trajectory: Trajectory, name: str = "trajectory_detail", *extra) -> str:
    return reverse(name, args=[world.training_centre.slug, trajectory.pk, *extra])


def _goal(world: World, trajectory: Trajectory, text: str = "Ik rijd zelf heftruck"):
    return goal_create(
        trajectory=trajectory,
        by=world.training_staff,
        text=text,
        concept=skill_concept("Heftruck rijden"),
        target_level=3,
        due_date=date(2026, 3, 31),
    )


# --- The centre's list -------------------------------------------------------------------------


def test_staff_see_the_centres_trajectories_and_filter_by_name(world: World, trajectory, login):
    client = login(world.coach)
    url = reverse("trajectory_list", args=[world.training_centre.slug])

    page = client.get(url).content.decode()
    assert "Sanne" in page

    assert "Sanne" not in client.get(url, {"naam": "Mehmet"}).content.decode()
    assert (
        "Sanne" in client.get(url, {"status": "intake", "coach": world.coach.pk}).content.decode()
    )


def test_staff_enrol_a_jobseeker_and_land_on_their_progress(world: World, login):
    client = login(world.training_staff)
    response = client.post(
        reverse("trajectory_list", args=[world.training_centre.slug]),
        {
            "enrol-jobseeker": world.jobseeker.pk,
            "enrol-start_date": "2026-02-02",
            "enrol-planned_end_date": "2026-08-01",
            "enrol-coach": world.coach.pk,
        },
    )
    trajectory = Trajectory.objects.get(jobseeker=world.jobseeker)
    assert response.status_code == 302
    assert response["Location"] == _detail(world, trajectory)
    assert trajectory.coach == world.coach


def test_enrol_with_end_before_start_keeps_what_was_typed(world: World, login):
    client = login(world.training_staff)
    response = client.post(
        reverse("trajectory_list", args=[world.training_centre.slug]),
        {
            "enrol-jobseeker": world.jobseeker.pk,
            "enrol-start_date": "2026-02-02",
            "enrol-planned_end_date": "2026-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The planned end comes before the start." in page
    assert 'value="2026-01-01"' in page
    assert not Trajectory.objects.exists()


def test_a_jobseeker_with_a_running_trajectory_is_not_offered_again(
    world: World, trajectory, login
):
    newcomer = make_user("nieuw@example.nl", "Noor")
    membership_create(user=newcomer, organisation=world.training_centre, role=Role.JOBSEEKER)
    page = login(world.coach).get(reverse("trajectory_list", args=[world.training_centre.slug]))
    select = page.content.decode().split('name="enrol-jobseeker"', 1)[1].split("</select>", 1)[0]
    assert f'value="{newcomer.pk}"' in select
    assert f'value="{world.jobseeker.pk}"' not in select


def test_own_levels_stay_hidden_when_the_portfolio_is_not_shared(world: World, trajectory, login):
    make_portfolio(jobseeker=world.jobseeker, skills={"Geheime vaardigheid": 4})
    page = login(world.coach).get(_detail(world, trajectory)).content.decode()
    assert "Geheime vaardigheid" not in page
    assert "does not share it with your organisation" in page


# --- One person's progress -------------------------------------------------------------------


def test_staff_see_goals_modules_assessments_and_the_chart(world: World, trajectory, login):
    make_portfolio(
        jobseeker=world.jobseeker, skills={"Heftruck rijden": 2}, audiences=("coach_organisation",)
    )
    _goal(world, trajectory)
    module_plan(trajectory=trajectory, by=world.coach, name="Heftruckcertificaat", hours=16)
    assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.coach,
        concept=skill_concept("Heftruck rijden"),
        level=3,
        assessed_on=date(2026, 2, 1),
        observation="Rijdt veilig",
    )

    page = login(world.training_staff).get(_detail(world, trajectory)).content.decode()

    assert "Ik rijd zelf heftruck" in page
    assert "Heftruckcertificaat" in page
    assert "Rijdt veilig" in page
    assert re.search(r'<svg[^>]*role="img"', page) and "<script" not in page.split("<svg", 1)[1]
    assert "Heftruck rijden" in page


def test_looking_at_someones_progress_is_in_their_who_looked_log(world: World, trajectory, login):
    login(world.coach).get(_detail(world, trajectory))
    assert AuditEvent.objects.filter(
        action="trajectory.view", actor=world.coach, subject=world.jobseeker
    ).exists()


def test_ending_without_reason_keeps_the_choice_and_says_why(world: World, trajectory, login):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_status"),
        {"status-status": "ended", "status-reason": ""},
    )
    assert response.status_code == 200
    assert "Say why the trajectory ends." in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.INTAKE


def test_staff_end_a_trajectory_with_a_reason(world: World, trajectory, login):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_status"),
        {"status-status": "ended", "status-reason": "Verhuisd"},
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.ENDED


def test_staff_change_the_coach_to_someone_of_the_centre(world: World, trajectory, login):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_coach"), {"coach-coach": world.training_staff.pk}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.coach == world.training_staff


ESCO_SMALL = Path(__file__).resolve().parents[2] / "portal/taxonomy/tests/fixtures/esco_small"


@pytest.fixture
def taxonomy(db):
    """The small ESCO sample, so typed skill names are found by the autocomplete index."""
    cache.clear()
    reset_index()
    taxonomy_import(directory=ESCO_SMALL)
    yield
    reset_index()


def test_staff_add_a_goal_with_a_typed_skill(world: World, trajectory, login, taxonomy):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_goal_add"),
        {
            "goal-text": "In maart maak ik zelf de kantine schoon",
            "goal-skill_search": "schoonmaken",
            "goal-target_level": "3",
            "goal-due_date": "2026-03-31",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 302
    goal = DevelopmentGoal.objects.get(trajectory=trajectory)
    assert goal.concept.uri.endswith("/schoonmaken") and goal.target_level == 3


def test_a_goal_without_text_keeps_what_was_typed(world: World, trajectory, login):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_goal_add"),
        {"goal-text": "", "goal-due_date": "2026-03-31", "goal-target_level": "2"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-03-31"' in page
    assert not DevelopmentGoal.objects.exists()


def test_an_unknown_typed_skill_is_explained(world: World, trajectory, login, taxonomy):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_goal_add"),
        {"goal-text": "Iets", "goal-skill_search": "xqzzyv"},
    )
    assert response.status_code == 200
    assert "No skill found with this name." in response.content.decode()


def test_staff_mark_a_goal_reached_and_reply(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    client = login(world.coach)
    client.post(
        _detail(world, trajectory, "trajectory_goal_status", goal.pk),
        {f"g{goal.pk}-status": "reached"},
    )
    client.post(
        _detail(world, trajectory, "trajectory_goal_comment", goal.pk),
        {f"c{goal.pk}-text": "Goed gedaan!"},
    )
    goal.refresh_from_db()
    assert goal.status == GoalStatus.REACHED
    assert goal.comments.get().text == "Goed gedaan!"


def test_an_empty_reply_is_refused_on_the_page(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_goal_comment", goal.pk), {f"c{goal.pk}-text": " "}
    )
    assert response.status_code == 200
    assert not goal.comments.exists()


def test_staff_plan_and_complete_a_module(world: World, trajectory, login):
    client = login(world.training_staff)
    client.post(
        _detail(world, trajectory, "trajectory_module_plan"),
        {
            "module-name": "VCA basis",
            "module-provider": "ROC",
            "module-hours": "8",
            "module-planned_date": "2026-02-10",
        },
    )
    module = TrainingModule.objects.get(trajectory=trajectory)
    response = client.post(
        _detail(world, trajectory, "trajectory_module_complete", module.pk),
        {f"m{module.pk}-completed_date": "2026-02-11"},
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.status == ModuleStatus.COMPLETED


def test_completing_a_module_in_the_future_is_refused(world: World, trajectory, login):
    module = module_plan(trajectory=trajectory, by=world.coach, name="VCA")
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_module_complete", module.pk),
        {f"m{module.pk}-completed_date": future},
    )
    assert response.status_code == 200
    assert f'value="{future}"' in response.content.decode()


def test_staff_record_an_assessment_of_a_portfolio_skill(world: World, trajectory, login):
    make_portfolio(
        jobseeker=world.jobseeker, skills={"Orderpicken": 2}, audiences=("coach_organisation",)
    )
    concept = skill_concept("Orderpicken")
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_assessment_add"),
        {
            "assessment-skill": concept.pk,
            "assessment-level": "3",
            "assessment-assessed_on": "2026-02-01",
            "assessment-observation": "Netjes",
        },
    )
    assert response.status_code == 302
    assert SkillAssessment.objects.get().level == 3


def test_an_assessment_without_skill_keeps_the_observation(world: World, trajectory, login):
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_assessment_add"),
        {
            "assessment-level": "3",
            "assessment-assessed_on": "2026-02-01",
            "assessment-observation": "Werkt zorgvuldig",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a skill, or type its name." in page
    assert "Werkt zorgvuldig" in page


def test_an_ended_trajectory_shows_no_forms(world: World, trajectory, login):
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    page = login(world.coach).get(_detail(world, trajectory)).content.decode()
    assert "This trajectory has ended." in page
    assert _detail(world, trajectory, "trajectory_goal_add") not in page


def test_earlier_trajectories_at_the_centre_are_linked(world: World, trajectory, login):
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    newer = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.coach,
        start_date=date(2026, 6, 1),
    )
    page = login(world.coach).get(_detail(world, newer)).content.decode()
    assert _detail(world, trajectory) in page


# --- Who may not ---------------------------------------------------------------------------------


STAFF_URLS = [
    ("trajectory_detail", "get", ()),
    ("trajectory_status", "post", ()),
    ("trajectory_coach", "post", ()),
    ("trajectory_goal_add", "post", ()),
    ("trajectory_goal_status", "post", ("goal",)),
    ("trajectory_goal_comment", "post", ("goal",)),
    ("trajectory_module_plan", "post", ()),
    ("trajectory_module_complete", "post", ("module",)),
    ("trajectory_assessment_add", "post", ()),
]


@pytest.mark.parametrize(("name", "method", "extra"), STAFF_URLS)
def test_outsiders_get_404_on_every_staff_url(
    world: World, trajectory, other_centre_staff, login, name, method, extra
):
    goal = _goal(world, trajectory)
    module = module_plan(trajectory=trajectory, by=world.coach, name="VCA")
    args = [{"goal": goal.pk, "module": module.pk}[key] for key in extra]
    url = _detail(world, trajectory, name, *args)
    outsiders = [
        other_centre_staff,
        world.other_coach,
        world.recruiter,
        world.jobseeker,
        world.other_jobseeker,
        world.network_admin,
    ]
    for user in outsiders:
        assert getattr(login(user), method)(url).status_code == 404, user
    anonymous = getattr(login(None), method)(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not AuditEvent.objects.filter(action="trajectory.view").exists()


def test_outsiders_get_404_on_the_list(world: World, other_centre_staff, login):
    url = reverse("trajectory_list", args=[world.training_centre.slug])
    for user in [other_centre_staff, world.other_coach, world.recruiter, world.jobseeker]:
        assert login(user).get(url).status_code == 404
        assert login(user).post(url, {"enrol-jobseeker": world.jobseeker.pk}).status_code == 404
    assert not Trajectory.objects.exists()


def test_staff_of_another_centre_cannot_reach_a_trajectory_through_their_own_slug(
    world: World, trajectory, other_centre_staff, login
):
    centre = other_centre_staff.memberships.get().organisation
    url = reverse("trajectory_detail", args=[centre.slug, trajectory.pk])
    assert login(other_centre_staff).get(url).status_code == 404


# --- My progress ------------------------------------------------------------------------------


def test_a_jobseeker_without_trajectory_gets_a_friendly_explanation(world: World, login):
    page = login(world.other_jobseeker).get(reverse("my_progress")).content.decode()
    assert "You do not follow a trajectory at a training centre yet." in page


def test_the_jobseeker_sees_goals_and_what_the_trainer_saw_gently(world: World, trajectory, login):
    make_portfolio(jobseeker=world.jobseeker, skills={"Heftruck rijden": 3})
    _goal(world, trajectory)
    assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.coach,
        concept=skill_concept("Heftruck rijden"),
        level=2,
        assessed_on=date(2026, 2, 1),
    )
    page = login(world.jobseeker).get(reverse("my_progress")).content.decode()
    assert "Ik rijd zelf heftruck" in page
    assert "you can do it on your own" in page and "you can do it with help" in page
    assert "Your trainer saw this a bit differently." in page
    assert re.search(r'<svg[^>]*role="img"', page)


def test_the_jobseeker_comments_on_their_goal(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    response = login(world.jobseeker).post(
        reverse("my_goal_comment", args=[goal.pk]), {f"c{goal.pk}-text": "Ik oefen elke week"}
    )
    assert response.status_code == 302
    assert goal.comments.get().author == world.jobseeker


def test_each_reader_sees_their_own_comment_as_theirs_in_dutch(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    goal_comment_add(goal=goal, by=world.jobseeker, text="Ik oefen elke week")
    goal_comment_add(goal=goal, by=world.coach, text="Goed bezig")
    staff_page = (
        login(world.coach)
        .get(_detail(world, trajectory), HTTP_ACCEPT_LANGUAGE="nl")
        .content.decode()
    )
    own_page = (
        login(world.jobseeker)
        .get(reverse("my_progress"), HTTP_ACCEPT_LANGUAGE="nl")
        .content.decode()
    )
    # "Jij", not "Over jou" (the sign-up form's heading about the person shared the word).
    assert "Over jou" not in staff_page + own_page
    assert re.search(r"Jij\s*·.*?</p>\s*<p[^>]*>Goed bezig", staff_page, re.S)
    assert re.search(r"Jij\s*·.*?</p>\s*<p[^>]*>Ik oefen elke week", own_page, re.S)
    assert world.jobseeker.get_full_name() in staff_page


def test_an_empty_comment_is_explained_and_nothing_is_saved(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    response = login(world.jobseeker).post(
        reverse("my_goal_comment", args=[goal.pk]), {f"c{goal.pk}-text": ""}
    )
    assert response.status_code == 200
    assert not goal.comments.exists()


def test_nobody_comments_on_someone_elses_goal(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    url = reverse("my_goal_comment", args=[goal.pk])
    for user in [world.other_jobseeker, world.coach, world.recruiter]:
        assert login(user).post(url, {f"c{goal.pk}-text": "Hoi"}).status_code == 404
    assert not goal.comments.exists()


def test_after_the_end_the_jobseeker_reads_but_cannot_comment(world: World, trajectory, login):
    goal = _goal(world, trajectory)
    goal_comment_add(goal=goal, by=world.jobseeker, text="Eerder")
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    client = login(world.jobseeker)
    page = client.get(reverse("my_progress")).content.decode()
    assert "Eerder" in page and reverse("my_goal_comment", args=[goal.pk]) not in page
    response = client.post(reverse("my_goal_comment", args=[goal.pk]), {f"c{goal.pk}-text": "Nu"})
    assert response.status_code == 200
    assert "you cannot add a comment any more" in response.content.decode()


def test_a_step_on_an_ended_trajectory_is_refused_with_a_message(world: World, trajectory, login):
    trajectory_set_status(
        trajectory=trajectory, by=world.coach, status=TrajectoryStatus.ENDED, reason="Klaar"
    )
    response = login(world.coach).post(
        _detail(world, trajectory, "trajectory_goal_add"), {"goal-text": "Nog een doel"}
    )
    assert response.status_code == 200
    assert "This trajectory has ended." in response.content.decode()
    assert not DevelopmentGoal.objects.exists()
