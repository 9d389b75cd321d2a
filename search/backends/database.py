"""The database backend: the match spec as SQL aggregation over the index tables of `search.models`.

Runs on PostgreSQL and SQLite with the same SQL (both have the math functions on
Django connections, bitwise AND and LIKE), apart from two PostgreSQL-only forms
that pay off there. A search reads only the index tables, in one statement
whatever the page or data size:

1. the matching entries once (`m`): with a radius, only the entries of the places
   inside it, read from the covering place index (PostgreSQL: an index-only scan,
   the place ids as an array so that they are an index condition);
2. totals and facets from `m` (PostgreSQL: one pass with GROUPING SETS; SQLite: one
   GROUP BY per facet); the "skills" facet from the needed concepts' skill rows of
   the matching entries, read from the covering (concept, place) index;
3. the page, ranked in two phases. Someone without any needed skill scores at
   most `scoring.MAX_WITHOUT_SKILLS`, so the page is first ranked among those who
   hold a needed skill (the skill rows above, joined to `m` for the skill-free
   points); only when fewer of them than the page needs score above that bound is
   the page ranked again over every matching entry.

A search narrowed by nothing but the radius, by one organisation's staff, the
network or an employer (the common first look at a vacancy), reads no entry per
match: the total and facets are sums of counts kept ahead per place and audience
group (`search.models.PortfolioFacetCount`, kept by every index write), and phase
one takes each holder's skill points from the skill rows alone, then the
skill-free points of only those whose skill points leave them a chance at the
page (everyone scores between their skill points and MAX_WITHOUT_SKILLS more).
`m` is then computed only when phase two needs it.

Distance is a bounding box on the indexed latitude and longitude first, then the
haversine of `portal.geo.distance_km`, computed in the same order of operations
from the same Python-computed constants, so SQL agrees with the explanation.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence

from django.db import DatabaseError, connection, transaction

from portal.geo import EARTH_RADIUS_KM

from .. import scoring
from ..documents import (
    AUDIENCE_EMPLOYERS,
    AUDIENCE_INTERMEDIARIES,
    AUDIENCE_JOBSEEKERS,
    AUDIENCE_NETWORK,
    PortfolioDocument,
    VacancyDocument,
    organisation_audience,
)
from ..extensions import organisation_facets
from ..models import (
    LICENCE_BITS,
    WORK_TYPE_BITS,
    Place,
    PortfolioAudience,
    PortfolioEntry,
    PortfolioFacetCount,
    PortfolioFacetValue,
    PortfolioSkillRow,
    PortfolioWords,
    VacancyEntry,
    VacancySkillRow,
)
from ..spec import CandidateFilters, CandidateSpec, Point, SkillNeed, VacancySpec, Viewer
from .base import (
    HOURS_STEPS,
    FacetValue,
    Hit,
    MatchPage,
    RebuildReport,
    SearchBackend,
    SearchUnavailable,
    candidate_facet_names,
)

PLACE = Place._meta.db_table
ENTRY = PortfolioEntry._meta.db_table
WORDS = PortfolioWords._meta.db_table
AUDIENCE = PortfolioAudience._meta.db_table
SKILL = PortfolioSkillRow._meta.db_table
FACET = PortfolioFacetValue._meta.db_table
COUNTS = PortfolioFacetCount._meta.db_table
COUNT_COLUMNS = ("audience", "place_id", "dimension", "value", "entries")
VACANCY = VacancyEntry._meta.db_table
VACANCY_SKILL = VacancySkillRow._meta.db_table
TABLES = (PLACE, ENTRY, WORDS, AUDIENCE, SKILL, FACET, COUNTS, VACANCY, VACANCY_SKILL)

# Kilometres per degree of latitude, a little short of the true ~111.2 so that the
# bounding box is always wider than the circle; the exact distance decides.
_KM_PER_DEGREE = 110.0
_DEGREES_TO_RADIANS = math.pi / 180.0
# "org:<id>" audience keys (`documents.organisation_audience`).
ORGANISATION_PREFIX = organisation_audience(0).removesuffix("0")


def bitmask(codes: Iterable[str], bits: dict[str, int]) -> int:
    """The bits of `codes`; a code outside the choices is an error, not a silent miss."""
    mask = 0
    for code in codes:
        try:
            mask |= bits[code]
        except KeyError:
            raise ValueError(f"{code!r} is not one of {sorted(bits)}") from None
    return mask


SKILL_COLUMNS = ("portfolio_id", "concept_id", "level", "place_id", "network", "employers")


def _count_values(
    municipality: str,
    hours_max: int | None,
    licences: int,
    work_types: int,
    concept_ids: Iterable[int],
    organisation_facets: Iterable[tuple[str, int, str]],
) -> list[tuple[str, str]]:
    """(dimension, value) of every facet value one entry counts for (`PortfolioFacetCount`).

    Licences and work types count per bit, the facet's own values: a few rows per place
    where the bitmask combinations would be many.
    """
    values = [("m", municipality)]
    values += [("l", str(bit)) for bit in LICENCE_BITS.values() if licences & bit]
    values += [("w", str(bit)) for bit in WORK_TYPE_BITS.values() if work_types & bit]
    if hours_max is not None:
        values.append(("h", str(hours_max)))
    values += [("s", str(concept_id)) for concept_id in sorted(set(concept_ids))]
    values += [
        ("o", f"{organisation_id} {facet} {value}")
        for facet, organisation_id, value in sorted(set(organisation_facets))
    ]
    return values


def _count_groups(
    *, network: bool, employers: bool, coached: Collection[int], members: Collection[int]
) -> list[str]:
    """The audience groups of `PortfolioFacetCount` one entry belongs to."""
    groups = []
    if network:
        groups.append("n")
        groups += [f"x:{pk}" for pk in sorted(set(members) - set(coached))]
    else:
        groups += [f"c:{pk}" for pk in sorted(coached)]
    if employers:
        groups.append("e")
    return groups


def _count_keys(
    *,
    place_id: int | None,
    network: bool,
    employers: bool,
    coached: Collection[int],
    members: Collection[int],
    values: list[tuple[str, str]],
) -> Iterator[tuple[str, int, str, str]]:
    place = place_id or 0
    for group in _count_groups(
        network=network, employers=employers, coached=coached, members=members
    ):
        for dimension, value in values:
            yield group, place, dimension, value


# Advisory lock namespace of the portfolio rows (PostgreSQL's two-key form: this, the id).
_PORTFOLIO_LOCKS = 6_411_006


def _lock_portfolios(portfolio_ids: list[int]) -> None:
    """Make a second writer of the same portfolios wait for this transaction's commit.

    Its counts are changed by what it reads as stored: reading before our commit, it
    would take back what we already took back. SQLite has one writer at a time anyway.
    """
    if portfolio_ids and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, pid) FROM unnest(%s::integer[]) AS pid"
                " ORDER BY pid",
                [_PORTFOLIO_LOCKS, sorted(set(portfolio_ids))],
            )


def _stored_counts(portfolio_ids: list[int]) -> Counter:
    """What the indexed rows of these portfolios count for now (before they are replaced)."""
    counts: Counter = Counter()
    if not portfolio_ids:
        return counts
    where = f"WHERE portfolio_id IN ({_placeholders(portfolio_ids)})"
    coached: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for pid, organisation_id, coach_audience, member in _fetch(
        f"SELECT portfolio_id, organisation_id, coach_audience, member FROM {AUDIENCE} {where}",
        portfolio_ids,
    ):
        if coach_audience:
            coached[pid].append(organisation_id)
        if member:
            members[pid].append(organisation_id)
    concepts: dict[int, list[int]] = defaultdict(list)
    for pid, concept_id in _fetch(
        f"SELECT portfolio_id, concept_id FROM {SKILL} {where}", portfolio_ids
    ):
        concepts[pid].append(concept_id)
    recorded: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for pid, facet, organisation_id, value in _fetch(
        f"SELECT portfolio_id, facet, organisation_id, value FROM {FACET} {where}", portfolio_ids
    ):
        recorded[pid].append((facet, organisation_id, value))
    for pid, place_id, network, employers, municipality, hours_max, licences, work_types in _fetch(
        "SELECT portfolio_id, place_id, network, employers, municipality, hours_max,"
        f" driving_licences, work_types FROM {ENTRY} {where}",
        portfolio_ids,
    ):
        counts.update(
            _count_keys(
                place_id=place_id,
                network=bool(network),
                employers=bool(employers),
                coached=coached[pid],
                members=members[pid],
                values=_count_values(
                    municipality,
                    hours_max,
                    licences,
                    work_types,
                    concepts[pid],
                    recorded[pid],
                ),
            )
        )
    return counts


def _add_counts(counts: Counter) -> None:
    """Add these (signed) changes to the kept counts, in key order so that two writers
    lock the rows they share in the same order."""
    rows = [(*key, n) for key, n in sorted(counts.items()) if n]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {COUNTS} ({', '.join(COUNT_COLUMNS)}) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (audience, place_id, dimension, value)"
            f" DO UPDATE SET entries = {COUNTS}.entries + excluded.entries",
            rows,
        )


def _placeholders(values: Collection) -> str:
    return ", ".join(["%s"] * len(values))


def _words(values: Iterable) -> str:
    """ " a b c ": every value between spaces, for whole-word LIKE '% b %'."""
    return " " + " ".join(str(value) for value in values) + " " if values else ""


class _Sql:
    """A WHERE clause or expression under construction, with its parameters in order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list = []

    def add(self, sql: str, *params) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def joined(self, separator: str, empty: str) -> str:
        return separator.join(self.parts) if self.parts else empty


