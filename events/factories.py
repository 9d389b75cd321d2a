"""Test and demo helpers for events: made through the services, as people would."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from portal.accounts.models import User
from portal.organisations.models import Organisation

from . import services
from .models import EmployerRegistration, Event, JobseekerRegistration


def make_event(
    *,
    organiser: User,
    organisation: Organisation,
    invited_employers=(),
    partners=(),
    days_ahead: int = 14,
    **fields,
) -> Event:
    values = {
        "title": "Meet & Match Oldambt",
        "date": timezone.localdate() + timedelta(days=days_ahead),
        "starts_at": time(13, 0),
        "place": "Stadhuis Winschoten, Raadhuisstraat 1",
        "slot_minutes": 15,
        "rounds": 6,
        "breaks": [3],
        "tables": 4,
        "max_meetings": 3,
        **fields,
    }
    return services.event_create(
        by=organiser,
        organisation=organisation,
        partners=partners,
        invited_employers=invited_employers,
        **values,
    )


def register_employer(
    event: Event, *, by: User, organisation: Organisation, vacancies=(), tables: int = 1, **fields
) -> EmployerRegistration:
    return services.employer_register(
        event=event,
        organisation=organisation,
        by=by,
        tables=tables,
        vacancies=vacancies,
        work_kinds=fields.pop("work_kinds", "" if vacancies else "Werk in de groenvoorziening"),
        **fields,
    )


def register_jobseeker(
    event: Event, *, jobseeker: User, organisation: Organisation, by: User | None = None, **fields
) -> JobseekerRegistration:
    return services.jobseeker_register(
        event=event,
        jobseeker=jobseeker,
        organisation=organisation,
        by=by or jobseeker,
        consent=True,
        **fields,
    )
