"""Checks a schedule against every rule and says what is wrong, in plain words.

Independent of the engines on purpose: it recounts everything from the list of
meetings, so a bug in the shared bookkeeping of the greedy or the optimiser cannot
hide itself. Every schedule the tests and the bench make goes through `check`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .problem import EMPLOYER, JOBSEEKER, Meeting, Problem, Wish


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


RULES = (
    "unknown_participant",
    "wrong_side",
    "slot_out_of_range",
    "break",
    "table_out_of_range",
    "table_used_twice",
    "jobseeker_double_booked",
    "employer_tables_exceeded",
    "slot_tables_exceeded",
    "not_present",
    "max_meetings_exceeded",
    "pair_meets_twice",
    "no_thanks",
    "mutual_must_not_first",
    "jobseeker_left_without_meeting",
)


def check(
    problem: Problem,
    meetings: Iterable[Meeting],
    *,
    first_open_slot: int = 0,
    kept: Iterable[Meeting] = (),
) -> list[Violation]:
    """Every rule a schedule breaks; an empty list means it is valid.

    `first_open_slot` and `kept` describe a re-plan: meetings before that slot are
    history and meetings in `kept` were announced and stay; the "must meet first" and
    fairness rules then only ask for what could still be added in the open slots
    without moving those.
    """
    meetings = list(meetings)
    found: list[Violation] = []

    def add(rule: str, detail: str) -> None:
        found.append(Violation(rule, detail))

    by_id = problem.by_id
    open_slots = problem.open_slots()
    valid: list[Meeting] = []
    for m in meetings:
        employer, jobseeker = by_id.get(m.employer), by_id.get(m.jobseeker)
        if employer is None or jobseeker is None:
            add("unknown_participant", f"{m}")
            continue
        if employer.kind != EMPLOYER or jobseeker.kind != JOBSEEKER:
            add("wrong_side", f"{m}")
            continue
        if not 0 <= m.slot < problem.slots:
            add("slot_out_of_range", f"{m}")
            continue
        valid.append(m)
        if m.slot in problem.breaks:
            add("break", f"{m.employer} and {m.jobseeker} meet in break slot {m.slot}")
        if not 1 <= m.table <= problem.tables[m.slot]:
            add("table_out_of_range", f"table {m.table} in slot {m.slot}")
        for who in (employer, jobseeker):
            if m.slot not in who.present:
                add("not_present", f"{who.id} is not there in slot {m.slot}")
        if not problem.allowed(m.employer, m.jobseeker):
            add("no_thanks", f"{m.employer} and {m.jobseeker} meet though one said no thanks")

    tables = Counter((m.slot, m.table) for m in valid)
    for (slot, table), n in tables.items():
        if n > 1:
            add("table_used_twice", f"table {table} in slot {slot} has {n} meetings")
    jobseeker_slot = Counter((m.jobseeker, m.slot) for m in valid)
    for (jobseeker, slot), n in jobseeker_slot.items():
        if n > 1:
            add("jobseeker_double_booked", f"{jobseeker} has {n} meetings in slot {slot}")
    employer_slot = Counter((m.employer, m.slot) for m in valid)
    for (employer, slot), n in employer_slot.items():
        if n > by_id[employer].tables:
            add(
                "employer_tables_exceeded",
                f"{employer} has {n} meetings in slot {slot} and {by_id[employer].tables} tables",
            )
    per_slot = Counter(m.slot for m in valid)
    for slot, n in per_slot.items():
        if n > problem.tables[slot]:
            add(
                "slot_tables_exceeded",
                f"slot {slot} has {n} meetings and {problem.tables[slot]} tables",
            )
    count = Counter()
    for m in valid:
        count[m.employer] += 1
        count[m.jobseeker] += 1
    for pid, n in count.items():
        if n > by_id[pid].max_meetings:
            add(
                "max_meetings_exceeded",
                f"{pid} has {n} meetings, at most {by_id[pid].max_meetings}",
            )
    pairs = Counter((m.employer, m.jobseeker) for m in valid)
    for (employer, jobseeker), n in pairs.items():
        if n > 1:
            add("pair_meets_twice", f"{employer} and {jobseeker} meet {n} times")

    usable = sorted(s for s in open_slots if s >= first_open_slot)
    fixed = {(m.employer, m.jobseeker, m.slot) for m in kept}
    # A meeting that may not give way: one before the open slots, or an announced one.
    immovable = [
        m for m in valid if m.slot < first_open_slot or (m.employer, m.jobseeker, m.slot) in fixed
    ]
    found.extend(_mutual_must_first(problem, valid, immovable, usable))
    found.extend(_fairness(problem, valid, usable, employer_slot, per_slot, count, pairs))
    return found


def _mutual_must_first(
    problem: Problem, valid: list[Meeting], immovable: list[Meeting], usable: list[int]
) -> list[Violation]:
    """A pair who both said "must meet" is only left out when other such pairs (or
    meetings that may not move) fill every slot they share: no lesser meeting may
    take their place."""
    first = [m for m in valid if problem.mutual_must(m.employer, m.jobseeker)] + [
        m for m in immovable if not problem.mutual_must(m.employer, m.jobseeker)
    ]
    met = {(m.employer, m.jobseeker) for m in valid}
    jobseeker_busy = {(m.jobseeker, m.slot) for m in first}
    employer_slot = Counter((m.employer, m.slot) for m in first)
    per_slot = Counter(m.slot for m in first)
    count = Counter()
    for m in first:
        count[m.employer] += 1
        count[m.jobseeker] += 1
    found = []
    for (who, about), wish in problem.wishes.items():
        if wish != Wish.MUST or who not in problem.by_id or about not in problem.by_id:
            continue
        if problem.by_id[who].kind != EMPLOYER:
            continue
        employer, jobseeker = problem.by_id[who], problem.by_id[about]
        if not problem.mutual_must(employer.id, jobseeker.id) or (employer.id, jobseeker.id) in met:
            continue
        if (
            count[employer.id] >= employer.max_meetings
            or count[jobseeker.id] >= jobseeker.max_meetings
        ):
            continue
        for slot in usable:
            if (
                slot in employer.present
                and slot in jobseeker.present
                and (jobseeker.id, slot) not in jobseeker_busy
                and employer_slot[(employer.id, slot)] < employer.tables
                and per_slot[slot] < problem.tables[slot]
            ):
                found.append(
                    Violation(
                        "mutual_must_not_first",
                        f"{employer.id} and {jobseeker.id} both must meet and could in slot {slot}",
                    )
                )
                break
    return found


def _fairness(problem, valid, usable, employer_slot, per_slot, count, pairs) -> list[Violation]:
    """No jobseeker goes home without a meeting while a table, a slot and an employer
    are free for them."""
    busy = defaultdict(set)
    for m in valid:
        busy[m.jobseeker].add(m.slot)
    found = []
    for jobseeker in problem.jobseekers:
        if count[jobseeker.id] > 0 or jobseeker.max_meetings < 1:
            continue
        possible = None
        for employer in problem.employers:
            if count[employer.id] >= employer.max_meetings or not problem.allowed(
                employer.id, jobseeker.id
            ):
                continue
            for slot in usable:
                if (
                    slot in employer.present
                    and slot in jobseeker.present
                    and employer_slot[(employer.id, slot)] < employer.tables
                    and per_slot[slot] < problem.tables[slot]
                ):
                    possible = (employer.id, slot)
                    break
            if possible:
                break
        if possible:
            found.append(
                Violation(
                    "jobseeker_left_without_meeting",
                    f"{jobseeker.id} has no meeting; {possible[0]} is free in slot {possible[1]}",
                )
            )
    return found
