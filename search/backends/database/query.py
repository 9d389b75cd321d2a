"""The statements of a search: a candidate search in one statement, a vacancy search in two.

Runs on PostgreSQL and SQLite with the same SQL (both have the math functions on
Django connections, bitwise AND and LIKE), apart from two PostgreSQL-only forms
that pay off there. A candidate search reads only the index tables, in one
statement whatever the page or data size (`CandidateQuery`; without a radius, after
one read of the kept counts, `_add_complete_page`):

1. the matching entries once (`m`): when the person's reach is a must, only those
   whose reach covers the distance from their place, one range of the (place, reach)
   index per place within the radius, or without one within the farthest reach anyone
   stated;
   otherwise, with a radius, the entries of the places inside it, read from the
   covering place index (PostgreSQL: an index-only scan, the place ids as an array
   so that they are an index condition); counted matches on PostgreSQL without their
   place and skill-free points, which `scored` reads again only for phase two;
2. totals and facets from `m` (PostgreSQL: one pass with GROUPING SETS; SQLite: one
   GROUP BY per facet); the "skills" facet from the needed concepts' skill rows of
   the matching entries, read from the covering (concept, place) index. On PostgreSQL,
   counted matches that the filters and musts leave few people out of (by the kept
   counts' estimate, `kept_share`) are counted as everyone less those left out (`c`),
   and `m` is read only when more are left out than OUTSIDE_AT_MOST lets;
3. the page. A vacancy's search whose musts narrow, and on PostgreSQL any search
   within a radius (`_ranks_among_matches`), ranks it in two phases: someone
   without any needed skill scores at most `max_other_points` (the skill-free
   points this search can award), so the page is first ranked among those who
   hold a needed skill (their skill rows joined to `m`, on PostgreSQL read from the
   skill codes of their entries when they are few); only when fewer of them
   than the page needs score above that bound is it ranked again over every match.
   Other searches match thousands everywhere: phase one reads every holder's skill
   rows by skill, each tested against a hash of `m`, and looks up the entries of only
   those whose skill points leave them a chance at the page (as below, `counted`).

A search narrowed by nothing but the radius (a widened must narrows nothing), by the
staff of organisations, the network or an employer (the common first look at a
vacancy), reads no entry per match: the total and facets are sums of the counts kept
ahead (`counts`; without a radius those of every place added up; within one the
"skills" facet counts skill rows: those phase one reads anyway, or of a widened search
only the asked skills' rows), and phase one takes each holder's skill points
from the skill rows alone (within a radius read by the grid cells around it, `grid`:
one index range per skill and cell, not per skill and place), then the skill-free
points of only those whose skill points leave them a chance at the page (everyone
scores between their skill points and `max_other_points` more).
`m` is then computed only when phase two needs it. Without a radius (a free search
reaches every holder), the people earning the most anyone can are sought first, most
recent first, among the holders of the rarest asked skill (`_add_complete_page`):
when enough of them fill the page, nothing else is ranked; so too among the holders in
counted matches `m`, unless the person's own reach narrows them. A widened search ranks
the people meeting every must on their own first (`_add_met_page`): read as a search
that does not widen them reads its matches, or, when other musts narrow, from the
counted matches; the others, who rank below all of them, only when they do not fill the
page.

Distance is a bounding box on the indexed latitude and longitude first, then the
haversine of `portal.geo.distance_km` (`expressions.distance`), computed once per
place, not per person.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ... import scoring
from ...extensions import organisation_facets
from ...models import (
    LICENCE_BITS,
    NO_REACH_LIMIT,
    SKILL_CODE_LEVELS,
    WORK_TYPE_BITS,
    skill_code,
)
from ...spec import CandidateSpec, Must, SkillNeed, VacancySpec
from .counts import (
    Everywhere,
    audience_groups,
    everywhere_counts,
    kept_count_groups,
    kept_count_selects,
    kept_share,
    overlap_counts,
    skill_holders,
)
from .expressions import (
    access,
    bounding_box,
    box_cells,
    candidate_other_points,
    credited_concepts,
    distance,
    holds_every_bit,
    max_other_points,
    musts_met,
    skill_points,
    vacancy_musts_met,
    vacancy_other_points,
    vacancy_skill_points,
    words_points,
)
from .sql import (
    ENTRY,
    FACET,
    PLACE,
    SKILL,
    VACANCY,
    VACANCY_SKILL,
    Sql,
    bitmask,
    placeholders,
    whole_numbers,
)

# The distance from place `p` in whole kilometres rounded up, as a reach covers it.
CEILED = "CAST(CEILING(p.distance) AS INTEGER)"
# The farthest reach a person stated, read from the reach index. NO_REACH_LIMIT is written
# into the SQL, not passed as a parameter, so that SQLite's planner sees how rare it is.
FARTHEST_REACH = (
    f"(SELECT COALESCE(MAX(x.reach_limit_km), 0) FROM {ENTRY} x"
    f" WHERE x.reach_limit_km < {NO_REACH_LIMIT})"
)

# Matches from which, within a radius of MANY_MATCHES_RADIUS_KM, the skill rows of the
# radius joined by hash beat a lookup per match (measured on the 100k demo: 8 µs a lookup
# by primary key, against about 7 ms to read and hash the skill rows of the radius; 700 to
# 1,500 did equally, and 2,500 still did once the lookups read the covering (portfolio,
# concept) index). A wider radius has more skill rows, so it takes more (`_many_matches`).
MANY_MATCHES = 1000
MANY_MATCHES_RADIUS_KM = 25
# The least holders of the rarest asked skill, per place on the page, among whom the people
# earning the most are sought when that includes skill-free points (`_add_complete_page`).
# Measured with a place: at 100k about 1 in 50 of them earned every point (the page filled
# for 18 of 20 bench vacancies, 900 to 2,000 holders each); at 10k (100 to 270) it filled for
# 1 in 20, and the search that found too few cost 3 ms of 9.
HOLDERS_PER_PLACE = 25
# The most entries per place on the page that a search asking no skill reads, most recent
# first, for the people earning every skill-free point (`CandidateQuery._add_recent_page`).
# A place alone at 100k: with 20 the page filled for 12 of 20 bench vacancies, with 60 for
# all 20 (statement sums 26 to 43 % less than with 20; 150 did no better). At 10k with 60
# it fills for 12 to 20 of them.
RECENT_WALK = 60
# Asked skills per column of bits in which `held` records which of them a holder has: the
# bits of a 32-bit integer short of the sign bit, so that PostgreSQL sums them as bigints
# (a sum of bigints is numeric, which has no &).
HELD_BITS = 31
# The share of everyone a viewer may find whom counted matches must leave out at most for
# the total and facets to be counted as everyone less those (`CandidateQuery._add_outside`).
# Counted matches are most of everyone when the filters ask little (at least 24 hours, paid
# work, starting within a month): on the 100k bench 26,000 to 29,000 of 35,000. Counting
# the 7,000 to 9,000 left out took 21 to 36 % less than counting the matches (statement
# sums over 20 bench vacancies); counting either costs about as much per person.
OUTSIDE_AT_MOST = 0.5


def candidate_query(spec: CandidateSpec) -> tuple[str, list] | None:
    """The one statement of a candidate search; None when the viewer may see nobody.

    Its rows are (kind, text key, integer key, number): 'm', 'h', 'l', 'k', 's' and
    'f' facet counts, 'o' organisation facet counts, 'p' phase-one and 'q'
    phase-two hits (id, score); `reads.candidates` reads them.
    """
    where = candidate_where(spec)
    if where is None:
        return None
    return CandidateQuery(spec, where).statement()


def candidate_where(spec: CandidateSpec) -> Sql | None:
    """Access and filters on the entry `e`; None when the viewer may see nobody."""
    allowed = access(spec.viewer, "e")
    if not allowed.parts:
        return None
    where = Sql()
    where.add("(" + allowed.joined(" OR ", "") + ")", *allowed.params)
    where.extend(candidate_filters(spec))
    return where


def candidate_filters(spec: CandidateSpec) -> Sql:
    """The filters and narrowing musts on the entry `e` (`candidate_where` without access)."""
    viewer, filters = spec.viewer, spec.filters
    organisations = sorted(viewer.organisation_ids)
    where = Sql()
    if filters.only_complete and spec.required:
        cells = (
            box_cells(spec.location, filters.radius_km)
            if spec.location is not None and filters.radius_km is not None
            else None
        )
        holds, holds_params = holds_every_need(spec.required, cells)
        where.add(holds, *holds_params)
    for concept_id in sorted(filters.skill_ids):
        where.add(
            f"e.portfolio_id IN (SELECT s.portfolio_id FROM {SKILL} s WHERE s.concept_id = %s)",
            concept_id,
        )
    if filters.municipalities:
        municipalities = sorted(filters.municipalities)
        where.add(f"e.municipality IN ({placeholders(municipalities)})", *municipalities)
    if filters.min_hours is not None:
        where.add("e.hours_max >= %s", filters.min_hours)
    if filters.driving_licences:
        bits, bits_params = holds_every_bit(
            "e.driving_licences", bitmask(filters.driving_licences, LICENCE_BITS)
        )
        where.add(bits, *bits_params)
    if filters.work_types:
        where.add("(e.work_types & %s) <> 0", bitmask(filters.work_types, WORK_TYPE_BITS))
    # The licences narrow through `filters` (`spec.candidate_spec`), the other musts here.
    narrowing = spec.narrowing_musts - {Must.LICENCES}
    if narrowing:
        met, met_params = musts_met(spec, narrowing)
        where.add(met, *met_params)
    for name, values in filters.organisation_facet_choices().items():
        if not organisations:
            # Values other organisations recorded are not the viewer's to narrow on.
            where.add("1 = 0")
            break
        chosen = (
            f"SELECT t.portfolio_id FROM {FACET} t"
            f" WHERE t.organisation_id IN ({placeholders(organisations)})"
            f" AND t.facet = %s AND t.value IN ({placeholders(values)})"
        )
        # At most the viewer's own organisations' people: on PostgreSQL looked up by
        # id (an array is an index condition), where IN (subquery) scanned every entry.
        by_id = (
            f" = ANY(ARRAY({chosen}))" if connection.vendor == "postgresql" else f" IN ({chosen})"
        )
        where.add(
            f"e.portfolio_id{by_id}",
            *organisations,
            name,
            *values,
        )
    return where


def holds_every_need(needs: Sequence[SkillNeed], cells: list[int] | None) -> tuple[str, list]:
    """The condition that the person of entry `e` holds every one of `needs` at its level,
    the asked skill or a narrower one (both count as having it), and its parameters;
    `cells`: the grid cells around the radius (`box_cells`), or None.

    On PostgreSQL the people holding them all are one array, read before the entries
    (their ids then an index condition), by a subquery planned on its own, within the
    cells around the radius: as a semi-join of the entries per need the planner weighed
    every order of joining them with the entries and their places (on the 100k bench,
    for a vacancy of five required skills, planning took 10 ms and running 23).
    """
    conditions = []
    for need in needs:
        having = sorted(
            option.concept_id for option in need.options() if option.relation in scoring.COMPLETES
        )
        conditions.append(
            (
                f"s.concept_id IN ({placeholders(having)}) AND s.level >= %s",
                [*having, need.min_level],
            )
        )
    if connection.vendor != "postgresql":
        where = Sql()
        for condition, params in conditions:
            where.add(
                f"e.portfolio_id IN (SELECT s.portfolio_id FROM {SKILL} s WHERE {condition})",
                *params,
            )
        return where.joined(" AND ", "1 = 1"), where.params
    within = in_cells(cells) if cells is not None else ""
    (first, first_params), *others = conditions
    inner = "".join(
        f" AND s.portfolio_id IN (SELECT s.portfolio_id FROM {SKILL} s WHERE {condition}{within})"
        for condition, _params in others
    )
    return (
        f"e.portfolio_id = ANY(ARRAY(SELECT s.portfolio_id FROM {SKILL} s"
        f" WHERE {first}{within}{inner}))",
        [
            *first_params,
            *(value for _condition, params in others for value in params),
        ],
    )


def codes_at_least(concepts: Sequence[int], level: int) -> str:
    """The skill codes (`search.models.skill_code`) of `concepts` at `level` or above,
    written into the statement (`whole_numbers`)."""
    return whole_numbers(
        skill_code(concept_id, held)
        for concept_id in concepts
        for held in range(level, SKILL_CODE_LEVELS)
    )


def in_cells(cells: list[int]) -> str:
    """The condition that narrows skill rows `s` to `cells` (around a radius), the cells
    written into the statement (`whole_numbers`): on PostgreSQL one array literal. As a
    placeholder per cell the driver parsed 1,057 of them for a widened search within
    100 km (270 cells, read in up to three places); as one list parameter it dumped the
    list on every search (0.36 ms per read)."""
    if connection.vendor == "postgresql":
        return f" AND s.cell = ANY('{{{whole_numbers(cells)}}}'::integer[])"
    return f" AND s.cell IN ({whole_numbers(cells)})"


def in_hash_of(column: str, relation: str) -> str:
    """The condition that `column` is a portfolio id of `relation` (a CTE of this
    statement), tested against a hash of it. IS TRUE keeps PostgreSQL from planning the
    IN as a join from the one row it expects of a CTE, which it ran as a lookup per row
    of the CTE or a loop over thousands (8 ms for 8,000 matches, against 2 hashed)."""
    return f"({column} IN (SELECT {relation}.portfolio_id FROM {relation})) IS TRUE"


def _grouping_sets(relation: str, counted: str) -> str:
    """The select of the municipality, hours, licences and work types facets over
    `relation` in one pass (PostgreSQL's GROUPING SETS); `counted`: its "COUNT(*) FROM",
    the relation and any condition."""
    r = relation
    return (
        f"SELECT CASE WHEN GROUPING({r}.municipality) = 0 THEN 'm'"
        f" WHEN GROUPING({r}.hours_max) = 0 THEN 'h'"
        f" WHEN GROUPING({r}.driving_licences) = 0 THEN 'l' ELSE 'k' END,"
        f" {r}.municipality, COALESCE({r}.hours_max, {r}.driving_licences, {r}.work_types),"
        f" {counted} GROUP BY GROUPING SETS (({r}.municipality), ({r}.hours_max),"
        f" ({r}.driving_licences), ({r}.work_types))"
    )


class CandidateQuery:
    """The candidate statement under construction: named subqueries (WITH ...), then
    the selects of its rows, joined by UNION ALL.

    Each step adds its parts in statement order, each part with its own parameters,
    so that no step needs to know where another's parameters go. One per search
    (`candidate_query`): `statement` builds it once.
    """

    def __init__(self, spec: CandidateSpec, where: Sql) -> None:
        self.spec = spec
        # Access and filters on the entry `e` (`candidate_where`); the radius adds to them.
        self.where = where
        self.postgres = connection.vendor == "postgresql"
        self.materialized = "MATERIALIZED " if self.postgres else ""
        # The kept-count groups that give the total and facets, or None: count `m`.
        self.groups = kept_count_groups(spec)
        # The asked skills (their facet), and every skill that earns credit for one.
        self.concepts = sorted({need.concept_id for need in spec.needs})
        self.credited = credited_concepts(spec.needs)
        self.wanted = spec.offset + spec.page_size
        # The most skill-free points anyone can add (`max_other_points`), and someone
        # missing a widened must: MUSTS_MET less.
        self.most_other = max_other_points(spec)
        self.most_other_unmet = self.most_other - (scoring.MUSTS_MET if spec.widened_musts else 0)
        # How the entry `e` joins the distance of its place as `p` (SQL, parameters),
        # and the condition on a place id inside the radius; both empty without a
        # location, the second without a radius.
        self.join: tuple[str, list] = ("", [])
        self.in_radius = ""
        # Whether the page is ranked among the matching holders of a needed skill
        # (`_ranks_among_matches`); then `m` leaves the words found out of the skill-free
        # points, for the page to look them up only for holders who can reach it.
        self.among_matches = bool(
            self.concepts and self.groups is None and self._ranks_among_matches()
        )
        self.words_later = self.among_matches and bool(spec.text)
        # Whether the people meeting every must of a widened search are ranked first, on
        # their own (`_add_met_page`), so that nobody else need be ranked when they fill
        # the page: unless the matches are ranked by joining them to their skill rows,
        # which ranks them all at the cost of one lookup each anyway.
        self.met_first = bool(spec.widened_musts and self.concepts and not self.among_matches)
        # With the person's reach as a must, the entries are read place by place, only
        # those whose reach covers it (`_entries_within_reach`); those of `m`, or without
        # a radius only those meeting every must of a widened search.
        self.by_reach = False
        self.met_by_reach = False
        # The grid cells around the radius (`grid`), which narrow the skill rows that
        # phase one reads; None without a radius, or when a radius spans too many.
        self.cells: list[int] | None = None
        # The condition under which the page is known before any ranking of holders
        # (`_add_complete_page`); then nothing else is ranked. Empty: never.
        self.page_known = ""
        # Whether `m` leaves the place and skill-free points to `scored` (`_add_matches`).
        self.scored_later = False
        # The condition under which everyone the viewer may find, less the few whom the
        # filters and musts leave out (`c`), gives the total and facets (`_add_outside`),
        # and `m` is never read; empty: `m` counts them. `everyone`: the kept-count groups
        # of everyone the viewer may find, then.
        self.few_outside = ""
        self.everyone: tuple[list[str], list[str]] = ([], [])
        # The kept counts of EVERYWHERE (`_kept_everywhere`), once read.
        self.everywhere: Everywhere | None = None
        # The relations that carry each person's skill codes (`_credited_rows_of`).
        self.with_codes: set[str] = set()
        self.ctes: list[tuple[str, list]] = []
        self.selects: list[tuple[str, list]] = []

    def statement(self) -> tuple[str, list]:
        """The SQL and its parameters."""
        if self.spec.location is not None:
            self._add_places()
        # Of a widened search, those earning the most are among the people meeting every
        # must, whom `met_first` ranks anyway (the search at 100k: 7 ms saved).
        no_radius = self.spec.filters.radius_km is None
        if self.concepts and self.groups is not None and no_radius and not self.met_first:
            self.page_known = self._add_complete_page(self.groups)
        counted = bool(self.concepts and self.groups is None and not self.among_matches)
        self.scored_later = (
            self.postgres
            and counted
            and not (self.met_first or self.in_radius or self._names_few_people)
        )
        if self._walks_recent_first(no_radius):
            self.page_known = self._add_recent_page()
        self._add_matches()
        # Counted matches: those earning the most are sought among the holders in `m`,
        # unless their own reach leaves few of them: then the holders of a skill are
        # mostly out of reach, and the walk reads them all in vain.
        narrow = Must.REACH in self.spec.narrowing_musts
        if counted and no_radius and not (self.met_first or narrow):
            groups = audience_groups(self.spec.viewer)
            if groups is not None:
                self.page_known = self._add_complete_page(groups, counted=True)
        self._add_facets()
        if self.concepts and self.groups is not None:
            # Of a widened search, phase one has everyone meeting every must (`met_first`).
            self._add_two_phase_page(*self._rank_holders_from_skill_rows(), self.most_other_unmet)
        elif self.among_matches:
            self._add_two_phase_page(*self._rank_holders_among_matches(), self.most_other)
        elif counted:
            # Counted matches (`m`): ranked among their holders of a needed skill too.
            self._add_two_phase_page(
                *self._rank_holders_from_skill_rows(counted=True), self.most_other_unmet
            )
        else:
            self._add_page()
        if self.groups is None or len(self.spec.viewer.organisation_ids) > 1:
            self._add_organisation_facets()
        sql = (
            "WITH "
            + ", ".join(cte for cte, _params in self.ctes)
            + " "
            + " UNION ALL ".join(select for select, _params in self.selects)
        )
        return sql, [param for _sql, params in (*self.ctes, *self.selects) for param in params]

    def _ranks_among_matches(self) -> bool:
        """Whether the page is ranked among the matching holders of a needed skill, their
        skill rows joined to `m` (`_rank_holders_among_matches`), rather than from every
        visible holder's skill rows, read by skill (`_rank_holders_from_skill_rows`).

        So when the matches are few, or lie within a radius: a vacancy's search whose
        musts narrow (the person's own travel distance among them, with the vacancy's
        hours and work type) leaves 726 of the 8,067 people a coach may find within
        25 km on the 100k bench; and within a radius PostgreSQL joins many matches to
        the skill rows of the radius by hash. A free search with only hours leaves
        6,000 within 25 km, the search with every must widened 8,067: there the join
        took 26 and 20 ms p50 where a grouping of every match with every holder's skill
        rows (ranking them all, as counted matches were once) took 33 and 24. The
        planner cannot tell few from many (it expects a handful either way), so the
        shape is chosen here.
        """
        spec = self.spec
        if spec.location is None:
            return False
        within_radius = self.postgres and spec.filters.radius_km is not None
        return Must.REACH in spec.narrowing_musts or within_radius

    @property
    def _many_matches(self) -> int:
        """Matches from which the skill rows of the radius, joined by hash, cost less than
        a lookup per match (MANY_MATCHES at 25 km), growing with the radius's area. At
        100 km the lookups of 3,400 matches took 10 ms, reading and joining the radius's
        22,000 skill rows 20. Measured on the 100k bench (p95): at 50 km 34 ms with the
        threshold of 25 km, 35 with one growing with the radius, 27 to 29 with one growing
        with its area; at 100 km 31, 33 and 29.5."""
        radius_km = self.spec.filters.radius_km or MANY_MATCHES_RADIUS_KM
        return round(MANY_MATCHES * max(1.0, (radius_km / MANY_MATCHES_RADIUS_KM) ** 2))

    @property
    def _may_match_many(self) -> bool:
        """Whether matches ranked among their holders may be many (`_ranks_among_matches`):
        within a radius, unless only those within their own reach match. Those are few, as
        without a radius, and each one's skills are read from their skill codes alone:
        statement sums over 20 bench vacancies 6 to 16 % less at 100k within 25 and 100 km
        than with a branch for many matches planned but never run. With the branch, the
        skill codes made a free search with at least 24 hours take 7 % longer."""
        return self.in_radius and Must.REACH not in self.spec.narrowing_musts

    @property
    def _skills_counted_ahead(self) -> bool:
        """Whether the kept counts give the "skills" facet (with the others): not within
        a radius, where the skill rows count them. The kept counts hold each skill per
        place, one index range per audience, place and skill: at 100 km on the 10k bench,
        14 ms of a widened search's 31 went into the 4,800 ranges of its 6 skills."""
        return not self.in_radius

    def _reach_leads(self, musts: frozenset[Must]) -> bool:
        """Whether the person's reach is what narrows the entries most: one of `musts`, and
        no filter that names few people, from which the entries are better read by id."""
        return Must.REACH in musts and not self._names_few_people

    @property
    def _names_few_people(self) -> bool:
        """Whether a filter names few people by a subquery: only complete, a skill, an
        organisation's facet."""
        filters = self.spec.filters
        return bool(
            filters.only_complete or filters.skill_ids or filters.organisation_facet_choices()
        )

    def _in_cells(self) -> str:
        """The condition that narrows skill rows `s` to the cells around the radius."""
        return "" if self.cells is None else in_cells(self.cells)

    def _entry_by_id(self, holder: str = "h") -> tuple[str, list]:
        """FROM the entry `e` of the holder `holder`, with the distance of its place as `p`."""
        if self.spec.location is None:
            return f"FROM {ENTRY} e WHERE e.portfolio_id = {holder}.portfolio_id", []
        join, params = self._place_of_entry()
        return f"FROM {ENTRY} e {join} WHERE e.portfolio_id = {holder}.portfolio_id", params

    def _place_of_entry(self) -> tuple[str, list]:
        """LEFT JOIN the distance of the place of entry `e` as `p`, looked up in the place
        table (an index lookup or one hash of it, as the planner sees fit)."""
        sql, params = distance("pl", self.spec.location)
        return (
            f"LEFT JOIN (SELECT pl.id AS place_id, {sql} AS distance FROM {PLACE} pl) p"
            " ON p.place_id = e.place_id",
            params,
        )

    @property
    def _radius_params(self) -> list:
        return [self.spec.filters.radius_km] if self.in_radius else []

    def _read_if_page_known(self, known: bool) -> str:
        """The start of a FROM that reads nothing unless the page is `known` before any
        ranking of holders (`page_known`), or unless it is not.

        SQLite reads a CTE before it tests a condition on it, and tests a condition
        with a subquery row by row; but it runs the left of a CROSS JOIN as the outer
        loop, so an empty one-row relation there stops the read before it begins
        (14 ms to 2 ms for the free search at 10k). PostgreSQL tests such a condition
        once, before it reads."""
        if not self.page_known or self.postgres:
            return ""
        negation = "" if known else "NOT "
        return f"(SELECT 1 AS page WHERE {negation}{self.page_known}) page CROSS JOIN "

    def _add_places(self) -> None:
        """`p`: the distance of every place inside the radius, once per place, not per
        person; whether the entries, or those meeting every must of a widened search
        (`_add_met_page`), are read by reach (`_entries_within_reach`). Without a radius:
        of every place when they are. Entries read otherwise join their own place
        (`_place_of_entry`), with or without a radius, as a stored list of places was
        scanned once per entry when the planner expected few entries."""
        spec = self.spec
        sql, params = distance("pl", spec.location)
        # Within a radius too: the reach narrows more than the radius does, the wider the
        # radius the more. On the 100k bench, summed over 10 vacancies, the statements
        # took 427 ms read by radius against 357 by reach at 100 km, 488 against 352 at
        # 200, the same at 25; the people meeting every must of a widened search at 100 km
        # 834 against 766. Counted matches (`m`) hold those people already.
        self.by_reach = self._reach_leads(spec.narrowing_musts)
        self.met_by_reach = (
            self.met_first and self.groups is not None and self._reach_leads(spec.musts)
        )
        if spec.filters.radius_km is None:
            if not self.by_reach:
                self.join = self._place_of_entry()
            if not (self.by_reach or self.met_by_reach):
                return
            self.ctes.append(
                (
                    f"p AS {self.materialized}(SELECT pl.id AS place_id, {sql} AS distance"
                    f" FROM {PLACE} pl)",
                    params,
                )
            )
            return
        places = Sql()
        bounding_box(places, "pl", spec.location, spec.filters.radius_km)
        # The place table, not `p`: joined to `p`, entries the planner expected one of (a
        # licence filter; 3,561 found at 100k) were read in a loop that scanned `p` once
        # per entry (35 ms of a 41 ms free search within 25 km).
        self.join = self._place_of_entry()
        self.where.add("p.distance <= %s", spec.filters.radius_km)
        # The places inside the radius lead the entry and skill-row scans through
        # their place indexes; on PostgreSQL as an array, an index condition,
        # where IN (subquery) would be planned as a join after a full scan.
        inside = "SELECT p.place_id FROM p WHERE p.distance <= %s"
        self.in_radius = f" = ANY(ARRAY({inside}))" if self.postgres else f" IN ({inside})"
        self.where.add(f"e.place_id{self.in_radius}", spec.filters.radius_km)
        self.cells = box_cells(spec.location, spec.filters.radius_km)
        self.ctes.append(
            (
                f"p AS {self.materialized}(SELECT pl.id AS place_id, {sql} AS distance"
                f" FROM {PLACE} pl WHERE {places.joined(' AND ', '1 = 1')})",
                [*params, *places.params],
            )
        )

    def _add_matches(self) -> None:
        """`m`: every matching entry once, with its skill-free points; when `scored_later`,
        without them, and `scored` every match again with them, for phase two alone.

        Counted matches are ranked among their holders, each looked up for their
        skill-free points (`_rank_holders_from_skill_rows`): only phase two, which runs
        when those cannot fill the page, reads everyone's. Their place and points took
        6 of the 23 ms that `m` took for a free search with at least 24 hours at 100k.
        Not when a filter names few people (`_names_few_people`): their `m` is small, and
        planning its subqueries twice made "only complete" take a quarter longer at 10k;
        nor where `m` must rank those meeting every must (`met_first`) or within a radius;
        nor on SQLite, where the counted free searches took 18 % longer so at 10k.
        """
        other, other_params = candidate_other_points(self.spec, words=not self.words_later)
        columns = (
            "SELECT e.portfolio_id, e.municipality, e.hours_max, e.driving_licences,"
            " e.work_types, e.updated_at"
        )
        if self.postgres and self.among_matches and not self._may_match_many:
            columns += ", e.skill_codes"
            self.with_codes.add("m")
        codes, codes_params = "", []
        if self.postgres and self.met_first and self.groups is None and self.cells is None:
            # The skill codes of only those meeting every must (`met`), whose skills
            # `_add_met_page` reads: all 14,000 to 21,000 matches' codes cost 1.8 % more, the
            # met's alone 2.4 to 3 % less than a lookup per met person ("widen only the
            # reach" at 100k, statement sums over 20 bench vacancies).
            met, codes_params = musts_met(self.spec, self.spec.widened_musts)
            codes = f", CASE WHEN {met} THEN e.skill_codes END AS skill_codes"
            self.with_codes.add("met")
        body, params = self._entries(
            f"{columns}, {other} AS other{codes}",
            [*other_params, *codes_params],
            self.where,
            by_reach=self.by_reach,
        )
        if self.scored_later:
            # Without a radius no condition reads the place: only the points do.
            self.ctes.append((f"scored AS ({body})", params))
            body, params = self._entries(
                columns, [], self.where, by_reach=self.by_reach, place=False
            )
        # Without a page that phase one cannot fill, PostgreSQL never computes m when the
        # kept counts give the facets and the skill rows the ranking.
        self.ctes.append((f"m AS {self.materialized}({body})", params))
        groups = audience_groups(self.spec.viewer) if self.scored_later else None
        if groups is not None:
            kept = kept_share(self._kept_everywhere(groups), self.spec)
            if kept.share >= OUTSIDE_AT_MOST:
                self._add_outside(groups, int(kept.people * OUTSIDE_AT_MOST))

    def _kept_everywhere(self, groups: tuple[list[str], list[str]]) -> Everywhere:
        """The kept counts of EVERYWHERE of `groups` (everyone the viewer may find), read
        once per search for all that asks: whether to count those left out, and who holds
        the rarest skill."""
        if self.everywhere is None:
            self.everywhere = everywhere_counts(
                groups,
                concepts=self.concepts,
                municipalities=sorted(self.spec.filters.municipalities),
            )
        return self.everywhere

    def _add_outside(self, groups: tuple[list[str], list[str]], at_most: int) -> None:
        """`c`: those the viewer may find whom the filters and musts leave out, read up to
        one more than `at_most`. When they are no more (`few_outside`), the total and
        facets are the kept counts of everyone (`groups`) less what `c` counts, and a match
        is someone the viewer may find outside `c`; only otherwise is `m` read.
        """
        allowed = access(self.spec.viewer, "e")
        filters = candidate_filters(self.spec)
        self.ctes.append(
            (
                f"c AS {self.materialized}(SELECT e.portfolio_id, e.municipality, e.hours_max,"
                f" e.driving_licences, e.work_types FROM {ENTRY} e"
                f" WHERE ({allowed.joined(' OR ', '1 = 0')})"
                f" AND ({filters.joined(' AND ', '1 = 1')}) IS NOT TRUE"
                f" LIMIT {at_most + 1})",
                [*allowed.params, *filters.params],
            )
        )
        # Counted once: each select that asks reads one row.
        self.ctes.append(
            (f"outside AS {self.materialized}(SELECT COUNT(*) <= {at_most} AS few FROM c)", [])
        )
        self.few_outside = "(SELECT outside.few FROM outside)"
        self.everyone = groups

    def _in_matches(self, alias: str) -> tuple[str, list]:
        """The condition that the person of the row `alias` is a counted match, and its
        parameters: in a hash of `m`, or with `few_outside` someone the viewer may find
        outside `c`."""
        in_m = in_hash_of(f"{alias}.portfolio_id", "m")
        if not self.few_outside:
            return in_m, []
        allowed = access(self.spec.viewer, alias)
        return (
            f"CASE WHEN {self.few_outside} THEN ({allowed.joined(' OR ', '1 = 0')})"
            f" AND ({alias}.portfolio_id IN (SELECT c.portfolio_id FROM c)) IS NOT TRUE"
            f" ELSE {in_m} END",
            list(allowed.params),
        )

    @property
    def _scored(self) -> str:
        """The relation of the matches with their skill-free points (`_add_matches`)."""
        return "scored" if self.scored_later else "m"

    def _entries(
        self,
        columns: str,
        column_params: list,
        where_sql: Sql,
        *,
        by_reach: bool,
        place: bool = True,
    ) -> tuple[str, list]:
        """The SELECT of `columns` from the entries `e` meeting `where_sql` (with the distance
        of their place as `p` when `place`), and its parameters; read by reach when
        `by_reach`."""
        where = where_sql.joined(" AND ", "1 = 1")
        if by_reach:
            within_reach = f"{columns} FROM {self._entries_within_reach()} WHERE {where}"
            branch_params = [*column_params, *where_sql.params]
            if self.in_radius:
                # Within a radius every place inside it is read, and nobody without a
                # place is inside it: one branch, where three were planned. Statement sums
                # over 20 bench vacancies: 7 to 23 % less at 10k, 5 to 13 % at 100k.
                return within_reach, branch_params
            # Beyond the farthest reach anyone stated, only people who did not say how far
            # they travel; people without a place meet the reach must wherever the work
            # is. Both in one branch, read by the reach and place indexes (the unary plus
            # keeps SQLite from seeking them place by place), where two were planned: the
            # searches read by reach took 3 to 7 % less at 10k, 0.4 to 6.5 % at 100k, and
            # 4 to 5 % on SQLite at 10k (statement sums over 20 bench vacancies).
            body = (
                f"{within_reach} UNION ALL {columns} FROM {ENTRY} e"
                f" LEFT JOIN p ON p.place_id = +e.place_id WHERE (e.place_id IS NULL"
                f" OR (e.reach_limit_km = {NO_REACH_LIMIT} AND {CEILED} > {FARTHEST_REACH}))"
                f" AND {where}"
            )
            return body, branch_params * 2
        join, join_params = self.join if place else ("", [])
        return (
            f"{columns} FROM {self._read_if_page_known(False)}{ENTRY} e {join} WHERE {where}",
            [*column_params, *join_params, *where_sql.params],
        )

    def _entries_within_reach(self) -> str:
        """FROM the places `p` (without a radius: those within the farthest reach anyone
        stated), and the entries `e` there whose reach covers the distance: one range of
        the (place, reach) index per place. A scan of every entry a coach may find (63,000
        at 100k) cost twice as much, though a vacancy is within reach of a fifth of them;
        and reading every place (1,734) cost a third more than reading the 329 within
        50 km. The reach is whole kilometres, so it covers the distance exactly when it is
        at least the distance rounded up; compared as an integer, the reach column stays
        an index condition."""
        within = f"e.place_id = p.place_id AND e.reach_limit_km >= {CEILED}"
        places = (
            "p" if self.in_radius else f"(SELECT * FROM p WHERE {CEILED} <= {FARTHEST_REACH}) p"
        )
        if self.postgres:
            # OFFSET 0: otherwise the planner may join by hashing every entry.
            return (
                f"{places} CROSS JOIN LATERAL (SELECT * FROM {ENTRY} e WHERE {within} OFFSET 0) e"
            )
        return f"{places} JOIN {ENTRY} e ON {within}"

    def _add_facets(self) -> None:
        """Total and facet counts: sums of kept counts, or counted over `m`."""
        if self.groups is not None:
            # Within a radius the skill rows count the skills (`r`), unless a widened
            # search may never read them (`met_first`).
            concepts = self.concepts if self._skills_counted_ahead else []
            self.selects += kept_count_selects(
                spec=self.spec, groups=self.groups, concepts=concepts, in_radius=self.in_radius
            )
            ctes, selects = overlap_counts(
                spec=self.spec, concepts=concepts, in_radius=self.in_radius
            )
            self.ctes += ctes
            self.selects += selects
        elif self.postgres:
            counted = "COUNT(*) FROM m"
            if self.few_outside:
                counted += f" WHERE NOT {self.few_outside}"
            self.selects.append((_grouping_sets("m", counted), []))
            if self.few_outside:
                self._add_kept_less_outside()
        else:
            self.selects += [
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
                ("SELECT 'k', NULL, m.work_types, COUNT(*) FROM m GROUP BY m.work_types", []),
            ]

    def _add_kept_less_outside(self) -> None:
        """With `few_outside`, the total and facets as the kept counts of everyone the
        viewer may find (several organisations' staff: with their corrections), and what
        those left out (`c`) count for, negative."""
        spec = self.spec
        kept = kept_count_selects(
            spec=spec,
            groups=self.everyone,
            concepts=self.concepts,
            in_radius="",
            organisation_values=False,
        )
        ctes, corrections = overlap_counts(spec=spec, concepts=self.concepts, in_radius="")
        self.ctes += ctes
        self.selects += [
            (f"SELECT * FROM ({select}) g WHERE {self.few_outside}", params)
            for select, params in (*kept, *corrections)
        ]
        self.selects += [
            (_grouping_sets("c", f"-COUNT(*) FROM c WHERE {self.few_outside}"), []),
            (
                "SELECT 's', NULL, s.concept_id, -COUNT(*)"
                f" FROM {SKILL} s WHERE s.concept_id IN ({placeholders(self.concepts)})"
                f" AND {in_hash_of('s.portfolio_id', 'c')} AND {self.few_outside}"
                " GROUP BY s.concept_id",
                list(self.concepts),
            ),
        ]

    def _add_skill_rows(self, *, materialized: bool, counted: bool = False) -> None:
        """`r`: the skill rows that earn credit of every holder the viewer may find (within
        the radius), read from the (concept, cell) index alone; when `counted`, only of
        the holders among the matches `m`. No distance here: joining every skill row to
        its place was planned as a nested loop over all places."""
        rows, params = self._visible_skill_rows(self.credited, counted=counted)
        materialize = self.materialized if materialized else ""
        self.ctes.append((f"r AS {materialize}({rows})", params))

    def _visible_skill_rows(
        self, concepts: list[int], *, counted: bool = False
    ) -> tuple[str, list]:
        """SELECT the skill rows `s` of `concepts` of every holder the viewer may find
        (within the radius), and its parameters; when `counted`, of the holders among
        the matches `m`.

        `m` holds only people the viewer may find, so a row tested against a hash of `m`
        needs no test of the access rule: on the 100k bench the free searches without a
        radius whose musts narrow took 4 to 7 % less without it (20,000 rows tested for a
        search with at least 24 hours)."""
        if counted:
            allowed = Sql()
            matching, matching_params = self._in_matches("s")
            allowed.add(matching, *matching_params)
        else:
            allowed = access(self.spec.viewer, "s")
        cells = self._in_cells()
        radius = (
            " AND s.place_id IN (SELECT p.place_id FROM p WHERE p.distance <= %s)"
            if self.in_radius
            else ""
        )
        return (
            "SELECT s.portfolio_id, s.concept_id, s.level"
            f" FROM {self._read_if_page_known(False)}{SKILL} s"
            f" WHERE s.concept_id IN ({placeholders(concepts)}){cells}{radius}"
            f" AND ({allowed.joined(' OR ', '1 = 0')})",
            [*concepts, *self._radius_params, *allowed.params],
        )

    def _add_complete_page(
        self, groups: tuple[list[str], list[str]], *, counted: bool = False
    ) -> str:
        """`complete`: the page among the people who earn the most anyone can, every
        needed skill's most credit and every skill-free point; returns the condition
        under which it is the page ("" when no asked skill can name them).

        When `wanted` people earn the most, the page is the first `wanted` of them in the
        page's order (most recently updated first). Each of them holds the asked skill
        of every need that only the asked skill tops (`scoring.CREDITS`: for a
        nice-to-have a narrower skill earns as much), so they are read from the skill
        rows of the one of those the fewest hold (`skill_holders`, read from the kept
        counts before the statement: its id then is a value the planner sees), most
        recent first from the index that keeps them in that order (sorting every holder
        by their entry's moment first took 7 of 11 ms for 2,400 holders at 100k), and
        looked up one by one until the page is full. Without a radius that reads about a
        thousand skill rows, where ranking every holder reads and groups tens of
        thousands (the free search at 100k: 4 ms against 35). When fewer earn the most,
        the page is ranked as before.

        Among `counted` matches, only their holders are read, each tested as a match
        (`_in_matches`) rather than against the access rule; `groups` then only estimate
        who holds what. A free search with at least 24 hours, a work type or a start date
        took 10 % less at 100k (statement sums over 20 bench vacancies), though for 6 of
        the 20 the walk read every holder in vain (2 to 14 ms more).
        """
        spec = self.spec
        tops, alone, most = [], set(), self.most_other
        for need in spec.needs:
            credits = {
                option.concept_id: scoring.CREDITS[option.relation].points(
                    required=need.required, met=True
                )
                for option in need.options()
            }
            best = max(credits.values())
            most += best
            tops.append(sorted(pk for pk, credit in credits.items() if credit == best))
            if tops[-1] == [need.concept_id]:
                alone.add(need.concept_id)
        if not alone:
            return ""
        holders_of = skill_holders(self._kept_everywhere(groups), sorted(alone))
        holders, rarest = min((holders_of[pk], pk) for pk in sorted(alone))
        # Fewer earn the most when it includes skill-free points (the reach of a search
        # with a place): sought only where enough hold the rarest skill to fill the page.
        if holders < self.wanted * (HOLDERS_PER_PLACE if self.most_other else 1):
            return ""
        if counted:
            allowed = Sql()
            matching, matching_params = self._in_matches("s")
            allowed.add(matching, *matching_params)
        else:
            allowed = access(spec.viewer, "s")

        # The rarest skill's need is checked on the holder's own row, the others (on
        # SQLite) by one lookup each of the best level among the skills that top it,
        # stopping at the first need not topped (-1, never a level): those of the fewest
        # holders first, as the most likely to stop the checks (needs topped by several
        # skills last). As EXISTS, PostgreSQL planned the lookups as joins, which cost
        # more to plan than to run, or read every holder of a common skill into a hash.
        def rarity(top: list[int]) -> tuple[bool, int]:
            # Uncounted needs (topped by several skills, or not asked alone) sort last.
            counted = len(top) == 1 and top[0] in holders_of
            return (not counted, holders_of[top[0]] if counted else 0)

        rarest_need = next(
            need for need, top in zip(spec.needs, tops, strict=True) if top == [rarest]
        )
        checks = sorted(
            (
                (need, top)
                for need, top in zip(spec.needs, tops, strict=True)
                if need is not rarest_need
            ),
            key=lambda check: rarity(check[1]),
        )
        if self.postgres:
            # On PostgreSQL the holder's skill codes, read once with the entry, hold every
            # other need when they share a code with each one's codes of its top skills at
            # its level or above: one lookup per holder, where one per need took 8 of the 13
            # ms of a free search at 100k. Statement sums over 20 bench vacancies: 2 to 16 %
            # less at 100k, 7 to 14 % at 10k.
            codes = (
                f" CROSS JOIN LATERAL (SELECT e.skill_codes FROM {ENTRY} e"
                " WHERE e.portfolio_id = h.portfolio_id OFFSET 0) x"
            )
            holds = " AND ".join(
                [
                    "h.level >= %s",
                    *(
                        f"x.skill_codes && '{{{codes_at_least(top, need.min_level)}}}'::integer[]"
                        for need, top in checks
                    ),
                ]
            )
            holds_params = [rarest_need.min_level]
        else:
            codes = ""
            holds = " AND ".join(
                [
                    "h.level >= %s",
                    *(
                        f"COALESCE((SELECT MAX(x.level) FROM {SKILL} x"
                        f" WHERE x.portfolio_id = h.portfolio_id"
                        f" AND x.concept_id IN ({placeholders(top)})), -1) >= %s"
                        for _need, top in checks
                    ),
                ]
            )
            holds_params = [
                rarest_need.min_level,
                *(value for need, top in checks for value in (*top, need.min_level)),
            ]
        other, other_params = candidate_other_points(spec)
        entry, entry_params = self._entry_by_id("h")
        # The holders in the order of the page, looked up one by one until it is full:
        # OFFSET keeps both engines from checking every holder before sorting (SQLite
        # wants a LIMIT with it).
        fenced = "OFFSET 0" if self.postgres else "LIMIT -1 OFFSET 0"
        self.ctes.append(
            (
                f"complete AS {self.materialized}(SELECT c.portfolio_id, c.score FROM"
                f" (SELECT h.portfolio_id, {most - self.most_other} + (SELECT {other} {entry})"
                f" AS score FROM (SELECT s.portfolio_id, s.level"
                f" FROM {SKILL} s WHERE s.concept_id = %s"
                f" AND ({allowed.joined(' OR ', '1 = 0')})"
                f" ORDER BY s.updated_at DESC, s.portfolio_id {fenced}) h{codes}"
                f" WHERE {holds}) c WHERE c.score >= {most} LIMIT %s)",
                [
                    *other_params,
                    *entry_params,
                    rarest,
                    *allowed.params,
                    *holds_params,
                    self.wanted,
                ],
            )
        )
        return self._page_if_complete()

    def _walks_recent_first(self, no_radius: bool) -> bool:
        """Whether a search that asks no skill seeks its page most recent first
        (`_add_recent_page`): when the kept counts give its total and facets, without a
        radius (within one, the most recent of everyone are mostly outside it) and without
        words, points that few people earn, nor the work wanted together with a place:
        few want that work within their reach of it. With them, the walk read every entry
        it may in vain: statement sums over 20 bench vacancies 9 to 76 % more at 10k and
        100k, where a place alone took 10 % less at 10k and 56 to 60 % at 100k, and the
        work wanted alone 12 and 47 % less."""
        spec = self.spec
        return (
            not self.concepts
            and self.groups is not None
            and no_radius
            and not self.by_reach
            and not (spec.occupation_id is not None and spec.location is not None)
            and not spec.text
        )

    def _add_recent_page(self) -> str:
        """`complete` of a search that asks no skill: the page among the people earning
        every skill-free point anyone can (`max_other_points`), found most recent first;
        returns the condition under which it is the page.

        The kept counts give the total and facets of such a search, so only the page
        would read every match (`m`): the 35,000 a coach may find at 100k, each joined to
        its place for the points of reach, to keep 20. Those earning the most, in the
        page's order (most recently updated first), are the page as soon as `wanted` of
        them are found; so the entries are read in that order from their index, up to
        RECENT_WALK per place on the page, and only when those hold too few of them is
        every match ranked ('q')."""
        other, other_params = candidate_other_points(self.spec)
        join, join_params = self.join
        where = self.where
        self.ctes.append(
            (
                f"complete AS {self.materialized}(SELECT c.portfolio_id, c.score FROM"
                f" (SELECT e.portfolio_id, {other} AS score FROM {ENTRY} e {join}"
                f" WHERE {where.joined(' AND ', '1 = 1')}"
                " ORDER BY e.updated_at DESC, e.portfolio_id LIMIT %s) c"
                f" WHERE c.score >= {self.most_other} LIMIT %s)",
                [
                    *other_params,
                    *join_params,
                    *where.params,
                    self.wanted * RECENT_WALK,
                    self.wanted,
                ],
            )
        )
        return self._page_if_complete()

    def _page_if_complete(self) -> str:
        """The rows of `complete` as the page ('p') when it holds `wanted` people, and that
        condition, under which nothing else is ranked (`page_known`)."""
        # In whole numbers, not parameters: the selects of the other ranking repeat it.
        filled = f"(SELECT COUNT(*) FROM complete) >= {self.wanted}"
        self.selects.append(
            (f"SELECT 'p', NULL, c.portfolio_id, c.score FROM complete c WHERE {filled}", [])
        )
        return filled

    def _rank_holders_from_skill_rows(self, *, counted: bool = False) -> tuple[str, str]:
        """`k`, the score of each holder of a needed skill who can still reach the page,
        read from the skill rows alone; returns what phase one ranks (`k`, or with
        `met_first` `met_or_held`: `k` and everyone meeting every must) and the subquery
        that scores every holder (`_add_two_phase_page`).

        Each holder's skill points first, then the skill-free points only for those who
        can still reach the page. Everyone scores between their skill points and
        `max_other_points` more, so nobody whose skill points are more than that below
        the wanted-th best can; with `met_first`, `most_other_unmet` more for everyone
        but those `met_top` ranks.

        When the matches are `counted` (`m`), only the holders among them count: each
        skill row is tested against a hash of `m` (`_visible_skill_rows`), and the
        "skills" facet sums which asked skills each holder has, where reading the
        asked skills' rows again took 8 ms at 100k; unless the page may be filled
        without `held`, by the people meeting every must of a widened search
        (`met_first`) or by those earning the most (`page_known`): then it reads those
        rows (`_add_skills_of_matches`), of those earning the most only once they fill
        the page (the bits count the skills when they do not).
        """
        spec = self.spec
        # Within a radius the "skills" facet reads `r` once more, unless it is counted
        # from the asked skills' rows alone.
        self._add_skill_rows(
            materialized=not (self._skills_counted_ahead or self.met_first), counted=counted
        )
        points, points_params = skill_points("r", spec.needs)
        holds = ""
        if counted and self.met_first:
            self._add_skills_of_matches()
        elif counted:
            holds, selects = self._asked_skills_held()
            self.selects += selects
            if self.page_known:
                self._add_skills_of_matches()
        self.ctes.append(
            (
                f"held AS {self.materialized}(SELECT r.portfolio_id, {points} AS points{holds}"
                " FROM r GROUP BY r.portfolio_id)",
                points_params,
            )
        )
        if not (self._skills_counted_ahead or counted):
            # Within a radius the "skills" facet counts these rows: they are what the kept
            # counts of the places inside it would add up to, and already read; but a
            # widened search may never read them (`met_first`), so it reads only the asked
            # skills' rows. Those need no second condition on the concept: PostgreSQL
            # pushed it down beside their own and then read the cells as a filter, not
            # as an index condition (30,000 rows read instead of 6,000 at 25 km).
            rows = f"r x WHERE x.concept_id IN ({placeholders(self.concepts)})"
            rows_params = list(self.concepts)
            if self.met_first:
                rows, rows_params = self._visible_skill_rows(self.concepts)
                rows = f"({rows}) x"
            self.selects.append(
                (
                    f"SELECT 's', NULL, x.concept_id, COUNT(*) FROM {rows} GROUP BY x.concept_id",
                    rows_params,
                )
            )
        # Someone missing a widened must ranks below everyone meeting them all, whom
        # `met_top` ranks on its own: the bar bounds only the others.
        self.ctes.append(
            (
                f"bar AS (SELECT {self._page_bar('held', 'points', self.most_other_unmet)} AS points)",
                [self.wanted - 1],
            )
        )
        unfilled = ""
        if self.met_first:
            self._add_met_page()
            # A whole number, not a parameter: `k`'s parameters are added in one list.
            unfilled = f"(SELECT COUNT(*) FROM met_top) < {self.wanted} AND "
        # The few left are looked up one by one: a subquery per holder is an index
        # lookup of the entry (and its place) on both engines, whatever row counts the
        # planner expects. A join was planned from misestimated counts, as a scan of
        # every entry or as a nested loop that scanned all holders once per entry.
        other, other_params = candidate_other_points(spec)
        entry, entry_params = self._entry_by_id()
        looked_up = (
            f"h.points + (SELECT {other} {entry}) AS score,"
            f" (SELECT e.updated_at FROM {ENTRY} e WHERE e.portfolio_id = h.portfolio_id)"
            " AS updated_at FROM held h"
        )
        if self.postgres:
            # On PostgreSQL one lookup gives both (LATERAL, kept a lookup by OFFSET 0),
            # where the two subqueries looked the entry up twice.
            looked_up = (
                "h.points + x.other AS score, x.updated_at FROM held h CROSS JOIN LATERAL"
                f" (SELECT {other} AS other, e.updated_at {entry} OFFSET 0) x"
            )
        self.ctes.append(
            (
                f"k AS (SELECT h.portfolio_id, {looked_up}"
                f" WHERE {unfilled}h.points >= (SELECT points FROM bar))",
                [*other_params, *entry_params],
            )
        )
        # Phase two ranks everyone, so it needs every holder's score.
        self.ctes.append(
            (
                "everyone AS (SELECT h.portfolio_id, h.points + m.other AS score, m.updated_at"
                f" FROM held h JOIN {self._scored} m ON m.portfolio_id = h.portfolio_id)",
                [],
            )
        )
        if not self.met_first:
            return "k", "everyone"
        self.ctes.append(
            (
                "met_or_held AS (SELECT t.portfolio_id, t.score, t.updated_at FROM met_top t"
                " UNION SELECT k.portfolio_id, k.score, k.updated_at FROM k)",
                [],
            )
        )
        return "met_or_held", "everyone"

    def _asked_skills_held(self) -> tuple[str, list[tuple[str, list]]]:
        """The columns of `held` that say which asked skills each holder has, and the
        selects of the "skills" facet that count them.

        One bit per asked skill, summed over the holder's rows of `r`: a person has one
        row per skill, so the sum is the bits of those they hold. One aggregate per
        HELD_BITS skills, where one per skill cost 5 of a free search's 80 ms at 100k."""
        whens: dict[int, list[str]] = {}
        selects = []
        for i, concept_id in enumerate(self.concepts):
            column, bit = divmod(i, HELD_BITS)
            whens.setdefault(column, []).append(f"WHEN {int(concept_id)} THEN {1 << bit}")
            holding = f"FROM held h WHERE (h.holds_{column} & {1 << bit}) <> 0"
            if self.few_outside:
                # Then the kept counts less those left out give the "skills" facet.
                holding += f" AND NOT {self.few_outside}"
            select = f"SELECT 's', NULL, {int(concept_id)}, COUNT(*) {holding}"
            if self.page_known:
                # Once those earning the most fill the page, `held` is never read: the asked
                # skills' rows count them (`_add_skills_of_matches`). A count of no rows
                # would still answer 0, in place of theirs, so none is kept.
                select = (
                    f"SELECT 's', NULL, {int(concept_id)}, c.n FROM (SELECT COUNT(*) AS n"
                    f" {holding} AND NOT {self.page_known}) c WHERE c.n > 0"
                )
            selects.append((select, []))
        columns = "".join(
            f", SUM(CASE r.concept_id {' '.join(column_whens)} END) AS holds_{column}"
            for column, column_whens in whens.items()
        )
        return columns, selects

    def _rank_holders_among_matches(self) -> tuple[str, str]:
        """`k`, the score of every matching holder of a needed skill, from their skill rows
        joined to `m`; also the "skills" facet. Returns what phase one ranks (`k`, or
        `worded`: the words found added to those who can still reach the page) and `k`,
        which phase two reads.

        For a search whose matches are few or within a radius (`_ranks_among_matches`):
        one index lookup per match (on PostgreSQL the skill codes read with each match's
        entry), or the skill rows of the radius, beat reading every holder's skill rows, as
        `_rank_holders_from_skill_rows` does."""
        # A join, not IN (SELECT ...): portfolio_id is unique in m, and the join
        # carries the skill-free points along so that k is each person's score.
        columns = "s.portfolio_id, s.concept_id, s.level, m.other, m.updated_at"
        body, params = self._credited_rows_of("m", columns)
        if self.postgres:
            if self._may_match_many:
                # Many matches within a radius: the skill rows of the radius, joined by
                # hash, cost less. Only the branch whose condition holds runs
                # (PostgreSQL tests each once, before reading).
                self._add_skill_rows(materialized=True)
                body = (
                    f"{body} WHERE (SELECT COUNT(*) FROM m) < %s UNION ALL SELECT {columns}"
                    " FROM r s JOIN m ON m.portfolio_id = s.portfolio_id"
                    " WHERE (SELECT COUNT(*) FROM m) >= %s"
                )
                params += [self._many_matches] * 2
            self.ctes.append((f"j AS {self.materialized}({body})", params))
        else:
            self.ctes.append(
                (
                    f"j AS {self.materialized}({body}"
                    + (f" AND s.place_id{self.in_radius})" if self.in_radius else ")"),
                    [*params, *self._radius_params],
                )
            )
        points, points_params = skill_points("j", self.spec.needs)
        self.ctes.append(
            (
                f"k AS (SELECT j.portfolio_id, MAX(j.other) + {points} AS score,"
                " MAX(j.updated_at) AS updated_at FROM j GROUP BY j.portfolio_id)",
                points_params,
            )
        )
        phase_one = "k"
        if self.words_later:
            # The words add WORDS_FOUND or nothing, so only holders whose score without
            # them is at most that below the wanted-th best can still reach the page.
            phase_one = "worded"
            words, words_params = self._added_words("k")
            bar = self._page_bar("k", "score", scoring.WORDS_FOUND)
            self.ctes.append(
                (
                    f"worded AS (SELECT k.portfolio_id, k.score{words} AS score, k.updated_at"
                    f" FROM k WHERE k.score >= (SELECT {bar}))",
                    [*words_params, self.wanted - 1],
                )
            )
        self.selects.append(
            (
                "SELECT 's', NULL, j.concept_id, COUNT(*) FROM j"
                f" WHERE j.concept_id IN ({placeholders(self.concepts)}) GROUP BY j.concept_id",
                list(self.concepts),
            )
        )
        return phase_one, "k"

    def _credited_rows_of(self, matches: str, columns: str) -> tuple[str, list]:
        """SELECT `columns` of each entry `m` of the relation `matches` joined to its skill
        rows `s` that earn credit (from its skill codes when `matches` carries them,
        `with_codes`), and its parameters; on SQLite it ends in a WHERE."""
        credited = f"s.concept_id IN ({placeholders(self.credited)})"
        if matches in self.with_codes:
            # Each match's skills from the codes read with its entry: the 3,400 lookups of
            # the screen's default search took 10 of its 24 ms at 100k; statement sums
            # over 20 bench vacancies 13 to 15 % less (widened, without a radius: 8 to 12).
            # Unnested in the select list, not as a function scan per match: 1.5 to 4 % less.
            concept = f"m.code / {SKILL_CODE_LEVELS}"
            return (
                f"SELECT {columns} FROM (SELECT m.*, UNNEST(m.skill_codes) AS code"
                f" FROM {matches} m) m CROSS JOIN LATERAL (SELECT m.portfolio_id,"
                f" {concept} AS concept_id, MOD(m.code, {SKILL_CODE_LEVELS}) AS level"
                f" WHERE {concept} IN ({placeholders(self.credited)})) s",
                list(self.credited),
            )
        if self.postgres:
            # Each match's own skill rows from the (portfolio, concept) index. As a plain
            # join PostgreSQL hashed every skill row of the credited skills (82,000 at
            # 100k, 20 ms for 838 matches); OFFSET 0 keeps it from folding the lateral
            # into that join.
            return (
                f"SELECT {columns} FROM {matches} m CROSS JOIN LATERAL"
                f" (SELECT s.portfolio_id, s.concept_id, s.level FROM {SKILL} s"
                f" WHERE s.portfolio_id = m.portfolio_id AND {credited} OFFSET 0) s",
                list(self.credited),
            )
        # SQLite reads the credited skills' rows by concept and probes the matches; the
        # unary plus keeps it from looking every match up in the (portfolio, concept)
        # index instead, one seek per match and credited skill (three times slower at 10k).
        return (
            f"SELECT {columns} FROM {SKILL} s JOIN {matches} m"
            f" ON m.portfolio_id = +s.portfolio_id WHERE {credited}",
            list(self.credited),
        )

    def _add_met_page(self) -> None:
        """`met_top`: the page among the people meeting every must of a widened search,
        the widened ones too, who rank above everyone else (`scoring.rank_score`).

        They are read as a search that does not widen the musts reads its matches
        (within the radius, or by reach), or taken from the counted matches `m`, whose
        skill-free points include MUSTS_MET exactly for them; then each one's skill rows
        are looked up by person (on PostgreSQL read from the skill codes of their entries,
        `_credited_rows_of`): on the 100k bench 726 of a coach's 8,000 people within 25 km
        meet every must, where 4,900 hold a needed skill. When they fill the page, nobody
        else is read.
        """
        spec = self.spec
        if self.groups is None:
            self.ctes.append(
                (
                    "met AS (SELECT m.portfolio_id, m.updated_at, m.other"
                    + (", m.skill_codes" if "met" in self.with_codes else "")
                    + f" FROM m WHERE m.other >= {scoring.MUSTS_MET})",
                    [],
                )
            )
        else:
            where = Sql()
            where.add(self.where.joined(" AND ", "1 = 1"), *self.where.params)
            met, met_params = musts_met(spec, spec.widened_musts)
            where.add(met, *met_params)
            # Everyone read here meets every must: MUSTS_MET is a constant, not a test the
            # planner weighs once more per read.
            other, other_params = candidate_other_points(spec, musts_met_known=True)
            codes = ""
            if self.postgres:
                codes = ", e.skill_codes"
                self.with_codes.add("met")
            body, params = self._entries(
                f"SELECT e.portfolio_id, e.updated_at, {other} AS other{codes}",
                other_params,
                where,
                by_reach=self.met_by_reach,
            )
            self.ctes.append((f"met AS {self.materialized}({body})", params))
        columns = "s.portfolio_id, s.concept_id, s.level, NULL, NULL"
        if self.cells is None or "met" in self.with_codes:
            rows, rows_params = self._credited_rows_of("met", columns)
        else:
            # Counted matches within a radius carry no skill codes: the credited skill rows
            # of its cells, tested against a hash of `met`: 3 ms, where a lookup per person
            # took 9. Those read with their codes took 10 to 17 % less at 100k within 25 and
            # 100 km than so (statement sums over 20 bench vacancies).
            cells = self._in_cells()
            rows = (
                f"SELECT {columns} FROM {SKILL} s"
                f" WHERE s.concept_id IN ({placeholders(self.credited)}){cells}"
                f" AND {in_hash_of('s.portfolio_id', 'met')}"
            )
            rows_params = list(self.credited)
        points, points_params = skill_points("x", spec.needs)
        # One grouping of each person's entry and skill rows: a join was planned from the
        # one row PostgreSQL expects of `met`, as a loop that grouped every skill row
        # again per person (4.5 s for 2,775 people).
        self.ctes.append(
            (
                f"met_top AS {self.materialized}(SELECT x.portfolio_id,"
                f" MAX(x.other) + {points} AS score, MAX(x.updated_at) AS updated_at FROM"
                " (SELECT met.portfolio_id, CAST(NULL AS INTEGER) AS concept_id,"
                " CAST(NULL AS INTEGER) AS level, met.other, met.updated_at FROM met"
                f" UNION ALL {rows}) x GROUP BY x.portfolio_id"
                " ORDER BY score DESC, updated_at DESC, x.portfolio_id LIMIT %s)",
                [*points_params, *rows_params, self.wanted],
            )
        )

    def _add_skills_of_matches(self) -> None:
        """The "skills" facet over `m` from the asked skills' rows, each tested against a
        hash of `m`, for a page ranked without grouping every match: the people meeting
        every must of a widened search, or those earning the most once they fill it
        (`page_known`; reads nothing when they do not)."""
        known = f" AND {self.page_known}" if self.page_known else ""
        if self.few_outside:
            known += f" AND NOT {self.few_outside}"
        self.selects.append(
            (
                "SELECT 's', NULL, s.concept_id, COUNT(*)"
                f" FROM {self._read_if_page_known(True)}{SKILL} s"
                f" WHERE s.concept_id IN ({placeholders(self.concepts)})"
                f" AND {in_hash_of('s.portfolio_id', 'm')}{known}"
                " GROUP BY s.concept_id",
                list(self.concepts),
            )
        )

    def _add_two_phase_page(self, phase_one: str, everyone: str, most_left_out: int) -> None:
        """The page among holders of a needed skill ('p'), and over every match ('q') only
        when that cannot fill it. `phase_one` scores every holder who can still reach the
        page, `everyone` every holder (without the words found when `m` left them out);
        neither is ranked when the page is known before (`page_known`).

        Of those phase one leaves out, only people without a needed skill can rank above
        `wanted` of those it scores, and they rank at most `most_left_out`
        (`max_other_points`, less MUSTS_MET when phase one has everyone meeting every
        must); when phase one finds `wanted` people above that, nobody else can come
        before them (a tie there could, by a more recent update or a lower id). The rows
        say which phase ranked the page: 'q' only when phase two did."""
        skip = f"NOT {self.page_known} AND " if self.page_known else ""
        only = f" WHERE NOT {self.page_known}" if self.page_known else ""
        # Phase one: the best among people holding a needed skill.
        self.ctes.append(
            (
                f"top AS {self.materialized}(SELECT k.portfolio_id, k.score FROM {phase_one} k"
                " ORDER BY k.score DESC, k.updated_at DESC, k.portfolio_id LIMIT %s)",
                [self.wanted],
            )
        )
        self.selects.append((f"SELECT 'p', NULL, top.portfolio_id, top.score FROM top{only}", []))
        # Phase two ranks every match, which costs a read of each: only when phase one
        # cannot fill the page.
        words, words_params = self._added_words("m")
        self.selects.append(
            (
                "SELECT 'q', NULL, q.portfolio_id, q.score FROM"
                f" (SELECT m.portfolio_id, COALESCE(r.score, m.other){words} AS score"
                f" FROM {self._scored} m"
                f" LEFT JOIN {everyone} r ON r.portfolio_id = m.portfolio_id"
                " ORDER BY score DESC, m.updated_at DESC, m.portfolio_id LIMIT %s OFFSET %s) q"
                f" WHERE {skip}(SELECT COUNT(*) FROM top"
                f" WHERE top.score > {most_left_out}) < %s",
                [*words_params, self.spec.page_size, self.spec.offset, self.wanted],
            )
        )

    def _page_bar(self, relation: str, column: str, most_added: int) -> str:
        """The least `column` of `relation` that can still reach the page when up to
        `most_added` points may come on top: the wanted-th best, less that (everyone
        when fewer). Its parameter: the wanted-th place's offset, `wanted - 1`."""
        return (
            f"COALESCE((SELECT x.{column} FROM {relation} x ORDER BY x.{column} DESC"
            f" LIMIT 1 OFFSET %s), 0) - {most_added}"
        )

    def _added_words(self, alias: str) -> tuple[str, list]:
        """SQL that adds the words points of the portfolio of `alias` when `m` left them out
        (`words_later`), and its parameters; otherwise nothing to add."""
        if not self.words_later:
            return "", []
        found, params = words_points(f"{alias}.portfolio_id", self.spec)
        return f" + {found}", params

    def _add_page(self) -> None:
        """Without needed skills, the page is ranked over every match at once ('q'), unless
        it is known before (`_add_recent_page`)."""
        only = f" WHERE NOT {self.page_known}" if self.page_known else ""
        self.selects.append(
            (
                "SELECT 'q', NULL, q.portfolio_id, q.score FROM"
                " (SELECT m.portfolio_id, m.other AS score FROM m"
                f" ORDER BY score DESC, m.updated_at DESC, m.portfolio_id LIMIT %s OFFSET %s) q{only}",
                [self.spec.page_size, self.spec.offset],
            )
        )

    def _add_organisation_facets(self) -> None:
        """Counts of the facets of `search.extensions`, over `m`; when the kept counts give
        the others (several organisations' staff), or `m` leaves the place and points to
        `scored`, over each value's own entry."""
        organisations = sorted(self.spec.viewer.organisation_ids)
        names = [facet.name for facet in organisation_facets()]
        if not (organisations and names):
            return
        # Only the values the viewer's own organisations recorded; a person counts
        # once per value even when two of them recorded the same. Those values are read
        # from the organisation index and looked up in a hash of `m` (`in_hash_of`).
        # Without `m`, the few values of the viewer's organisations look their entry up,
        # where `m` would read thousands; so too of counted matches left without their
        # place (`scored_later`), where a coach's organisation recorded a few hundred
        # values and `m` holds thousands (the free search with hours, a work type or a
        # start date at 100k: -5 %; at 10k the same). A search widening only the reach,
        # whose `m` keeps them, took 1 to 8 % more looking its values up.
        matching, matching_params = in_hash_of("t.portfolio_id", "m"), []
        if self.groups is not None or self.scored_later:
            # Only a radius narrows these matches: the place of an entry matters only then.
            join, join_params = self.join if self.in_radius else ("", [])
            # OFFSET 0 keeps PostgreSQL from planning the EXISTS as a join, which it did
            # as a hash of every entry the viewer may find (EXPLAIN ANALYZE at 10k, 214
            # values: 3.7 ms, looked up 1.2).
            fenced = " OFFSET 0" if self.postgres else ""
            matching = (
                f"EXISTS (SELECT 1 FROM {ENTRY} e {join} WHERE e.portfolio_id = t.portfolio_id"
                f" AND {self.where.joined(' AND ', '1 = 1')}{fenced})"
            )
            matching_params = [*join_params, *self.where.params]
        self.selects.append(
            (
                "SELECT 'o', t.facet || ' ' || t.value, NULL, COUNT(DISTINCT t.portfolio_id)"
                f" FROM {FACET} t WHERE t.organisation_id IN ({placeholders(organisations)})"
                f" AND t.facet IN ({placeholders(names)}) AND {matching}"
                " GROUP BY t.facet, t.value",
                [*organisations, *names, *matching_params],
            )
        )


def vacancy_where(spec: VacancySpec) -> Sql:
    """The open vacancies of a vacancy search (staff of intermediaries see them all)."""
    filters = spec.filters
    where = Sql()
    where.add("v.for_intermediaries")
    if spec.location is not None and filters.radius_km is not None:
        bounding_box(where, "v", spec.location, filters.radius_km)
        sql, params = distance("v", spec.location, row_is_person=False)
        where.add(f"{sql} <= %s", *params, filters.radius_km)
    if filters.only_complete:
        met = Sql()
        for concept_id, credits in sorted(spec.options().items()):
            # Held, or held more specifically: both count as having the asked skill.
            levels = [level for _held, level, relation in credits if relation in scoring.COMPLETES]
            if levels:
                met.add("(r.concept_id = %s AND r.min_level <= %s)", concept_id, max(levels))
        where.add(
            f"NOT EXISTS (SELECT 1 FROM {VACANCY_SKILL} r WHERE r.vacancy_id = v.vacancy_id"
            f" AND r.required AND NOT ({met.joined(' OR ', '1 = 0')}))",
            *met.params,
        )
        # Complete also means the person meets the vacancy's musts.
        met, met_params = vacancy_musts_met(spec)
        where.add(met, *met_params)
    if filters.municipalities:
        municipalities = sorted(filters.municipalities)
        where.add(f"v.municipality IN ({placeholders(municipalities)})", *municipalities)
    if filters.work_types:
        work_types = sorted(filters.work_types)
        where.add(f"v.work_type IN ({placeholders(work_types)})", *work_types)
    return where


def vacancy_counts_query(where: Sql) -> tuple[str, list]:
    """The matching vacancies per (municipality, work type): the total and both facets."""
    return (
        f"SELECT v.municipality, v.work_type, COUNT(*) FROM {VACANCY} v"
        f" WHERE {where.joined(' AND ', '1 = 1')} GROUP BY v.municipality, v.work_type",
        where.params,
    )


def vacancy_page_query(spec: VacancySpec, where: Sql) -> tuple[str, list]:
    """The page of vacancies, ranked by `scoring.rank_score` (those whose musts the person
    meets first), then id."""
    other, other_params = vacancy_other_points(spec)
    skills, skill_params = vacancy_skill_points(spec)
    return (
        f"SELECT v.vacancy_id, {other} + {skills} AS score FROM {VACANCY} v"
        f" WHERE {where.joined(' AND ', '1 = 1')}"
        " ORDER BY score DESC, v.vacancy_id LIMIT %s OFFSET %s",
        [*other_params, *skill_params, *where.params, spec.page_size, spec.offset],
    )
