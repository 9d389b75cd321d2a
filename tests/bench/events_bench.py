"""Meet & Match scheduling: the optimiser against the round-robin and the flow bound.

Generated days like ours (`events/scheduling/instances.py`): 300 participants (60
employers with 1–2 tables, 240 jobseekers, about half of everyone there only part of the
day), 12 slots of which one is a break, 40 tables; 1,000 participants (200 employers,
800 jobseekers, 130 tables); and, harder than asked, 300 of whom nine in ten are there only
part of the day. Each schedule goes through the checker. Figures
per size: seconds, the objective of the optimiser, the greedy and the bound, the share
of the bound, and jobseekers with no meeting and with fewer than two under each; plus a
re-plan after an employer leaves at the break. `BENCH_ONLY=events` runs only this.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from ortools.linear_solver import pywraplp

from events.scheduling.checker import check
from events.scheduling.flow import flow_pairs
from events.scheduling.greedy import candidate_pairs, greedy
from events.scheduling.instances import generate
from events.scheduling.optimiser import optimise
from events.scheduling.plan import Plan
from events.scheduling.problem import Participant, Problem
from events.scheduling.replan import replan, still_possible

SIZES = (
    # name, employers, jobseekers, tables, time limit (s), seeds, share there part of the day
    ("300", 60, 240, 40, 10.0, (1, 2, 3), 0.5),
    ("1000", 200, 800, 130, 60.0, (1,), 0.5),
    # Harder than the target instance: nine in ten there only part of the day.
    ("300_tight", 60, 240, 40, 10.0, (7,), 0.9),
)
# Where the flow bound is loose, the time-indexed LP says how much of the gap is the bound's.
SLOTTED_BOUND = {"300_tight"}


def _few(problem: Problem, jobseekers_meetings: dict[str, int]) -> tuple[int, int]:
    counts = [jobseekers_meetings.get(p.id, 0) for p in problem.jobseekers]
    return sum(1 for n in counts if n == 0), sum(1 for n in counts if n < 2)


def _counts(pairs) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, jobseeker in pairs:
        counts[jobseeker] = counts.get(jobseeker, 0) + 1
    return counts


def run(report: dict) -> None:
    for name, employers, jobseekers, tables, limit, seeds, part_time in SIZES:
        worst_share = None
        for seed in seeds:
            problem = generate(
                employers=employers,
                jobseekers=jobseekers,
                tables=tables,
                seed=seed,
                part_time_share=part_time,
            )
            started = time.perf_counter()
            baseline = greedy(problem)
            greedy_seconds = time.perf_counter() - started
            started = time.perf_counter()
            plan = Plan(problem)
            pairs = candidate_pairs(plan)
            bound_pairs, bound = flow_pairs(plan, pairs)
            bound_seconds = time.perf_counter() - started
            started = time.perf_counter()
            schedule = optimise(problem, time_limit=limit)
            seconds = time.perf_counter() - started
            objective = problem.objective(schedule.meetings)
            greedy_objective = problem.objective(baseline.meetings)
            share = round(100 * objective / bound, 2)
            worst_share = share if worst_share is None else min(worst_share, share)
            key = f"events_{name}" if seed == seeds[0] else f"events_{name}_seed{seed}"
            zero, under_two = _few(
                problem, _counts((m.employer, m.jobseeker) for m in schedule.meetings)
            )
            greedy_zero, greedy_under_two = _few(
                problem, _counts((m.employer, m.jobseeker) for m in baseline.meetings)
            )
            bound_zero, bound_under_two = _few(problem, _counts(bound_pairs))
            report[key] = {
                "participants": employers + jobseekers,
                "part_time_share": part_time,
                "tables": tables,
                "slots": problem.slots,
                "breaks": sorted(problem.breaks),
                "candidate_pairs": len(pairs),
                "seconds": round(seconds, 2),
                "time_limit_s": limit,
                "greedy_seconds": round(greedy_seconds, 2),
                "bound_seconds": round(bound_seconds, 2),
                "objective": objective,
                "greedy_objective": greedy_objective,
                "bound": bound,
                "percent_of_bound": share,
                "greedy_percent_of_bound": round(100 * greedy_objective / bound, 2),
                "method": schedule.method,
                "meetings": len(schedule.meetings),
                "greedy_meetings": len(baseline.meetings),
                "jobseekers_without_meeting": zero,
                "jobseekers_under_two": under_two,
                "greedy_jobseekers_without_meeting": greedy_zero,
                "greedy_jobseekers_under_two": greedy_under_two,
                "bound_jobseekers_without_meeting": bound_zero,
                "bound_jobseekers_under_two": bound_under_two,
                "violations": len(check(problem, schedule.meetings)),
                "greedy_violations": len(check(problem, baseline.meetings)),
                "never_below_greedy": objective >= greedy_objective,
            }
            if seed == seeds[0]:
                report[key]["replan"] = _replan(problem, schedule.meetings)
            if name in SLOTTED_BOUND:
                started = time.perf_counter()
                slotted = slotted_bound(problem, pairs)
                report[key] |= {
                    "slotted_bound": slotted,
                    "slotted_bound_seconds": round(time.perf_counter() - started, 2),
                    "percent_of_slotted_bound": round(100 * objective / slotted, 2),
                }
        report[f"events_{name}_worst_percent_of_bound"] = worst_share


def _replan(problem: Problem, announced) -> dict:
    """The employer with most meetings after the break leaves at the break."""
    now = min(problem.breaks) + 1 if problem.breaks else problem.slots // 2
    after_break: dict[str, int] = {}
    for m in announced:
        if m.slot >= now:
            after_break[m.employer] = after_break.get(m.employer, 0) + 1
    leaver = max(sorted(after_break), key=after_break.get)
    people = [
        Participant(
            p.id, p.kind, frozenset(s for s in p.present if s < now), p.max_meetings, p.tables
        )
        if p.id == leaver
        else p
        for p in problem.participants
    ]
    day = Problem(
        slots=problem.slots,
        tables=problem.tables,
        participants=people,
        breaks=problem.breaks,
        wishes=problem.wishes,
        scores=problem.scores,
        weights=problem.weights,
    )
    started = time.perf_counter()
    schedule = replan(day, announced, now=now, time_limit=10)
    seconds = time.perf_counter() - started
    kept = still_possible(day, announced)
    return {
        "seconds": round(seconds, 2),
        "announced": len(announced),
        "kept": schedule.stats["kept"],
        "dropped": schedule.stats["dropped"],
        "added": schedule.stats["added"],
        "kept_all_still_possible": set(kept) <= set(schedule.meetings),
        "violations": len(check(day, schedule.meetings, first_open_slot=now, kept=kept)),
    }


def slotted_bound(problem: Problem, pairs: dict[tuple[str, str], int]) -> int:
    """A tighter upper bound than the flow: the LP relaxation of the model with a 0–1
    variable per pair and shared open slot (GLOP). It keeps what the flow forgets: each
    slot's tables, and that a person present in few slots meets at most once in each.
    The fairness bonus is concave, so two variables per jobseeker carry it exactly.
    Rounded down: every schedule's value is a whole number."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    by_id, weights, open_slots = problem.by_id, problem.weights, problem.open_slots()
    groups: dict[tuple, list] = defaultdict(list)
    terms = []
    for (employer, jobseeker), value in pairs.items():
        shared = by_id[employer].present & by_id[jobseeker].present & open_slots
        for slot in shared:
            x = solver.NumVar(0, 1, "")
            terms.append(value * x)
            for key in (
                ("pair", employer, jobseeker),
                ("at", jobseeker, slot),
                ("tables", employer, slot),
                ("slot", slot),
                ("most", employer),
                ("most", jobseeker),
            ):
                groups[key].append(x)
    for key, xs in groups.items():
        if key[0] in ("pair", "at"):
            limit = 1
        elif key[0] == "tables":
            limit = by_id[key[1]].tables
        elif key[0] == "slot":
            limit = problem.tables[key[1]]
        else:
            limit = by_id[key[1]].max_meetings
        solver.Add(sum(xs) <= limit)
    first, second = weights.bonus(1), weights.bonus(2) - weights.bonus(1)
    for jobseeker in problem.jobseekers:
        xs = groups.get(("most", jobseeker.id))
        if xs:
            one, two = solver.NumVar(0, 1, ""), solver.NumVar(0, 1, "")
            solver.Add(one + two <= sum(xs))
            terms += [first * one, second * two]
    solver.Maximize(sum(terms))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the slotted LP bound did not solve")
    return math.floor(solver.Objective().Value() + 1e-6)
