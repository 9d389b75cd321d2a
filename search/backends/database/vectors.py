"""A candidate search over the columns in memory (`columns`): every entry at once.

The same rules as the SQL of `expressions` and `query`, and as `search.scoring`
explains them: who the viewer may find, the filters and the musts that narrow, the
points of each part, the rank (`scoring.rank_score`) and its ties (most recently
updated first, then the lower id), and the facets over every match. The contract suite
and the random searches of the database backend's tests hold both forms to the same
pages.
"""

from __future__ import annotations

import numpy as np

from ... import scoring
from ...extensions import organisation_facets
from ...models import CERTIFICATE_BITS, LICENCE_BITS, WORK_TYPE_BITS
from ...spec import CandidateSpec, Must, SkillNeed, Viewer
from ..base import HOURS_STEPS, FacetValue, Hit, MatchPage, top_facet_values
from .columns import NONE, Columns
from .sql import bitmask

# The rank (`scoring.rank_score`, below 2**20) and the moment of the last update
# (milliseconds since 1970, below 2**42 until the year 2109) in one number that sorts as a
# page does: the highest rank first, then the most recent.
_MOMENT_BITS = 42
_LATEST = (1 << _MOMENT_BITS) - 1
_MOST_RANK = (1 << 20) - 1


def candidates(columns: Columns, spec: CandidateSpec, facet_names: tuple[str, ...]) -> MatchPage:
    """Page, total and facets of `spec`, as `reads.candidates` reads them from SQL."""
    facets: dict[str, list[FacetValue]] = {name: [] for name in facet_names}
    visible = _visible(columns, spec.viewer)
    if visible is None:
        return MatchPage(hits=[], total=0, facets=facets)
    distance = _entry_distances(columns, spec)
    matches = visible & columns.alive
    matches &= _filtered(columns, spec, distance)
    # The licences narrow through the filters (`spec.candidate_spec`), the other musts here.
    if spec.narrowing_musts - {Must.LICENCES}:
        matches &= _musts_met(columns, spec, spec.narrowing_musts - {Must.LICENCES}, distance)
    slots = np.flatnonzero(matches)
    ranks = _skill_points(columns, spec.needs, slots) + _other_points(
        columns, spec, slots, distance
    )
    hits = _page(columns, spec, slots, ranks)
    facets.update(_facets(columns, spec, matches, slots))
    return MatchPage(hits=hits, total=len(slots), facets=facets)


def _in(columns: Columns, postings: np.ndarray | None) -> np.ndarray:
    """A mask of the slots in `postings`."""
    mask = np.zeros(len(columns.alive), bool)
    if postings is not None:
        mask[postings] = True
    return mask


def _visible(columns: Columns, viewer: Viewer) -> np.ndarray | None:
    """Who the viewer may find (`expressions.access`); None: nobody, whatever the rows."""
    organisations = sorted(viewer.organisation_ids)
    if not (viewer.is_intermediary or organisations or viewer.is_employer):
        return None
    visible = np.zeros(len(columns.alive), bool)
    if viewer.is_intermediary:
        # The network is every intermediary but the jobseeker's own.
        network = columns.network.copy()
        for organisation_id in organisations:
            members = columns.members.get(organisation_id)
            if members is not None:
                network[members] = False
        visible |= network
    for organisation_id in organisations:
        coached = columns.coached.get(organisation_id)
        if coached is not None:
            visible[coached] = True
    if viewer.is_employer:
        visible |= columns.employers
    return visible


def _entry_distances(columns: Columns, spec: CandidateSpec) -> np.ndarray | None:
    """Per slot, the distance from the person's place to the search's; NaN without a
    place; None when the search has none."""
    if spec.location is None:
        return None
    by_place = columns.distances(spec.location.latitude, spec.location.longitude)
    distance = np.full(len(columns.alive), np.nan)
    located = columns.place != NONE
    distance[located] = by_place[columns.place[located]]
    return distance


def _holds(columns: Columns, concept_id: int, at_least: int = 0) -> np.ndarray | None:
    """The slots holding `concept_id` at `at_least` or above."""
    held = columns.skills.get(concept_id)
    if held is None:
        return None
    slots, levels = held
    return slots if at_least <= 0 else slots[levels >= at_least]


