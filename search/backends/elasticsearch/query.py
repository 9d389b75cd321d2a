"""A match spec as an engine search: filters, score clauses, sort, page and facets.

Scores are built from constant-score clauses only (one per fact of
`search.scoring`), because an exact integer sum needs no scripts and the embedded
test engine runs none. "Within reach" is one distance clause per REACH_BANDS step,
exact because `reach_km` is always a band value. Nothing here talks to the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from portal.choices import Certificate, DrivingLicence

from ... import scoring
from ...documents import (
    AUDIENCE_EMPLOYERS,
    AUDIENCE_INTERMEDIARIES,
    AUDIENCE_NETWORK,
    organisation_audience,
)
from ...extensions import organisation_facets
from ...spec import CandidateSpec, Must, Relation, SkillNeed, VacancySpec
from ..base import HOURS_STEPS
from .indices import LEVELS, need_key, organisation_facet_key, skill_key

# Buckets asked per keyword facet, of which the reads keep the FACET_VALUES most counted
# (`base.top_facet_values`): asked for far more, every shard's counts decide those exactly.
FACET_SIZE = 1000


def candidate_search(spec: CandidateSpec, *, index: str) -> Search:
    """The page of portfolios for `spec`, with every candidate facet as an aggregation."""
    search = Search(index=index).query(
        Q("bool", filter=_candidate_filters(spec), should=_candidate_points(spec))
    )
    search = _page(search, "portfolio_id", spec.offset, spec.page_size, recent_first=True)
    needs = sorted({need.concept_id for need in spec.needs})
    if needs:
        search.aggs.bucket("skills", "filters", filters={str(pk): _holds(pk) for pk in needs})
    search.aggs.bucket(
        "hours",
        "range",
        field="hours_max",
        ranges=[{"key": str(step), "from": step} for step in HOURS_STEPS],
    )
    for name, field in (
        ("municipality", "municipality"),
        ("driving_licences", "driving_licences"),
        ("work_types", "work_types"),
    ):
        search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
    own_facets = own_facet_filters(spec)
    if own_facets:
        search.aggs.bucket("organisation_facets", "filters", filters=own_facets)
    return search


def own_facet_filters(spec: CandidateSpec) -> dict[str, Query]:
    """One filter per value of the `search.extensions` facets ("<facet> <value>"), on what
    the viewer's own organisations recorded; empty for a viewer without organisations."""
    own = sorted(spec.viewer.organisation_ids)
    if not own:
        return {}
    return {
        f"{facet.name} {value}": Q(
            "terms",
            organisation_facets=[organisation_facet_key(facet.name, pk, value) for pk in own],
        )
        for facet in organisation_facets()
        for value in facet.values
    }


def vacancy_search(spec: VacancySpec, *, index: str) -> Search:
    """The page of vacancies for `spec`, with both vacancy facets as aggregations."""
    search = Search(index=index).query(
        Q("bool", filter=_vacancy_filters(spec), should=_vacancy_points(spec))
    )
    search = _page(search, "vacancy_id", spec.offset, spec.page_size)
    search.aggs.bucket("municipality", "terms", field="municipality", size=FACET_SIZE)
    search.aggs.bucket("work_types", "terms", field="work_type", size=FACET_SIZE)
    return search


