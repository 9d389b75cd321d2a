"""Keep the index equal to the database: sync some ids, or rebuild everything.

Called by the after-commit tasks (ids only, the database is read again here, so a
task that runs late indexes the state of now, and a rolled-back change never
reaches the engine) and by `manage.py search_rebuild`.
"""

from collections.abc import Collection, Iterator

from .backends import get_backend
from .backends.base import RebuildReport, SearchBackend
from .builders import (
    indexable_portfolio_ids,
    indexable_vacancy_ids,
    portfolio_documents,
    portfolio_ids_of,
    vacancy_documents,
)
from .documents import PortfolioIndexDocument, VacancyIndexDocument

REBUILD_BATCH = 2000


def portfolios_sync(portfolio_ids: Collection[int], backend: SearchBackend | None = None) -> None:
    """Index what may be found of these portfolios now, and remove the rest."""
    backend = backend or get_backend()
    documents = portfolio_documents(portfolio_ids)
    if documents:
        backend.index_portfolios(list(documents.values()))
    gone = set(portfolio_ids) - set(documents)
    if gone:
        backend.delete_portfolios(gone)


def people_sync(user_ids: Collection[int], backend: SearchBackend | None = None) -> None:
    """Index the portfolios of these people as they are now."""
    portfolio_ids = portfolio_ids_of(user_ids)
    if portfolio_ids:
        portfolios_sync(portfolio_ids, backend)


def vacancies_sync(vacancy_ids: Collection[int], backend: SearchBackend | None = None) -> None:
    """Index these vacancies while open at an approved employer, and remove the rest."""
    backend = backend or get_backend()
    documents = vacancy_documents(vacancy_ids)
    if documents:
        backend.index_vacancies(list(documents.values()))
    gone = set(vacancy_ids) - set(documents)
    if gone:
        backend.delete_vacancies(gone)


def _portfolio_batches(batch_size: int) -> Iterator[list[PortfolioIndexDocument]]:
    ids = indexable_portfolio_ids()
    for start in range(0, len(ids), batch_size):
        yield list(portfolio_documents(ids[start : start + batch_size]).values())


def _vacancy_batches(batch_size: int) -> Iterator[list[VacancyIndexDocument]]:
    ids = indexable_vacancy_ids()
    for start in range(0, len(ids), batch_size):
        yield list(vacancy_documents(ids[start : start + batch_size]).values())


def rebuild(backend: SearchBackend | None = None, batch_size: int = REBUILD_BATCH) -> RebuildReport:
    """Rebuild the whole index from the database, without taking search down."""
    backend = backend or get_backend()
    return backend.rebuild(
        portfolios=_portfolio_batches(batch_size), vacancies=_vacancy_batches(batch_size)
    )
