"""One row in SQL: who may find it, how far it is, and the points of `search.scoring`.

Each function returns an SQL expression (or adds conditions) over a row alias,
with its parameters in order; `query` puts them into statements. They compute
what `search.scoring` explains, to the last bit: the same rules, the same
constants, the same order of floating-point operations.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

from django.db import connection

from portal.geo import EARTH_RADIUS_KM

from ... import scoring
from ...models import CERTIFICATE_BITS, LICENCE_BITS, WORK_TYPE_BITS
from ...spec import CandidateSpec, Must, Point, Relation, SkillNeed, VacancySpec, Viewer
from .grid import cells_in_box
from .sql import AUDIENCE, VACANCY_SKILL, WORDS, Sql, bitmask, placeholders

# Kilometres per degree of latitude, a little short of the true ~111.2 so that the
# bounding box is always wider than the circle; the exact distance decides.
_KM_PER_DEGREE = 110.0
_DEGREES_TO_RADIANS = math.pi / 180.0
# Beyond this many grid cells a radius reads a skill's rows whole (`box_cells`).
MAX_CELLS = 500


def _least(a: str, b: str) -> str:
    function = "MIN" if connection.vendor == "sqlite" else "LEAST"
    return f"{function}({a}, {b})"


def distance(alias: str, point: Point, *, row_is_person: bool = True) -> tuple[str, list]:
    """Haversine between the row's location and `point`, as `portal.geo.distance_km` does it.

    `distance_km` takes the person first and subtracts the person's coordinates from
    the vacancy's; the SQL keeps that order (`row_is_person` False: the row is a
    vacancy, `point` the person), so both compute the same floating-point number.
    """
    phi = math.radians(point.latitude)
    row_phi, row_cos, row_lon = (
        f"{alias}.latitude_rad",
        f"{alias}.latitude_cos",
        f"{alias}.longitude",
    )
    if row_is_person:
        d_phi, d_lon, cosines = f"(%s - {row_phi})", f"(%s - {row_lon})", f"{row_cos} * %s"
    else:
        d_phi, d_lon, cosines = f"({row_phi} - %s)", f"({row_lon} - %s)", f"%s * {row_cos}"
    h = f"POWER(SIN({d_phi} / 2), 2) + {cosines} * POWER(SIN(({d_lon} * %s) / 2), 2)"
    sql = f"2 * {EARTH_RADIUS_KM!r} * ASIN({_least('1.0', f'SQRT({h})')})"
    return sql, [phi, math.cos(phi), point.longitude, _DEGREES_TO_RADIANS]


def box(point: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(latitude min, max, longitude min, max) of a box around the circle of `radius_km`."""
    d_lat = radius_km / _KM_PER_DEGREE
    widest = min(89.0, abs(point.latitude) + d_lat)
    d_lon = min(180.0, radius_km / (_KM_PER_DEGREE * math.cos(math.radians(widest))))
    return (
        point.latitude - d_lat,
        point.latitude + d_lat,
        point.longitude - d_lon,
        point.longitude + d_lon,
    )


def bounding_box(where: Sql, alias: str, point: Point, radius_km: float) -> None:
    """Add the box around the circle of `radius_km`: an index range before the exact distance."""
    where.add(
        f"{alias}.latitude BETWEEN %s AND %s AND {alias}.longitude BETWEEN %s AND %s",
        *box(point, radius_km),
    )


def box_cells(point: Point, radius_km: float) -> list[int] | None:
    """The grid cells (`grid`) of every place within `radius_km`; None when too many
    to be worth naming (a radius across the country)."""
    cells = cells_in_box(*box(point, radius_km))
    return cells if len(cells) <= MAX_CELLS else None