def _candidate_filters(spec: CandidateSpec) -> list[Query]:
    viewer, chosen = spec.viewer, spec.filters
    # Access first: only what this viewer may open can match, count or appear in a facet.
    own = sorted(viewer.organisation_ids)
    access = []
    if own:
        access.append(Q("terms", audience=[organisation_audience(pk) for pk in own]))
    if viewer.is_intermediary:
        access.append(
            Q(
                "bool",
                filter=[Q("term", audience=AUDIENCE_NETWORK)],
                must_not=[Q("terms", member_organisation_ids=own)] if own else [],
            )
        )
    if viewer.is_employer:
        access.append(Q("term", audience=AUDIENCE_EMPLOYERS))
    filters = [Q("bool", should=access, minimum_should_match=1)]
    if chosen.radius_km is not None and spec.location is not None:
        filters.append(
            _geo_distance(chosen.radius_km, spec.location.latitude, spec.location.longitude)
        )
    if chosen.only_complete:
        # The asked skill, or a narrower one: both count as having it.
        filters += [
            _holds_any(
                [o.concept_id for o in need.options() if o.relation in scoring.COMPLETES],
                _at_least(need.min_level),
            )
            or Q("match_none")
            for need in spec.required
        ]
    filters += [_holds(pk) for pk in sorted(chosen.skill_ids)]
    if chosen.municipalities:
        filters.append(Q("terms", municipality=sorted(chosen.municipalities)))
    if chosen.min_hours is not None:
        filters.append(Q("range", hours_max={"gte": chosen.min_hours}))
    filters += [Q("term", driving_licences=code) for code in sorted(chosen.driving_licences)]
    # The licences narrow through `chosen` (`spec.candidate_spec`), the other musts here.
    filters += musts_met(spec, spec.narrowing_musts - {Must.LICENCES})
    if chosen.work_types:
        filters.append(Q("terms", work_types=sorted(chosen.work_types)))
    for name, values in chosen.organisation_facet_choices().items():
        # Only what the viewer's own organisations recorded (none: nothing matches).
        keys = [organisation_facet_key(name, pk, value) for pk in own for value in values]
        filters.append(Q("terms", organisation_facets=keys) if keys else Q("match_none"))
    return filters


def _candidate_points(spec: CandidateSpec) -> list[Query]:
    """One constant-score clause per fact of scoring.explain_candidate; they add up."""
    points = [_need_points(need) for need in spec.needs]
    within_reach = _within_reach(spec)
    if within_reach is not None:
        points.append(_points(scoring.WITHIN_REACH, within_reach))
    hours = _hours_overlap(spec.hours_min, spec.hours_max)
    if hours is not None:
        points.append(_points(scoring.HOURS_FIT, hours))
    if spec.work_type:
        points.append(_points(scoring.WORK_TYPE_WISHED, Q("term", work_types=spec.work_type)))
    if spec.occupation_id is not None:
        points.append(
            _points(scoring.OCCUPATION_WISHED, Q("term", occupation_ids=spec.occupation_id))
        )
    if spec.text:
        points.append(_points(scoring.WORDS_FOUND, _all_words(spec.text)))
    if spec.widened_musts:
        # Complete matches first: the rank, never the score shown (`scoring.rank_score`).
        points.append(
            _points(scoring.MUSTS_MET, Q("bool", filter=musts_met(spec, spec.widened_musts)))
        )
    return points


def _within_reach(spec: CandidateSpec) -> Query | None:
    """The vacancy lies within the person's travel distance (None: the vacancy has no place)."""
    location = spec.location
    if location is None:
        return None
    # Within reach ⇔ distance ≤ reach_km, and reach_km is always a band: one
    # clause per band b for the people whose reach is exactly b. With a radius
    # filter, everyone reaching at least the first band at or past the radius is
    # within reach, so that band's clause takes them all (as does the top band's,
    # the largest reach there is, without one).
    *below, last = scoring.bands_up_to(spec.filters.radius_km)
    bands = [
        Q(
            "bool",
            filter=[
                Q("term", reach_km=band),
                _geo_distance(band, location.latitude, location.longitude),
            ],
        )
        for band in below
    ]
    bands.append(
        Q(
            "bool",
            filter=[
                Q("range", reach_km={"gte": last}),
                _geo_distance(last, location.latitude, location.longitude),
            ],
        )
    )
    return Q("bool", should=bands, minimum_should_match=1)


