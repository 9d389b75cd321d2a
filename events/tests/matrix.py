"""Permission-matrix rows for the event URLs (registered in tests/test_permission_matrix.py)
and the objects they need.

The world's event: organised by the training centre's coach, the world's employer
invited and registered, the world's jobseeker registered, the schedule made. The
municipality is no partner, so its coach and jobseeker have no part in it.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
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


def times_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, "werkzoekende", JobseekerRegistration.objects.get(event=made).pk]


def withdraw_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, JobseekerRegistration.objects.get(event=made).pk]


def employer_withdraw_args(world: World) -> list:
    made = event(world, scheduled=True)
    return [made.pk, EmployerRegistration.objects.get(event=made).pk]


def cancelled_pk(world: World) -> int:
    """The scheduled event, called off by its organiser: it may be opened again."""
    made = event(world, scheduled=True)
    services.event_cancel(event=made, by=world.coach)
    return made.pk


def rows():
    # Imported here: the matrix module is still being built when it asks for these rows.
    from tests.test_permission_matrix import (
        DONE,
        FORBIDDEN,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        Row,
        signed_in,
    )

    # Meet & Match events (issue 16): only who takes part sees an event; others 404.
    return [
        Row("event_list", "any signed-in user", lambda c: reverse("event_list"), signed_in(OK)),
        Row(
            "event_create",
            "form",
            lambda c: reverse("event_create"),
            {**signed_in(FORBIDDEN), "coach": OK, "other_coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_detail",
            "the centre's event",
            lambda c: reverse("event_detail", args=[event_pk(c.world)]),
            {
                **signed_in(NOT_FOUND),
                "jobseeker": OK,
                "coach": OK,
                "recruiter": OK,
                "organisation_admin": OK,
            },
        ),
        Row(
            "event_detail",
            "another organisation's event",
            lambda c: reverse("event_detail", args=[municipality_event_pk(c.world)]),
            {**signed_in(NOT_FOUND), "other_jobseeker": OK, "other_coach": OK},
        ),
        Row(
            "event_employer_register",
            "invited employer",
            lambda c: reverse("event_employer_register", args=[event_pk(c.world)]),
            {**signed_in(NOT_FOUND), "recruiter": OK},
        ),
        Row(
            "event_jobseeker_register",
            "coaches of the organiser",
            lambda c: reverse("event_jobseeker_register", args=[event_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_jobseeker_register",
            "a member not yet registered",
            lambda c: reverse("event_jobseeker_register", args=[municipality_event_pk(c.world)]),
            {**signed_in(NOT_FOUND), "other_jobseeker": OK, "other_coach": OK},
        ),
        Row(
            "event_wishes",
            "a jobseeker's",
            lambda c: reverse("event_wishes", args=jobseeker_wishes_args(c.world)),
            {**signed_in(NOT_FOUND), "jobseeker": OK, "coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_wishes",
            "an employer's",
            lambda c: reverse("event_wishes", args=employer_wishes_args(c.world)),
            {**signed_in(NOT_FOUND), "recruiter": OK},
        ),
        Row(
            "event_schedule",
            "organisers",
            lambda c: reverse("event_schedule", args=[scheduled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_schedule_make",
            "organisers",
            lambda c: reverse("event_schedule_make", args=[event_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
            method="post",
        ),
        Row(
            "event_schedule_make",
            "GET",
            lambda c: reverse("event_schedule_make", args=[event_pk(c.world)]),
            signed_in(NOT_ALLOWED),
        ),
        Row(
            "my_schedule",
            "participants and their coaches",
            lambda c: reverse("my_schedule", args=[scheduled_pk(c.world)]),
            {
                **signed_in(NOT_FOUND),
                "jobseeker": OK,
                "recruiter": OK,
                "coach": OK,
                "organisation_admin": OK,
            },
        ),
        Row(
            "my_schedule_pdf",
            "participants and their coaches",
            lambda c: reverse("my_schedule_pdf", args=[scheduled_pk(c.world)]),
            {
                **signed_in(NOT_FOUND),
                "jobseeker": OK,
                "recruiter": OK,
                "coach": OK,
                "organisation_admin": OK,
            },
        ),
        Row(
            "table_cards_pdf",
            "organisers",
            lambda c: reverse("table_cards_pdf", args=[scheduled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_day",
            "organisers",
            lambda c: reverse("event_day", args=[scheduled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_next_round",
            "organisers",
            lambda c: reverse("event_next_round", args=[scheduled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
            method="post",
        ),
        Row(
            "event_participant_mark",
            "no-show",
            lambda c: reverse("event_participant_mark", args=mark_args(c.world)),
            {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
            method="post",
        ),
        Row(
            "event_meeting_outcome",
            "the two who met, and the jobseeker's coach",
            lambda c: reverse("event_meeting_outcome", args=outcome_args(c.world)),
            {
                **signed_in(NOT_FOUND),
                "jobseeker": DONE,
                "recruiter": DONE,
                "coach": DONE,
                "organisation_admin": DONE,
            },
            method="post",
            data={"outcome": "not_now"},
        ),
        Row(
            "event_participant_times",
            "comes later, leaves earlier",
            lambda c: reverse("event_participant_times", args=times_args(c.world)),
            {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
            method="post",
            data={"arrives_at": 2, "leaves_after": 5},
        ),
        Row(
            "event_participant_times",
            "GET",
            lambda c: reverse("event_participant_times", args=times_args(c.world)),
            signed_in(NOT_ALLOWED),
        ),
        Row(
            "event_withdraw",
            "the jobseeker or their coach",
            lambda c: reverse("event_withdraw", args=withdraw_args(c.world)),
            {
                **signed_in(NOT_FOUND),
                "jobseeker": DONE,
                "coach": DONE,
                "organisation_admin": DONE,
            },
            method="post",
        ),
        Row(
            "event_employer_withdraw",
            "the employer's own staff",
            lambda c: reverse("event_employer_withdraw", args=employer_withdraw_args(c.world)),
            {**signed_in(NOT_FOUND), "recruiter": OK},
        ),
        Row(
            "event_employer_withdraw",
            "we do not come",
            lambda c: reverse("event_employer_withdraw", args=employer_withdraw_args(c.world)),
            {**signed_in(NOT_FOUND), "recruiter": DONE},
            method="post",
            data={"what": "all"},
        ),
        Row(
            "event_cancel",
            "organisers",
            lambda c: reverse("event_cancel", args=[scheduled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": OK, "organisation_admin": OK},
        ),
        Row(
            "event_cancel",
            "confirmed",
            lambda c: reverse("event_cancel", args=[scheduled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
            method="post",
            data={"confirm": "on"},
        ),
        Row(
            "event_reopen",
            "organisers, while its day has not passed",
            lambda c: reverse("event_reopen", args=[cancelled_pk(c.world)]),
            {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
            method="post",
        ),
        Row(
            "event_reopen",
            "GET",
            lambda c: reverse("event_reopen", args=[cancelled_pk(c.world)]),
            signed_in(NOT_ALLOWED),
        ),
        Row(
            "event_withdraw",
            "GET",
            lambda c: reverse("event_withdraw", args=withdraw_args(c.world)),
            signed_in(NOT_ALLOWED),
        ),
    ]
