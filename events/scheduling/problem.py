"""What a Meet & Match schedule is made from, and what one is.

Pure Python and no Django, so the engine can be tested, benchmarked and reasoned about
on its own; `events/services.py` turns an event's rows into a `Problem` and stores the
`Schedule` it gets back.

Slots are numbered 0..slots-1. A participant is present in a set of slots (people
arrive late and leave early). A meeting is one employer table and one jobseeker in one
slot; a pair meets at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

EMPLOYER = "employer"
JOBSEEKER = "jobseeker"


class Wish(IntEnum):
    """What one participant says about meeting another."""

    NO_THANKS = -1
    NONE = 0
    WOULD_LIKE = 1
    MUST = 2


@dataclass(frozen=True)
class Weights:
    """How much each part of a meeting's value counts (whole numbers: the flow solver needs them).

    A pair's value is the two sides' wish weights plus the match score (0..1) times
    `score`. A jobseeker's first and second meeting earn a bonus on top, so a schedule
    that spreads meetings over more people is worth more: the fairness rule is part of
    the objective and not only a check afterwards.
    """

    must: int = 100
    would_like: int = 40
    score: int = 100
    first_meeting: int = 150
    second_meeting: int = 40

    def wish(self, wish: Wish) -> int:
        if wish == Wish.MUST:
            return self.must
        if wish == Wish.WOULD_LIKE:
            return self.would_like
        return 0

    def bonus(self, meetings: int) -> int:
        """The fairness bonus of a jobseeker with this many meetings."""
        return (self.first_meeting if meetings >= 1 else 0) + (
            self.second_meeting if meetings >= 2 else 0
        )


@dataclass(frozen=True)
class Participant:
    id: str
    kind: str
    present: frozenset[int]
    max_meetings: int
    # Parallel tables (recruiters) an employer brings; always 1 for a jobseeker.
    tables: int = 1


@dataclass(frozen=True)
class Meeting:
    slot: int
    table: int
    employer: str
    jobseeker: str


@dataclass
class Problem:
    slots: int
    # Tables free for meetings in each slot (the room's tables; fewer in a quiet slot).
    tables: tuple[int, ...]
    participants: list[Participant]
    breaks: frozenset[int] = frozenset()
    # (who, about whom) -> wish; employers and jobseekers both mark the other side.
    wishes: dict[tuple[str, str], Wish] = field(default_factory=dict)
    # (employer, jobseeker) -> match score between 0 and 1.
    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        if len(self.tables) != self.slots:
            raise ValueError("one table count per slot")
        ids = [p.id for p in self.participants]
        if len(set(ids)) != len(ids):
            raise ValueError("participant ids must be unique")
        self.by_id = {p.id: p for p in self.participants}

    @property
    def employers(self) -> list[Participant]:
        return [p for p in self.participants if p.kind == EMPLOYER]

    @property
    def jobseekers(self) -> list[Participant]:
        return [p for p in self.participants if p.kind == JOBSEEKER]

    def open_slots(self) -> frozenset[int]:
        """Slots in which meetings can take place: not a break and with tables."""
        return frozenset(
            s for s in range(self.slots) if s not in self.breaks and self.tables[s] > 0
        )

    def wish(self, who: str, about: str) -> Wish:
        return self.wishes.get((who, about), Wish.NONE)

    def allowed(self, employer: str, jobseeker: str) -> bool:
        """Neither side said "no thanks"."""
        return (
            self.wish(employer, jobseeker) != Wish.NO_THANKS
            and self.wish(jobseeker, employer) != Wish.NO_THANKS
        )

    def mutual_must(self, employer: str, jobseeker: str) -> bool:
        return self.wish(employer, jobseeker) == Wish.MUST and self.wish(jobseeker, employer) == (
            Wish.MUST
        )

    def value(self, employer: str, jobseeker: str) -> int:
        """What a meeting between the two is worth, before the fairness bonus."""
        w = self.weights
        return (
            w.wish(self.wish(employer, jobseeker))
            + w.wish(self.wish(jobseeker, employer))
            + round(w.score * self.scores.get((employer, jobseeker), 0.0))
        )

    def objective(self, meetings: Iterable[Meeting]) -> int:
        """Total value of a schedule: pair values plus each jobseeker's fairness bonus."""
        total = 0
        counts: dict[str, int] = {}
        for m in meetings:
            total += self.value(m.employer, m.jobseeker)
            counts[m.jobseeker] = counts.get(m.jobseeker, 0) + 1
        return total + sum(self.weights.bonus(n) for n in counts.values())


@dataclass
class Schedule:
    meetings: list[Meeting]
    # How the schedule was made ("optimised", "greedy", …) and what the optimiser saw.
    method: str = ""
    stats: dict = field(default_factory=dict)

    def counts(self, problem: Problem) -> dict[str, int]:
        """Meetings per jobseeker, including the ones with none."""
        counts = {p.id: 0 for p in problem.jobseekers}
        for m in self.meetings:
            counts[m.jobseeker] = counts.get(m.jobseeker, 0) + 1
        return counts
