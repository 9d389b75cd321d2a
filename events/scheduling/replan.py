"""Re-planning during the day: after a cancellation, a no-show or a late arrival.

The caller passes the day as it is now (presence updated: someone who left is no longer
present from that slot on, a no-show is present nowhere, a late arrival from the slot
they came) and the schedule people were given. Every meeting that can still take place
keeps its slot and table — people were told about it — and only the places that came
free are filled again, from the current slot on.
"""

from __future__ import annotations

from collections.abc import Iterable

from .optimiser import optimise
from .plan import Plan
from .problem import Meeting, Problem, Schedule


def still_possible(problem: Problem, announced: Iterable[Meeting]) -> list[Meeting]:
    """The announced meetings that can still take place, earliest first."""
    check = Plan(problem)
    kept: list[Meeting] = []
    for m in sorted(announced, key=lambda m: (m.slot, m.table)):
        if (
            m.employer in problem.by_id
            and m.jobseeker in problem.by_id
            and problem.allowed(m.employer, m.jobseeker)
            and 1 <= m.table <= problem.tables[m.slot]
            and check.fits(m.employer, m.jobseeker, m.slot)
        ):
            check.add(m.employer, m.jobseeker, m.slot)
            kept.append(m)
    return kept


def replan(
    problem: Problem,
    announced: Iterable[Meeting],
    *,
    now: int,
    time_limit: float = 5.0,
) -> Schedule:
    """A new schedule from slot `now` on that keeps what it can of `announced`."""
    announced = list(announced)
    kept = still_possible(problem, announced)
    schedule = optimise(problem, time_limit=time_limit, first_open_slot=now, fixed=kept)
    kept_set = set(kept)
    schedule.stats.update(
        kept=len(kept),
        dropped=len(announced) - len(kept),
        added=sum(1 for m in schedule.meetings if m not in kept_set),
    )
    return schedule
