"""Counts kept ahead (`search.models.PortfolioFacetCount`): what every write keeps, and
the searches that read them instead of counting matches.

Every index write subtracts what the replaced rows counted for and adds what the
new ones count for, per place and audience group. A search narrowed by nothing
but the radius, by the staff of organisations, the network or an employer (the
common first look at a vacancy), then sums them over the places in its radius:
its total and facets cost a few index ranges, whatever the number of matches.
The groups an entry is kept under (`_count_groups`) and the groups a search sums
(`kept_count_groups`) are two sides of one rule, so both are here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from typing import NamedTuple

from django.db import connection

from ...extensions import organisation_facets
from ...models import LICENCE_BITS, WORK_TYPE_BITS
from ...spec import CandidateFilters, CandidateSpec, Must, Viewer
from .sql import AUDIENCE, COUNTS, ENTRY, FACET, SKILL, fetch, placeholders

COUNT_COLUMNS = ("audience", "place_id", "dimension", "value", "entries")
# The place of the counts that add up every place (place 0, no place, among them): a
# search without a radius reads these few rows, not every place's.
EVERYWHERE = -1

# Advisory lock namespace of the portfolio rows (PostgreSQL's two-key form: this, the id).
_PORTFOLIO_LOCKS = 6_411_006


def count_values(
    municipality: str,
    hours_max: int | None,
    licences: int,
    work_types: int,
    concept_ids: Iterable[int],
    organisation_facets: Iterable[tuple[str, int, str]],
) -> list[tuple[str, str]]:
    """(dimension, value) of every facet value one entry counts for (`PortfolioFacetCount`).

    Licences and work types count per bit, the facet's own values: a few rows per place
    where the bitmask combinations would be many. Everyone counts once under "t", which
    says how many people there are in one row (`kept_share`).
    """
    values = [("t", ""), ("m", municipality)]
    values += [("l", str(bit)) for bit in LICENCE_BITS.values() if licences & bit]
    values += [("k", str(bit)) for bit in WORK_TYPE_BITS.values() if work_types & bit]
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


def count_keys(
    *,
    place_id: int | None,
    network: bool,
    employers: bool,
    coached: Collection[int],
    members: Collection[int],
    values: list[tuple[str, str]],
) -> Iterator[tuple[str, int, str, str]]:
    """The `PortfolioFacetCount` keys (audience, place, dimension, value) one entry adds 1 to."""
    place = place_id or 0
    for group in _count_groups(
        network=network, employers=employers, coached=coached, members=members
    ):
        for dimension, value in values:
            yield group, place, dimension, value
            yield group, EVERYWHERE, dimension, value


def lock_portfolios(portfolio_ids: list[int]) -> None:
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


def stored_counts(portfolio_ids: list[int]) -> Counter:
    """What the indexed rows of these portfolios count for now (before they are replaced)."""
    counts: Counter = Counter()
    if not portfolio_ids:
        return counts
    where = f"WHERE portfolio_id IN ({placeholders(portfolio_ids)})"
    coached: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for pid, organisation_id, coach_audience, member in fetch(
        f"SELECT portfolio_id, organisation_id, coach_audience, member FROM {AUDIENCE} {where}",
        portfolio_ids,
    ):
        if coach_audience:
            coached[pid].append(organisation_id)
        if member:
            members[pid].append(organisation_id)
    concepts: dict[int, list[int]] = defaultdict(list)
    for pid, concept_id in fetch(
        f"SELECT portfolio_id, concept_id FROM {SKILL} {where}", portfolio_ids
    ):
        concepts[pid].append(concept_id)
    recorded: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for pid, facet, organisation_id, value in fetch(
        f"SELECT portfolio_id, facet, organisation_id, value FROM {FACET} {where}", portfolio_ids
    ):
        recorded[pid].append((facet, organisation_id, value))
    for pid, place_id, network, employers, municipality, hours_max, licences, work_types in fetch(
        "SELECT portfolio_id, place_id, network, employers, municipality, hours_max,"
        f" driving_licences, work_types FROM {ENTRY} {where}",
        portfolio_ids,
    ):
        counts.update(
            count_keys(
                place_id=place_id,
                network=bool(network),
                employers=bool(employers),
                coached=coached[pid],
                members=members[pid],
                values=count_values(
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


def add_counts(counts: Counter) -> None:
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


def kept_count_groups(spec: CandidateSpec) -> tuple[list[str], list[str]] | None:
    """The `PortfolioFacetCount` groups (added, subtracted) that count what this search
    matches, or None when the matches must be counted one by one.

    Kept counts hold per place only, so only a search narrowed by nothing but the
    radius (no filter, no must that narrows) can use them, by a viewer whose access a
    group sum expresses: an employer, the network, or the staff of organisations (see
    PortfolioFacetCount). For staff of several, the sum miscounts some of the people two
    of those organisations share; `overlap_counts` sets that right.
    """
    filters = spec.filters
    # A widened must narrows nothing: it only ranks, which the counts do not need to know.
    # The day a person can start by narrows only as the availability must, which then
    # is among the narrowing musts.
    unwidened = replace(filters, widened=False, widen=frozenset(), available_by=None)
    if unwidened != CandidateFilters(radius_km=filters.radius_km) or spec.narrowing_musts:
        # Musts narrow per person (their reach, hours, ...), which no kept count knows.
        return None
    several = len(spec.viewer.organisation_ids) > 1
    if several and spec.widened_musts and filters.radius_km is not None:
        # Their widened search within a radius costs less ranked among its matches: the
        # kept counts of each audience and place in it and the people meeting every
        # must took 33 ms p95 at 100k (19 at 10k), where counting took 32 (8).
        return None
    return audience_groups(spec.viewer)


def audience_groups(viewer: Viewer) -> tuple[list[str], list[str]] | None:
    """The `PortfolioFacetCount` groups (added, subtracted) whose sum counts everyone
    `viewer` may find, or None when no sum of groups expresses their access (see
    `kept_count_groups`)."""
    organisations = sorted(viewer.organisation_ids)
    if viewer.is_employer:
        return (["e"], []) if not (organisations or viewer.is_intermediary) else None
    if not viewer.is_intermediary:
        return None
    if not organisations:
        return ["n"], []
    return ["n", *(f"c:{pk}" for pk in organisations)], [f"x:{pk}" for pk in organisations]


def overlap_counts(
    *, spec: CandidateSpec, concepts: list[int], in_radius: str
) -> tuple[list[tuple[str, list]], list[tuple[str, list]]]:
    """What the kept counts of several organisations' staff (`kept_count_groups`) miscount:
    the subquery `overlap` (WITH ...) and its ('f', "<dimension> <value>", NULL,
    correction) rows to add to the counts; nothing for other viewers.

    Their sum counts a person once per group: a person outside the network once per
    organisation of the viewer that coaches them, one in it once less per organisation
    that has them as a member without coaching them. The viewer finds each once when an
    organisation of theirs coaches them, or when they are in the network and a member of
    none of them (`expressions.access`). The two differ only for the people of two or
    more of the viewer's organisations: few, read from the audience rows. Licences and
    work types count per bitmask here (`reads` expands both); the hours, when stated.
    """
    organisations = sorted(spec.viewer.organisation_ids)
    if len(organisations) < 2:
        return [], []
    radius = f" AND e.place_id{in_radius}" if in_radius else ""
    # Each one's entry looked up: PostgreSQL, expecting many, hashed every entry of the
    # radius (14,000, 5 ms for none to correct).
    columns = "e.portfolio_id, e.municipality, e.hours_max, e.driving_licences, e.work_types"
    entry = (
        f"CROSS JOIN LATERAL (SELECT {columns}, e.network FROM {ENTRY} e"
        f" WHERE e.portfolio_id = shared.portfolio_id{radius} OFFSET 0) e"
        if connection.vendor == "postgresql"
        else f"JOIN {ENTRY} e ON e.portfolio_id = shared.portfolio_id{radius}"
    )
    cte = (
        # An integer: PostgreSQL sums bigints (what COUNT and SUM give) into numerics.
        f"overlap AS (SELECT {columns}, CAST(CASE WHEN e.network THEN"
        " (CASE WHEN shared.coached > 0 OR shared.members = 0 THEN 1 ELSE 0 END) - 1"
        " + shared.uncoached"
        " ELSE (CASE WHEN shared.coached > 0 THEN 1 ELSE 0 END) - shared.coached END AS INTEGER)"
        " AS correction"
        " FROM (SELECT a.portfolio_id,"
        " SUM(CASE WHEN a.coach_audience THEN 1 ELSE 0 END) AS coached,"
        " SUM(CASE WHEN a.member AND NOT a.coach_audience THEN 1 ELSE 0 END) AS uncoached,"
        " SUM(CASE WHEN a.member THEN 1 ELSE 0 END) AS members"
        f" FROM {AUDIENCE} a WHERE a.organisation_id IN ({placeholders(organisations)})"
        f" GROUP BY a.portfolio_id HAVING COUNT(*) > 1) shared {entry})",
        [*organisations, *([spec.filters.radius_km] if in_radius else [])],
    )
    selects: list[tuple[str, list]] = [
        (
            f"SELECT 'f', {key}, CAST(NULL AS INTEGER), SUM(o.correction) FROM overlap o"
            f"{condition} GROUP BY {column}",
            [],
        )
        for key, column, condition in (
            ("'m ' || o.municipality", "o.municipality", ""),
            (
                "'h ' || CAST(o.hours_max AS VARCHAR(12))",
                "o.hours_max",
                " WHERE o.hours_max IS NOT NULL",
            ),
            ("'l ' || CAST(o.driving_licences AS VARCHAR(12))", "o.driving_licences", ""),
            ("'k ' || CAST(o.work_types AS VARCHAR(12))", "o.work_types", ""),
        )
    ]
    if concepts:
        selects.append(
            (
                "SELECT 'f', 's ' || CAST(s.concept_id AS VARCHAR(12)), CAST(NULL AS INTEGER),"
                f" SUM(o.correction) FROM overlap o JOIN {SKILL} s"
                " ON s.portfolio_id = o.portfolio_id"
                f" WHERE s.concept_id IN ({placeholders(concepts)}) GROUP BY s.concept_id",
                list(concepts),
            )
        )
    return [cte], selects


def _signed_entries(minus: list[str]) -> tuple[str, list]:
    """A kept count's entries as they add up for a viewer: negative in the groups
    subtracted (`kept_count_groups`). SQL over `f`, and its parameters."""
    if not minus:
        return "f.entries", []
    return (
        f"CASE WHEN f.audience IN ({placeholders(minus)}) THEN -f.entries ELSE f.entries END",
        list(minus),
    )


Everywhere = dict[str, dict[str, int]]


def everywhere_counts(
    groups: tuple[list[str], list[str]], *, concepts: list[int], municipalities: list[str]
) -> Everywhere:
    """The kept counts of EVERYWHERE summed over `groups`, per dimension and value:
    everyone ('t'), hours ('h'), licence and work-type bits ('l', 'k'), the skills
    `concepts` ('s') and the `municipalities` ('m'; there are thousands). One statement,
    a few index ranges per audience, read before the candidate statement: what they say
    chooses how it searches. Of several organisations' staff without the corrections of
    `overlap_counts`, which choosing can do without."""
    plus, minus = groups
    entries, entry_params = _signed_entries(minus)
    asked = [
        (dimension, values)
        for dimension, values in (("m", list(municipalities)), ("s", [str(pk) for pk in concepts]))
        if values
    ]
    named = "".join(
        f" OR (f.dimension = %s AND f.value IN ({placeholders(values)}))"
        for _dimension, values in asked
    )
    named_params = [value for dimension, values in asked for value in (dimension, *values)]
    counts: Everywhere = defaultdict(dict)
    for dimension, value, entered in fetch(
        f"SELECT f.dimension, f.value, SUM({entries}) FROM {COUNTS} f"
        f" WHERE f.audience IN ({placeholders([*plus, *minus])}) AND f.place_id = %s"
        f" AND (f.dimension IN ('h', 'k', 'l', 't'){named}) GROUP BY f.dimension, f.value",
        [*entry_params, *plus, *minus, EVERYWHERE, *named_params],
    ):
        counts[dimension][value] = entered
    return counts


class KeptShare(NamedTuple):
    """How many people a viewer may find (`people`), and about what share of them a
    search's filters and musts keep (`share`, 0 to 1)."""

    people: int
    share: float


