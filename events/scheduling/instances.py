"""Generated Meet & Match days that look like ours, for the tests and the bench.

Jobseekers and employers belong to sectors; the match score is high inside a sector and
low outside it, with noise. About half of everyone arrives late or leaves early. People
mark a few "must meet", some "would like" and the odd "no thanks", mostly inside their
sector, as they do on the day.
"""

from __future__ import annotations

import random

from .problem import EMPLOYER, JOBSEEKER, Participant, Problem, Wish

SECTORS = ("zorg", "logistiek", "techniek", "horeca", "bouw", "schoonmaak", "retail", "ict")


def generate(
    *,
    employers: int,
    jobseekers: int,
    slots: int = 12,
    tables: int = 40,
    breaks: frozenset[int] = frozenset({6}),
    jobseeker_max: int = 4,
    employer_max: int | None = None,
    part_time_share: float = 0.5,
    seed: int = 1,
) -> Problem:
    rng = random.Random(seed)
    meeting_slots = [s for s in range(slots) if s not in breaks]
    people: list[Participant] = []
    sector: dict[str, str] = {}

    def presence() -> frozenset[int]:
        if rng.random() >= part_time_share:
            return frozenset(range(slots))
        length = rng.randint(max(2, slots // 3), max(3, slots * 3 // 4))
        # Late arrivals and early leavers, about as many of each.
        if rng.random() < 0.5:
            return frozenset(range(slots - length, slots))
        return frozenset(range(length))

    for i in range(employers):
        pid = f"e{i:04d}"
        sector[pid] = rng.choice(SECTORS)
        tables_here = rng.choice((1, 1, 2))
        present = presence()
        most = employer_max if employer_max is not None else tables_here * len(meeting_slots)
        people.append(Participant(pid, EMPLOYER, present, most, tables_here))
    for i in range(jobseekers):
        pid = f"j{i:04d}"
        sector[pid] = rng.choice(SECTORS)
        people.append(Participant(pid, JOBSEEKER, presence(), jobseeker_max))
    employer_ids = [p.id for p in people if p.kind == EMPLOYER]
    jobseeker_ids = [p.id for p in people if p.kind == JOBSEEKER]
    scores: dict[tuple[str, str], float] = {}
    for e in employer_ids:
        for j in jobseeker_ids:
            base = 0.55 if sector[e] == sector[j] else 0.1
            score = base + rng.uniform(-0.1, 0.4)
            if score > 0.15:
                scores[(e, j)] = round(min(score, 1.0), 3)
    wishes: dict[tuple[str, str], Wish] = {}
    for j in jobseeker_ids:
        close = [e for e in employer_ids if sector[e] == sector[j]] or employer_ids
        for e in rng.sample(close, min(len(close), rng.randint(0, 2))):
            wishes[(j, e)] = Wish.MUST
        for e in rng.sample(employer_ids, min(len(employer_ids), rng.randint(0, 3))):
            wishes.setdefault((j, e), Wish.WOULD_LIKE)
        if rng.random() < 0.3:
            wishes.setdefault((j, rng.choice(employer_ids)), Wish.NO_THANKS)
    for e in employer_ids:
        close = [j for j in jobseeker_ids if sector[j] == sector[e]] or jobseeker_ids
        for j in rng.sample(close, min(len(close), rng.randint(0, 4))):
            wishes[(e, j)] = Wish.MUST
        # Some employers answer the jobseekers who asked for them.
        for j in jobseeker_ids:
            if wishes.get((j, e)) == Wish.MUST and rng.random() < 0.3:
                wishes[(e, j)] = Wish.MUST
        if rng.random() < 0.3:
            wishes.setdefault((e, rng.choice(jobseeker_ids)), Wish.NO_THANKS)
    return Problem(
        slots=slots,
        tables=tuple(tables for _ in range(slots)),
        participants=people,
        breaks=breaks,
        wishes=wishes,
        scores=scores,
    )
