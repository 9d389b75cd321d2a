"""Validation at the edge: plausible dates, bounded integers and clean text.

Every date a person types has a window that fits what it means (an interview is
not planned in year 1), every number from a URL is bounded, and text never carries
NUL or other control characters into the database. Forms use the fields here;
services call the same checks again, because other callers (the API, commands)
reach them without a form. The database holds the outer bounds as check
constraints (`date_in_storable_range`), so an unchecked path can still not store a
value that breaks reading it back.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

# Outside these no date in the portal makes sense; PostgreSQL and Python both read them.
EARLIEST_STORABLE_DATE = date(1900, 1, 1)
LATEST_STORABLE_DATE = date(2199, 12, 31)

# Integers in URLs (page numbers, ids): far below every database's integer limit.
MAX_URL_INTEGER = 2_000_000_000

# C0 controls except tab, line feed and carriage return, plus DEL.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_in_storable_range(field: str) -> Q:
    """The condition of a check constraint that keeps `field` (a date or NULL) readable."""
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": EARLIEST_STORABLE_DATE, f"{field}__lte": LATEST_STORABLE_DATE}
    )


def datetime_in_storable_range(field: str) -> Q:
    """As `date_in_storable_range`, for a timestamp column."""
    earliest = datetime(1900, 1, 2, tzinfo=UTC)
    latest = datetime(2199, 12, 30, tzinfo=UTC)
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": earliest, f"{field}__lte": latest}
    )


def date_window(*, past_days: int | None, future_days: int | None) -> tuple[date, date]:
    """The first and last allowed day around today; None means the storable bound."""
    today = timezone.localdate()
    earliest = EARLIEST_STORABLE_DATE if past_days is None else today - timedelta(days=past_days)
    latest = LATEST_STORABLE_DATE if future_days is None else today + timedelta(days=future_days)
    return max(earliest, EARLIEST_STORABLE_DATE), min(latest, LATEST_STORABLE_DATE)


def require_date_within(
    value: date | datetime | None, *, past_days: int | None, future_days: int | None
) -> None:
    """Raise a ValidationError naming the allowed window when `value` falls outside it."""
    if value is None:
        return
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    earliest, latest = date_window(past_days=past_days, future_days=future_days)
    if not earliest <= day <= latest:
        raise ValidationError(
            _("Choose a date from %(earliest)s to %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": formats.date_format(earliest, "j F Y"),
                "latest": formats.date_format(latest, "j F Y"),
            },
        )


class PlausibleDateField(forms.DateField):
    """A date in a window around today that fits what the date means.

    `past_days`/`future_days` of None mean "no nearer limit than the storable range".
    The window is computed when the form is cleaned, so a long-running process
    never keeps yesterday's window.
    """

    widget = DATE_WIDGET

    def __init__(self, *, past_days: int | None, future_days: int | None, **kwargs):
        self.past_days = past_days
        self.future_days = future_days
        kwargs.setdefault(
            "error_messages", {"invalid": _("Fill in a date, for example 15-03-2027.")}
        )
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        require_date_within(value, past_days=self.past_days, future_days=self.future_days)


@dataclass(frozen=True)
class DateWindow:
    """How far before and after today a kind of date may lie (None: the storable bound).

    One object per meaning, defined beside the service that stores it, so the form
    and the service check the same window.
    """

    past_days: int | None
    future_days: int | None

    def check(self, value: date | datetime | None) -> None:
        """Raise a ValidationError when `value` is outside the window."""
        require_date_within(value, past_days=self.past_days, future_days=self.future_days)

    def field(self, **kwargs) -> PlausibleDateField:
        """A form field for a date in this window."""
        return PlausibleDateField(past_days=self.past_days, future_days=self.future_days, **kwargs)


YEAR = 366


def strip_control_characters(value: str) -> str:
    """`value` without NUL and other control characters (tabs and line breaks stay)."""
    return _CONTROL_CHARACTERS.sub("", value)


def bounded_int(
    value: str | None, *, default: int | None, minimum: int = 1, maximum: int = MAX_URL_INTEGER
) -> int | None:
    """An integer from a URL within [minimum, maximum], or `default` for anything else.

    Only ASCII digits count: `str.isdigit` accepts "²" and other digits `int` refuses.
    """
    text = (value or "").strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 12:
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


def page_number(data: Mapping, name: str = "pagina") -> int:
    """The page asked for in a query string; 1 when missing, not a number or out of range."""
    return bounded_int(data.get(name), default=1) or 1
