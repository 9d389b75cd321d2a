"""The cohort page: counts of a hand-built cohort, its filters, who may open it, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from tests.conftest import World
from training.cohort_forms import month_start
from training.cohort_selectors import cohort_by_month, cohort_counts
from training.models import GoalStatus, TrajectoryStatus
from training.services import (
    goal_create,
    goal_set_status,
    trajectory_enrol,
    trajectory_set_status,
)

S = TrajectoryStatus


def _person(world: World, name: str) -> User:
    user = User.objects.create_user(
        email=f"{name.lower()}@example.nl", password="x", first_name=name, last_name="Bakker"
    )
    membership_create(user=user, organisation=world.training_centre, role=Role.JOBSEEKER)
    return user


def _trajectory(world: World, name: str, *, start, status=S.INTAKE, coach=None, reached=False):
    trajectory = trajectory_enrol(
        jobseeker=_person(world, name),
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=start,
        coach=coach or world.coach,
    )
    goal = goal_create(trajectory=trajectory, by=world.coach, text=f"Doel van {name}")
    goal_create(trajectory=trajectory, by=world.coach, text=f"Tweede doel van {name}")
    if reached:
        goal_set_status(goal=goal, by=world.coach, status=GoalStatus.REACHED)
    if status == S.ENDED:
        trajectory_set_status(
            trajectory=trajectory, by=world.coach, status=status, reason="Verhuisd"
        )
    elif status != S.INTAKE:
        trajectory_set_status(trajectory=trajectory, by=world.coach, status=status)
    return trajectory


@pytest.fixture
def months():
    today = timezone.localdate()
    return month_start(today, 3), month_start(today, 1)


@pytest.fixture
def cohort(world: World, months):
    """Five people who started three months ago, two who started last month."""
    early, late = months
    return [
        _trajectory(world, "Anna", start=early, status=S.TRAINING, reached=True),
        _trajectory(world, "Bram", start=early + timedelta(days=3), status=S.JOB_HUNTING),
        _trajectory(world, "Cor", start=early + timedelta(days=9), status=S.PLACED, reached=True),
        _trajectory(
            world,
            "Dina",
            start=early + timedelta(days=12),
            status=S.ENDED,
            coach=world.training_staff,
        ),
        _trajectory(world, "Eva", start=early + timedelta(days=20), status=S.TRAINING),
        _trajectory(world, "Fenna", start=late, status=S.JOB_HUNTING, reached=True),
        _trajectory(world, "Gert", start=late + timedelta(days=1)),
    ]


@pytest.fixture
def other_centre_staff(world: World) -> User:
    centre = organisation_create(
        name="Leerwerkcentrum Veenkoloniën",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
    )
    staff = User.objects.create_user(email="elders@example.nl", password="x", first_name="Els")
    membership_create(user=staff, organisation=centre, role=Role.TRAINING_STAFF)
    return staff


def _url(world: World, **query) -> str:
    url = reverse("cohorts", args=[world.training_centre.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def test_cohort_of_a_month_counts_started_goals_and_statuses(world: World, cohort, months):
    early, _late = months
    counts = cohort_counts(
        organisation=world.training_centre,
        started_from=early,
        started_to=early + timedelta(days=27),
    )
    assert counts.started == 5
    assert counts.reached_a_goal == 2
    assert (counts.in_training, counts.job_hunting, counts.placed, counts.ended) == (2, 1, 1, 1)
    statuses = (counts.at_intake, counts.in_training, counts.job_hunting, counts.placed)
    assert sum(statuses) + counts.ended == counts.started  # the status rows add up


def test_cohort_narrowed_to_one_coach_or_one_status(world: World, cohort, months):
    early, late = months
    span = {
        "organisation": world.training_centre,
        "started_from": early,
        "started_to": late - timedelta(days=1),
    }
    assert cohort_counts(**span).started == 5
    assert cohort_counts(**span, coach=world.training_staff).started == 1
    assert cohort_counts(**span, status=S.TRAINING).started == 2


def test_breakdown_per_start_month_counts_each_month_and_zero_for_empty_ones(
    world: World, cohort, months
):
    early, late = months
    breakdown = cohort_by_month(
        organisation=world.training_centre, months=[early, month_start(early, -1), late]
    )
    assert [row.counts.started for row in breakdown] == [5, 0, 2]
    assert [row.counts.reached_a_goal for row in breakdown] == [2, 0, 1]


@pytest.mark.parametrize("role", ["training_staff", "coach", "organisation_admin"])
def test_staff_of_the_centre_see_the_cohort_in_numbers_and_names(
    world: World, login, cohort, role: str
):
    response = login(getattr(world, role)).get(_url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert "7 people in this cohort" in html
    assert "Anna Bakker" in html and "Gert Bakker" in html
    assert "1 of 2" in html  # Anna reached one of her two goals
    assert reverse("trajectory_detail", args=[world.training_centre.slug, cohort[0].pk]) in html
    assert (
        reverse(
            "progress_report_request", args=[world.training_centre.slug, cohort[0].jobseeker_id]
        )
        in html
    )


def test_filters_narrow_the_numbers_and_the_list(world: World, login, cohort, months):
    early, _late = months
    response = login(world.coach).get(_url(world, periode=f"{early:%Y-%m}", status=S.TRAINING))

    html = response.content.decode()
    assert "2 people in this cohort" in html
    assert "Anna Bakker" in html and "Eva Bakker" in html
    assert "Bram Bakker" not in html


def test_filter_on_coach_keeps_the_choice(world: World, login, cohort):
    response = login(world.coach).get(_url(world, coach=world.training_staff.pk))

    assert response.context["form"]["coach"].value() == str(world.training_staff.pk)
    assert "1 person in this cohort" in response.content.decode()


def test_nonsense_in_the_filters_shows_the_whole_history(world: World, login, cohort):
    response = login(world.coach).get(_url(world, periode="gisteren", coach="x", status="weg"))

    assert response.status_code == 200
    assert "7 people in this cohort" in response.content.decode()


def test_charts_are_inline_svg_with_a_label_and_without_script_or_style(
    world: World, login, cohort
):
    html = login(world.coach).get(_url(world)).content.decode()

    assert html.count('role="img"') >= 2
    assert 'aria-label="Cohort: how many started and where they are now"' in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "style=" not in html
    assert "<table" in html and "Per start month" in html


@pytest.mark.parametrize(
    "role", ["jobseeker", "other_jobseeker", "other_coach", "recruiter", "network_admin"]
)
def test_nobody_outside_the_centre_staff_opens_the_cohort_page(world: World, login, role: str):
    assert login(getattr(world, role)).get(_url(world)).status_code == 404


def test_staff_of_another_centre_cannot_open_the_cohort_page(
    world: World, login, other_centre_staff: User
):
    assert login(other_centre_staff).get(_url(world)).status_code == 404


def test_anonymous_is_sent_to_log_in(world: World, client):
    response = client.get(_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_cohort_page_costs_the_same_queries_for_one_or_thirty_trajectories(
    world: World, login, months
):
    early, _late = months
    client = login(world.coach)
    _trajectory(world, "Eerste", start=early, status=S.TRAINING, reached=True)
    one = _queries(client, _url(world))
    for index in range(29):
        _trajectory(
            world,
            f"Persoon{index}",
            start=early + timedelta(days=index % 25),
            status=[S.TRAINING, S.JOB_HUNTING, S.PLACED][index % 3],
            reached=index % 2 == 0,
        )
    thirty = _queries(client, _url(world))
    assert one == thirty
    assert "30 people in this cohort" in client.get(_url(world)).content.decode()