def hours_fit(alias: str, hours_min: int | None, hours_max: int | None) -> tuple[str, list]:
    """`scoring.hours_overlap` of the row's range with a fixed one, in SQL."""
    if hours_min is None or hours_max is None or hours_min > hours_max:
        return "0", []
    return (
        f"CASE WHEN {alias}.hours_min <= {alias}.hours_max AND {alias}.hours_min <= %s"
        f" AND {alias}.hours_max >= %s THEN {scoring.HOURS_FIT} ELSE 0 END",
        [hours_max, hours_min],
    )


def words_found(column: str, words: Sequence[str]) -> tuple[str, list]:
    """WORDS_FOUND when the space-separated `column` holds every one of `words`."""
    if not words:
        return "0", []
    likes = " AND ".join([f"{column} LIKE %s"] * len(words))
    return (
        f"CASE WHEN {likes} THEN {scoring.WORDS_FOUND} ELSE 0 END",
        [f"% {word} %" for word in words],
    )


def credited_concepts(needs: Sequence[SkillNeed]) -> list[int]:
    """Every skill that earns credit for one of `needs`: the asked ones and their bridges."""
    return sorted({option.concept_id for need in needs for option in need.options()})


def skill_points(alias: str, needs: Sequence[SkillNeed]) -> tuple[str, list]:
    """A person's skill points as an aggregate over their skill rows `alias` (GROUP BY the
    person): per need, the best credit among the rows that bridge to it
    (`scoring.CREDITS`), then their sum; one need is never credited twice.

    One pass over the rows, where a join to a table of bridges and a second grouping
    cost a third of a free search. SQLite takes one MAX per need; PostgreSQL one
    BIT_OR per chunk of needs (`_thermometer_points`).
    """
    if connection.vendor == "postgresql":
        return _thermometer_points(alias, needs), []
    terms = []
    for need in needs:
        whens = []
        for option in need.options():
            met, unmet = _credits(need, option.relation)
            whens.append(
                f"WHEN {int(option.concept_id)} THEN"
                f" CASE WHEN {alias}.level >= {int(need.min_level)} THEN {met} ELSE {unmet} END"
            )
        terms.append(f"COALESCE(MAX(CASE {alias}.concept_id {' '.join(whens)} END), 0)")
    return " + ".join(terms) or "0", []


def _credits(need: SkillNeed, relation: Relation) -> tuple[int, int]:
    """The points for `need` through `relation`, at or above its level and below it; whole
    numbers written into the SQL, not parameters: a search asks up to a few hundred, and
    the driver parses every placeholder on each search."""
    credit = scoring.CREDITS[relation]
    return (
        int(credit.points(required=need.required, met=True)),
        int(credit.points(required=need.required, met=False)),
    )


# The bits of a bigint short of the sign bit, in which `_thermometer_points` packs needs.
_THERMOMETER_BITS = 63


def _thermometer_points(alias: str, needs: Sequence[SkillNeed]) -> str:
    """`skill_points` on PostgreSQL: each need a field of bits as wide as its best credit,
    a credit of c points written as its c lowest bits set. OR-ing a person's rows keeps
    per field the bits of the best credit, so that the bits set in all fields are the
    sum of the best credits: one BIT_OR per chunk of needs that fits in a bigint, where
    a MAX per need cost 8 of 27 ms for the 28,000 rows of a free search at 100k.
    BIT_COUNT of a bit string needs PostgreSQL 14, as Django 5.2 does."""
    chunks: list[dict[int, dict[int, list[int]]]] = []
    offset = _THERMOMETER_BITS
    for need in needs:
        width = max(_credits(need, option.relation)[0] for option in need.options())
        if offset + width > _THERMOMETER_BITS:
            chunks.append({})
            offset = 0
        for option in need.options():
            met, unmet = _credits(need, option.relation)
            # Per concept and level: the bits of every need it credits, met and below.
            bits = chunks[-1].setdefault(option.concept_id, {}).setdefault(need.min_level, [0, 0])
            bits[0] |= ((1 << met) - 1) << offset
            bits[1] |= ((1 << unmet) - 1) << offset
        offset += width
    terms = []
    for chunk in chunks:
        whens = " ".join(
            f"WHEN {int(concept_id)} THEN "
            + " + ".join(
                f"CASE WHEN {alias}.level >= {int(level)} THEN {met} ELSE {unmet} END"
                for level, (met, unmet) in sorted(levels.items())
            )
            for concept_id, levels in sorted(chunk.items())
        )
        # The ELSE as a bigint makes the CASE a bigint, whatever its bits.
        terms.append(
            f"BIT_COUNT(CAST(BIT_OR(CASE {alias}.concept_id {whens}"
            " ELSE CAST(0 AS BIGINT) END) AS BIT(64)))"
        )
    return " + ".join(terms) or "0"


