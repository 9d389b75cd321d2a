"""CSV and XLSX of the impact tables and of every placement, streamed with bounded memory.

Both are written row by row as the response goes out (`xlsx.xlsx_stream` for XLSX), so
neither holds all rows in memory nor waits for the last row before sending the first.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from intermediaries.models import ContractType, TargetGroup

from .impact import FigureTable
from .xlsx import xlsx_stream

PLACEMENTS = "plaatsingen"
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value):
    # A cell a spreadsheet would run as a formula starts with a quote instead.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _stream(fmt: str, name: str, header: list[str], rows: Iterable[list]):
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def lines() -> Iterator[str]:
            yield "\ufeff"  # so spreadsheet programs read the accents right
            yield writer.writerow(header)
            for row in rows:
                yield writer.writerow([_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if fmt != "xlsx":
        raise Http404
    response = StreamingHttpResponse(
        xlsx_stream(sheet=name, header=header, rows=([_cell(v) for v in row] for row in rows)),
        content_type=XLSX,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(table: FigureTable, *, fmt: str):
    rows = ([str(v) if not isinstance(v, int | float) else v for v in row] for row in table.rows)
    return _stream(fmt, table.key, table.headers, rows)


def placements_response(*, fmt: str, rows: Iterable[tuple]):
    """One line per placement, no person: start, contract, hours, group, who placed where."""
    # Labels translated once, not once per row: 100,000 rows would ask gettext 400,000 times.
    groups = {value: str(label) for value, label in TargetGroup.choices}
    contracts = {value: str(label) for value, label in ContractType.choices}
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    header = [
        _("Start date"),
        _("Kind of contract"),
        _("Hours per week"),
        _("Target group"),
        _("Coach's organisation"),
        _("Employer"),
        _("Sector"),
        _("Still working after 6 months"),
        _("Still working after 12 months"),
    ]

    def lines():
        for start, contract, hours, group, organisation, employer, sector, six, twelve in rows:
            yield [
                start.isoformat(),
                contracts.get(contract, contract),
                hours,
                groups.get(group, "") if group else "",
                organisation,
                employer,
                sector or "",
                yes_no[six],
                yes_no[twelve],
            ]

    return _stream(fmt, PLACEMENTS, header, lines())
