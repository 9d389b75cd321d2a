"""Bulk vacancy import from CSV or XLSX: a dry run with a row-by-row report first.

Each row is checked like an API call (the same typed schema, skills by URI or by a label
naming exactly one skill, with suggestions otherwise) and by the same rules of the vacancies
services, so the report names every problem the real import would meet. Nothing is written
unless the whole file is valid, or the caller accepts the valid part.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from portal.accounts.models import User
from portal.organisations.models import Organisation
from vacancies import services

from .problems import pydantic_message
from .schemas import VacancyIn
from .vacancy_input import SkillResolver, vacancy_fields

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
COLUMNS = (
    "title",
    "work_type",
    "description",
    "hours_min",
    "hours_max",
    "postcode",
    "start_date",
    "closing_date",
    "places",
    "occupation_uri",
    "required_skills",
    "nice_to_have_skills",
    "show_to_jobseekers",
)
NUMBERS = ("hours_min", "hours_max", "places")
TRUE = {"1", "true", "ja", "yes", "waar", "x"}
SKILL_SEPARATOR = "|"


@dataclass
class RowReport:
    line: int
    errors: list[dict[str, str]] = field(default_factory=list)
    vacancy_id: int | None = None


@dataclass
class ImportReport:
    file: str
    dry_run: bool
    rows: list[RowReport]
    written: int = 0

    @property
    def valid(self) -> int:
        return sum(1 for row in self.rows if not row.errors)

    @property
    def invalid(self) -> int:
        return len(self.rows) - self.valid


def _unreadable() -> ValidationError:
    return ValidationError(
        {"file": [_("This file cannot be read. Send a CSV (UTF-8) or XLSX file.")]}
    )


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: text}) for every non-empty row after the header."""
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": [_("The file is larger than 5 MB.")]})
    try:
        if name.lower().endswith(".xlsx"):
            table = _xlsx(content)
        else:
            text = content.decode("utf-8-sig")
            dialect = (
                csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            )
            table = list(csv.reader(io.StringIO(text), dialect))
    except ValidationError:
        raise
    except Exception as error:  # openpyxl and csv raise many kinds on a broken file
        raise _unreadable() from error
    if not table:
        raise _unreadable()
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [column for column in ("title", "work_type") if column not in header]
    if missing:
        raise ValidationError(
            {
                "file": [
                    _("The first row must name the columns; missing: %(columns)s.")
                    % {"columns": ", ".join(missing)}
                ]
            }
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {
            column: str(
                cells[index] if index < len(cells) and cells[index] is not None else ""
            ).strip()
            for index, column in enumerate(header)
            if column in COLUMNS
        }
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": [_("At most %(n)s rows per file.") % {"n": MAX_ROWS}]})
    return rows


def _xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    table = []
    for cells in sheet.iter_rows(values_only=True):
        table.append(
            [cell.isoformat()[:10] if hasattr(cell, "isoformat") else cell for cell in cells]
        )
    return table


def _payload(values: dict[str, str]) -> dict:
    payload: dict = {
        name: value for name, value in values.items() if value and name in VacancyIn.model_fields
    }
    for name in NUMBERS:
        if name in payload and payload[name].endswith(".0"):
            payload[name] = payload[name][:-2]  # XLSX numbers arrive as floats
    if "show_to_jobseekers" in values:
        payload["show_to_jobseekers"] = values["show_to_jobseekers"].lower() in TRUE
    skills = []
    for column, required in (("required_skills", True), ("nice_to_have_skills", False)):
        for name in filter(
            None, (part.strip() for part in values.get(column, "").split(SKILL_SEPARATOR))
        ):
            key = "uri" if name.startswith(("http://", "https://")) else "label"
            skills.append({key: name, "required": required})
    if skills:
        payload["skills"] = skills
    return payload


def _errors(error: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": field if field != "__all__" else "row", "message": message}
        for field, messages in getattr(error, "message_dict", {"row": error.messages}).items()
        for message in messages
    ]


def _rows_as_drafts(
    parsed: list[tuple[RowReport, VacancyIn]],
) -> list[tuple[RowReport, services.NewVacancy]]:
    """Each row as the vacancies services take it, after noting the errors of the rest.

    Lookups are shared by all rows: one query for the skill URIs, one lookup per distinct
    label and occupation.
    """
    resolver = SkillResolver()
    resolver.prefetch(item for _row, payload in parsed for item in payload.skills or ())
    occupations: dict = {}
    drafts = []
    for row, payload in parsed:
        try:
            fields = vacancy_fields(payload, occupations=occupations)
            skills = resolver.resolve(payload.skills) if payload.skills is not None else None
        except ValidationError as error:
            row.errors = _errors(error)
            continue
        drafts.append((row, services.NewVacancy(fields=fields, skills=skills)))
    return drafts


def vacancy_import(
    *,
    organisation: Organisation,
    by: User | None,
    name: str,
    content: bytes,
    dry_run: bool = True,
    accept_valid_part: bool = False,
) -> ImportReport:
    """Check every row (and, unless `dry_run`, keep them: all, or the valid ones when accepted).

    Every row is checked before anything is written; the valid rows are then created in
    bulk in one transaction, with the same audit entries as one by one and one index update
    for the whole file after commit.
    """
    report = ImportReport(file=name, dry_run=dry_run, rows=[])
    parsed: list[tuple[RowReport, VacancyIn]] = []
    for line, values in read_rows(name, content):
        row = RowReport(line=line)
        report.rows.append(row)
        try:
            parsed.append((row, VacancyIn.model_validate(_payload(values))))
        except PydanticValidationError as error:
            row.errors = [
                {
                    "field": ".".join(str(p) for p in problem["loc"]) or "row",
                    "message": pydantic_message(problem),
                }
                for problem in error.errors()
            ]
    drafts = _rows_as_drafts(parsed)
    new = [draft for _row, draft in drafts]
    if not dry_run and (accept_valid_part or report.invalid == 0):
        results = services.vacancies_create_many(
            organisation=organisation, by=by, drafts=new, keep_valid_part=accept_valid_part
        )
    else:
        results = services.vacancies_check_many(organisation=organisation, drafts=new)
    for (row, _draft), result in zip(drafts, results, strict=True):
        if isinstance(result, ValidationError):
            row.errors = _errors(result)
        else:
            row.vacancy_id = result.pk  # None when nothing was written
    report.written = sum(1 for row in report.rows if row.vacancy_id is not None)
    return report
