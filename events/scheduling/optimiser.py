"""The optimiser: choose pairs with a min-cost flow, place them in slots, repair, improve.

A naive model with one yes/no per pair and slot is too big for a solver in seconds, so
we use the structure of the problem:

1. Pairs who both must meet are chosen and placed first (the same flow, on those pairs).
2. A min-cost flow over the free capacity chooses the other pairs (`flow.py`): what the
   best schedule would be if slots did not matter.
3. Placing pairs in slots is colouring the edges of a bipartite graph with the slots as
   colours, with lists (presence) and a room size per colour: the most constrained pair
   goes first, into the slot with most room; a pair that does not fit is made room for
   by moving one meeting that blocks it to another slot.
4. The flow is run again on what is still free, until nothing more can be placed; then
   every remaining hole is filled with the best pair that fits.
5. Local search replaces one side of a meeting by someone worth more, while there is
   time.
6. The round-robin's schedule is made too, and the better of the two is returned, so
   the optimiser is never worse than the baseline.

Must-meet pairs never give way to other meetings, and the last step gives each jobseeker
without a meeting any free place left, so the checker's rules hold by construction.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from .flow import flow_pairs
from .greedy import candidate_pairs, greedy
from .plan import Plan
from .problem import Meeting, Problem, Schedule


def optimise(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    first_open_slot: int = 0,
    fixed: Iterable[Meeting] = (),
    progress=None,
) -> Schedule:
    """The best schedule found within `time_limit` seconds (never worse than the greedy).

    `fixed` meetings stay exactly where they are and no meeting is added before
    `first_open_slot` (a re-plan during the day). `progress(fraction)` is called now and
    then, for the organiser's progress bar.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    fixed = list(fixed)

    def report(fraction: float) -> None:
        if progress is not None:
            progress(fraction)

    baseline = greedy(problem, first_open_slot=first_open_slot, fixed=fixed)
    report(0.1)
    plan = Plan(problem, first_open_slot=first_open_slot, fixed=fixed)
    pairs = candidate_pairs(plan)
    musts = {pair: value for pair, value in pairs.items() if problem.mutual_must(*pair)}
    _flow_and_place(plan, musts, deadline, protect=set())
    protected = set(musts)
    report(0.3)
    _flow_and_place(plan, pairs, deadline, protect=protected)
    report(0.5)
    _fill(plan, pairs)
    _improve(plan, pairs, deadline, protected)
    report(0.9)
    _musts_first(plan, musts, protected)
    _fill(plan, pairs)
    objective = plan.objective()
    stats = {
        "objective": objective,
        "greedy_objective": baseline.stats["objective"],
        "seconds": round(time.perf_counter() - started, 3),
    }
    report(1.0)
    if baseline.stats["objective"] > objective:
        return Schedule(
            baseline.meetings,
            method="greedy",
            stats={**stats, "objective": baseline.stats["objective"]},
        )
    return Schedule(plan.meetings(), method="optimised", stats=stats)


def _flow_and_place(
    plan: Plan, pairs: dict[tuple[str, str], int], deadline: float, *, protect: set
) -> None:
    """Flow, place, repeat on what is left, while the flow still finds pairs that fit."""
    while time.perf_counter() < deadline:
        chosen, _ = flow_pairs(plan, pairs)
        if not chosen:
            return
        placed = _place(plan, chosen, protect)
        if placed == 0:
            return


def _place(plan: Plan, chosen: list[tuple[str, str]], protect: set) -> int:
    """Put each chosen pair in a slot, the pair with fewest possible slots first."""
    problem = plan.problem

    def options(pair: tuple[str, str]) -> list[int]:
        return sorted(plan.present[pair[0]] & plan.present[pair[1]])

    order = sorted(chosen, key=lambda pair: (len(options(pair)), pair))
    placed = 0
    for employer, jobseeker in order:
        fitting = [s for s in options((employer, jobseeker)) if plan.fits(employer, jobseeker, s)]
        if fitting:
            # The slot with most room left keeps the other slots open for others.
            slot = max(
                fitting,
                key=lambda s: (problem.tables[s] - plan.slot_used[s], -s),
            )
            plan.add(employer, jobseeker, slot)
            placed += 1
        elif _make_room(plan, employer, jobseeker, protect):
            placed += 1
    return placed


def _make_room(plan: Plan, employer: str, jobseeker: str, protect: set) -> bool:
    """Place the pair by moving one meeting that blocks it to another slot (a Kempe step)."""
    if plan.count[employer] >= plan.max[employer] or plan.count[jobseeker] >= plan.max[jobseeker]:
        return False
    problem = plan.problem
    for slot in sorted(plan.present[employer] & plan.present[jobseeker]):
        blockers: list[tuple[str, str]] = []
        other = plan.jobseeker_at[jobseeker].get(slot)
        if other is not None:
            blockers.append((other, jobseeker))
        if plan.employer_at[employer][slot] >= plan.tables[employer]:
            blockers.extend((employer, j) for j in _jobseekers_of(plan, employer, slot))
        if plan.slot_used[slot] >= problem.tables[slot] and not blockers:
            blockers.extend(_meetings_in(plan, slot))
        for blocker in blockers:
            if blocker in plan.fixed or blocker in protect:
                continue
            plan.remove(*blocker)
            if plan.fits(employer, jobseeker, slot):
                plan.add(employer, jobseeker, slot)
                elsewhere = plan.first_fitting_slot(*blocker)
                if elsewhere is not None and elsewhere != slot:
                    plan.add(*blocker, elsewhere)
                    return True
                plan.remove(employer, jobseeker)
            plan.add(*blocker, slot)
    return False


