"""Printable PDFs of an event: a person's schedule and a card per table (WeasyPrint).

Rendered in the request: a few A4 pages of text take well under a second, and on the
day the organiser prints them at once. Like every PDF of the portal (`portal.pdf`), they
fetch nothing but the shipped fonts and are tagged as PDF/UA-1 for screen readers. A table card shows candidate
numbers, never names: it lies on the table for everyone to see.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from portal.pdf import render_pdf

from .models import Event


def _pdf(template: str, context: dict, *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return render_pdf(html)


def schedule_pdf(*, event: Event, blocks: list[dict], own: bool, language: str) -> bytes:
    """The personal schedule as the person sees it on screen (names only after a yes);
    `own`: the person's own, otherwise the schedules of those a coach or employer follows."""
    return _pdf(
        "events/pdf/schedule.html",
        {"event": event, "blocks": blocks, "own": own},
        language=language,
    )


def table_cards(*, event: Event) -> list[dict]:
    """Per table, for every round: the time, the employer and the candidate number."""
    meetings = event.meetings.select_related("employer__organisation", "jobseeker").order_by(
        "table", "slot"
    )
    tables: dict[int, list] = {}
    for meeting in meetings:
        tables.setdefault(meeting.table, []).append(
            {
                "starts_at": event.slot_start(meeting.slot),
                "round_number": meeting.slot + 1,
                "employer": meeting.employer.organisation.name,
                "number": meeting.jobseeker.number,
            }
        )
    return [{"table": table, "rounds": rounds} for table, rounds in sorted(tables.items())]


def table_cards_pdf(*, event: Event, language: str) -> bytes:
    """One page per table, to lay on it."""
    cards = table_cards(event=event)
    return _pdf("events/pdf/tables.html", {"event": event, "cards": cards}, language=language)
