"""The scheduling engine: every rule of the checker, and every schedule the engines make
goes through the checker (`valid`)."""

from __future__ import annotations

import pytest

from events.scheduling.checker import RULES, check
from events.scheduling.flow import upper_bound
from events.scheduling.greedy import candidate_pairs, greedy
from events.scheduling.instances import generate
from events.scheduling.optimiser import optimise
from events.scheduling.plan import Plan
from events.scheduling.problem import (
    EMPLOYER,
    JOBSEEKER,
    Meeting,
    Participant,
    Problem,
    Schedule,
    Wish,
)
from events.scheduling.replan import replan

ALL = frozenset(range(4))


def employer(pid: str, *, tables: int = 1, present=ALL, most: int = 4) -> Participant:
    return Participant(pid, EMPLOYER, frozenset(present), most, tables)


def jobseeker(pid: str, *, present=ALL, most: int = 3) -> Participant:
    return Participant(pid, JOBSEEKER, frozenset(present), most)


def day(people, *, slots: int = 4, tables: int = 5, breaks=frozenset(), wishes=None, scores=None):
    return Problem(
        slots=slots,
        tables=tuple(tables for _ in range(slots)),
        participants=list(people),
        breaks=frozenset(breaks),
        wishes=wishes or {},
        scores=scores or {},
    )


def valid(problem: Problem, schedule: Schedule, **options) -> Schedule:
    violations = check(problem, schedule.meetings, **options)
    assert violations == [], violations
    return schedule


def rules(problem: Problem, meetings, **options) -> set[str]:
    return {v.rule for v in check(problem, meetings, **options)}


# The checker, rule by rule: each case breaks exactly the rule it names.


def test_checker_accepts_an_empty_day_with_nobody():
    assert check(day([]), []) == []


def test_checker_reports_an_unknown_participant_and_a_wrong_side():
    problem = day([employer("e"), jobseeker("j")])
    assert "unknown_participant" in rules(problem, [Meeting(0, 1, "e", "nobody")])
    assert "wrong_side" in rules(problem, [Meeting(0, 1, "j", "e")])


def test_checker_reports_slots_tables_and_breaks_out_of_bounds():
    problem = day([employer("e"), jobseeker("j")], breaks={2}, tables=2)
    assert "slot_out_of_range" in rules(problem, [Meeting(9, 1, "e", "j")])
    assert "table_out_of_range" in rules(problem, [Meeting(0, 3, "e", "j")])
    assert "break" in rules(problem, [Meeting(2, 1, "e", "j")])


def test_checker_reports_one_table_used_twice():
    problem = day([employer("e", tables=2), jobseeker("a"), jobseeker("b")])
    found = rules(problem, [Meeting(0, 1, "e", "a"), Meeting(0, 1, "e", "b")])
    assert "table_used_twice" in found


def test_checker_reports_a_jobseeker_in_two_meetings_at_once():
    problem = day([employer("e"), employer("f"), jobseeker("j")])
    found = rules(problem, [Meeting(0, 1, "e", "j"), Meeting(0, 2, "f", "j")])
    assert found >= {"jobseeker_double_booked"}


def test_checker_reports_an_employer_with_more_meetings_than_tables():
    problem = day([employer("e", tables=1), jobseeker("a"), jobseeker("b")])
    found = rules(problem, [Meeting(0, 1, "e", "a"), Meeting(0, 2, "e", "b")])
    assert found == {"employer_tables_exceeded"}


def test_checker_allows_an_employer_with_two_recruiters_two_meetings_at_once():
    problem = day([employer("e", tables=2), jobseeker("a"), jobseeker("b")])
    assert check(problem, [Meeting(0, 1, "e", "a"), Meeting(0, 2, "e", "b")]) == []


def test_checker_reports_a_slot_with_more_meetings_than_tables():
    problem = day([employer("e"), employer("f"), jobseeker("a"), jobseeker("b")], tables=1)
    found = rules(problem, [Meeting(0, 1, "e", "a"), Meeting(0, 2, "f", "b")])
    assert {"slot_tables_exceeded", "table_out_of_range"} <= found


def test_checker_reports_a_meeting_when_someone_is_not_there():
    problem = day([employer("e", present={0, 1}), jobseeker("j", present={1, 2})])
    assert "not_present" in rules(problem, [Meeting(0, 1, "e", "j")])
    assert "not_present" in rules(problem, [Meeting(2, 1, "e", "j")])
    assert check(problem, [Meeting(1, 1, "e", "j")]) == []