def _least(a: str, b: str) -> str:
    function = "MIN" if connection.vendor == "sqlite" else "LEAST"
    return f"{function}({a}, {b})"


def _distance(alias: str, point: Point, *, row_is_person: bool = True) -> tuple[str, list]:
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


def _bounding_box(where: _Sql, alias: str, point: Point, radius_km: float) -> None:
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


def _hours_fit(alias: str, hours_min: int | None, hours_max: int | None) -> tuple[str, list]:
    """`scoring.hours_overlap` of the row's range with a fixed one, in SQL."""
    if hours_min is None or hours_max is None or hours_min > hours_max:
        return "0", []
    return (
        f"CASE WHEN {alias}.hours_min <= {alias}.hours_max AND {alias}.hours_min <= %s"
        f" AND {alias}.hours_max >= %s THEN {scoring.HOURS_FIT} ELSE 0 END",
        [hours_max, hours_min],
    )


def _words_found(column: str, words: Sequence[str]) -> tuple[str, list]:
    if not words:
        return "0", []
    likes = " AND ".join([f"{column} LIKE %s"] * len(words))
    return (
        f"CASE WHEN {likes} THEN {scoring.WORDS_FOUND} ELSE 0 END",
        [f"% {word} %" for word in words],
    )


def _sorted_facet(counts: dict[str, int]) -> list[FacetValue]:
    values = [FacetValue(key, count) for key, count in counts.items() if count]
    values.sort(key=lambda value: (-value.count, value.key))
    return values


