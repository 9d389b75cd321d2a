"""The Elasticsearch backend, written with the elasticsearch-dsl API of the 8.x client.

Shaped like Kitsune's search: one index per document type (portfolios, vacancies)
behind a read alias and a write alias; a rebuild loads new indices and swaps the
aliases. The parts:

- `indices`: what the engine stores (mapping and source of each document type) and
  the names of the indices and aliases;
- `writes`: live updates, bulk loading, the rebuild and its alias swap;
- `query`: a match spec as an engine search (filters, constant-score clauses, facets);
- `reads`: send a search and read the answer into a `MatchPage`.

This class holds the connection and turns every engine failure into
`SearchUnavailable`, which the search screens explain.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError

from ...documents import PortfolioIndexDocument, VacancyIndexDocument
from ...spec import CandidateSpec, VacancySpec
from ..base import MatchPage, RebuildReport, SearchBackend, SearchUnavailable, candidate_facet_names
from . import reads, writes
from .indices import (
    DEFAULT_INDEX_PREFIX,
    IndexKind,
    PortfolioMapping,
    VacancyMapping,
    portfolio_source,
    vacancy_source,
)

__all__ = ["ElasticsearchBackend"]

# Searches and writes give up after this long; the screens then say search is down.
REQUEST_TIMEOUT = 10
# The health check must answer quickly even when the cluster does not.
CHECK_TIMEOUT = 2


@cache
def _client_for(url: str) -> Elasticsearch:
    # One client (and connection pool) per address and process.
    return Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, max_retries=1)


class ElasticsearchBackend(SearchBackend):
    """Portfolios and vacancies in Elasticsearch (or an OpenSearch-compatible engine)."""

    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None, index_prefix: str | None = None):
        self._client = client
        prefix = index_prefix or getattr(settings, "SEARCH_INDEX_PREFIX", DEFAULT_INDEX_PREFIX)
        self.portfolio_kind = IndexKind(prefix, "portfolios", PortfolioMapping)
        self.vacancy_kind = IndexKind(prefix, "vacancies", VacancyMapping)

    @property
    def client(self) -> Elasticsearch:
        if self._client is not None:
            return self._client
        # Read per use, so a changed setting (tests, health checks) takes effect.
        url = settings.ELASTICSEARCH_URL
        if not url:
            raise SearchUnavailable("elasticsearch: ELASTICSEARCH_URL is not set")
        return _client_for(url)

    # Writes

    def index_portfolios(self, documents: Sequence[PortfolioIndexDocument]) -> None:
        self._write(self.portfolio_kind, [(d.portfolio_id, portfolio_source(d)) for d in documents])

    def delete_portfolios(self, portfolio_ids: Collection[int]) -> None:
        self._write(self.portfolio_kind, [(pk, None) for pk in portfolio_ids])

    def index_vacancies(self, documents: Sequence[VacancyIndexDocument]) -> None:
        self._write(self.vacancy_kind, [(d.vacancy_id, vacancy_source(d)) for d in documents])

    def delete_vacancies(self, vacancy_ids: Collection[int]) -> None:
        self._write(self.vacancy_kind, [(pk, None) for pk in vacancy_ids])

    def _write(self, kind: IndexKind, items: list[tuple[int, dict[str, Any] | None]]) -> None:
        # Nothing to write asks nothing of the engine, not even where it is.
        if not items:
            return
        with self._engine_errors():
            writes.write(self.client, kind=kind, items=items)

    def rebuild(
        self,
        *,
        portfolios: Iterable[Sequence[PortfolioIndexDocument]],
        vacancies: Iterable[Sequence[VacancyIndexDocument]],
    ) -> RebuildReport:
        """New indices behind the write alias, then both aliases swapped in one call."""
        with self._engine_errors():
            return writes.rebuild(
                self.client,
                portfolio_kind=self.portfolio_kind,
                vacancy_kind=self.vacancy_kind,
                portfolios=portfolios,
                vacancies=vacancies,
            )

    def reset(self) -> None:
        with self._engine_errors():
            writes.reset(self.client, (self.portfolio_kind, self.vacancy_kind))

    # Searches

    def candidates(self, spec: CandidateSpec) -> MatchPage:
        if spec.viewer.sees_nothing:
            return MatchPage(
                hits=[], total=0, facets={name: [] for name in candidate_facet_names()}
            )
        with self._engine_errors():
            return reads.candidates(self.client, index=self.portfolio_kind.read_alias, spec=spec)

    def vacancies(self, spec: VacancySpec) -> MatchPage:
        with self._engine_errors():
            return reads.vacancies(self.client, index=self.vacancy_kind.read_alias, spec=spec)

    def check(self) -> None:
        try:
            health = self.client.options(
                request_timeout=CHECK_TIMEOUT, max_retries=0
            ).cluster.health()
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(f"elasticsearch: {type(error).__name__}") from error
        status = health.get("status", "unknown")
        if status not in {"green", "yellow"}:
            raise SearchUnavailable(f"elasticsearch: {status}")

    @contextmanager
    def _engine_errors(self) -> Iterator[None]:
        """Any engine failure becomes SearchUnavailable, which the screens explain."""
        try:
            yield
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(f"elasticsearch: {error}") from error
