"""The events' part of the impact dashboard (registered through `portal.impact`).

Per event, for the events the viewer's own organisations organised: meetings held, both
said yes, proposals, placed within 3 months. Over the whole network, per year, the same
counts without event names, a number of 1 to 4 shown as "< 5" as everywhere on the
dashboard outside one's own organisation.
"""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

from intermediaries.permissions import caseload_organisations
from portal.accounts.models import User
from portal.impact import ImpactSection

from .models import Event
from .selectors import EventFigures, events_figures

SMALL = 5


def _shown(number: int) -> str:
    return "< 5" if 0 < number < SMALL else str(number)


def event_impact_section(*, user: User, start: date, end: date) -> ImpactSection | None:
    events = list(
        Event.objects.filter(date__gte=start, date__lte=end)
        .select_related("organisation")
        .order_by("date", "pk")
    )
    if not events:
        return None
    figures = events_figures(events=events)
    own = set(caseload_organisations(user).values_list("pk", flat=True))
    mine = [(event, figures[event.pk]) for event in events if event.organisation_id in own]
    years: dict[int, list[int]] = {}
    for event in events:
        totals = years.setdefault(event.date.year, [0, 0, 0, 0, 0])
        counts = figures[event.pk]
        for i, value in enumerate((1, counts.held, counts.mutual, counts.proposals, counts.placed)):
            totals[i] += value
    network = [
        (year, totals[0], *(_shown(n) for n in totals[1:]))
        for year, totals in sorted(years.items())
    ]
    return ImpactSection(
        template="events/impact_section.html",
        context={
            "own": [(event, _row(counts)) for event, counts in mine],
            "network": network,
        },
    )


def _row(figures: EventFigures) -> tuple[int, int, int, int]:
    _meetings, held, mutual, proposals, placed = astuple(figures)
    return held, mutual, proposals, placed
