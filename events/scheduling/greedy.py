"""The baseline: MeetMax's round-robin.

Pass after pass, every jobseeker gets at most one more meeting: their best remaining
pair, placed in the earliest slot both are free. Within a pass the jobseekers whose best
pair is worth most go first. Pairs who both must meet go through the same round-robin
before any other pair, so they come first. It stops when a pass adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from .plan import Plan
from .problem import Meeting, Problem, Schedule


def candidate_pairs(plan: Plan) -> dict[tuple[str, str], int]:
    """Every pair that may meet in an open slot, with its value."""
    problem = plan.problem
    pairs: dict[tuple[str, str], int] = {}
    for employer in problem.employers:
        if not plan.present[employer.id]:
            continue
        for jobseeker in problem.jobseekers:
            if plan.present[employer.id] & plan.present[jobseeker.id] and problem.allowed(
                employer.id, jobseeker.id
            ):
                pairs[(employer.id, jobseeker.id)] = problem.value(employer.id, jobseeker.id)
    return pairs


def round_robin(plan: Plan, pairs: dict[tuple[str, str], int]) -> int:
    """Add meetings pass by pass, one per jobseeker per pass; returns how many were added."""
    lists: dict[str, list[tuple[int, str]]] = {}
    for (employer, jobseeker), value in pairs.items():
        lists.setdefault(jobseeker, []).append((value, employer))
    for candidates in lists.values():
        # Best last, so the list is consumed with pop().
        candidates.sort()
    added = 0
    while True:
        best: list[tuple[int, str, str, int]] = []
        for jobseeker, candidates in lists.items():
            # Adding meetings only ever takes freedom away, so a pair that cannot be
            # placed now never can: drop it for good.
            while candidates:
                value, employer = candidates[-1]
                slot = plan.first_fitting_slot(employer, jobseeker)
                if slot is not None:
                    best.append((value, jobseeker, employer, slot))
                    break
                candidates.pop()
        if not best:
            return added
        best.sort(key=lambda b: (-b[0], b[1]))
        for _, jobseeker, _, _ in best:
            candidates = lists[jobseeker]
            while candidates:
                value, employer = candidates.pop()
                slot = plan.first_fitting_slot(employer, jobseeker)
                if slot is not None:
                    plan.add(employer, jobseeker, slot)
                    added += 1
                    break


def greedy(
    problem: Problem, *, first_open_slot: int = 0, fixed: Iterable[Meeting] = ()
) -> Schedule:
    plan = Plan(problem, first_open_slot=first_open_slot, fixed=fixed)
    pairs = candidate_pairs(plan)
    musts = {pair: value for pair, value in pairs.items() if problem.mutual_must(*pair)}
    round_robin(plan, musts)
    round_robin(plan, pairs)
    return Schedule(plan.meetings(), method="greedy", stats={"objective": plan.objective()})
