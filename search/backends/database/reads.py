"""Searches: run the statements of `query` and read their rows into a `MatchPage`."""

from __future__ import annotations

from collections import defaultdict

from django.db import DatabaseError, connection

from ... import scoring
from ...models import LICENCE_BITS, WORK_TYPE_BITS
from ...spec import CandidateSpec, VacancySpec
from ..base import (
    HOURS_STEPS,
    FacetValue,
    Hit,
    MatchPage,
    SearchUnavailable,
    candidate_facet_names,
    top_facet_values,
)
from .query import (
    candidate_query,
    vacancy_counts_query,
    vacancy_page_query,
    vacancy_where,
)
from .sql import ENTRY, fetch


def candidates(spec: CandidateSpec) -> MatchPage:
    """One statement: the matching entries once, then facets, skill counts and the page."""
    facets: dict[str, list[FacetValue]] = {name: [] for name in candidate_facet_names()}
    query = candidate_query(spec)
    if query is None:
        return MatchPage(hits=[], total=0, facets=facets)
    sql, params = query
    # Facet rows count the matching entries per value of a column; the bitmask
    # columns are expanded into their codes here, hours into "at least N".
    grouped: dict[str, dict] = {"m": {}, "h": {}, "l": {}, "k": {}, "s": {}}
    organisation_facet_counts: dict[str, dict[str, int]] = defaultdict(dict)
    phase_one: list[Hit] = []
    phase_two: list[Hit] = []
    for kind, text_key, int_key, count in fetch(sql, params):
        if kind == "p":
            phase_one.append(Hit(id=int_key, score=int(count)))
        elif kind == "q":
            phase_two.append(Hit(id=int_key, score=int(count)))
        elif kind == "o":
            name, _, value = text_key.partition(" ")
            organisation_facet_counts[name][value] = count
        elif kind == "f":
            # Kept counts; several organisations' staff get corrections to add to them.
            dimension, _, value = text_key.partition(" ")
            if dimension == "m":
                grouped["m"][value] = grouped["m"].get(value, 0) + count
            elif dimension == "o":
                # "<org> <facet> <value>", of the viewer's one organisation.
                _organisation, name, value = value.split(" ", 2)
                organisation_facet_counts[name][value] = count
            else:
                key = int(value)
                grouped[dimension][key] = grouped[dimension].get(key, 0) + count
        else:
            # Counted, or what those left out count for, less (`query._add_outside`).
            key = text_key if kind == "m" else int_key
            grouped[kind][key] = grouped[kind].get(key, 0) + count
    # The statement ranks everyone ('q') only when phase one cannot fill the page. When
    # phase two found nobody past the offset, nor did phase one: its people are matches.
    ranked = phase_two if phase_two else phase_one[spec.offset :]
    hits = [_hit(hit.id, hit.score, tiered=bool(spec.widened_musts)) for hit in ranked]
    facets.update(
        skills=top_facet_values((str(key), count) for key, count in grouped["s"].items()),
        municipality=top_facet_values(grouped["m"].items()),
        hours=top_facet_values(
            (
                str(step),
                sum(n for hours, n in grouped["h"].items() if hours is not None and hours >= step),
            )
            for step in HOURS_STEPS
        ),
        driving_licences=_bit_facet(grouped["l"], LICENCE_BITS),
        work_types=_bit_facet(grouped["k"], WORK_TYPE_BITS),
    )
    for name, counts in organisation_facet_counts.items():
        facets[name] = top_facet_values(counts.items())
    total = sum(grouped["m"].values())
    return MatchPage(hits=hits, total=total, facets=facets)


def vacancies(spec: VacancySpec) -> MatchPage:
    """The total and facets first; the page only when something matches."""
    where = vacancy_where(spec)
    rows = fetch(*vacancy_counts_query(where))
    total = sum(count for _, _, count in rows)
    municipality: dict[str, int] = defaultdict(int)
    work_types: dict[str, int] = defaultdict(int)
    for place, work_type, count in rows:
        if place:
            municipality[place] += count
        if work_type:
            work_types[work_type] += count
    facets = {
        "municipality": top_facet_values(municipality.items()),
        "work_types": top_facet_values(work_types.items()),
    }
    if not total:
        return MatchPage(hits=[], total=0, facets=facets)
    rows = fetch(*vacancy_page_query(spec, where))
    hits = [_hit(vid, score, tiered=True) for vid, score in rows]
    return MatchPage(hits=hits, total=total, facets=facets)


def _hit(pk: int, rank: float, *, tiered: bool) -> Hit:
    """A hit from its rank (`scoring.rank_score`) when the search ranked by musts met;
    otherwise everyone found meets them all and the rank is the score."""
    if not tiered:
        return Hit(id=pk, score=int(rank))
    score, meets = scoring.from_rank_score(int(rank))
    return Hit(id=pk, score=score, meets_musts=meets)


def check() -> None:
    """Raise SearchUnavailable when the index tables cannot be read."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ENTRY} LIMIT 1")
    except DatabaseError as error:
        raise SearchUnavailable(str(error)) from error


def _bit_facet(counts: dict[int, int], bits: dict[str, int]) -> list[FacetValue]:
    """Counts per bitmask value, as counts per code: a value counts for each of its bits."""
    return top_facet_values(
        (code, sum(n for mask, n in counts.items() if mask & bit)) for code, bit in bits.items()
    )
