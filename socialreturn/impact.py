"""The impact figures as tables: what the dashboard shows, charts draw and exports write.

Counts only, never people: a cell of 1 to 4 people shows "< 5" unless the viewer works at
the coach's organisation the figures are filtered on (`schemes.shown_count`).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from intermediaries.models import TargetGroup
from training.charts import bar_chart, grouped_bar_chart

from .schemes import SMALL_CELL, banenafspraak_jobs, shown_count
from .selectors import ImpactData, ImpactFilters


@dataclass
class FigureTable:
    key: str  # in the export's URL
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def html_rows(self) -> list[SafeString]:
        """The rows as table markup, as the template would write them (each cell localised
        and escaped), made in Python: a template loop over every cell cost more than
        counting the figures."""
        cell = '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>'
        return [
            format_html(
                '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell"'
                ' scope="row">{}</th>{}</tr>',
                formats.localize(row[0]),
                format_html_join("", cell, ((formats.localize(value),) for value in row[1:])),
            )
            for row in self.rows
        ]

    def chart_numbers(self, column: int) -> list[int]:
        """A column as numbers for a chart: hidden small cells are drawn as 0."""
        return [row[column] if isinstance(row[column], int) else 0 for row in self.rows]


def _years(filters: ImpactFilters) -> list[int]:
    return list(range(filters.year_from, filters.year_to + 1))


def impact_tables(
    data: ImpactData, *, filters: ImpactFilters, own_organisation: bool
) -> list[FigureTable]:
    """Every table of the dashboard, small cells hidden where the viewer may not see them."""

    def shown(count: int) -> int | str:
        return shown_count(count, own_organisation=own_organisation)

    years = _years(filters)
    groups = [
        (value, label)
        for value, label in TargetGroup.choices
        if not filters.target_group or value == filters.target_group
    ]
    by_group = FigureTable(
        key="doelgroepen",
        title=_("Placements per target group and year, against the targets"),
        headers=[_("Target group")]
        + [part for year in years for part in (str(year), _("target %(year)s") % {"year": year})],
    )
    for value, label in [*groups, (None, _("Not recorded yet"))]:
        counts = [data.by_group_year.get((value, year), {}).get("people", 0) for year in years]
        targets = [data.targets.get((value, year)) for year in years]
        if value is None and not any(counts):
            continue
        row = [str(label)]
        for count, target in zip(counts, targets, strict=True):
            row += [shown(count), "" if target is None else target]
        by_group.rows.append(row)

    retention = FigureTable(
        key="nazorg",
        title=_("Still working after 6 and 12 months, per start year"),
        headers=[_("Start year"), _("Placed"), _("After 6 months"), _("After 12 months")],
        note=_(
            "As the coach heard at the follow-up; a placement without a follow-up is not counted as working."
        ),
    )
    for year in years:
        cell = data.retention.get((year,), {})
        retention.rows.append(
            [
                str(year),
                shown(cell.get("people", 0)),
                shown(cell.get("after_6", 0)),
                shown(cell.get("after_12", 0)),
            ]
        )

    banen = FigureTable(
        key="banenafspraak",
        title=_("Banenafspraak jobs per employer and year"),
        headers=[_("Employer"), _("Year"), _("People"), _("Banenafspraak jobs (hours ÷ 25.5)")],
        note=_("People in the doelgroepregister; one job is 25.5 hours a week."),
    )
    for (employer, year), cell in sorted(data.banenafspraak.items()):
        people = cell["people"]
        small = not own_organisation and 0 < people < SMALL_CELL
        jobs = banenafspraak_jobs(cell["hours"]).quantize(Decimal("0.1"))
        banen.rows.append(
            [employer, str(year), shown(people), f"< {SMALL_CELL}" if small else jobs]
        )

    months = FigureTable(
        key="maanden",
        title=_("Placements per month"),
        headers=[_("Month"), _("Placements")],
    )
    for (month,), cell in sorted(data.by_month.items()):
        label = formats.date_format(
            month if isinstance(month, date) else month.date(), "COMPACT_MONTH_FORMAT"
        )
        months.rows.append([label, shown(cell["people"])])

    value = FigureTable(
        key="waarde",
        title=_("Social-return value realised per authority and supplier"),
        headers=[
            _("Contracting authority"),
            _("Supplier"),
            _("Accepted contributions"),
            _("Value in euros"),
        ],
        note=_("Only accepted contributions count, each at the table version it was valued with."),
    )
    for row in data.value_by_obligation:
        value.rows.append(
            [
                row["obligation__authority__name"],
                row["obligation__supplier__name"],
                row["contributions"],
                row["value"],
            ]
        )
    return [by_group, retention, banen, months, value]


def impact_charts(tables: list[FigureTable], *, filters: ImpactFilters) -> dict[str, str]:
    """The charts beside the tables (by key): groups per year, follow-ups, months. A chart whose
    bars would all stand at 0 (nothing yet, or every number under 5 and hidden) is left out:
    it says nothing, and its table says it better."""
    by_group, retention, _banen, months, _value = tables
    years = [str(year) for year in _years(filters)]
    group_series = [(year, by_group.chart_numbers(1 + 2 * i)) for i, year in enumerate(years)]
    retention_series = [(retention.headers[i], retention.chart_numbers(i)) for i in (1, 2, 3)]
    month_bars = list(zip([row[0] for row in months.rows], months.chart_numbers(1), strict=True))
    charts = {}
    if any(any(numbers) for _name, numbers in group_series):
        charts[by_group.key] = grouped_bar_chart(
            label=by_group.title, x_labels=[row[0] for row in by_group.rows], series=group_series
        )
    if any(any(numbers) for _name, numbers in retention_series):
        charts[retention.key] = grouped_bar_chart(
            label=retention.title,
            x_labels=[row[0] for row in retention.rows],
            series=retention_series,
        )
    if any(number for _label, number in month_bars):
        charts[months.key] = bar_chart(label=months.title, bars=month_bars)
    return charts