def _filtered(columns: Columns, spec: CandidateSpec, distance: np.ndarray | None) -> np.ndarray:
    """The filters of `query.candidate_filters` but the narrowing musts, and the radius."""
    filters = spec.filters
    keep = np.ones(len(columns.alive), bool)
    if spec.location is not None and filters.radius_km is not None:
        with np.errstate(invalid="ignore"):
            keep &= distance <= filters.radius_km
    if filters.only_complete and spec.required:
        for need in spec.required:
            # The asked skill or a narrower one, at the level: both count as having it.
            has = np.zeros(len(columns.alive), bool)
            for option in need.options():
                if option.relation in scoring.COMPLETES:
                    held = _holds(columns, option.concept_id, need.min_level)
                    if held is not None:
                        has[held] = True
            keep &= has
    for concept_id in sorted(filters.skill_ids):
        keep &= _in(columns, _holds(columns, concept_id))
    if filters.municipalities:
        codes = [
            columns.municipality_codes[name]
            for name in filters.municipalities
            if name in columns.municipality_codes
        ]
        keep &= np.isin(columns.municipality, codes)
    if filters.min_hours is not None:
        keep &= columns.hours_max >= filters.min_hours
    if filters.driving_licences:
        mask = bitmask(filters.driving_licences, LICENCE_BITS)
        keep &= (columns.licences & mask) == mask
    if filters.work_types:
        keep &= (columns.work_types & bitmask(filters.work_types, WORK_TYPE_BITS)) != 0
    for name, values in filters.organisation_facet_choices().items():
        chosen = np.zeros(len(columns.alive), bool)
        # Only the values the viewer's own organisations recorded narrow.
        for organisation_id in spec.viewer.organisation_ids:
            recorded = columns.facet_values.get(organisation_id, {})
            for value in values:
                slots = recorded.get((name, value))
                if slots is not None:
                    chosen[slots] = True
        keep &= chosen
    return keep


def _musts_met(
    columns: Columns, spec: CandidateSpec, musts: frozenset[Must], distance: np.ndarray | None
) -> np.ndarray:
    """Who meets every one of `musts` (`expressions.musts_met`)."""
    met = np.ones(len(columns.alive), bool)
    if Must.LICENCES in musts:
        mask = bitmask(spec.required_licences, LICENCE_BITS)
        met &= (columns.licences & mask) == mask
    if Must.CERTIFICATES in musts:
        mask = bitmask(spec.required_certificates, CERTIFICATE_BITS)
        met &= (columns.certificates & mask) == mask
    if Must.DUTCH in musts:
        met &= columns.dutch >= spec.required_dutch
    if Must.REACH in musts and distance is not None:
        with np.errstate(invalid="ignore"):
            met &= np.isnan(distance) | (distance <= columns.reach_limit_km)
    if Must.HOURS in musts:
        unstated = (columns.hours_min == NONE) | (columns.hours_max == NONE)
        met &= unstated | (
            (columns.hours_min <= columns.hours_max)
            & (columns.hours_min <= spec.hours_max)
            & (columns.hours_max >= spec.hours_min)
        )
    if Must.WORK_TYPE in musts and spec.work_types:
        mask = bitmask(spec.work_types, WORK_TYPE_BITS)
        met &= (columns.work_types == 0) | ((columns.work_types & mask) != 0)
    if Must.AVAILABILITY in musts and spec.available_by is not None:
        met &= columns.available_from <= spec.available_by
    return met


def _skill_points(columns: Columns, needs: tuple[SkillNeed, ...], slots: np.ndarray) -> np.ndarray:
    """Per matching slot, the sum over `needs` of the best credit its skills earn."""
    total = np.zeros(len(columns.alive), np.int32)
    for need in needs:
        best = np.zeros(len(columns.alive), np.int32)
        for option in need.options():
            held = columns.skills.get(option.concept_id)
            if held is None:
                continue
            credit = scoring.CREDITS[option.relation]
            met = credit.points(required=need.required, met=True)
            below = credit.points(required=need.required, met=False)
            holders, levels = held
            points = np.where(levels >= need.min_level, met, below).astype(np.int32)
            # A slot holds a concept once (one skill row per portfolio and concept).
            best[holders] = np.maximum(best[holders], points)
        total += best
    return total[slots]


