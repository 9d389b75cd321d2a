"""Permission-matrix rows for the event URLs (registered in tests/test_permission_matrix.py)
and the objects they need.

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
from tests.permission_matrix import (
    DONE,
    FORBIDDEN,
    NOT_ALLOWED,
    OK,
    only,
    signed_in,
    view,
)


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


def times_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, "werkzoekende", JobseekerRegistration.objects.get(event=made).pk]


def withdraw_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, JobseekerRegistration.objects.get(event=made).pk]


def employer_withdraw_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, EmployerRegistration.objects.get(event=made).pk]


def rows():
    # Meet & Match events (issue 16): only who takes part sees an event; others 404.
    return [
        view("event_list", "any signed-in user", signed_in(OK)),
        view(
            "event_create",
            "form",
            only(others=FORBIDDEN, coach=OK, other_coach=OK, organisation_admin=OK),
        ),
        view(
            "event_detail",
            "the centre's event",
            only(jobseeker=OK, coach=OK, recruiter=OK, organisation_admin=OK),
            event_pk,
        ),
        view(
            "event_detail",
            "another organisation's event",
            only(other_jobseeker=OK, other_coach=OK),
            municipality_event_pk,
        ),
        view("event_employer_register", "invited employer", only(recruiter=OK), event_pk),
        view(
            "event_jobseeker_register",
            "coaches of the organiser",
            only(coach=OK, organisation_admin=OK),
            event_pk,
        ),
        view(
            "event_jobseeker_register",
            "a member not yet registered",
            only(other_jobseeker=OK, other_coach=OK),
            municipality_event_pk,
        ),
        view(
            "event_wishes",
            "a jobseeker's",
            only(jobseeker=OK, coach=OK, organisation_admin=OK),
            jobseeker_wishes_args,
        ),
        view("event_wishes", "an employer's", only(recruiter=OK), employer_wishes_args),
        view("event_schedule", "organisers", only(coach=OK, organisation_admin=OK), scheduled_pk),
        view(
            "event_schedule_make",
            "organisers",
            only(coach=DONE, organisation_admin=DONE),
            event_pk,
            method="post",
        ),
        view("event_schedule_make", "GET", signed_in(NOT_ALLOWED), event_pk),
        view(
            "my_schedule",
            "participants and their coaches",
            only(jobseeker=OK, recruiter=OK, coach=OK, organisation_admin=OK),
            scheduled_pk,
        ),
        view(
            "my_schedule_pdf",
            "participants and their coaches",
            only(jobseeker=OK, recruiter=OK, coach=OK, organisation_admin=OK),
            scheduled_pk,
        ),
        view("table_cards_pdf", "organisers", only(coach=OK, organisation_admin=OK), scheduled_pk),
        view("event_day", "organisers", only(coach=OK, organisation_admin=OK), scheduled_pk),
        view(
            "event_next_round",
            "organisers",
            only(coach=DONE, organisation_admin=DONE),
            scheduled_pk,
            method="post",
        ),
        view(
            "event_participant_mark",
            "no-show",
            only(coach=DONE, organisation_admin=DONE),
            mark_args,
            method="post",
        ),
        view(
            "event_meeting_outcome",
            "the two who met, and the jobseeker's coach",
            only(jobseeker=DONE, recruiter=DONE, coach=DONE, organisation_admin=DONE),
            outcome_args,
            method="post",
            data={"outcome": "not_now"},
        ),
        view(
            "event_participant_times",
            "comes later, leaves earlier",
            only(coach=DONE, organisation_admin=DONE),
            times_args,
            method="post",
            data={"arrives_at": 2, "leaves_after": 5},
        ),
        view("event_participant_times", "GET", signed_in(NOT_ALLOWED), times_args),
        view(
            "event_withdraw",
            "the jobseeker or their coach",
            only(jobseeker=DONE, coach=DONE, organisation_admin=DONE),
            withdraw_args,
            method="post",
        ),
        view(
            "event_employer_withdraw",
            "the employer's own staff",
            only(recruiter=OK),
            employer_withdraw_args,
        ),
        view(
            "event_employer_withdraw",
            "we do not come",
            only(recruiter=DONE),
            employer_withdraw_args,
            method="post",
            data={"what": "all"},
        ),
        view("event_cancel", "organisers", only(coach=OK, organisation_admin=OK), scheduled_pk),
        view(
            "event_cancel",
            "confirmed",
            only(coach=DONE, organisation_admin=DONE),
            scheduled_pk,
            method="post",
            data={"confirm": "on"},
        ),
        view("event_withdraw", "GET", signed_in(NOT_ALLOWED), withdraw_args),
    ]