def musts_met(spec: CandidateSpec, musts: Iterable[Must]) -> list[Query]:
    """The person meets every one of `musts`, as `scoring.explain_candidate` decides it:
    who did not say their travel distance, hours or work types has no condition there,
    nor who did not say when they can start (`available_from` 0: now)."""
    musts = set(musts)
    met = []
    if Must.LICENCES in musts:
        met += [Q("term", driving_licences=code) for code in sorted(spec.required_licences)]
    if Must.CERTIFICATES in musts:
        met += [Q("term", certificates=code) for code in sorted(spec.required_certificates)]
    if Must.DUTCH in musts:
        met.append(Q("range", dutch_level={"gte": spec.required_dutch}))
    within_reach = _within_reach(spec)
    if Must.REACH in musts and within_reach is not None:
        met.append(_unless_unsaid(("location", "reach_km"), within_reach))
    hours = _hours_overlap(spec.hours_min, spec.hours_max)
    if Must.HOURS in musts and hours is not None:
        met.append(_unless_unsaid(("hours_min", "hours_max"), hours))
    if Must.WORK_TYPE in musts and spec.work_types:
        met.append(_unless_unsaid(("work_types",), Q("terms", work_types=sorted(spec.work_types))))
    if Must.AVAILABILITY in musts and spec.available_by is not None:
        met.append(Q("range", available_from={"lte": spec.available_by}))
    return met


def _unless_unsaid(fields: Sequence[str], query: Query) -> Query:
    """`query`, or one of `fields` is missing (the person did not say)."""
    unsaid = [Q("bool", must_not=[Q("exists", field=name)]) for name in fields]
    return Q("bool", should=[*unsaid, query], minimum_should_match=1)


def _vacancy_musts_met(spec: VacancySpec) -> Query:
    """The vacancy asks no licence or certificate the person lacks, nor better Dutch."""
    return Q(
        "bool",
        must_not=[
            Q("terms", driving_licences=sorted(set(DrivingLicence.values) - spec.licences)),
            Q("terms", certificates=sorted(set(Certificate.values) - spec.certificates)),
            Q("range", dutch_level={"gt": spec.dutch}),
        ],
    )


def _need_points(need: SkillNeed) -> Query:
    """The best credit for one need: a `dis_max` of one constant-score clause per relation
    and reached-or-not, so related skills never add up for the same need."""
    by_relation: dict[Relation, list[int]] = {}
    for option in need.options():
        by_relation.setdefault(option.relation, []).append(option.concept_id)
    reached = _at_least(need.min_level)
    not_reached = [level for level in LEVELS if level < need.min_level]
    clauses = []
    for relation, concepts in sorted(by_relation.items()):
        credit = scoring.CREDITS[relation]
        for met, levels in ((True, reached), (False, not_reached)):
            weight = credit.points(required=need.required, met=met)
            query = _holds_any(concepts, levels)
            if weight and query is not None:
                clauses.append(_points(weight, query))
    return Q("dis_max", queries=clauses, tie_breaker=0)


def _vacancy_filters(spec: VacancySpec) -> list[Query]:
    chosen = spec.filters
    filters = [Q("term", audience=AUDIENCE_INTERMEDIARIES)]
    if chosen.radius_km is not None and spec.location is not None:
        filters.append(
            _geo_distance(chosen.radius_km, spec.location.latitude, spec.location.longitude)
        )
    if chosen.only_complete:
        # Complete: the person meets as many required skills as the vacancy has.
        # One clause per skill held, each matching at most one need (a vacancy asks
        # a concept once), so `minimum_should_match` counts the needs met.
        met = []
        for pk, credits in sorted(spec.options().items()):
            levels = [level for _held, level, relation in credits if relation in scoring.COMPLETES]
            query = _asks(pk, True, [m for m in LEVELS if levels and m <= max(levels)])
            if query is not None:
                met.append(query)
        filters.append(
            Q(
                "bool",
                should=[
                    Q(
                        "bool",
                        filter=[Q("term", required_skills=count)],
                        should=met if count else [],
                        minimum_should_match=count,
                    )
                    for count in range(len(met) + 1)
                ],
                minimum_should_match=1,
            )
        )
        # Complete also means the person meets the vacancy's musts.
        filters.append(_vacancy_musts_met(spec))
    if chosen.municipalities:
        filters.append(Q("terms", municipality=sorted(chosen.municipalities)))
    if chosen.work_types:
        filters.append(Q("terms", work_type=sorted(chosen.work_types)))
    return filters