def _greatest(terms: list[str]) -> str:
    if len(terms) == 1:
        return terms[0]
    function = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    return f"{function}({', '.join(terms)})"


def _other_terms(
    spec: CandidateSpec, *, words: bool = True, musts_met_known: bool = False
) -> list[tuple[str, list, int]]:
    """The skill-free parts of the score of entry `e` at the distance of its place `p`:
    (SQL, parameters, the most it adds), only those this search can award; the words
    found only when `words`; MUSTS_MET as a constant when `musts_met_known` (the entries
    are only those meeting every must)."""
    terms: list[tuple[str, list, int]] = []
    if spec.location is not None:
        terms.append(
            (
                f"CASE WHEN p.distance <= e.reach_km THEN {scoring.WITHIN_REACH} ELSE 0 END",
                [],
                scoring.WITHIN_REACH,
            )
        )
    hours, hours_params = hours_fit("e", spec.hours_min, spec.hours_max)
    if hours_params:
        terms.append((hours, hours_params, scoring.HOURS_FIT))
    if spec.work_type in WORK_TYPE_BITS:
        terms.append(
            (
                f"CASE WHEN (e.work_types & %s) <> 0 THEN {scoring.WORK_TYPE_WISHED} ELSE 0 END",
                [WORK_TYPE_BITS[spec.work_type]],
                scoring.WORK_TYPE_WISHED,
            )
        )
    if spec.occupation_id is not None:
        terms.append(
            (
                f"CASE WHEN e.occupations LIKE %s THEN {scoring.OCCUPATION_WISHED} ELSE 0 END",
                [f"% {spec.occupation_id} %"],
                scoring.OCCUPATION_WISHED,
            )
        )
    if spec.text and words:
        found, found_params = words_points("e.portfolio_id", spec)
        terms.append((found, found_params, scoring.WORDS_FOUND))
    if spec.widened_musts and musts_met_known:
        terms.append((str(scoring.MUSTS_MET), [], scoring.MUSTS_MET))
    elif spec.widened_musts:
        # Complete matches first: the rank, never the score shown (`scoring.rank_score`).
        met, met_params = musts_met(spec, spec.widened_musts)
        terms.append(
            (f"CASE WHEN {met} THEN {scoring.MUSTS_MET} ELSE 0 END", met_params, scoring.MUSTS_MET)
        )
    return terms


def words_points(portfolio_id: str, spec: CandidateSpec) -> tuple[str, list]:
    """WORDS_FOUND when the words of the portfolio `portfolio_id` (SQL) hold every word the
    search asks for: one lookup of its words row."""
    found, found_params = words_found("w.tokens", spec.text)
    return (
        f"COALESCE((SELECT {found} FROM {WORDS} w WHERE w.portfolio_id = {portfolio_id}), 0)",
        found_params,
    )


