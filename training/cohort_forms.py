"""Forms of the cohort page (which cohort) and of the progress report (which language)."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User

from .models import TrajectoryStatus

HISTORY_MONTHS = 18


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return date.fromordinal(month_start(first, -1).toordinal() - 1)


def history_months(today: date) -> list[date]:
    """The first days of the last 18 months, oldest first, this month included."""
    return [month_start(today, back) for back in range(HISTORY_MONTHS - 1, -1, -1)]


@dataclass(frozen=True)
class CohortFilters:
    started_from: date
    started_to: date
    coach: User | None
    status: str


def _period_choices(today: date) -> list[tuple[str, object]]:
    months = history_months(today)
    quarters = sorted({(month.year, (month.month - 1) // 3 + 1) for month in months}, reverse=True)
    return [
        (f"{HISTORY_MONTHS}m", _("The last 18 months")),
        ("12m", _("The last 12 months")),
        (
            _("Quarter"),
            [(f"{year}-k{quarter}", f"{year} Q{quarter}") for year, quarter in quarters],
        ),
        (
            _("Month"),
            [(f"{month:%Y-%m}", formats.date_format(month, "F Y")) for month in reversed(months)],
        ),
    ]


def _period(value: str, today: date) -> tuple[date, date]:
    """The first and last day of the chosen period; a value not offered counts as 18 months."""
    if value == "12m":
        return month_start(today, 11), today
    if "-k" in value:
        year, quarter = value.split("-k")
        first = date(int(year), (int(quarter) - 1) * 3 + 1, 1)
        return first, month_end(month_start(first, -2))
    if len(value) == 7 and value[4] == "-":
        first = date(int(value[:4]), int(value[5:]), 1)
        return first, month_end(first)
    return month_start(today, HISTORY_MONTHS - 1), today


class CohortFilterForm(forms.Form):
    """Which cohort: start period, coach and status. A GET form, so a cohort can be bookmarked."""

    # Every field filters and may stay empty: "(optional)" on each label says nothing.
    marks_optional = False

    periode = forms.ChoiceField(label=_("Started in"), required=False)
    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All coaches"),
    )
    status = forms.ChoiceField(
        label=_("Status now"),
        choices=[("", _("Every status")), *TrajectoryStatus.choices],
        required=False,
    )

    def __init__(self, *args, coaches: QuerySet[User], today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["periode"].choices = _period_choices(today)
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label_from_instance = lambda user: user.get_full_name() or user.email

    def filters(self) -> CohortFilters:
        """The chosen cohort; a value that is not one of the choices counts as "all"."""
        self.is_valid()  # the fields that are valid are used, the others count as "all"
        data = self.cleaned_data
        started_from, started_to = _period(data.get("periode") or "", self.today)
        return CohortFilters(
            started_from=started_from,
            started_to=started_to,
            coach=data.get("coach"),
            status=data.get("status") or "",
        )


class ProgressReportForm(forms.Form):
    """In which language the report is made."""

    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