# The share guessed for a must the kept counts do not describe (certificates, Dutch).
UNKNOWN_SHARE = 0.5


def kept_share(counts: Everywhere, spec: CandidateSpec) -> KeptShare:
    """How many people the kept `counts` (`everywhere_counts`) hold, and about what share
    of them the filters and narrowing musts of `spec` keep: each condition taken as
    independent of the others, a work type's share as those who stated it (people who
    stated none meet the must as well). The day someone can start counts as kept (most
    say they can start now); certificates and Dutch as UNKNOWN_SHARE."""
    filters, musts = spec.filters, spec.narrowing_musts
    people = counts["t"].get("", 0)
    if people <= 0:
        return KeptShare(0, 1.0)

    def hours_below(least: int) -> int:
        return sum(n for hours, n in counts["h"].items() if int(hours) < least)

    def stating(dimension: str, codes: Iterable[str], bits: dict[str, int]) -> list[int]:
        return [counts[dimension].get(str(bits[code]), 0) for code in codes]

    share = 1.0
    if filters.min_hours is not None:
        # People who did not say their hours do not pass this filter.
        stated = sum(counts["h"].values())
        share *= (stated - hours_below(filters.min_hours)) / people
    if Must.HOURS in musts and spec.hours_min is not None:
        share *= (people - hours_below(spec.hours_min)) / people
    for holders in stating("l", sorted(filters.driving_licences), LICENCE_BITS):
        share *= holders / people
    if filters.work_types:
        share *= min(1.0, sum(stating("k", filters.work_types, WORK_TYPE_BITS)) / people)
    if Must.WORK_TYPE in musts and spec.work_types:
        share *= min(1.0, sum(stating("k", spec.work_types, WORK_TYPE_BITS)) / people)
    if filters.municipalities:
        share *= sum(counts["m"].get(name, 0) for name in filters.municipalities) / people
    share *= UNKNOWN_SHARE ** len(musts & {Must.CERTIFICATES, Must.DUTCH})
    return KeptShare(people, max(0.0, min(1.0, share)))


