"""CSV and XLSX of the impact tables and of every placement.

CSV is written row by row as the response goes out. XLSX is written by rustpy-xlsxwriter
(Rust's rust_xlsxwriter), which takes the rows as they come and keeps memory flat; the
tables are small and answer at once, the workbook of every placement is made in the
background (`placement_exports`). Measured against our former streamed writer, xlsxwriter
(constant_memory), openpyxl (write_only, lxml) and pyexcelerate: README, *Measuring*.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator

import rustpy_xlsxwriter
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from intermediaries.models import ContractType, TargetGroup

from .impact import FigureTable

PLACEMENTS = "plaatsingen"
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters XML 1.0 cannot hold; the writer would spell them out as _x0007_ in the cell.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_CELL_LIMIT = 32767


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value):
    # A cell a spreadsheet would run as a formula starts with a quote instead.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _xlsx_cell(value):
    if isinstance(value, str):
        return _NOT_XML.sub("", value)[:EXCEL_CELL_LIMIT]
    return value


def xlsx_write(*, target, sheet: str, header: list[str], rows: Iterable[Iterable]) -> None:
    """Write one sheet named `sheet` to `target` (a path or binary file): `header`, then `rows`.

    The writer takes rows as records keyed by column name, so every column needs a name of
    its own.
    """
    if len(set(header)) != len(header) or not all(header):
        raise ValueError("XLSX columns need different names")
    records = ({n: _xlsx_cell(v) for n, v in zip(header, row, strict=True)} for row in rows)
    sheet_name = _NOT_XML.sub("", sheet).replace("/", " ")[:31] or "Sheet1"
    rustpy_xlsxwriter.write_worksheet(records, target, sheet_name=sheet_name)


def _filename(name: str, fmt: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def _csv(name: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so spreadsheet programs read the accents right
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def table_response(table: FigureTable, *, fmt: str) -> HttpResponse:
    """One table of the dashboard (a few dozen rows) as a CSV or XLSX download."""
    rows = ([str(v) if not isinstance(v, int | float) else v for v in row] for row in table.rows)
    if fmt == "csv":
        return _csv(table.key, table.headers, rows)
    if fmt != "xlsx":
        raise Http404
    book = io.BytesIO()
    xlsx_write(
        target=book,
        sheet=table.key,
        header=table.headers,
        rows=([_cell(v) for v in row] for row in rows),
    )
    response = HttpResponse(book.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table.key, "xlsx")}"'
    return response


def _placement_lines(rows: Iterable[tuple]) -> tuple[list[str], Iterator[list]]:
    """The header and lines of every placement, no person: start, contract, hours, group, who
    placed where, and the follow-ups."""
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

    def lines() -> Iterator[list]:
        for start, contract, hours, group, organisation, employer, sector, six, twelve in rows:
            yield [
                start.isoformat(),
                contracts.get(contract, contract),
                hours,
                groups.get(group, "") if group else "",
                _cell(organisation),
                _cell(employer),
                sector or "",
                yes_no[six],
                yes_no[twelve],
            ]

    return header, lines()


def placements_csv_response(*, rows: Iterable[tuple]) -> StreamingHttpResponse:
    """Every placement as a CSV, streamed as the rows come from the database."""
    header, lines = _placement_lines(rows)
    return _csv(PLACEMENTS, header, lines)


def placements_xlsx(*, rows: Iterable[tuple], done: Callable[[int], None]) -> bytes:
    """Every placement as an XLSX workbook; `done(n)` hears how many rows are written so far."""
    header, lines = _placement_lines(rows)

    def counted() -> Iterator[list]:
        for n, line in enumerate(lines, start=1):
            if n % 5000 == 0:
                done(n)
            yield line

    book = io.BytesIO()
    xlsx_write(target=book, sheet=PLACEMENTS, header=header, rows=counted())
    return book.getvalue()