def candidate_other_points(
    spec: CandidateSpec, *, words: bool = True, musts_met_known: bool = False
) -> tuple[str, list]:
    """The skill-free parts of the score of entry `e` at the distance of its place `p`,
    as one sum; without the words found when `words` is false (added later, to fewer);
    with MUSTS_MET as a constant when `musts_met_known` (every entry meets every must)."""
    terms = _other_terms(spec, words=words, musts_met_known=musts_met_known)
    if not terms:
        return "0", []
    return " + ".join(sql for sql, _params, _most in terms), [
        param for _sql, params, _most in terms for param in params
    ]


def max_other_points(spec: CandidateSpec) -> int:
    """The most `candidate_other_points` can add to anyone's skill points in this search:
    only the parts it can award count (no place, no points for reach), so that the
    ranking from skill rows reads as few entries as can still reach the page."""
    return sum(most for _sql, _params, most in _other_terms(spec))


def holds_every_bit(column: str, mask: int) -> tuple[str, list]:
    """The condition that the bitmask `column` has every bit of `mask`, and its
    parameters.

    `>=`, not `=`: the same, as a masked value is never more than the mask, but
    PostgreSQL guesses that a third of the rows meet an inequality where it guesses
    that 1 in 200 meet an equality. Expecting a handful of people with licence B
    (3,561 of 14,000 within 25 km at 100k), it computed the distance of each one's
    place again, one lookup per person, where it now hashes the places once: a free
    search within 25 km with licence B took 17 % less."""
    return f"({column} & %s) >= %s", [mask, mask]


def musts_met(spec: CandidateSpec, musts: Collection[Must]) -> tuple[str, list]:
    """Entry `e` meets every one of `musts` (at the distance of its place `p`), as
    `scoring.explain_candidate` decides it: a person who did not say their travel
    distance, hours or work types has no condition there, nor who did not say when
    they can start (they can start now)."""
    met = Sql()
    if Must.LICENCES in musts:
        bits, bits_params = holds_every_bit(
            "e.driving_licences", bitmask(spec.required_licences, LICENCE_BITS)
        )
        met.add(bits, *bits_params)
    if Must.CERTIFICATES in musts:
        bits, bits_params = holds_every_bit(
            "e.certificates", bitmask(spec.required_certificates, CERTIFICATE_BITS)
        )
        met.add(bits, *bits_params)
    if Must.DUTCH in musts:
        met.add("e.dutch_level >= %s", spec.required_dutch)
    if Must.REACH in musts:
        met.add("(p.distance IS NULL OR p.distance <= e.reach_limit_km)")
    if Must.HOURS in musts:
        met.add(
            "(e.hours_min IS NULL OR e.hours_max IS NULL OR (e.hours_min <= e.hours_max"
            " AND e.hours_min <= %s AND e.hours_max >= %s))",
            spec.hours_max,
            spec.hours_min,
        )
    if Must.WORK_TYPE in musts and spec.work_types:
        met.add(
            "(e.work_types = 0 OR (e.work_types & %s) <> 0)",
            bitmask(spec.work_types, WORK_TYPE_BITS),
        )
    if Must.AVAILABILITY in musts and spec.available_by is not None:
        met.add("e.available_from <= %s", spec.available_by)
    return met.joined(" AND ", "1 = 1"), met.params


def vacancy_musts_met(spec: VacancySpec) -> tuple[str, list]:
    """Vacancy `v` asks no licence or certificate the person lacks, nor better Dutch."""
    lacking_licences = bitmask(set(LICENCE_BITS) - spec.licences, LICENCE_BITS)
    lacking_certificates = bitmask(set(CERTIFICATE_BITS) - spec.certificates, CERTIFICATE_BITS)
    return (
        "(v.driving_licences & %s) = 0 AND (v.certificates & %s) = 0 AND v.dutch_level <= %s",
        [lacking_licences, lacking_certificates, spec.dutch],
    )


