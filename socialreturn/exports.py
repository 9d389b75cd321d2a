"""CSV and XLSX of the impact tables and of every placement, written with bounded memory.

CSV streams row by row; XLSX is written in openpyxl's write-only mode to a temporary file
that is streamed back, so neither holds all rows in memory.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from intermediaries.models import ContractType, TargetGroup

from .impact import FigureTable

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
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=name[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    book.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)


def table_response(table: FigureTable, *, fmt: str):
    rows = ([str(v) if not isinstance(v, int | float) else v for v in row] for row in table.rows)
    return _stream(fmt, table.key, table.headers, rows)


def placements_response(*, fmt: str, rows: Iterable[tuple]):
    """One line per placement, no person: start, contract, hours, group, who placed where."""
    groups = dict(TargetGroup.choices)
    contracts = dict(ContractType.choices)
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
                str(contracts.get(contract, contract)),
                hours,
                str(groups.get(group, "")) if group else "",
                organisation,
                employer,
                sector or "",
                str(yes_no[six]),
                str(yes_no[twelve]),
            ]

    return _stream(fmt, PLACEMENTS, header, lines())
