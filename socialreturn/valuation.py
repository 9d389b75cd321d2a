"""The valuation rules of social return ("bouwblokken"), in plain Python.

An authority's table values a starting position per FTE-year: a year's contract at the
table's full-time hours (Utrecht: 36 a week). A hire is valued pro rata for its hours
(never more than one FTE) and its months, plus the table's bonuses it qualifies for;
below the table's minimum hours a week (Harlingen: 12) it counts for nothing. Other
activities count per employee-hour at the table's rate, or at cost. Nothing here reads
the database, so every rule is tested on its own.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MONTHS_PER_YEAR = Decimal("12")


class ActivityKind(models.TextChoices):
    SOCIAL_PURCHASE = "social_purchase", _("Buying from a social enterprise")
    INTERNSHIP = "internship", _("Internship")
    GUEST_LESSON = "guest_lesson", _("Guest lesson")
    COACHING = "coaching", _("Coaching hours")
    OTHER = "other", _("Other activity")


# Activities of people's time count per employee-hour; purchases and the rest at cost.
PER_HOUR_ACTIVITIES = frozenset(
    {ActivityKind.INTERNSHIP, ActivityKind.GUEST_LESSON, ActivityKind.COACHING}
)


class Note(models.TextChoices):
    """Why a contribution is worth what it is worth, beyond the plain sum."""

    NONE = "", ""
    BELOW_MINIMUM_HOURS = "below_minimum_hours", _("Fewer hours a week than the table's minimum")
    NO_ROW = "no_row", _("The table has no value for this starting position")
    HOURS_CAPPED = "hours_capped", _("Counted as one FTE: more hours than a full-time week")


@dataclass(frozen=True)
class Table:
    """One version of an authority's valuation table."""

    full_time_hours: Decimal
    rows: Mapping[str, Decimal]
    bonuses: Mapping[str, Decimal] = field(default_factory=dict)
    minimum_hours: Decimal = Decimal("0")
    hourly_rate: Decimal = Decimal("0")


@dataclass(frozen=True)
class Hire:
    starting_position: str
    hours_per_week: Decimal
    months: int
    bonuses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Activity:
    kind: str
    hours: Decimal | None = None
    cost: Decimal | None = None


@dataclass(frozen=True)
class Valuation:
    amount: Decimal
    note: str = Note.NONE


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def value_hire(table: Table, hire: Hire) -> Valuation:
    """A hire's value: (row + bonuses) × share of a full-time week × months ÷ 12."""
    hours = Decimal(hire.hours_per_week)
    if hours < table.minimum_hours:
        return Valuation(Decimal("0.00"), Note.BELOW_MINIMUM_HOURS)
    if hire.starting_position not in table.rows:
        return Valuation(Decimal("0.00"), Note.NO_ROW)
    per_fte_year = table.rows[hire.starting_position] + sum(
        (table.bonuses.get(bonus, Decimal("0")) for bonus in sorted(hire.bonuses)), Decimal("0")
    )
    note = Note.HOURS_CAPPED if hours > table.full_time_hours else Note.NONE
    fte = min(hours, table.full_time_hours) / table.full_time_hours
    return Valuation(_cents(per_fte_year * fte * Decimal(hire.months) / MONTHS_PER_YEAR), note)


def value_activity(table: Table, activity: Activity) -> Valuation:
    """Hours × the table's rate for time given; the cost for what was bought or paid."""
    if activity.kind in PER_HOUR_ACTIVITIES:
        return Valuation(_cents(Decimal(activity.hours or 0) * table.hourly_rate))
    return Valuation(_cents(Decimal(activity.cost or 0)))


# --- Obligations -----------------------------------------------------------------------------


def required_amount(
    *, contract_value: Decimal, percentage: Decimal | None, fixed_amount: Decimal | None
) -> Decimal:
    """What an obligation asks: a fixed amount, or a percentage of the contract value."""
    if fixed_amount is not None:
        return _cents(fixed_amount)
    return _cents(contract_value * (percentage or Decimal("0")) / 100)


@dataclass(frozen=True)
class Progress:
    required: Decimal
    realised: Decimal

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.realised, Decimal("0.00"))

    @property
    def percent(self) -> Decimal:
        """Realised as a percentage of what is required (more than 100 when exceeded)."""
        if self.required <= 0:
            return Decimal("100.0")
        return (self.realised / self.required * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # The 31st of a shorter month becomes its last day.
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def report_due_dates(*, start: date, end: date, every_months: int) -> list[date]:
    """The days reports are due: every `every_months` after the start, and at the end."""
    due = []
    step = 1
    while (day := _add_months(start, every_months * step)) < end:
        due.append(day)
        step += 1
    due.append(end)
    return due


def next_report_due(*, start: date, end: date, every_months: int, today: date) -> date | None:
    """The first due day from today on; None once the obligation's period is over."""
    return next(
        (
            day
            for day in report_due_dates(start=start, end=end, every_months=every_months)
            if day >= today
        ),
        None,
    )
