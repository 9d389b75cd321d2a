"""The event most event tests start from (with a second employer where needed), and making
its schedule as the organiser does."""

from __future__ import annotations

import pytest

from events import services
from events.factories import make_event, register_employer, register_jobseeker
from events.models import ScheduleState
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portfolios.factories import make_portfolio, skill_concept
from tests.conftest import make_user
from vacancies.factories import VacancyFactory


@pytest.fixture
def day(world):
    """The centre's coach organises; the municipality is a partner; the employer is invited.
    Both jobseekers and two more of the centre take part."""
    world.event = make_event(
        organiser=world.coach,
        organisation=world.training_centre,
        partners=[world.municipality],
        invited_employers=[world.employer],
    )
    pruning = skill_concept("snoeien")
    world.vacancy = VacancyFactory(organisation=world.employer, open=True, skills=[pruning])
    world.employer_registration = register_employer(
        world.event, by=world.recruiter, organisation=world.employer, vacancies=[world.vacancy]
    )
    make_portfolio(jobseeker=world.jobseeker, skills={"snoeien": 3})
    world.registration = register_jobseeker(
        world.event, jobseeker=world.jobseeker, organisation=world.training_centre
    )
    world.other_registration = register_jobseeker(
        world.event,
        jobseeker=world.other_jobseeker,
        organisation=world.municipality,
        by=world.other_coach,
    )
    for name in ("Fatima", "Henk"):
        person = make_user(f"{name.lower()}@example.nl", name)
        membership_create(user=person, organisation=world.training_centre, role=Role.JOBSEEKER)
        register_jobseeker(
            world.event, jobseeker=person, organisation=world.training_centre, by=world.coach
        )
    return world


@pytest.fixture
def two_employers(day):
    """A second invited employer with its own recruiter, so the day can be planned again."""
    cleaner = organisation_create(
        name="Schoon Oldambt",
        kind=OrganisationKind.EMPLOYER,
        status=OrganisationStatus.APPROVED,
        postcode="9675",
        city="Winschoten",
    )
    day.cleaner_recruiter = make_user("cleaner@example.nl", "Ria")
    membership_create(user=day.cleaner_recruiter, organisation=cleaner, role=Role.RECRUITER)
    day.event.invited_employers.add(cleaner)
    day.cleaner = cleaner
    day.cleaner_registration = register_employer(
        day.event, by=day.cleaner_recruiter, organisation=cleaner, tables=2
    )
    return day


@pytest.fixture
def make_schedule(django_capture_on_commit_callbacks):
    """Ask for the schedule as the organiser; the task runs when the request commits."""

    def make(world) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.schedule_request(event=world.event, by=world.coach)
        world.event.refresh_from_db()
        assert world.event.schedule_state == ScheduleState.DONE

    return make