def _jobseekers_of(plan: Plan, employer: str, slot: int) -> list[str]:
    return sorted(j for (e, j) in plan.in_slot[slot] if e == employer)


def _meetings_in(plan: Plan, slot: int) -> list[tuple[str, str]]:
    return sorted(plan.in_slot[slot])


def _fill(plan: Plan, pairs: dict[tuple[str, str], int]) -> None:
    """Add the best pair that still fits anywhere, jobseekers without a meeting first."""
    weights = plan.problem.weights

    def worth(item: tuple[tuple[str, str], int]) -> int:
        (_, jobseeker), value = item
        n = plan.count[jobseeker]
        return value + weights.bonus(n + 1) - weights.bonus(n)

    while True:
        added = 0
        for (employer, jobseeker), _ in sorted(pairs.items(), key=worth, reverse=True):
            slot = plan.first_fitting_slot(employer, jobseeker)
            if slot is not None:
                plan.add(employer, jobseeker, slot)
                added += 1
        if not added:
            return


def _improve(
    plan: Plan, pairs: dict[tuple[str, str], int], deadline: float, protected: set
) -> None:
    """Local search: swap one side of a meeting for someone who adds more value."""
    problem = plan.problem
    weights = problem.weights
    by_employer: dict[str, list[tuple[int, str]]] = {}
    by_jobseeker: dict[str, list[tuple[int, str]]] = {}
    for (employer, jobseeker), value in pairs.items():
        by_employer.setdefault(employer, []).append((value, jobseeker))
        by_jobseeker.setdefault(jobseeker, []).append((value, employer))
    for candidates in (*by_employer.values(), *by_jobseeker.values()):
        candidates.sort(reverse=True)
    top_gain = weights.bonus(1)

    def gain_of_losing(jobseeker: str) -> int:
        n = plan.count[jobseeker]
        return weights.bonus(n) - weights.bonus(n - 1)

    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for (employer, jobseeker), slot in list(plan.slot_of.items()):
            if time.perf_counter() >= deadline:
                return
            pair = (employer, jobseeker)
            if pair in plan.fixed or pair in protected or plan.slot_of.get(pair) != slot:
                continue
            loss = pairs.get(pair, 0) + gain_of_losing(jobseeker)
            # Another jobseeker at this employer's table.
            best = None
            for value, other in by_employer.get(employer, []):
                if value + top_gain <= loss:
                    break
                if other == jobseeker or (employer, other) in plan.slot_of:
                    continue
                if slot not in plan.present[other] or slot in plan.jobseeker_at[other]:
                    continue
                if plan.count[other] >= plan.max[other]:
                    continue
                n = plan.count[other]
                delta = value + weights.bonus(n + 1) - weights.bonus(n) - loss
                if delta > 0 and (best is None or delta > best[0]):
                    best = (delta, employer, other)
            # Another employer for this jobseeker.
            for value, other in by_jobseeker.get(jobseeker, []):
                if value <= pairs.get(pair, 0):
                    break
                if other == employer or (other, jobseeker) in plan.slot_of:
                    continue
                if (
                    slot not in plan.present[other]
                    or plan.employer_at[other][slot] >= plan.tables[other]
                ):
                    continue
                if plan.count[other] >= plan.max[other]:
                    continue
                delta = value - pairs.get(pair, 0)
                if delta > 0 and (best is None or delta > best[0]):
                    best = (delta, other, jobseeker)
            if best is not None:
                plan.remove(*pair)
                plan.add(best[1], best[2], slot)
                improved = True


def _musts_first(plan: Plan, musts: dict[tuple[str, str], int], protected: set) -> None:
    """A must-meet pair left out takes the place of lesser meetings where that is enough."""
    for employer, jobseeker in sorted(musts):
        if (employer, jobseeker) in plan.slot_of:
            continue
        for slot in sorted(plan.present[employer] & plan.present[jobseeker]):
            if _take_place(plan, employer, jobseeker, slot, protected):
                protected.add((employer, jobseeker))
                break


def _take_place(plan: Plan, employer: str, jobseeker: str, slot: int, protected: set) -> bool:
    """Remove the lesser meetings in the way of this pair in this slot, then place it."""
    keep = protected | set(plan.fixed)

    def mine(pair) -> bool:
        return pair in keep

    removable: list[tuple[str, str]] = []
    other = plan.jobseeker_at[jobseeker].get(slot)
    if other is not None:
        if mine((other, jobseeker)):
            return False
        removable.append((other, jobseeker))
    at_table = [
        (employer, j)
        for j in _jobseekers_of(plan, employer, slot)
        if (employer, j) not in removable
    ]
    if len(at_table) >= plan.tables[employer]:
        lesser = [p for p in at_table if not mine(p)]
        if not lesser:
            return False
        removable.append(lesser[0])
    in_slot = [p for p in _meetings_in(plan, slot) if p not in removable]
    if len(in_slot) >= plan.problem.tables[slot]:
        lesser = [p for p in in_slot if not mine(p)]
        if not lesser:
            return False
        removable.append(lesser[0])
    for who in (employer, jobseeker):
        if plan.count[who] - sum(1 for p in removable if who in p) >= plan.max[who]:
            theirs = [p for p in plan.slot_of if who in p and not mine(p) and p not in removable]
            if not theirs:
                return False
            removable.append(theirs[0])
    was = {pair: plan.remove(*pair) for pair in removable}
    if plan.fits(employer, jobseeker, slot):
        plan.add(employer, jobseeker, slot)
        return True
    for pair, old_slot in was.items():
        plan.add(*pair, old_slot)
    return False