def _bit_facet(counts: dict[int, int], bits: dict[str, int]) -> list[FacetValue]:
    """Counts per bitmask value, as counts per code: a value counts for each of its bits."""
    return _sorted_facet(
        {code: sum(n for mask, n in counts.items() if mask & bit) for code, bit in bits.items()}
    )


def _access(viewer: Viewer, alias: str) -> _Sql:
    """Who the viewer may find, on a row `alias` with portfolio_id, network and employers
    (an entry or a skill row); no parts when they may find nobody."""
    access = _Sql()
    organisations = sorted(viewer.organisation_ids)
    if organisations:
        access.add(
            f"{alias}.portfolio_id IN (SELECT a.portfolio_id FROM {AUDIENCE} a"
            f" WHERE a.coach_audience AND a.organisation_id IN ({_placeholders(organisations)}))",
            *organisations,
        )
    if viewer.is_intermediary:
        if organisations:
            # The network is every intermediary but the jobseeker's own.
            access.add(
                f"({alias}.network AND {alias}.portfolio_id NOT IN (SELECT a.portfolio_id"
                f" FROM {AUDIENCE} a WHERE a.member"
                f" AND a.organisation_id IN ({_placeholders(organisations)})))",
                *organisations,
            )
        else:
            access.add(f"{alias}.network")
    if viewer.is_employer:
        access.add(f"{alias}.employers")
    return access


def _kept_count_groups(spec: CandidateSpec) -> tuple[list[str], list[str]] | None:
    """The `PortfolioFacetCount` groups (added, subtracted) that count what this search
    matches, or None when the matches must be counted one by one.

    Kept counts hold per place only, so only a search narrowed by nothing but the
    radius can use them, by a viewer whose access one group sum expresses: an
    employer, the network, or one organisation's staff (see PortfolioFacetCount).
    """
    filters = spec.filters
    if filters != CandidateFilters(radius_km=filters.radius_km):
        return None
    viewer = spec.viewer
    organisations = sorted(viewer.organisation_ids)
    if viewer.is_employer:
        return (["e"], []) if not (organisations or viewer.is_intermediary) else None
    if not viewer.is_intermediary or len(organisations) > 1:
        return None
    if not organisations:
        return ["n"], []
    return ["n", f"c:{organisations[0]}"], [f"x:{organisations[0]}"]


def _phase_one_suffices(phase_one: list[Hit], wanted: int) -> bool:
    """Whether the best `wanted` among people holding a needed skill are the best of all.

    Someone without a needed skill scores at most MAX_WITHOUT_SKILLS; if phase one
    found `wanted` people above that, nobody else can come before them (a tie at
    MAX_WITHOUT_SKILLS could, by a lower id). The SQL asks the same question to
    decide whether to rank everyone.
    """
    above = sum(1 for hit in phase_one if hit.score > scoring.MAX_WITHOUT_SKILLS)
    return above >= wanted


def _skill_points(needs: Sequence[SkillNeed], alias: str) -> tuple[str, list]:
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


