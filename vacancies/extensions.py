"""Columns other apps add to the employer's vacancy list.

`vacancies` imports no app that builds on it. An app that keeps something per
vacancy (proposals in `intermediaries`) registers a column from its
`AppConfig.ready()`: a heading, the annotations that count it in the list's one
query, and how to show the counts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression
from django.utils.functional import Promise

from .models import Vacancy


@dataclass(frozen=True, slots=True)
class VacancyListColumn:
    heading: Promise | str
    # Annotation name → expression, added to the list's query (counts: no query per row).
    annotations: Callable[[], dict[str, Expression]]
    # The cell for one annotated vacancy: (text, link or "").
    cell: Callable[[Vacancy], tuple[str, str]]


_COLUMNS: dict[str, VacancyListColumn] = {}


def register_vacancy_list_column(name: str, column: VacancyListColumn) -> None:
    """Add a column (again on a second `ready()`, replacing the first: no duplicates)."""
    _COLUMNS[name] = column


def vacancy_list_columns() -> tuple[VacancyListColumn, ...]:
    return tuple(_COLUMNS.values())


def vacancy_list_annotations() -> dict[str, Any]:
    annotations: dict[str, Any] = {}
    for column in _COLUMNS.values():
        annotations.update(column.annotations())
    return annotations
