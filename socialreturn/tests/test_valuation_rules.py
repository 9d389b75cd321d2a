"""The valuation rules on their own: pro rata, minimum hours, bonuses, activities, progress."""

from datetime import date
from decimal import Decimal

import pytest

from socialreturn.schemes import Bonus, StartingPosition
from socialreturn.valuation import (
    Activity,
    ActivityKind,
    Hire,
    Note,
    Progress,
    Table,
    next_report_due,
    report_due_dates,
    required_amount,
    value_activity,
    value_hire,
)

P = StartingPosition
D = Decimal

UTRECHT = Table(
    full_time_hours=D("36"),
    hourly_rate=D("100"),
    rows={
        P.PARTICIPATIEWET: D("40000"),
        P.DOELGROEPREGISTER: D("50000"),
        P.PRO_VSO: D("35000"),
        P.WIA_WAO: D("40000"),
        P.WW: D("20000"),
        P.BBL: D("35000"),
        P.BOL: D("20000"),
        P.NO_BENEFIT: D("10000"),
    },
    bonuses={bonus: D("10000") for bonus in Bonus.values},
)
HARLINGEN = Table(
    full_time_hours=D("36"), minimum_hours=D("12"), rows=dict(UTRECHT.rows), bonuses={}
)


def test_a_full_time_year_is_worth_the_row():
    assert value_hire(UTRECHT, Hire(P.PARTICIPATIEWET, D("36"), 12)).amount == D("40000.00")
    assert value_hire(UTRECHT, Hire(P.WW, D("36"), 12)).amount == D("20000.00")


def test_hours_count_pro_rata_to_a_full_time_week():
    # 18 of 36 hours: half an FTE.
    assert value_hire(UTRECHT, Hire(P.DOELGROEPREGISTER, D("18"), 12)).amount == D("25000.00")


def test_months_count_pro_rata_to_a_year():
    assert value_hire(UTRECHT, Hire(P.PARTICIPATIEWET, D("36"), 6)).amount == D("20000.00")
    assert value_hire(UTRECHT, Hire(P.PARTICIPATIEWET, D("36"), 24)).amount == D("80000.00")


def test_hours_and_months_together_round_to_cents():
    # 40,000 × 24/36 × 7/12 = 15,555.555… → 15,555.56
    assert value_hire(UTRECHT, Hire(P.PARTICIPATIEWET, D("24"), 7)).amount == D("15555.56")


def test_more_than_a_full_time_week_counts_as_one_fte_and_says_so():
    valued = value_hire(UTRECHT, Hire(P.WW, D("40"), 12))
    assert valued.amount == D("20000.00")
    assert valued.note == Note.HOURS_CAPPED


def test_below_the_minimum_hours_a_hire_counts_for_nothing():
    valued = value_hire(HARLINGEN, Hire(P.PARTICIPATIEWET, D("11.5"), 12))
    assert valued.amount == D("0.00")
    assert valued.note == Note.BELOW_MINIMUM_HOURS


def test_at_the_minimum_hours_a_hire_counts_pro_rata():
    assert value_hire(HARLINGEN, Hire(P.PARTICIPATIEWET, D("12"), 12)).amount == D("13333.33")


def test_each_bonus_adds_to_the_row_before_pro_rata():
    hire = Hire(P.WW, D("18"), 12, frozenset({Bonus.FIFTY_PLUS, Bonus.PERMANENT_CONTRACT}))
    # (20,000 + 10,000 + 10,000) × 0.5
    assert value_hire(UTRECHT, hire).amount == D("20000.00")


def test_a_bonus_the_table_does_not_know_adds_nothing():
    hire = Hire(P.WW, D("36"), 12, frozenset({Bonus.LANGUAGE_GAP}))
    assert value_hire(HARLINGEN, hire).amount == D("20000.00")


def test_a_starting_position_without_a_row_counts_for_nothing_and_says_so():
    table = Table(full_time_hours=D("36"), rows={P.WW: D("20000")})
    valued = value_hire(table, Hire(P.BBL, D("36"), 12))
    assert (valued.amount, valued.note) == (D("0.00"), Note.NO_ROW)


@pytest.mark.parametrize(
    "kind", [ActivityKind.INTERNSHIP, ActivityKind.GUEST_LESSON, ActivityKind.COACHING]
)
def test_time_given_counts_per_employee_hour(kind):
    assert value_activity(UTRECHT, Activity(kind, hours=D("12.5"))).amount == D("1250.00")


@pytest.mark.parametrize("kind", [ActivityKind.SOCIAL_PURCHASE, ActivityKind.OTHER])
def test_purchases_and_other_activities_count_at_cost(kind):
    valued = value_activity(UTRECHT, Activity(kind, hours=D("99"), cost=D("4321.10")))
    assert valued.amount == D("4321.10")


def test_an_obligation_asks_a_percentage_of_the_contract_or_a_fixed_amount():
    assert required_amount(contract_value=D("2000000"), percentage=D("5"), fixed_amount=None) == D(
        "100000.00"
    )
    assert required_amount(
        contract_value=D("2000000"), percentage=None, fixed_amount=D("75000")
    ) == D("75000.00")


def test_progress_in_percent_and_what_is_missing():
    progress = Progress(required=D("100000.00"), realised=D("37500.00"))
    assert progress.percent == D("37.5")
    assert progress.missing == D("62500.00")
    exceeded = Progress(required=D("100.00"), realised=D("150.00"))
    assert exceeded.missing == D("0.00")
    assert exceeded.percent == D("150.0")


def test_reports_are_due_every_rhythm_and_at_the_end():
    due = report_due_dates(start=date(2026, 1, 31), end=date(2026, 12, 31), every_months=3)
    assert due == [date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31), date(2026, 12, 31)]


def test_the_next_report_due_is_the_first_from_today_on():
    kwargs = {"start": date(2026, 1, 1), "end": date(2027, 1, 1), "every_months": 6}
    assert next_report_due(**kwargs, today=date(2026, 3, 1)) == date(2026, 7, 1)
    assert next_report_due(**kwargs, today=date(2026, 7, 1)) == date(2026, 7, 1)
    assert next_report_due(**kwargs, today=date(2027, 1, 2)) is None