class DatabaseBackend(SearchBackend):
    """The index in the portal's own database: nothing to run, good for a small organisation."""

    name = "database"

    # -- writing -----------------------------------------------------------------------

    def index_portfolios(self, documents: Sequence[PortfolioDocument]) -> None:
        with transaction.atomic():
            ids = [doc.portfolio_id for doc in documents]
            _lock_portfolios(ids)
            counts = Counter()
            counts.subtract(_stored_counts(ids))
            self._delete_portfolio_rows(ids)
            self._insert_portfolios(documents, counts)
            _add_counts(counts)

    def delete_portfolios(self, portfolio_ids: Collection[int]) -> None:
        with transaction.atomic():
            ids = list(portfolio_ids)
            _lock_portfolios(ids)
            counts = Counter()
            counts.subtract(_stored_counts(ids))
            self._delete_portfolio_rows(ids)
            _add_counts(counts)

    def index_vacancies(self, documents: Sequence[VacancyDocument]) -> None:
        with transaction.atomic():
            self._delete_vacancy_rows([doc.vacancy_id for doc in documents])
            self._insert_vacancies(documents)

    def delete_vacancies(self, vacancy_ids: Collection[int]) -> None:
        with transaction.atomic():
            self._delete_vacancy_rows(list(vacancy_ids))

    def rebuild(
        self,
        *,
        portfolios: Iterable[Sequence[PortfolioDocument]],
        vacancies: Iterable[Sequence[VacancyDocument]],
    ) -> RebuildReport:
        """Replace every row in one transaction.

        DELETE, not TRUNCATE: on PostgreSQL searches keep reading the old rows
        until the commit, instead of waiting for TRUNCATE's exclusive lock.
        """
        started = time.perf_counter()
        portfolio_count = vacancy_count = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"DELETE FROM {table}")
            counts: Counter = Counter()
            for batch in portfolios:
                self._insert_portfolios(batch, counts)
                portfolio_count += len(batch)
            # In key order, so that the counts of one place lie together on disk.
            _insert(COUNTS, COUNT_COLUMNS, [(*key, n) for key, n in sorted(counts.items()) if n])
            for batch in vacancies:
                self._insert_vacancies(batch)
                vacancy_count += len(batch)
        self._refresh_statistics()
        return RebuildReport(
            portfolios=portfolio_count,
            vacancies=vacancy_count,
            seconds=time.perf_counter() - started,
        )

    def check(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {ENTRY} LIMIT 1")
        except DatabaseError as error:
            raise SearchUnavailable(str(error)) from error

    def reset(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")

    def _refresh_statistics(self) -> None:
        # The planner needs fresh statistics after a rebuild; on PostgreSQL VACUUM also
        # marks the pages all-visible, which index-only scans of the skill rows rely on.
        # VACUUM cannot run inside a transaction (tests, or a caller's atomic block).
        with connection.cursor() as cursor:
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            for table in TABLES:
                cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {table}")

    def _delete_portfolio_rows(self, portfolio_ids: list[int]) -> None:
        if not portfolio_ids:
            return
        with connection.cursor() as cursor:
            for table in (ENTRY, WORDS, AUDIENCE, SKILL, FACET):
                cursor.execute(
                    f"DELETE FROM {table} WHERE portfolio_id IN ({_placeholders(portfolio_ids)})",
                    portfolio_ids,
                )

    def _delete_vacancy_rows(self, vacancy_ids: list[int]) -> None:
        if not vacancy_ids:
            return
        with connection.cursor() as cursor:
            for table in (VACANCY, VACANCY_SKILL):
                cursor.execute(
                    f"DELETE FROM {table} WHERE vacancy_id IN ({_placeholders(vacancy_ids)})",
                    vacancy_ids,
                )

    def _insert_portfolios(self, documents: Sequence[PortfolioDocument], counts: Counter) -> None:
        """Insert the rows of these documents and add what they count for to `counts`."""
        entries, words, audiences, skills, facet_values = [], [], [], [], []
        places = _place_ids(
            {
                (doc.latitude, doc.longitude)
                for doc in documents
                if doc.latitude is not None and doc.longitude is not None
            }
        )
        for doc in documents:
            pid = doc.portfolio_id
            place_id = places.get((doc.latitude, doc.longitude))
            work_types = bitmask(doc.work_types, WORK_TYPE_BITS)
            licences = bitmask(doc.driving_licences, LICENCE_BITS)
            occupations = _words(doc.occupation_ids)
            network = AUDIENCE_NETWORK in doc.audience
            employers = AUDIENCE_EMPLOYERS in doc.audience
            entries.append(
                (
                    pid,
                    place_id,
                    doc.reach_km,
                    doc.hours_min,
                    doc.hours_max,
                    work_types,
                    licences,
                    doc.municipality,
                    doc.region,
                    occupations,
                    network,
                    employers,
                )
            )
            if doc.tokens:
                words.append((pid, _words(doc.tokens)))
            members = set(doc.member_organisation_ids)
            coached = {
                int(key.removeprefix(ORGANISATION_PREFIX))
                for key in doc.audience
                if key.startswith(ORGANISATION_PREFIX)
            }
            for organisation_id in sorted(members | coached):
                audiences.append(
                    (pid, organisation_id, organisation_id in coached, organisation_id in members)
                )
            levels: dict[int, int] = {}
            for skill in doc.skills:
                levels[skill.concept_id] = skill.level  # the last one counts, as in scoring
            facet_values.extend(
                (pid, facet, organisation_id, value)
                for facet, organisation_id, value in doc.organisation_facets
            )
            skills.extend(
                (pid, concept_id, level, place_id, network, employers)
                for concept_id, level in levels.items()
            )
            counts.update(
                _count_keys(
                    place_id=place_id,
                    network=network,
                    employers=employers,
                    coached=coached,
                    members=members,
                    values=_count_values(
                        doc.municipality,
                        doc.hours_max,
                        licences,
                        work_types,
                        levels,
                        doc.organisation_facets,
                    ),
                )
            )
        _insert(
            ENTRY,
            (
                "portfolio_id",
                "place_id",
                "reach_km",
                "hours_min",
                "hours_max",
                "work_types",
                "driving_licences",
                "municipality",
                "region",
                "occupations",
                "network",
                "employers",
            ),
            entries,
        )
        _insert(WORDS, ("portfolio_id", "tokens"), words)
        _insert(
            AUDIENCE, ("portfolio_id", "organisation_id", "coach_audience", "member"), audiences
        )
        _insert(SKILL, SKILL_COLUMNS, skills)
        _insert(FACET, ("portfolio_id", "facet", "organisation_id", "value"), facet_values)

    def _insert_vacancies(self, documents: Sequence[VacancyDocument]) -> None:
        entries, skills = [], []
        for doc in documents:
            located = doc.latitude is not None and doc.longitude is not None
            phi = math.radians(doc.latitude) if located else None
            entries.append(
                (
                    doc.vacancy_id,
                    doc.organisation_id,
                    doc.occupation_id,
                    doc.work_type,
                    doc.hours_min,
                    doc.hours_max,
                    doc.latitude if located else None,
                    doc.longitude if located else None,
                    phi,
                    math.cos(phi) if located else None,
                    doc.municipality,
                    doc.region,
                    _words(doc.tokens),
                    AUDIENCE_INTERMEDIARIES in doc.audience,
                    AUDIENCE_JOBSEEKERS in doc.audience,
                )
            )
            needs = {skill.concept_id: skill for skill in doc.skills}
            skills.extend(
                (doc.vacancy_id, s.concept_id, s.min_level, s.required) for s in needs.values()
            )
        _insert(
            VACANCY,
            (
                "vacancy_id",
                "organisation_id",
                "occupation_id",
                "work_type",
                "hours_min",
                "hours_max",
                "latitude",
                "longitude",
                "latitude_rad",
                "latitude_cos",
                "municipality",
                "region",
                "tokens",
                "for_intermediaries",
                "for_jobseekers",
            ),
            entries,
        )
        _insert(VACANCY_SKILL, ("vacancy_id", "concept_id", "min_level", "required"), skills)

    # -- candidates ----------------------------------------------------------------------

    def candidates(self, spec: CandidateSpec) -> MatchPage:
        """One statement: the matching entries once, then facets, skill counts and the page."""
        facets: dict[str, list[FacetValue]] = {name: [] for name in candidate_facet_names()}
        query = self._candidate_query(spec)
        if query is None:
            return MatchPage(hits=[], total=0, facets=facets)
        sql, params = query
        # Facet rows count the matching entries per value of a column; the bitmask
        # columns are expanded into their codes here, hours into "at least N".
        grouped: dict[str, dict] = {"m": {}, "h": {}, "l": {}, "w": {}, "s": {}}
        organisation_facet_counts: dict[str, dict[str, int]] = defaultdict(dict)
        phase_one: list[Hit] = []
        phase_two: list[Hit] = []
        for kind, text_key, int_key, count in _fetch(sql, params):
            if kind == "p":
                phase_one.append(Hit(id=int_key, score=int(count)))
            elif kind == "q":
                phase_two.append(Hit(id=int_key, score=int(count)))
            elif kind == "o":
                name, _, value = text_key.partition(" ")
                organisation_facet_counts[name][value] = count
            elif kind == "f":
                dimension, _, value = text_key.partition(" ")
                if dimension == "m":
                    grouped["m"][value] = count
                elif dimension == "o":
                    # "<org> <facet> <value>", of the viewer's one organisation.
                    _organisation, name, value = value.split(" ", 2)
                    organisation_facet_counts[name][value] = count
                else:
                    grouped[dimension][int(value)] = count
            else:
                grouped[kind][text_key if kind == "m" else int_key] = count
        wanted = spec.offset + spec.page_size
        hits = phase_one[spec.offset :] if _phase_one_suffices(phase_one, wanted) else phase_two
        facets.update(
            skills=_sorted_facet({str(key): count for key, count in grouped["s"].items()}),
            municipality=_sorted_facet({key: n for key, n in grouped["m"].items() if key}),
            hours=_sorted_facet(
                {
                    str(step): sum(
                        n
                        for hours, n in grouped["h"].items()
                        if hours is not None and hours >= step
                    )
                    for step in HOURS_STEPS
                }
            ),
            driving_licences=_bit_facet(grouped["l"], LICENCE_BITS),
            work_types=_bit_facet(grouped["w"], WORK_TYPE_BITS),
        )
        for name, counts in organisation_facet_counts.items():
            facets[name] = _sorted_facet(counts)
        total = sum(grouped["m"].values())
        return MatchPage(hits=hits, total=total, facets=facets)

    def _candidate_query(self, spec: CandidateSpec) -> tuple[str, list] | None:
        where = self._candidate_where(spec)
        if where is None:
            return None
        postgres = connection.vendor == "postgresql"
        materialized = "MATERIALIZED " if postgres else ""
        groups = _kept_count_groups(spec)
        ctes: list[str] = []
        params: list = []
        join = in_radius = ""
        if spec.location is not None:
            # Distances once per place, not per person.
            distance, distance_params = _distance("pl", spec.location)
            places = _Sql()
            if spec.filters.radius_km is not None:
                _bounding_box(places, "pl", spec.location, spec.filters.radius_km)
                join = "JOIN p ON p.place_id = {alias}.place_id"
                where.add("p.distance <= %s", spec.filters.radius_km)
                # The places inside the radius lead the entry and skill-row scans through
                # their place indexes; on PostgreSQL as an array, an index condition,
                # where IN (subquery) would be planned as a join after a full scan.
                inside = "SELECT p.place_id FROM p WHERE p.distance <= %s"
                in_radius = f" = ANY(ARRAY({inside}))" if postgres else f" IN ({inside})"
                where.add(f"e.place_id{in_radius}", spec.filters.radius_km)
            else:
                join = "LEFT JOIN p ON p.place_id = {alias}.place_id"
            ctes.append(
                f"p AS {materialized}(SELECT pl.id AS place_id, {distance} AS distance"
                f" FROM {PLACE} pl WHERE {places.joined(' AND ', '1 = 1')})"
            )
            params += [*distance_params, *places.params]
        radius_params = [spec.filters.radius_km] if in_radius else []
        other, other_params = self._candidate_other_points(spec)
        # Without a page that phase one cannot fill, PostgreSQL never computes m when the
        # kept counts give the facets and the skill rows the ranking.
        ctes.append(
            f"m AS {materialized}(SELECT e.portfolio_id, e.municipality, e.hours_max,"
            f" e.driving_licences, e.work_types, {other} AS other"
            f" FROM {ENTRY} e {join.format(alias='e')}"
            f" WHERE {where.joined(' AND ', '1 = 1')})"
        )
        params += [*other_params, *where.params]
        selects: list[tuple[str, list]] = []
        concepts = sorted({need.concept_id for need in spec.needs})
        if groups is not None:
            selects += self._kept_counts(spec, groups, concepts, in_radius)
        elif postgres:
            selects.append(
                (
                    "SELECT CASE WHEN GROUPING(m.municipality) = 0 THEN 'm'"
                    " WHEN GROUPING(m.hours_max) = 0 THEN 'h'"
                    " WHEN GROUPING(m.driving_licences) = 0 THEN 'l' ELSE 'w' END,"
                    " m.municipality, COALESCE(m.hours_max, m.driving_licences, m.work_types),"
                    " COUNT(*) FROM m GROUP BY GROUPING SETS"
                    " ((m.municipality), (m.hours_max), (m.driving_licences), (m.work_types))",
                    [],
                )
            )
        else:
            selects += [
                ("SELECT 'm', m.municipality, NULL, COUNT(*) FROM m GROUP BY m.municipality", []),
                (
                    "SELECT 'h', NULL, m.hours_max, COUNT(*) FROM m"
                    " WHERE m.hours_max IS NOT NULL GROUP BY m.hours_max",
                    [],
                ),
                (
                    "SELECT 'l', NULL, m.driving_licences, COUNT(*) FROM m"
                    " GROUP BY m.driving_licences",
                    [],
                ),
                ("SELECT 'w', NULL, m.work_types, COUNT(*) FROM m GROUP BY m.work_types", []),
            ]
        wanted = spec.offset + spec.page_size
        if concepts:
            if groups is not None:
                # Phase one from the skill rows alone: each holder's skill points, then the
                # skill-free points only for those who can still reach the page. Everyone
                # scores between their skill points and MAX_WITHOUT_SKILLS more, so nobody
                # whose skill points are more than that below the wanted-th best can.
                access = _access(spec.viewer, "s")
                points, point_params = _skill_points(spec.needs, "s")
                # Each holder's place distance comes along from the skill rows (one place
                # per person), so the few left need no second lookup of their place.
                distance = "MAX(p.distance)" if spec.location is not None else "NULL"
                ctes.append(
                    f"held AS {materialized}(SELECT s.portfolio_id, SUM({points}) AS points,"
                    f" {distance} AS distance FROM {SKILL} s {join.format(alias='s')}"
                    f" WHERE s.concept_id IN ({_placeholders(concepts)})"
                    + (f" AND s.place_id{in_radius}" if in_radius else "")
                    + f" AND ({access.joined(' OR ', '1 = 0')}) GROUP BY s.portfolio_id)"
                )
                params += [*point_params, *concepts, *radius_params, *access.params]
                ctes.append(
                    "bar AS (SELECT COALESCE((SELECT held.points FROM held"
                    f" ORDER BY held.points DESC LIMIT 1 OFFSET %s), 0)"
                    f" - {scoring.MAX_WITHOUT_SKILLS} AS points)"
                )
                params.append(wanted - 1)
                # The few left are looked up by id (on PostgreSQL as an array, an index
                # condition; a join would be planned as a scan of every entry).
                reaching = (
                    "SELECT h.portfolio_id FROM held h WHERE h.points >= (SELECT points FROM bar)"
                )
                by_id = f" = ANY(ARRAY({reaching}))" if postgres else f" IN ({reaching})"
                held_other, other_params = self._candidate_other_points(spec, "h.distance")
                ctes.append(
                    f"k AS (SELECT h.portfolio_id, h.points + {held_other} AS score FROM held h"
                    f" JOIN {ENTRY} e ON e.portfolio_id = h.portfolio_id"
                    f" WHERE e.portfolio_id{by_id})"
                )
                params += other_params
                # Phase two ranks everyone, so it needs every holder's score.
                ctes.append(
                    "everyone AS (SELECT h.portfolio_id, h.points + m.other AS score FROM held h"
                    " JOIN m ON m.portfolio_id = h.portfolio_id)"
                )
                ranked = "everyone"
            else:
                points, point_params = _skill_points(spec.needs, "j")
                # A join, not IN (SELECT ...): portfolio_id is unique in m, and the join
                # carries the skill-free points along so that k is each person's score.
                ctes.append(
                    f"j AS {materialized}(SELECT s.portfolio_id, s.concept_id, s.level, m.other"
                    f" FROM {SKILL} s JOIN m ON m.portfolio_id = s.portfolio_id"
                    f" WHERE s.concept_id IN ({_placeholders(concepts)})"
                    + (f" AND s.place_id{in_radius})" if in_radius else ")")
                )
                params += [*concepts, *radius_params]
                ctes.append(
                    f"k AS (SELECT j.portfolio_id, MAX(j.other) + SUM({points}) AS score"
                    " FROM j GROUP BY j.portfolio_id)"
                )
                params += point_params
                ranked = "k"
                if groups is None:
                    selects.append(
                        (
                            "SELECT 's', NULL, j.concept_id, COUNT(*) FROM j GROUP BY j.concept_id",
                            [],
                        )
                    )
            # Phase one: the best among people holding a needed skill.
            ctes.append(
                f"top AS {materialized}(SELECT k.portfolio_id, k.score FROM k"
                " ORDER BY k.score DESC, k.portfolio_id LIMIT %s)"
            )
            params.append(wanted)
            selects.append(("SELECT 'p', NULL, top.portfolio_id, top.score FROM top", []))
            # Phase two, only when phase one cannot fill the page (see _phase_one_suffices).
            selects.append(
                (
                    "SELECT 'q', NULL, q.portfolio_id, q.score FROM"
                    f" (SELECT m.portfolio_id, COALESCE(r.score, m.other) AS score FROM m"
                    f" LEFT JOIN {ranked} r ON r.portfolio_id = m.portfolio_id"
                    " ORDER BY score DESC, m.portfolio_id LIMIT %s OFFSET %s) q"
                    " WHERE (SELECT COUNT(*) FROM top"
                    f" WHERE top.score > {scoring.MAX_WITHOUT_SKILLS}) < %s",
                    [spec.page_size, spec.offset, wanted],
                )
            )
        else:
            selects.append(
                (
                    "SELECT 'q', NULL, q.portfolio_id, q.score FROM"
                    " (SELECT m.portfolio_id, m.other AS score FROM m"
                    " ORDER BY score DESC, m.portfolio_id LIMIT %s OFFSET %s) q",
                    [spec.page_size, spec.offset],
                )
            )
        organisations = sorted(spec.viewer.organisation_ids)
        names = [facet.name for facet in organisation_facets()]
        if groups is None and organisations and names:
            # Only the values the viewer's own organisations recorded; a person counts
            # once per value even when two of them recorded the same.
            selects.append(
                (
                    "SELECT 'o', t.facet || ' ' || t.value, NULL, COUNT(DISTINCT t.portfolio_id)"
                    f" FROM {FACET} t JOIN m ON m.portfolio_id = t.portfolio_id"
                    f" WHERE t.organisation_id IN ({_placeholders(organisations)})"
                    f" AND t.facet IN ({_placeholders(names)}) GROUP BY t.facet, t.value",
                    [*organisations, *names],
                )
            )
        sql = (
            "WITH "
            + ", ".join(ctes)
            + " "
            + " UNION ALL ".join(select for select, _params in selects)
        )
        return sql, [
            *params,
            *(param for _select, select_params in selects for param in select_params),
        ]

    def _kept_counts(
        self,
        spec: CandidateSpec,
        groups: tuple[list[str], list[str]],
        concepts: list[int],
        in_radius: str,
    ) -> list[tuple[str, list]]:
        """Total and facets as sums of `PortfolioFacetCount` over the places in the radius.

        Skills in a select of their own, so that each reads only its own index ranges
        (audience, place, dimension[, value]).
        """
        plus, minus = groups
        audiences = [*plus, *minus]
        entries, entry_params = "f.entries", []
        if minus:
            entries = (
                f"CASE WHEN f.audience IN ({_placeholders(minus)}) THEN -f.entries"
                " ELSE f.entries END"
            )
            entry_params = minus
        where = f"f.audience IN ({_placeholders(audiences)})"
        where_params: list = list(audiences)
        if in_radius:
            where += f" AND f.place_id{in_radius}"
            where_params.append(spec.filters.radius_km)
        organisations = sorted(spec.viewer.organisation_ids)
        if organisations and organisation_facets():
            # The viewer's own organisation's values only ("<org> <facet> <value>").
            wanted = [
                (
                    "f.dimension IN ('m', 'h', 'l', 'w', 'o')"
                    " AND (f.dimension <> 'o' OR f.value LIKE %s)",
                    [f"{organisations[0]} %"],
                )
            ]
        else:
            wanted = [("f.dimension IN ('m', 'h', 'l', 'w')", [])]
        if concepts:
            wanted.append(
                (
                    f"f.dimension = 's' AND f.value IN ({_placeholders(concepts)})",
                    [str(pk) for pk in concepts],
                )
            )
        return [
            (
                f"SELECT 'f', f.dimension || ' ' || f.value, CAST(NULL AS INTEGER), SUM({entries})"
                f" FROM {COUNTS} f WHERE {where} AND {condition}"
                " GROUP BY f.dimension, f.value",
                [*entry_params, *where_params, *condition_params],
            )
            for condition, condition_params in wanted
        ]

    def _candidate_where(self, spec: CandidateSpec) -> _Sql | None:
        """Access and filters on the entry `e`; None when the viewer may see nobody."""
        viewer, filters = spec.viewer, spec.filters
        organisations = sorted(viewer.organisation_ids)
        access = _access(viewer, "e")
        if not access.parts:
            return None
        where = _Sql()
        where.add("(" + access.joined(" OR ", "") + ")", *access.params)
        if filters.only_complete:
            for need in spec.required:
                where.add(
                    f"e.portfolio_id IN (SELECT s.portfolio_id FROM {SKILL} s"
                    " WHERE s.concept_id = %s AND s.level >= %s)",
                    need.concept_id,
                    need.min_level,
                )
        for concept_id in sorted(filters.skill_ids):
            where.add(
                f"e.portfolio_id IN (SELECT s.portfolio_id FROM {SKILL} s WHERE s.concept_id = %s)",
                concept_id,
            )
        if filters.municipalities:
            municipalities = sorted(filters.municipalities)
            where.add(f"e.municipality IN ({_placeholders(municipalities)})", *municipalities)
        if filters.min_hours is not None:
            where.add("e.hours_max >= %s", filters.min_hours)
        if filters.driving_licences:
            mask = bitmask(filters.driving_licences, LICENCE_BITS)
            where.add("(e.driving_licences & %s) = %s", mask, mask)
        if filters.work_types:
            where.add("(e.work_types & %s) <> 0", bitmask(filters.work_types, WORK_TYPE_BITS))
        for name, values in filters.organisation_facet_choices().items():
            if not organisations:
                # Values other organisations recorded are not the viewer's to narrow on.
                where.add("1 = 0")
                break
            where.add(
                f"e.portfolio_id IN (SELECT t.portfolio_id FROM {FACET} t"
                f" WHERE t.organisation_id IN ({_placeholders(organisations)})"
                f" AND t.facet = %s AND t.value IN ({_placeholders(values)}))",
                *organisations,
                name,
                *values,
            )
        return where

    def _candidate_other_points(
        self, spec: CandidateSpec, distance: str = "p.distance"
    ) -> tuple[str, list]:
        """The skill-free parts of the score of entry `e` at `distance`, as one sum."""
        terms: list[str] = []
        params: list = []
        if spec.location is not None:
            terms.append(
                f"CASE WHEN {distance} <= e.reach_km THEN {scoring.WITHIN_REACH} ELSE 0 END"
            )
        hours, hours_params = _hours_fit("e", spec.hours_min, spec.hours_max)
        terms.append(hours)
        params += hours_params
        if spec.work_type in WORK_TYPE_BITS:
            terms.append(
                f"CASE WHEN (e.work_types & %s) <> 0 THEN {scoring.WORK_TYPE_WISHED} ELSE 0 END"
            )
            params.append(WORK_TYPE_BITS[spec.work_type])
        if spec.occupation_id is not None:
            terms.append(
                f"CASE WHEN e.occupations LIKE %s THEN {scoring.OCCUPATION_WISHED} ELSE 0 END"
            )
            params.append(f"% {spec.occupation_id} %")
        if spec.text:
            found, found_params = _words_found("w.tokens", spec.text)
            terms.append(
                f"COALESCE((SELECT {found} FROM {WORDS} w WHERE w.portfolio_id = e.portfolio_id), 0)"
            )
            params += found_params
        return " + ".join(terms), params

    # -- vacancies -----------------------------------------------------------------------

    def vacancies(self, spec: VacancySpec) -> MatchPage:
        held = {skill.concept_id: skill.level for skill in spec.skills}
        filters = spec.filters
        where = _Sql()
        where.add("v.for_intermediaries")
        if spec.location is not None and filters.radius_km is not None:
            _bounding_box(where, "v", spec.location, filters.radius_km)
            distance, params = _distance("v", spec.location, row_is_person=False)
            where.add(f"{distance} <= %s", *params, filters.radius_km)
        if filters.only_complete:
            met = _Sql()
            for concept_id, level in held.items():
                met.add("(r.concept_id = %s AND r.min_level <= %s)", concept_id, level)
            where.add(
                f"NOT EXISTS (SELECT 1 FROM {VACANCY_SKILL} r WHERE r.vacancy_id = v.vacancy_id"
                f" AND r.required AND NOT ({met.joined(' OR ', '1 = 0')}))",
                *met.params,
            )
        if filters.municipalities:
            municipalities = sorted(filters.municipalities)
            where.add(f"v.municipality IN ({_placeholders(municipalities)})", *municipalities)
        if filters.work_types:
            work_types = sorted(filters.work_types)
            where.add(f"v.work_type IN ({_placeholders(work_types)})", *work_types)
        conditions = where.joined(" AND ", "1 = 1")

        rows = _fetch(
            f"SELECT v.municipality, v.work_type, COUNT(*) FROM {VACANCY} v"
            f" WHERE {conditions} GROUP BY v.municipality, v.work_type",
            where.params,
        )
        total = sum(count for _, _, count in rows)
        municipality: dict[str, int] = defaultdict(int)
        work_types: dict[str, int] = defaultdict(int)
        for place, work_type, count in rows:
            if place:
                municipality[place] += count
            if work_type:
                work_types[work_type] += count
        facets = {
            "municipality": _sorted_facet(municipality),
            "work_types": _sorted_facet(work_types),
        }
        if not total:
            return MatchPage(hits=[], total=0, facets=facets)

        other, other_params = self._vacancy_other_points(spec)
        skill_sql, skill_params = "0", []
        if held:
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
            skill_sql = (
                f"COALESCE((SELECT SUM(CASE {' '.join(cases)} ELSE 0 END) FROM {VACANCY_SKILL} r"
                f" WHERE r.vacancy_id = v.vacancy_id AND r.concept_id IN"
                f" ({_placeholders(concepts)})), 0)"
            )
            skill_params = [*case_params, *concepts]
        rows = _fetch(
            f"SELECT v.vacancy_id, {other} + {skill_sql} AS score FROM {VACANCY} v"
            f" WHERE {conditions} ORDER BY score DESC, v.vacancy_id LIMIT %s OFFSET %s",
            [*other_params, *skill_params, *where.params, spec.page_size, spec.offset],
        )
        hits = [Hit(id=vid, score=int(score)) for vid, score in rows]
        return MatchPage(hits=hits, total=total, facets=facets)

    def _vacancy_other_points(self, spec: VacancySpec) -> tuple[str, list]:
        terms: list[str] = []
        params: list = []
        if spec.location is not None and spec.reach_km is not None:
            distance, distance_params = _distance("v", spec.location, row_is_person=False)
            terms.append(
                f"CASE WHEN v.latitude IS NOT NULL AND {distance} <= %s"
                f" THEN {scoring.WITHIN_REACH} ELSE 0 END"
            )
            params += [*distance_params, spec.reach_km]
        hours, hours_params = _hours_fit("v", spec.hours_min, spec.hours_max)
        terms.append(hours)
        params += hours_params
        work_types = sorted(spec.work_types)
        if work_types:
            terms.append(
                f"CASE WHEN v.work_type IN ({_placeholders(work_types)})"
                f" THEN {scoring.WORK_TYPE_WISHED} ELSE 0 END"
            )
            params += work_types
        occupations = sorted(spec.occupation_ids)
        if occupations:
            terms.append(
                f"CASE WHEN v.occupation_id IN ({_placeholders(occupations)})"
                f" THEN {scoring.OCCUPATION_WISHED} ELSE 0 END"
            )
            params += occupations
        found, found_params = _words_found("v.tokens", spec.text)
        terms.append(found)
        params += found_params
        return " + ".join(terms), params


def _place_ids(points: set[tuple[float, float]]) -> dict[tuple[float, float], int]:
    """The place id of every point, adding the places not seen before."""
    if not points:
        return {}

    def known() -> dict[tuple[float, float], int]:
        rows = Place.objects.filter(latitude__in={lat for lat, _ in points}).values_list(
            "latitude", "longitude", "pk"
        )
        return {(lat, lon): pk for lat, lon, pk in rows if (lat, lon) in points}

    ids = known()
    missing = points - ids.keys()
    if missing:
        # ignore_conflicts: a concurrent task may add the same place first.
        Place.objects.bulk_create(
            [
                Place(
                    latitude=lat,
                    longitude=lon,
                    latitude_rad=math.radians(lat),
                    latitude_cos=math.cos(math.radians(lat)),
                )
                for lat, lon in missing
            ],
            ignore_conflicts=True,
        )
        ids = known()
    return ids


def _fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _insert(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Many rows at once: COPY on PostgreSQL, one prepared INSERT on SQLite."""
    if not rows:
        return
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({_placeholders(columns)})",
                rows,
            )