def _vacancy_points(spec: VacancySpec) -> list[Query]:
    """One constant-score clause per fact of scoring.explain_vacancy; they add up."""
    points = []
    # Per skill a vacancy may ask (it asks each at most once), the best credit of the
    # person's skills that bridge to it.
    for pk, credits in sorted(spec.options().items()):
        clauses = []
        for _held, level, relation in credits:
            credit = scoring.CREDITS[relation]
            reached = [m for m in LEVELS if m <= level]
            above = [m for m in LEVELS if m > level]
            for weight, query in (
                (credit.required_met, _asks(pk, True, reached)),
                (credit.required_below, _asks(pk, True, above)),
                (credit.nice_met, _asks(pk, False, reached)),
            ):
                if weight and query is not None:
                    clauses.append(_points(weight, query))
        if clauses:
            points.append(Q("dis_max", queries=clauses, tie_breaker=0))
    location = spec.location
    if location is not None and spec.reach_km is not None:
        points.append(
            _points(
                scoring.WITHIN_REACH,
                _geo_distance(spec.reach_km, location.latitude, location.longitude),
            )
        )
    hours = _hours_overlap(spec.hours_min, spec.hours_max)
    if hours is not None:
        points.append(_points(scoring.HOURS_FIT, hours))
    work_types = sorted(work_type for work_type in spec.work_types if work_type)
    if work_types:
        points.append(_points(scoring.WORK_TYPE_WISHED, Q("terms", work_type=work_types)))
    if spec.occupation_ids:
        points.append(
            _points(
                scoring.OCCUPATION_WISHED,
                Q("terms", occupation_id=sorted(spec.occupation_ids)),
            )
        )
    if spec.text:
        points.append(_points(scoring.WORDS_FOUND, _all_words(spec.text)))
    points.append(_points(scoring.MUSTS_MET, _vacancy_musts_met(spec)))
    return points


def _points(points: int, query: Query) -> Query:
    return Q("constant_score", filter=query, boost=points)


def _holds(concept_id: int, levels: Iterable[int] = LEVELS) -> Query | None:
    """The person holds this skill at one of these levels (None: at none possible)."""
    return _holds_any([concept_id], levels)


def _holds_any(concept_ids: Iterable[int], levels: Iterable[int]) -> Query | None:
    """The person holds one of these skills at one of these levels (None: none possible)."""
    levels = list(levels)
    keys = [skill_key(pk, level) for pk in concept_ids for level in levels]
    return Q("terms", skill_levels=keys) if keys else None


def _at_least(level: int) -> list[int]:
    return [step for step in LEVELS if step >= level]


def _asks(concept_id: int, required: bool, min_levels: Iterable[int]) -> Query | None:
    """The vacancy asks this skill, (not) required, at one of these minimum levels."""
    keys = [need_key(concept_id, min_level, required) for min_level in min_levels]
    return Q("terms", skill_needs=keys) if keys else None


def _geo_distance(km: float, latitude: float, longitude: float) -> Query:
    return Q("geo_distance", distance=f"{km}km", location={"lat": latitude, "lon": longitude})


def _all_words(words: Sequence[str]) -> Query:
    return Q("bool", filter=[Q("term", tokens=word) for word in words])


def _hours_overlap(hours_min: int | None, hours_max: int | None) -> Query | None:
    if hours_min is None or hours_max is None:
        return None
    return Q(
        "bool",
        filter=[Q("range", hours_min={"lte": hours_max}), Q("range", hours_max={"gte": hours_min})],
    )


def _page(
    search: Search, id_field: str, offset: int, size: int, *, recent_first: bool = False
) -> Search:
    recency = [{"updated_at": {"order": "desc"}}] if recent_first else []
    return (
        search.sort({"_score": {"order": "desc"}}, *recency, {id_field: {"order": "asc"}})
        .extra(track_total_hits=True)
        .source(False)[offset : offset + size]
    )