def test_checker_reports_more_meetings_than_a_person_wants():
    problem = day([employer("e"), employer("f"), jobseeker("j", most=1)])
    found = rules(problem, [Meeting(0, 1, "e", "j"), Meeting(1, 1, "f", "j")])
    assert found == {"max_meetings_exceeded"}


def test_checker_reports_a_pair_meeting_twice():
    problem = day([employer("e"), jobseeker("j")])
    assert "pair_meets_twice" in rules(problem, [Meeting(0, 1, "e", "j"), Meeting(1, 1, "e", "j")])


@pytest.mark.parametrize("who", ["e", "j"])
def test_checker_reports_a_meeting_either_side_said_no_thanks_to(who):
    other = "j" if who == "e" else "e"
    problem = day([employer("e"), jobseeker("j")], wishes={(who, other): Wish.NO_THANKS})
    assert "no_thanks" in rules(problem, [Meeting(0, 1, "e", "j")])


def test_checker_reports_a_mutual_must_pair_pushed_out_by_a_lesser_meeting():
    people = [employer("e", tables=1), jobseeker("a", present={0}), jobseeker("b", present={0})]
    wishes = {("e", "a"): Wish.MUST, ("a", "e"): Wish.MUST}
    problem = day(people, wishes=wishes)
    assert "mutual_must_not_first" in rules(problem, [Meeting(0, 1, "e", "b")])
    # Must-meet on one side only gives no priority.
    one_sided = day(people, wishes={("a", "e"): Wish.MUST})
    assert "mutual_must_not_first" not in rules(one_sided, [Meeting(0, 1, "e", "b")])


def test_checker_accepts_a_mutual_must_pair_left_out_when_other_musts_fill_the_table():
    people = [employer("e", tables=1), jobseeker("a", present={0}), jobseeker("b", present={0})]
    wishes = dict.fromkeys([("e", "a"), ("a", "e"), ("e", "b"), ("b", "e")], Wish.MUST)
    assert check(day(people, wishes=wishes), [Meeting(0, 1, "e", "b")]) == []


def test_checker_reports_a_jobseeker_sent_home_without_a_meeting_while_a_table_is_free():
    problem = day([employer("e"), jobseeker("a"), jobseeker("b")])
    assert rules(problem, [Meeting(0, 1, "e", "a")]) == {"jobseeker_left_without_meeting"}


def test_checker_accepts_a_jobseeker_without_a_meeting_when_nobody_may_meet_them():
    problem = day(
        [employer("e", most=1), jobseeker("a"), jobseeker("b")],
    )
    assert check(problem, [Meeting(0, 1, "e", "a")]) == []
    refused = day([employer("e"), jobseeker("a")], wishes={("e", "a"): Wish.NO_THANKS})
    assert check(refused, []) == []


def test_every_rule_has_a_test_above():
    tested = {
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
    }
    assert tested == set(RULES)


# The engines.

ENGINES = [
    pytest.param(lambda problem: greedy(problem), id="greedy"),
    pytest.param(lambda problem: optimise(problem, time_limit=5), id="optimiser"),
]


@pytest.mark.parametrize("make", ENGINES)
def test_engine_never_books_a_break_or_an_absent_person(make):
    people = [
        employer("e", tables=2, present={0, 1, 2, 3}),
        jobseeker("late", present={2, 3}),
        jobseeker("early", present={0, 1}),
        jobseeker("always"),
    ]
    problem = day(people, breaks={1}, tables=2)
    schedule = valid(problem, make(problem))
    slots = {m.jobseeker: m.slot for m in schedule.meetings}
    assert slots == {"late": slots["late"], "early": 0, "always": slots["always"]}
    assert slots["late"] in {2, 3}


@pytest.mark.parametrize("make", ENGINES)
def test_engine_keeps_no_thanks_pairs_apart_even_when_the_match_is_high(make):
    problem = day(
        [employer("e"), jobseeker("j")],
        wishes={("j", "e"): Wish.NO_THANKS},
        scores={("e", "j"): 1.0},
    )
    assert valid(problem, make(problem)).meetings == []


