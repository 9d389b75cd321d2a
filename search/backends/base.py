"""The interface every search backend implements, and what a search returns.

Modelled on Wagtail's search backends: one class per engine, chosen in settings,
all held to the same contract suite (`tests/search_contract/`).
"""

from __future__ import annotations

import heapq
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..documents import PortfolioIndexDocument, VacancyIndexDocument
from ..extensions import organisation_facets
from ..spec import CandidateSpec, VacancySpec

# Facets of a candidate search. "hours" counts people available at least N hours a
# week (their wished maximum), for each N of HOURS_STEPS; the filter `min_hours` uses
# the same steps.
CANDIDATE_FACETS = ("skills", "municipality", "hours", "driving_licences", "work_types")
VACANCY_FACETS = ("municipality", "work_types")
HOURS_STEPS = (8, 16, 24, 32)
# The values a facet lists: those the most matches have, ties by value. Without a radius a
# search counts every place its people live in (2,200 postal towns at 100k), and a panel
# of that many checkboxes helps nobody; a chosen value is listed whatever its count
# (`search.selectors`).
FACET_VALUES = 20


def candidate_facet_names() -> tuple[str, ...]:
    """Every facet of a candidate search: the fixed ones, then those of `search.extensions`."""
    return CANDIDATE_FACETS + tuple(facet.name for facet in organisation_facets())


class SearchUnavailable(Exception):
    """The configured engine does not answer; the portal goes on without search."""


class RebuildRunning(Exception):
    """Another rebuild of the same index is under way; a second would undo its work."""


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    score: float
    # Meets every must; when a coach widened one, those who do not come after those who do.
    meets_musts: bool = True


class FacetValue(NamedTuple):
    """A facet's value and how many matches have it. A named tuple, not a dataclass: a
    search without a radius counts every municipality (2,200 at 100k), which took 2.4 ms
    to build and sort as frozen dataclasses, 1.8 ms as named tuples sorted as tuples."""

    key: str
    count: int


def top_facet_values(pairs: Iterable[tuple[str, int]]) -> list[FacetValue]:
    """The FACET_VALUES values counted most (an empty value or count is none), most first,
    then by value: picked without sorting them all."""
    top = heapq.nsmallest(FACET_VALUES, ((-count, key) for key, count in pairs if key and count))
    return [FacetValue(key, -negative) for negative, key in top]


@dataclass(slots=True)
class MatchPage:
    """One page of ranked results, the total that matched and facet counts over all of them."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RebuildReport:
    portfolios: int
    vacancies: int
    seconds: float


class SearchBackend(ABC):
    """Stores index documents and answers match specs.

    Facet values are sorted by count (descending), then key; "skills" keys are
    concept ids as strings, "hours" keys are the HOURS_STEPS as strings.
    Hits are sorted with those meeting every must first, then by score (descending);
    candidates then by `updated_at` (most recent first), then id (ascending); vacancies
    by id.
    """

    name: str

    @abstractmethod
    def index_portfolios(self, documents: Sequence[PortfolioIndexDocument]) -> None:
        """Add or replace these portfolio documents."""

    @abstractmethod
    def delete_portfolios(self, portfolio_ids: Collection[int]) -> None:
        """Remove these portfolios; unknown ids are ignored."""

    @abstractmethod
    def index_vacancies(self, documents: Sequence[VacancyIndexDocument]) -> None:
        """Add or replace these vacancy documents."""

    @abstractmethod
    def delete_vacancies(self, vacancy_ids: Collection[int]) -> None:
        """Remove these vacancies; unknown ids are ignored."""

    @abstractmethod
    def candidates(self, spec: CandidateSpec) -> MatchPage:
        """Ranked portfolios for a vacancy, only those `spec.viewer` may see."""

    @abstractmethod
    def vacancies(self, spec: VacancySpec) -> MatchPage:
        """Ranked open vacancies for a person."""

    @abstractmethod
    def rebuild(
        self,
        *,
        portfolios: Iterable[Sequence[PortfolioIndexDocument]],
        vacancies: Iterable[Sequence[VacancyIndexDocument]],
    ) -> RebuildReport:
        """Replace everything with these batches; searches keep answering from the old
        data until the new is complete."""

    @abstractmethod
    def check(self) -> None:
        """Raise SearchUnavailable when the engine does not answer."""

    @abstractmethod
    def reset(self) -> None:
        """Remove every document (tests and `search_rebuild --empty`)."""

    @abstractmethod
    def warm_up(self) -> None:
        """Read ahead what this process's first search would otherwise wait for."""
