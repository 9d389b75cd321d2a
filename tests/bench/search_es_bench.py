"""The Elasticsearch backend on the engine the tests use, and Wagtail's own search beside it.

`elasticsearch_figures` rebuilds a throw-away index (its own prefix) from the batches it
is given and times `candidates()` for each spec. `wagtail_peer_figures` is the search a
plain Wagtail site would use instead: Wagtail's database backend over the same portfolio
pages for the same words. Portfolios are kept out of Wagtail's index in the product
(`PortfolioPage.search_fields` is empty, so no name or summary lands in a search table
the admin can reach); the peer index is built here only, in the bench's throw-away
database, and the model is restored afterwards.
"""

import time
from collections.abc import Iterable, Sequence
from uuid import uuid4

from search.backends.elasticsearch import ElasticsearchBackend
from search.builders import indexable_portfolio_ids, portfolio_documents
from search.documents import PortfolioIndexDocument, VacancyIndexDocument
from search.indexing import REBUILD_BATCH
from search.spec import CandidateFilters, CandidateSpec, Viewer, candidate_spec
from tests.bench.timing import percentile
from tests.search_engine import engine_client, engine_url

RESULTS_PER_PAGE = 20


def _latency(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 0.50), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
    }


def elasticsearch_figures(
    specs: Sequence[CandidateSpec],
    portfolio_batches: Iterable[Sequence[PortfolioIndexDocument]],
    vacancy_batches: Iterable[Sequence[VacancyIndexDocument]] = (),
) -> dict:
    """Rebuild throughput and candidate-search latency (one timed run per spec, after a warm-up).

    The rebuild rate includes whatever producing the batches costs: pass lists for the
    engine alone, or `search.indexing` batches for `search_rebuild` as a whole.
    """
    url, embedded = engine_url()
    backend = ElasticsearchBackend(client=engine_client(), index_prefix=f"bench_{uuid4().hex[:8]}")
    try:
        report = backend.rebuild(portfolios=portfolio_batches, vacancies=vacancy_batches)
        samples = []
        for spec in specs:
            backend.candidates(spec)
            started = time.perf_counter()
            backend.candidates(spec)
            samples.append((time.perf_counter() - started) * 1000)
        return {
            "engine": "osmem-server (embedded test engine)" if embedded else url,
            "portfolios": report.portfolios,
            "vacancies": report.vacancies,
            "rebuild_seconds": round(report.seconds, 2),
            "rebuild_portfolios_per_s": round(report.portfolios / report.seconds),
            "specs": len(specs),
            "candidates": _latency(samples) if samples else {},
        }
    finally:
        backend.reset()


def wagtail_peer_figures(words: Sequence[str]) -> dict:
    """Wagtail's own search over the live portfolio pages, for each of `words` (one search each)."""
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.abstract_models import TextIDGenericRelation
    from wagtail.models import Page
    from wagtail.search import index
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from portfolios.models import PortfolioPage

    # A plain Wagtail page's fields (title, and the filters `live()` needs) plus the summary.
    searchable = [*Page.search_fields, index.SearchField("headline"), index.SearchField("about_me")]
    hidden = PortfolioPage.search_fields
    PortfolioPage.search_fields = searchable
    if not any(field.name == "index_entries" for field in PortfolioPage._meta.get_fields()):
        # What Wagtail adds to indexed models at start-up; this process only.
        TextIDGenericRelation(IndexEntry).contribute_to_class(PortfolioPage, "index_entries")
    backend = get_search_backend()
    try:
        pages = list(PortfolioPage.objects.live())
        started = time.perf_counter()
        backend.add_bulk(PortfolioPage, pages)
        indexing_seconds = time.perf_counter() - started
        samples = []
        found = 0
        for text in words:
            query = PortfolioPage.objects.live().search(text)
            list(query[:RESULTS_PER_PAGE])
            started = time.perf_counter()
            found += len(list(query[:RESULTS_PER_PAGE]))
            samples.append((time.perf_counter() - started) * 1000)
        # Leave no summaries in a search table, even in the bench's database.
        IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PortfolioPage)
        ).delete()
    finally:
        PortfolioPage.search_fields = hidden
    return {
        "backend": type(backend).__module__,
        "pages": len(pages),
        "index_pages_per_s": round(len(pages) / indexing_seconds) if indexing_seconds else None,
        "searches": len(samples),
        "mean_results": round(found / len(samples), 1) if samples else 0,
        "search": _latency(samples) if samples else {},
    }


def at_size(report: dict, size: str, vacancies: list[VacancyIndexDocument], viewer: Viewer) -> None:
    """`search_bench.run(report, also=[at_size])`: the same vacancies and viewer, at 10k only.

    Each vacancy is searched with the first word of its title as free text, on the
    Elasticsearch backend and (that word alone) on Wagtail's search.
    """
    if size != "10k":
        return
    from tests.bench.search_bench import RADIUS_KM

    words = [vacancy.tokens[0] for vacancy in vacancies if vacancy.tokens]
    specs = [
        candidate_spec(
            vacancy,
            viewer=viewer,
            filters=CandidateFilters(radius_km=RADIUS_KM),
            text=vacancy.tokens[0] if vacancy.tokens else "",
        )
        for vacancy in vacancies
    ]
    ids = indexable_portfolio_ids()
    batches = (
        list(portfolio_documents(ids[start : start + REBUILD_BATCH]).values())
        for start in range(0, len(ids), REBUILD_BATCH)
    )
    report[f"search_elasticsearch_{size}"] = elasticsearch_figures(specs, batches)
    report[f"search_wagtail_peer_{size}"] = wagtail_peer_figures(words)