def skill_holders(counts: Everywhere, concepts: list[int]) -> dict[int, int]:
    """How many people the kept `counts` (`everywhere_counts`) say hold each of
    `concepts`; 0 for a skill nobody holds."""
    return {pk: counts["s"].get(str(pk), 0) for pk in concepts}


def kept_count_selects(
    *,
    spec: CandidateSpec,
    groups: tuple[list[str], list[str]],
    concepts: list[int],
    in_radius: str,
    organisation_values: bool = True,
) -> list[tuple[str, list]]:
    """Total and facets as sums of `PortfolioFacetCount` over the places in the radius
    (without one, the counts of EVERYWHERE).

    Rows ('f', "<dimension> <value>", NULL, count) for the candidate statement
    (`query.CandidateQuery`); `in_radius` is its condition on a place id, empty
    without a radius. Skills in a select of their own, so that each reads only its
    own index ranges (audience, place, dimension[, value]). Without
    `organisation_values`, none of the organisation facets' ('o').
    """
    plus, minus = groups
    audiences = [*plus, *minus]
    entries, entry_params = _signed_entries(minus)
    where = f"f.audience IN ({placeholders(audiences)})"
    where_params: list = list(audiences)
    if in_radius:
        where += f" AND f.place_id{in_radius}"
        where_params.append(spec.filters.radius_km)
    else:
        where += " AND f.place_id = %s"
        where_params.append(EVERYWHERE)
    organisations = sorted(spec.viewer.organisation_ids)
    # Every dimension but the skills as one range: 'h', 'k', 'l', 'm' and 'o' sort before
    # 's'. One index range per audience and place, where a list of dimensions would be
    # one per dimension: a widened search within 100 km (3 audiences, 546 places) took
    # 379 ms summed over 10 bench vacancies at 100k with a second range for the work
    # types, 355 without. Several organisations' values are counted one by one
    # (`query.CandidateQuery._add_organisation_facets`): two of them may record the same.
    if organisation_values and len(organisations) == 1 and organisation_facets():
        # The viewer's own organisation's values only ("<org> <facet> <value>").
        wanted = [
            (
                "f.dimension < 's' AND (f.dimension <> 'o' OR f.value LIKE %s)",
                [f"{organisations[0]} %"],
            )
        ]
    else:
        wanted = [("f.dimension < 's' AND f.dimension <> 'o'", [])]
    if concepts:
        wanted.append(
            (
                f"f.dimension = 's' AND f.value IN ({placeholders(concepts)})",
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
