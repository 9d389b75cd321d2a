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
`SearchUnavailable`, which the search screens explain. A slow engine must never take
the portal down: connections give up after `ELASTICSEARCH_CONNECT_TIMEOUT` seconds and
searches after `ELASTICSEARCH_TIMEOUT`; after `SEARCH_BREAKER_FAILURES` failed searches
in a row a circuit breaker (`portal.breaker`) answers "unavailable" at once for
`SEARCH_BREAKER_SECONDS`. Before the breaker opens, a bulkhead (`portal.bulkhead`)
lets at most `SEARCH_ENGINE_SLOTS` threads per process wait on the engine, so a
hanging engine never holds every web thread. Each failure writes one log line,
without a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import urllib3
from django.conf import settings
from elastic_transport import Urllib3HttpNode
from elastic_transport.client_utils import DEFAULT
from elasticsearch import ApiError, Elasticsearch, TransportError

from portal.breaker import CircuitBreaker
from portal.bulkhead import Bulkhead, BulkheadFull

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

logger = logging.getLogger(__name__)

# The health check must answer quickly even when the cluster does not.
CHECK_TIMEOUT = 2


class _TimedNode(Urllib3HttpNode):
    """An HTTP node with a short connect timeout beside the (longer) read timeout.

    elastic-transport has one number for both; a cluster that is gone should be
    noticed in a second, while a busy one may take a little longer to answer.
    """

    def perform_request(self, *args: Any, request_timeout: Any = DEFAULT, **kwargs: Any) -> Any:
        if request_timeout is DEFAULT:
            request_timeout = self.config.request_timeout
        if isinstance(request_timeout, int | float):
            connect = min(float(settings.ELASTICSEARCH_CONNECT_TIMEOUT), float(request_timeout))
            request_timeout = urllib3.Timeout(connect=connect, read=float(request_timeout))
        return super().perform_request(*args, request_timeout=request_timeout, **kwargs)


@cache
def _client_for(url: str, timeout: float) -> Elasticsearch:
    # One client (and connection pool) per address and process. No retry on a
    # timeout (a hanging engine would only hang twice as long); one on a refused
    # connection, which costs nothing.
    return Elasticsearch(
        url, request_timeout=timeout, max_retries=1, retry_on_timeout=False, node_class=_TimedNode
    )


@cache
def _breaker_for(url: str, failures: int, seconds: float) -> CircuitBreaker:
    # One breaker per address and process, shared by all threads of the process.
    return CircuitBreaker(failures=failures, seconds=seconds)


@cache
def _bulkhead_for(url: str, slots: int, wait: float) -> Bulkhead:
    # Like the breaker: per address and process, shared by the process's threads.
    return Bulkhead(slots=slots, wait=wait)


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
        return _client_for(url, float(settings.ELASTICSEARCH_TIMEOUT))

    @property
    def breaker(self) -> CircuitBreaker:
        return _breaker_for(
            settings.ELASTICSEARCH_URL or "",
            int(settings.SEARCH_BREAKER_FAILURES),
            float(settings.SEARCH_BREAKER_SECONDS),
        )

    @property
    def bulkhead(self) -> Bulkhead:
        return _bulkhead_for(
            settings.ELASTICSEARCH_URL or "",
            int(settings.SEARCH_ENGINE_SLOTS),
            float(settings.SEARCH_ENGINE_SLOT_WAIT),
        )

    @property
    def write_client(self) -> Elasticsearch:
        # Bulk loads of a rebuild may take longer than a search may.
        return self.client.options(request_timeout=float(settings.ELASTICSEARCH_WRITE_TIMEOUT))

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
            writes.write(self.write_client, kind=kind, items=items)

    def rebuild(
        self,
        *,
        portfolios: Iterable[Sequence[PortfolioIndexDocument]],
        vacancies: Iterable[Sequence[VacancyIndexDocument]],
    ) -> RebuildReport:
        """New indices behind the write alias, then both aliases swapped in one call."""
        with self._engine_errors():
            return writes.rebuild(
                self.write_client,
                portfolio_kind=self.portfolio_kind,
                vacancy_kind=self.vacancy_kind,
                portfolios=portfolios,
                vacancies=vacancies,
            )

    def reset(self) -> None:
        with self._engine_errors():
            writes.reset(self.write_client, (self.portfolio_kind, self.vacancy_kind))

    def warm_up(self) -> None:
        """Nothing: the engine keeps the index, and the client connects on its first call."""

    # Searches

    def candidates(self, spec: CandidateSpec) -> MatchPage:
        if spec.viewer.sees_nothing:
            return MatchPage(
                hits=[], total=0, facets={name: [] for name in candidate_facet_names()}
            )
        with self._guarded_search():
            return reads.candidates(self.client, index=self.portfolio_kind.read_alias, spec=spec)

    def vacancies(self, spec: VacancySpec) -> MatchPage:
        with self._guarded_search():
            return reads.vacancies(self.client, index=self.vacancy_kind.read_alias, spec=spec)

    def check(self) -> None:
        state = self.breaker.state()
        if state.open:
            # Ops see the breaker; asking the engine again would only wait for it.
            raise SearchUnavailable(
                f"elasticsearch: not answering, {state.failures} failed searches in a row; "
                f"searches fail fast for {state.seconds_left:.0f} s more"
            )
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
    def _guarded_search(self) -> Iterator[None]:
        """A search through the circuit breaker: fail at once while the engine is unhealthy."""
        breaker = self.breaker
        # The slot first: a search refused by a full bulkhead must not take the
        # breaker's single probe and then never report back.
        try:
            with self.bulkhead.slot():
                if not breaker.allow():
                    raise SearchUnavailable("elasticsearch: circuit open, not asked")
                with self._breaker_counted(breaker):
                    yield
        except BulkheadFull as error:
            # Not a failure of the engine: other searches are still waiting on it.
            logger.info("search refused: %s", error)
            raise SearchUnavailable(f"elasticsearch: {error}") from error

    @contextmanager
    def _breaker_counted(self, breaker: CircuitBreaker) -> Iterator[None]:
        try:
            with self._engine_errors():
                yield
        except SearchUnavailable as error:
            opened = breaker.failed()
            state = breaker.state()
            # One concise line per failure: expected outages need no traceback.
            logger.warning(
                "search engine failed (%s in a row)%s: %s",
                state.failures,
                f"; failing fast for {breaker.seconds:.0f} s" if opened else "",
                _short(error.__cause__ or error),
            )
            raise
        breaker.succeeded()

    @contextmanager
    def _engine_errors(self) -> Iterator[None]:
        """Any engine failure becomes SearchUnavailable, which the screens explain."""
        try:
            yield
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(f"elasticsearch: {error}") from error


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}"
