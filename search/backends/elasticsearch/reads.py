"""Searches: send the searches of `query` and read the answer into a `MatchPage`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import Search

from ... import scoring
from ...extensions import organisation_facets
from ...spec import CandidateSpec, VacancySpec
from ..base import (
    VACANCY_FACETS,
    FacetValue,
    Hit,
    MatchPage,
    candidate_facet_names,
    top_facet_values,
)
from .query import candidate_search, own_facet_filters, vacancy_search


def candidates(client: Elasticsearch, *, index: str, spec: CandidateSpec) -> MatchPage:
    """Ranked portfolios from the index (alias) `index`."""

    def facets(aggregations: Any) -> dict[str, list[FacetValue]]:
        skills_facet = []
        if spec.needs:
            skills_facet = top_facet_values(
                (key, bucket.doc_count)
                for key, bucket in aggregations.skills.buckets.to_dict().items()
            )
        found = {
            "skills": skills_facet,
            "municipality": _terms_facet(aggregations.municipality),
            "hours": top_facet_values(
                (bucket.key, bucket.doc_count) for bucket in aggregations.hours.buckets
            ),
            "driving_licences": _terms_facet(aggregations.driving_licences),
            "work_types": _terms_facet(aggregations.work_types),
        }
        counts: dict[str, list[tuple[str, int]]] = {
            facet.name: [] for facet in organisation_facets()
        }
        if own_facet_filters(spec):
            for key, bucket in aggregations.organisation_facets.buckets.to_dict().items():
                name, _, value = key.partition(" ")
                counts[name].append((value, bucket.doc_count))
        found.update({name: top_facet_values(pairs) for name, pairs in counts.items()})
        return found

    return _run(
        client,
        candidate_search(spec, index=index),
        candidate_facet_names(),
        facets,
        tiered=bool(spec.widened_musts),
    )


def vacancies(client: Elasticsearch, *, index: str, spec: VacancySpec) -> MatchPage:
    """Ranked vacancies from the index (alias) `index`."""

    def facets(aggregations: Any) -> dict[str, list[FacetValue]]:
        return {
            "municipality": _terms_facet(aggregations.municipality),
            "work_types": _terms_facet(aggregations.work_types),
        }

    return _run(client, vacancy_search(spec, index=index), VACANCY_FACETS, facets, tiered=True)


def _run(
    client: Elasticsearch,
    search: Search,
    facet_names: Sequence[str],
    facets: Callable[[Any], dict[str, list[FacetValue]]],
    *,
    tiered: bool,
) -> MatchPage:
    """Run `search`; `tiered`: its scores are ranks (`scoring.rank_score`)."""
    try:
        response = search.using(client).execute()
    except NotFoundError:
        # Nothing indexed yet: the index is created by the first write.
        return MatchPage(hits=[], total=0, facets={name: [] for name in facet_names})
    hits = []
    for hit in response.hits:
        score, meets = round(hit.meta.score), True
        if tiered:
            score, meets = scoring.from_rank_score(score)
        hits.append(Hit(id=int(hit.meta.id), score=score, meets_musts=meets))
    return MatchPage(
        hits=hits, total=response.hits.total.value, facets=facets(response.aggregations)
    )


def _terms_facet(aggregation: Any) -> list[FacetValue]:
    return top_facet_values((str(bucket.key), bucket.doc_count) for bucket in aggregation.buckets)
