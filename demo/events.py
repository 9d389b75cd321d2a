"""Demo Meet & Match events: one coming up (schedule made, wishes given) and one past
(every round held, outcomes recorded, mutual interests turned into proposals).

Made through the events services, so every rule holds as in production. Runs after the
portfolios, vacancies and proposals. Idempotent: an event that exists (by organiser and
name) is left as it is.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events import services
from events.models import Event, Outcome, Side, WishLevel
from portal.accounts.models import User
from portal.organisations.models import Membership, Organisation, OrganisationStatus, Role
from portal.organisations.roles import EMPLOYER_ROLES
from vacancies.models import Vacancy

from . import DEMO_EMPLOYER, DEMO_LOGINS, DEMO_MUNICIPALITY, FIRST_TRAINING_CENTRE

EMPLOYERS = (
    DEMO_EMPLOYER,
    "glans-schoonmaakdiensten",
    "groenwerk-stad-en-ommeland",
    "eetcafe-de-zuiderhaven",
    "zorggroep-noorderlicht",
    "hunze-metaaltechniek",
)
UPCOMING = "Meet & Match Oldambt"
PAST = "Speeddaten bij TDC Oldambt"


def _staff(organisation: Organisation, roles) -> User | None:
    membership = (
        Membership.objects.active()
        .filter(organisation=organisation, role__in=roles)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _jobseekers(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(organisation=organisation, role=Role.JOBSEEKER)
        .select_related("user")
        .order_by("pk")
    ]


def _event(*, title: str, days_ahead: int, coach: User, centre, partner, employers) -> Event:
    rng = random.Random(title)
    event = services.event_create(
        by=coach,
        organisation=centre,
        title=title,
        date=timezone.localdate() + timedelta(days=days_ahead),
        starts_at=time(13, 30),
        place="TDC Oldambt, Nijverheidsweg 8, Winschoten",
        slot_minutes=15,
        rounds=9,
        breaks=[4],
        tables=8,
        max_meetings=3,
        partners=[partner],
        invited_employers=employers,
    )
    for organisation in employers:
        recruiter = _staff(organisation, EMPLOYER_ROLES)
        if recruiter is None:
            continue
        vacancies = list(Vacancy.objects.open().filter(organisation=organisation)[:2])
        services.employer_register(
            event=event,
            organisation=organisation,
            by=recruiter,
            tables=2 if organisation.slug == "zorggroep-noorderlicht" else 1,
            vacancies=vacancies,
            work_kinds="" if vacancies else "Werk in ons team, met begeleiding op de werkvloer",
            # One employer comes after the break.
            present_from=5 if organisation.slug == "hunze-metaaltechniek" else 0,
        )
    for organisation in (centre, partner):
        helper = _staff(organisation, (Role.COACH,))
        for n, person in enumerate(_jobseekers(organisation)[:10]):
            services.jobseeker_register(
                event=event,
                jobseeker=person,
                organisation=organisation,
                by=helper,
                consent=True,
                # A few can only come for the first part of the afternoon.
                present_until=5 if n % 4 == 3 else None,
            )
    registrations = list(event.jobseekers.all())
    for employer in event.employers.all():
        for registration in rng.sample(registrations, min(2, len(registrations))):
            services.wish_set(
                by=_staff(employer.organisation, EMPLOYER_ROLES),
                employer=employer,
                jobseeker=registration,
                side=Side.EMPLOYER,
                level=WishLevel.MUST,
            )
    services.schedule_request(event=event, by=coach)
    # The worker would do this after commit; the demo load makes it at once.
    services.schedule_build(event_id=event.pk)
    event.refresh_from_db()
    return event


def _hold(event: Event, coach: User) -> None:
    """Every round of the past event took place, and both sides answered."""
    rng = random.Random(event.title)
    while event.current_slot < event.rounds:
        event = services.event_next_round(event=event, by=coach)
    outcomes = list(Outcome.values)
    for meeting in event.meetings.select_related("employer__organisation", "jobseeker"):
        recruiter = _staff(meeting.employer.organisation, EMPLOYER_ROLES)
        try:
            services.outcome_record(
                meeting=meeting,
                by=recruiter,
                side=Side.EMPLOYER,
                outcome=rng.choice(outcomes),
            )
            services.outcome_record(
                meeting=meeting,
                by=meeting.jobseeker.jobseeker,
                side=Side.JOBSEEKER,
                outcome=rng.choice(outcomes),
            )
        except (ValidationError, PermissionDenied):
            continue


def load_demo_events() -> None:
    coach = User.objects.filter(email=DEMO_LOGINS["coach"]).first()
    centre = Organisation.objects.filter(slug=FIRST_TRAINING_CENTRE).first()
    partner = Organisation.objects.filter(slug=DEMO_MUNICIPALITY).first()
    if coach is None or centre is None or partner is None:
        return
    employers = list(
        Organisation.objects.filter(slug__in=EMPLOYERS, status=OrganisationStatus.APPROVED)
    )
    existing = set(Event.objects.filter(organisation=centre).values_list("title", flat=True))
    if PAST not in existing:
        past = _event(
            title=PAST,
            days_ahead=-30,
            coach=coach,
            centre=centre,
            partner=partner,
            employers=employers,
        )
        _hold(past, coach)
    if UPCOMING not in existing:
        _event(
            title=UPCOMING,
            days_ahead=21,
            coach=coach,
            centre=centre,
            partner=partner,
            employers=employers,
        )
