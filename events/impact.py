"""The events' part of the impact dashboard (registered through `portal.impact`).

Per event, for the events the viewer's own organisations organised: meetings held, both
said yes, proposals, placed within 3 months. Over the whole network, per year, the same
counts without event names, a number of 1 to 4 shown as "< 5" as everywhere on the
dashboard outside one's own organisation.

The dashboard's filters count here too: the coach's organisation chooses the jobseekers
who came through it, the sector the employers of that sector; an event counts when such
a jobseeker or employer took part. Meetings are not split by target group (that is known
of placements only), which the section says when that filter is chosen.
"""

from __future__ import annotations

from dataclasses import astuple

from django.db.models import Exists, OuterRef, QuerySet

from intermediaries.permissions import caseload_organisations
from portal.accounts.models import User
from portal.impact import ImpactScope, ImpactSection

from .models import EmployerRegistration, Event, JobseekerRegistration
from .selectors import EventFigures, events_figures

SMALL = 5


def _shown(number: int, *, exact: bool) -> str:
    return f"< {SMALL}" if not exact and 0 < number < SMALL else str(number)


def _events(scope: ImpactScope) -> QuerySet[Event]:
    events = Event.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if scope.organisation_id is not None:
        events = events.filter(
            Exists(
                JobseekerRegistration.objects.filter(
                    event=OuterRef("pk"), organisation_id=scope.organisation_id
                )
            )
        )
    if scope.sector:
        events = events.filter(
            Exists(
                EmployerRegistration.objects.filter(
                    event=OuterRef("pk"), organisation__employer_profile__sector=scope.sector
                )
            )
        )
    return events.select_related("organisation").order_by("date", "pk")


def event_impact_organisations(*, user: User) -> QuerySet:
    """The organisations the dashboard may be filtered on for events: those whose
    jobseekers took part (the filter chooses events by them, see `_events`)."""
    return JobseekerRegistration.objects.values("organisation_id")


def event_impact_section(*, user: User, scope: ImpactScope) -> ImpactSection | None:
    events = list(_events(scope))
    if not events and scope.organisation_id is None and not scope.sector:
        return None
    figures = events_figures(
        events=events, organisation_id=scope.organisation_id, sector=scope.sector
    )
    own = scope.own_organisations
    if own is None:
        own = set(caseload_organisations(user).values_list("pk", flat=True))
    # Exact numbers only about one's own organisation's people, as on the rest of the dashboard.
    own_view = scope.organisation_id is not None and scope.organisation_id in own
    exact_own_events = scope.organisation_id is None or own_view
    mine = [
        (event, _row(figures[event.pk], exact=exact_own_events))
        for event in events
        if event.organisation_id in own
    ]
    years: dict[int, list[int]] = {}
    for event in events:
        totals = years.setdefault(event.date.year, [0, 0, 0, 0, 0])
        counts = figures[event.pk]
        for i, value in enumerate((1, counts.held, counts.mutual, counts.proposals, counts.placed)):
            totals[i] += value
    network = [
        (year, totals[0], *(_shown(n, exact=own_view) for n in totals[1:]))
        for year, totals in sorted(years.items())
    ]
    return ImpactSection(
        template="events/impact_section.html",
        pdf_template="events/pdf/impact_section.html",
        context={
            "own": mine,
            "network": network,
            "filtered": scope.organisation_id is not None or bool(scope.sector),
            "not_by_target_group": bool(scope.target_group),
        },
    )


def _row(figures: EventFigures, *, exact: bool) -> tuple[str, str, str, str]:
    _meetings, held, mutual, proposals, placed = astuple(figures)
    return tuple(_shown(n, exact=exact) for n in (held, mutual, proposals, placed))