def vacancy_other_points(spec: VacancySpec) -> tuple[str, list]:
    """The skill-free parts of the score of vacancy `v` for the person of `spec`, as one sum."""
    terms: list[str] = []
    params: list = []
    if spec.location is not None and spec.reach_km is not None:
        sql, distance_params = distance("v", spec.location, row_is_person=False)
        terms.append(
            f"CASE WHEN v.latitude IS NOT NULL AND {sql} <= %s"
            f" THEN {scoring.WITHIN_REACH} ELSE 0 END"
        )
        params += [*distance_params, spec.reach_km]
    hours, hours_params = hours_fit("v", spec.hours_min, spec.hours_max)
    terms.append(hours)
    params += hours_params
    work_types = sorted(spec.work_types)
    if work_types:
        terms.append(
            f"CASE WHEN v.work_type IN ({placeholders(work_types)})"
            f" THEN {scoring.WORK_TYPE_WISHED} ELSE 0 END"
        )
        params += work_types
    occupations = sorted(spec.occupation_ids)
    if occupations:
        terms.append(
            f"CASE WHEN v.occupation_id IN ({placeholders(occupations)})"
            f" THEN {scoring.OCCUPATION_WISHED} ELSE 0 END"
        )
        params += occupations
    found, found_params = words_found("v.tokens", spec.text)
    terms.append(found)
    params += found_params
    met, met_params = vacancy_musts_met(spec)
    terms.append(f"CASE WHEN {met} THEN {scoring.MUSTS_MET} ELSE 0 END")
    params += met_params
    return " + ".join(terms), params


def vacancy_skill_points(spec: VacancySpec) -> tuple[str, list]:
    """The skill points of vacancy `v` for the skills the person of `spec` holds: per asked
    skill row, the best credit of the person's skills that bridge to it."""
    options = spec.options()
    if not options:
        return "0", []
    cases, case_params = [], []
    for concept_id, credits in sorted(options.items()):
        terms, levels = [], []
        for _held, level, relation in credits:
            credit = scoring.CREDITS[relation]
            terms.append(
                "CASE WHEN r.min_level <= %s"
                f" THEN (CASE WHEN r.required THEN {credit.required_met}"
                f" ELSE {credit.nice_met} END)"
                f" ELSE (CASE WHEN r.required THEN {credit.required_below} ELSE 0 END)"
                " END"
            )
            levels.append(level)
        cases.append(f"WHEN r.concept_id = %s THEN {_greatest(terms)}")
        case_params += [concept_id, *levels]
    concepts = sorted(options)
    return (
        f"COALESCE((SELECT SUM(CASE {' '.join(cases)} ELSE 0 END) FROM {VACANCY_SKILL} r"
        f" WHERE r.vacancy_id = v.vacancy_id AND r.concept_id IN"
        f" ({placeholders(concepts)})), 0)",
        [*case_params, *concepts],
    )


def access(viewer: Viewer, alias: str) -> Sql:
    """Who the viewer may find, on a row `alias` with portfolio_id, network and employers
    (an entry or a skill row); no parts when they may find nobody."""
    access = Sql()
    organisations = sorted(viewer.organisation_ids)
    # The network first: most people an intermediary may find are in it, so most rows
    # pass on its one lookup and never look up the organisations' own audience (on the
    # 100k bench, 1 ms less per 63,000 entries read).
    if viewer.is_intermediary:
        if organisations:
            # The network is every intermediary but the jobseeker's own.
            access.add(
                f"({alias}.network AND {alias}.portfolio_id NOT IN (SELECT a.portfolio_id"
                f" FROM {AUDIENCE} a WHERE a.member"
                f" AND a.organisation_id IN ({placeholders(organisations)})))",
                *organisations,
            )
        else:
            access.add(f"{alias}.network")
    if organisations:
        access.add(
            f"{alias}.portfolio_id IN (SELECT a.portfolio_id FROM {AUDIENCE} a"
            f" WHERE a.coach_audience AND a.organisation_id IN ({placeholders(organisations)}))",
            *organisations,
        )
    if viewer.is_employer:
        access.add(f"{alias}.employers")
    return access
