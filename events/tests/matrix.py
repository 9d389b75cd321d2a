"""Objects the permission-matrix rows for event URLs need (tests/test_permission_matrix.py).

The world's event: organised by the training centre's coach, the world's employer
invited and registered, the world's jobseeker registered, the schedule made. The
municipality is no partner, so its coach and jobseeker have no part in it.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from events import services
from events.factories import make_event, register_employer, register_jobseeker
from events.models import EmployerRegistration, Event, JobseekerRegistration, Meeting
from tests.conftest import World


def event(world: World, *, scheduled: bool = False) -> Event:
    made = Event.objects.filter(organisation=world.training_centre).first()
    if made is None:
        made = make_event(
            organiser=world.coach,
            organisation=world.training_centre,
            invited_employers=[world.employer],
        )
        register_employer(made, by=world.recruiter, organisation=world.employer)
        register_jobseeker(made, jobseeker=world.jobseeker, organisation=world.training_centre)
    if scheduled and not made.meetings.exists():
        services.schedule_request(event=made, by=world.coach)
        # The task runs after commit; the matrix runs inside one transaction.
        services.schedule_build(event_id=made.pk)
    return made


def event_pk(world: World) -> int:
    return event(world).pk


def scheduled_pk(world: World) -> int:
    return event(world, scheduled=True).pk


def municipality_event_pk(world: World) -> int:
    """An event of the municipality alone: nobody of the training centre or employer has a part."""
    return make_event(
        organiser=world.other_coach, organisation=world.municipality, title="Banenmarkt Veendam"
    ).pk


def jobseeker_wishes_args(world: World) -> list:
    made = event(world)
    return [made.pk, "werkzoekende", JobseekerRegistration.objects.get(event=made).pk]


def employer_wishes_args(world: World) -> list:
    made = event(world)
    return [made.pk, "werkgever", EmployerRegistration.objects.get(event=made).pk]


def mark_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, "werkzoekende", JobseekerRegistration.objects.get(event=made).pk, "afwezig"]


def outcome_args(world: World) -> list:
    """A meeting of the scheduled event, moved to yesterday: its outcome can be told now."""
    made = event(world, scheduled=True)
    Event.objects.filter(pk=made.pk).update(date=timezone.localdate() - timedelta(days=1))
    return [made.pk, Meeting.objects.get(event=made).pk]