def _other_points(
    columns: Columns, spec: CandidateSpec, slots: np.ndarray, distance: np.ndarray | None
) -> np.ndarray:
    """Per matching slot, the skill-free points (`expressions.candidate_other_points`), and
    MUSTS_MET for those meeting every widened must."""
    points = np.zeros(len(slots), np.int32)
    if distance is not None:
        reach = columns.reach_km[slots]
        near = distance[slots]
        with np.errstate(invalid="ignore"):
            points += np.where((reach != NONE) & (near <= reach), scoring.WITHIN_REACH, 0)
    if (
        spec.hours_min is not None
        and spec.hours_max is not None
        and spec.hours_min <= spec.hours_max
    ):
        low, high = columns.hours_min[slots], columns.hours_max[slots]
        fits = (
            (low != NONE)
            & (high != NONE)
            & (low <= high)
            & (low <= spec.hours_max)
            & (high >= spec.hours_min)
        )
        points += np.where(fits, scoring.HOURS_FIT, 0)
    if spec.work_type in WORK_TYPE_BITS:
        wished = (columns.work_types[slots] & WORK_TYPE_BITS[spec.work_type]) != 0
        points += np.where(wished, scoring.WORK_TYPE_WISHED, 0)
    if spec.occupation_id is not None:
        wanted = _in(columns, columns.occupations.get(spec.occupation_id))[slots]
        points += np.where(wanted, scoring.OCCUPATION_WISHED, 0)
    if spec.text:
        found = np.zeros(len(columns.alive), np.int32)
        for word in spec.text:
            holders = columns.words.get(word)
            if holders is not None:
                found[holders] += 1
        points += np.where(found[slots] == len(spec.text), scoring.WORDS_FOUND, 0)
    if spec.widened_musts:
        met = _musts_met(columns, spec, spec.widened_musts, distance)[slots]
        points += np.where(met, scoring.MUSTS_MET, 0)
    return points


def _page(columns: Columns, spec: CandidateSpec, slots: np.ndarray, ranks: np.ndarray) -> list[Hit]:
    """The page: highest rank first, then most recently updated, then the lower id."""
    wanted = spec.offset + spec.page_size
    if spec.offset >= len(slots):
        return []
    moments = np.clip(columns.updated_at[slots], 0, _LATEST)
    order = ((_MOST_RANK - ranks.astype(np.int64)) << _MOMENT_BITS) | (_LATEST - moments)
    if wanted < len(order):
        # Everyone up to the last place's rank and moment: ties there go to the lower id.
        top = np.flatnonzero(order <= np.partition(order, wanted - 1)[wanted - 1])
    else:
        top = np.arange(len(order))
    ids = columns.portfolio_id[slots[top]]
    top = top[np.lexsort((ids, order[top]))][spec.offset : wanted]
    tiered = bool(spec.widened_musts)
    hits = []
    for index in top:
        portfolio_id, rank = int(columns.portfolio_id[slots[index]]), int(ranks[index])
        if tiered:
            score, meets = scoring.from_rank_score(rank)
            hits.append(Hit(id=portfolio_id, score=score, meets_musts=meets))
        else:
            hits.append(Hit(id=portfolio_id, score=rank))
    return hits


def _facets(
    columns: Columns, spec: CandidateSpec, matches: np.ndarray, slots: np.ndarray
) -> dict[str, list[FacetValue]]:
    """Counts over every match: skills asked, places, hours, licences, work types, and
    the values the viewer's own organisations recorded (`search.extensions`)."""
    counted = np.bincount(columns.municipality[slots], minlength=len(columns.municipality_names))
    present = np.flatnonzero(counted)
    hours = columns.hours_max[slots]
    licences = columns.licences[slots]
    work_types = columns.work_types[slots]
    concepts = sorted({need.concept_id for need in spec.needs})
    facets = {
        "skills": top_facet_values(
            (str(concept_id), int(matches[held].sum()))
            for concept_id in concepts
            if (held := _holds(columns, concept_id)) is not None
        ),
        "municipality": top_facet_values(
            (columns.municipality_names[code], int(counted[code])) for code in present
        ),
        "hours": top_facet_values((str(step), int((hours >= step).sum())) for step in HOURS_STEPS),
        "driving_licences": top_facet_values(
            (code, int(((licences & bit) != 0).sum())) for code, bit in LICENCE_BITS.items()
        ),
        "work_types": top_facet_values(
            (code, int(((work_types & bit) != 0).sum())) for code, bit in WORK_TYPE_BITS.items()
        ),
    }
    names = {facet.name for facet in organisation_facets()}
    if not (spec.viewer.organisation_ids and names):
        return facets
    recorded: dict[tuple[str, str], np.ndarray] = {}
    for organisation_id in sorted(spec.viewer.organisation_ids):
        for key, holders in columns.facet_values.get(organisation_id, {}).items():
            if key[0] in names:
                # A person counts once per value, even when two organisations recorded it.
                mask = recorded.setdefault(key, np.zeros(len(columns.alive), bool))
                mask[holders] = True
    counts: dict[str, list[tuple[str, int]]] = {}
    for (name, value), mask in recorded.items():
        counts.setdefault(name, []).append((value, int((mask & matches).sum())))
    for name, pairs in counts.items():
        facets[name] = top_facet_values(pairs)
    return facets
