"""Helpers of the event tests: a day that has begun, and the stored schedule through the checker."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from events import services
from events.models import Meeting
from events.scheduling.checker import check
from events.selectors import event_matches


def started(event) -> None:
    """The event took place yesterday: every slot has started."""
    type(event).objects.filter(pk=event.pk).update(date=timezone.localdate() - timedelta(days=1))
    event.refresh_from_db()


def checked(event) -> list[Meeting]:
    """The stored schedule, through the engine's checker."""
    matches = event_matches(event=event)
    problem = services.event_problem(event=event, matches=matches)
    planned = services._planned(event)
    kept = [m for m in planned if m.slot < event.current_slot]
    assert check(problem, planned, first_open_slot=event.current_slot, kept=kept) == []
    return list(event.meetings.all())