@pytest.mark.parametrize("make", ENGINES)
def test_engine_gives_mutual_must_pairs_the_scarce_table(make):
    people = [employer("e", most=1), jobseeker("star", present={0}), jobseeker("must", present={0})]
    problem = day(
        people,
        wishes={("e", "must"): Wish.MUST, ("must", "e"): Wish.MUST},
        scores={("e", "star"): 1.0},
    )
    schedule = valid(problem, make(problem))
    assert [(m.employer, m.jobseeker) for m in schedule.meetings] == [("e", "must")]


@pytest.mark.parametrize("make", ENGINES)
def test_engine_respects_parallel_tables_tables_per_slot_and_maxima(make):
    people = [employer("big", tables=2, most=5), employer("small")] + [
        jobseeker(f"j{i}", most=2) for i in range(8)
    ]
    problem = day(people, tables=2)
    schedule = valid(problem, make(problem))
    # Two tables a slot for four slots, and "big" stops at five.
    assert len(schedule.meetings) == 8
    assert sum(1 for m in schedule.meetings if m.employer == "big") <= 5


def test_optimiser_spreads_meetings_where_the_greedy_gives_the_best_candidate_everything():
    # One strong candidate would fill every table; the fairness bonus gives the others a turn.
    people = [employer(f"e{i}") for i in range(3)] + [
        jobseeker("strong", most=3),
        jobseeker("a", most=3),
        jobseeker("b", most=3),
    ]
    scores = {(f"e{i}", "strong"): 1.0 for i in range(3)}
    problem = day(people, slots=1, tables=3, scores=scores)
    schedule = valid(problem, optimise(problem))
    assert {m.jobseeker for m in schedule.meetings} == {"strong", "a", "b"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_optimiser_is_never_below_greedy_and_never_above_the_bound(seed):
    problem = generate(employers=12, jobseekers=50, tables=9, seed=seed)
    baseline = valid(problem, greedy(problem))
    schedule = valid(problem, optimise(problem, time_limit=5))
    plan = Plan(problem)
    bound = upper_bound(plan, candidate_pairs(plan))
    assert problem.objective(baseline.meetings) <= problem.objective(schedule.meetings) <= bound
    assert problem.objective(schedule.meetings) >= 0.97 * bound


def test_optimiser_reports_progress_up_to_done():
    problem = generate(employers=5, jobseekers=20, tables=4, seed=4)
    seen: list[float] = []
    valid(problem, optimise(problem, progress=seen.append))
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


# Re-planning during the day.


def _without(problem: Problem, pid: str, *, from_slot: int) -> Problem:
    people = [
        Participant(
            p.id, p.kind, frozenset(s for s in p.present if s < from_slot), p.max_meetings, p.tables
        )
        if p.id == pid
        else p
        for p in problem.participants
    ]
    return Problem(
        slots=problem.slots,
        tables=problem.tables,
        participants=people,
        breaks=problem.breaks,
        wishes=problem.wishes,
        scores=problem.scores,
        weights=problem.weights,
    )


def test_replan_after_a_cancellation_keeps_every_announced_meeting_that_can_still_happen():
    problem = generate(employers=10, jobseekers=40, tables=8, seed=5)
    announced = valid(problem, optimise(problem)).meetings
    now = 3
    leaver = next(m.employer for m in announced if m.slot >= now)
    after = _without(problem, leaver, from_slot=now)
    schedule = replan(after, announced, now=now)
    untouched = [m for m in announced if not (m.employer == leaver and m.slot >= now)]
    valid(after, schedule, first_open_slot=now, kept=untouched)
    assert set(untouched) <= set(schedule.meetings)
    assert not [m for m in schedule.meetings if m.employer == leaver and m.slot >= now]
    # Nothing new is put in the past.
    assert {m for m in schedule.meetings if m.slot < now} == {m for m in announced if m.slot < now}


def test_replan_after_a_no_show_gives_the_freed_table_to_someone_else():
    people = [employer("e")] + [jobseeker(f"j{i}", most=1) for i in range(5)]
    problem = day(people, tables=1, scores={("e", "j0"): 0.9})
    announced = valid(problem, optimise(problem)).meetings
    no_show = next(m for m in announced if m.slot == 2).jobseeker
    after = _without(problem, no_show, from_slot=0)
    schedule = replan(after, announced, now=2)
    valid(after, schedule, first_open_slot=2, kept=[m for m in announced if m.jobseeker != no_show])
    in_slot_two = [m for m in schedule.meetings if m.slot == 2]
    assert len(in_slot_two) == 1
    assert in_slot_two[0].jobseeker != no_show
    assert schedule.stats["dropped"] == 1
