"""One row in SQL: who may find it, how far it is, and the points of `search.scoring`.

Each function returns an SQL expression (or adds conditions) over a row alias,
with its parameters in order; `query` puts them into statements. They compute
what `search.scoring` explains, to the last bit: the same rules, the same
constants, the same order of floating-point operations.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from django.db import connection

from portal.geo import EARTH_RADIUS_KM

from ... import scoring
from ...models import WORK_TYPE_BITS
from ...spec import CandidateSpec, Point, SkillNeed, VacancySpec, Viewer
from .sql import AUDIENCE, VACANCY_SKILL, WORDS, Sql, placeholders

# Kilometres per degree of latitude, a little short of the true ~111.2 so that the
# bounding box is always wider than the circle; the exact distance decides.
_KM_PER_DEGREE = 110.0
_DEGREES_TO_RADIANS = math.pi / 180.0


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


def bounding_box(where: Sql, alias: str, point: Point, radius_km: float) -> None:
    """Add the box around the circle of `radius_km`: an index range before the exact distance."""
    d_lat = radius_km / _KM_PER_DEGREE
    widest = min(89.0, abs(point.latitude) + d_lat)
    d_lon = min(180.0, radius_km / (_KM_PER_DEGREE * math.cos(math.radians(widest))))
    where.add(
        f"{alias}.latitude BETWEEN %s AND %s AND {alias}.longitude BETWEEN %s AND %s",
        point.latitude - d_lat,
        point.latitude + d_lat,
        point.longitude - d_lon,
        point.longitude + d_lon,
    )


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


def skill_points(needs: Sequence[SkillNeed], alias: str) -> tuple[str, list]:
    """Points of one skill row of the person against every need for its concept."""
    by_concept: dict[int, list[SkillNeed]] = defaultdict(list)
    for need in needs:
        by_concept[need.concept_id].append(need)
    cases, params = [], []
    for concept_id, concept_needs in by_concept.items():
        terms = []
        params.append(concept_id)
        for need in concept_needs:
            met = scoring.REQUIRED_MET if need.required else scoring.NICE_TO_HAVE_MET
            below = scoring.REQUIRED_BELOW_LEVEL if need.required else 0
            terms.append(f"CASE WHEN {alias}.level >= %s THEN {met} ELSE {below} END")
            params.append(need.min_level)
        cases.append(f"WHEN {alias}.concept_id = %s THEN " + " + ".join(terms))
    return "CASE " + " ".join(cases) + " ELSE 0 END", params


def candidate_other_points(
    spec: CandidateSpec, distance_column: str = "p.distance"
) -> tuple[str, list]:
    """The skill-free parts of the score of entry `e` at the distance in `distance_column`,
    as one sum."""
    terms: list[str] = []
    params: list = []
    if spec.location is not None:
        terms.append(
            f"CASE WHEN {distance_column} <= e.reach_km THEN {scoring.WITHIN_REACH} ELSE 0 END"
        )
    hours, hours_params = hours_fit("e", spec.hours_min, spec.hours_max)
    terms.append(hours)
    params += hours_params
    if spec.work_type in WORK_TYPE_BITS:
        terms.append(
            f"CASE WHEN (e.work_types & %s) <> 0 THEN {scoring.WORK_TYPE_WISHED} ELSE 0 END"
        )
        params.append(WORK_TYPE_BITS[spec.work_type])
    if spec.occupation_id is not None:
        terms.append(f"CASE WHEN e.occupations LIKE %s THEN {scoring.OCCUPATION_WISHED} ELSE 0 END")
        params.append(f"% {spec.occupation_id} %")
    if spec.text:
        found, found_params = words_found("w.tokens", spec.text)
        terms.append(
            f"COALESCE((SELECT {found} FROM {WORDS} w WHERE w.portfolio_id = e.portfolio_id), 0)"
        )
        params += found_params
    return " + ".join(terms), params


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
    return " + ".join(terms), params


def vacancy_skill_points(spec: VacancySpec) -> tuple[str, list]:
    """The skill points of vacancy `v` for the skills the person of `spec` holds."""
    held = {skill.concept_id: skill.level for skill in spec.skills}
    if not held:
        return "0", []
    cases, case_params = [], []
    for concept_id, level in held.items():
        cases.append(
            "WHEN r.concept_id = %s THEN CASE WHEN r.min_level <= %s"
            f" THEN (CASE WHEN r.required THEN {scoring.REQUIRED_MET}"
            f" ELSE {scoring.NICE_TO_HAVE_MET} END)"
            f" ELSE (CASE WHEN r.required THEN {scoring.REQUIRED_BELOW_LEVEL} ELSE 0 END)"
            " END"
        )
        case_params += [concept_id, level]
    concepts = list(held)
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
    if organisations:
        access.add(
            f"{alias}.portfolio_id IN (SELECT a.portfolio_id FROM {AUDIENCE} a"
            f" WHERE a.coach_audience AND a.organisation_id IN ({placeholders(organisations)}))",
            *organisations,
        )
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
    if viewer.is_employer:
        access.add(f"{alias}.employers")
    return access
