"""The database backend: the match spec as SQL aggregation over the index tables of `search.models`.

Nothing to run beside the portal: PostgreSQL or SQLite, the same SQL on both. Candidate
searches read the index rows as columns held in memory (`SEARCH_DATABASE_IN_MEMORY`, the
default), or by SQL. The parts:

- `writes`: index documents into rows, and the rebuild in one transaction;
- `columns`: the portfolios' rows as numpy columns in each process, brought up to date
  before each search from the generations the writes number;
- `vectors`: a candidate search over those columns, every entry at once;
- `counts`: facet counts kept ahead per place and audience group, kept by every
  write and summed by the searches they can answer;
- `query`: the statements of a search (the candidate search in one statement,
  built step by step by `CandidateQuery`);
- `expressions`: one row in SQL, its access, distance and the points of
  `search.scoring`, computed exactly as the explanation computes them;
- `reads`: run a search and read its rows into a `MatchPage`;
- `sql`: the table names and the plumbing all of them share.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.conf import settings

from ...documents import PortfolioIndexDocument, VacancyIndexDocument
from ...spec import CandidateSpec, VacancySpec
from ..base import MatchPage, RebuildReport, SearchBackend, candidate_facet_names
from . import reads, vectors, writes
from .columns import CurrentColumns

__all__ = ["DatabaseBackend"]


class DatabaseBackend(SearchBackend):
    """The index in the portal's own database: nothing to run, good for a small organisation."""

    name = "database"

    def __init__(self, *, in_memory: bool | None = None) -> None:
        # Candidate searches from columns in memory (`columns`, `vectors`), or by SQL.
        if in_memory is None:
            in_memory = settings.SEARCH_DATABASE_IN_MEMORY
        self.columns = CurrentColumns() if in_memory else None

    def index_portfolios(self, documents: Sequence[PortfolioIndexDocument]) -> None:
        writes.index_portfolios(documents)

    def delete_portfolios(self, portfolio_ids: Collection[int]) -> None:
        writes.delete_portfolios(portfolio_ids)

    def index_vacancies(self, documents: Sequence[VacancyIndexDocument]) -> None:
        writes.index_vacancies(documents)

    def delete_vacancies(self, vacancy_ids: Collection[int]) -> None:
        writes.delete_vacancies(vacancy_ids)

    def rebuild(
        self,
        *,
        portfolios: Iterable[Sequence[PortfolioIndexDocument]],
        vacancies: Iterable[Sequence[VacancyIndexDocument]],
    ) -> RebuildReport:
        """Replace every row in one transaction; searches read the old rows until it commits."""
        return writes.rebuild(portfolios=portfolios, vacancies=vacancies)

    def candidates(self, spec: CandidateSpec) -> MatchPage:
        if self.columns is not None:
            return vectors.candidates(self.columns.get(), spec, candidate_facet_names())
        return reads.candidates(spec)

    def vacancies(self, spec: VacancySpec) -> MatchPage:
        return reads.vacancies(spec)

    def check(self) -> None:
        reads.check()

    def reset(self) -> None:
        writes.reset()

    def warm_up(self) -> None:
        """Read the columns, so that the first search does not wait for them."""
        if self.columns is not None:
            self.columns.get()
