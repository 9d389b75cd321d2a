"""The index rows of the portfolios as columns in memory, kept up to date change by change.

Each web process holds one `Columns` per database: the entries as numpy arrays, one
slot per portfolio, and per skill, occupation, word, organisation and facet value the
slots that have it (postings). A candidate search (`vectors`) then filters, scores and
counts every entry at once, where SQL worked row by row.

The rows stay the truth. Every write of the portfolio rows takes the next generation
of the one `IndexGeneration` row in its own transaction (`writes`) and records which
portfolios it changed; the row lock makes the generations commit in order. A search
reads the generation first: the same as its columns', they are current; otherwise it
reads again only the changed portfolios' rows, or everything after a rebuild or when
its columns are older than the changes kept (`KEEP_GENERATIONS`). Each generation also
carries a random token, so that columns read from rows a rollback took back (a test's
transaction) are never taken for current.

A change never alters the columns a search is reading: it derives new ones, with the
changed portfolios' old slots dead and their new rows in new slots at the end, and
swaps them in.
"""

from __future__ import annotations

import math
import secrets
import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from django.db import connection

from portal.geo import EARTH_RADIUS_KM

from ...models import IndexGeneration, PortfolioChange
from .sql import AUDIENCE, ENTRY, FACET, PLACE, SKILL, WORDS, fetch, insert, placeholders

# How many generations of changed portfolio ids the writes keep: columns older than
# that are read again whole.
KEEP_GENERATIONS = 2_000
# Read everything again once this share of the slots is dead (changed or deleted).
MOST_DEAD = 0.25
GENERATION = IndexGeneration._meta.db_table
CHANGE = PortfolioChange._meta.db_table
# "No value" in the integer columns that may be NULL (hours, reach, place).
NONE = -1

_ENTRY_SELECT = (
    "SELECT e.portfolio_id, e.place_id, e.reach_km, e.reach_limit_km, e.hours_min,"
    " e.hours_max, e.work_types, e.driving_licences, e.certificates, e.dutch_level,"
    " e.updated_at, e.available_from, e.municipality, e.occupations, e.network, e.employers"
    f" FROM {ENTRY} e"
)

Postings = dict  # key -> int32 array of slots (skills: (slots, levels))


@dataclass(frozen=True, slots=True)
class Columns:
    """Every portfolio entry as columns, and the postings that find its slots."""

    generation: int = 0
    token: str = ""
    portfolio_id: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    place: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    reach_km: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    reach_limit_km: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    hours_min: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    hours_max: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    work_types: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    licences: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    certificates: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    dutch: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    updated_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    available_from: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    municipality: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    network: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    employers: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    # Each slot's place in the page order of equal scores: most recently updated
    # first, then the lower portfolio id (`scoring`).
    recency: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    municipality_names: tuple[str, ...] = ()
    municipality_codes: dict[str, int] = field(default_factory=dict)
    # Place ids into the rows of the place arrays; coordinates in degrees and radians.
    place_rows: dict[int, int] = field(default_factory=dict)
    place_latitude: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_longitude: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_latitude_rad: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_latitude_cos: np.ndarray = field(default_factory=lambda: np.zeros(0))
    slot_of: dict[int, int] = field(default_factory=dict)
    # concept id -> (slots, levels)
    skills: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    occupations: dict[int, np.ndarray] = field(default_factory=dict)
    words: dict[str, np.ndarray] = field(default_factory=dict)
    coached: dict[int, np.ndarray] = field(default_factory=dict)
    members: dict[int, np.ndarray] = field(default_factory=dict)
    # organisation id -> {(facet, value): slots}
    facet_values: dict[int, dict[tuple[str, str], np.ndarray]] = field(default_factory=dict)

    @property
    def dead(self) -> int:
        return len(self.alive) - len(self.slot_of)

    def distances(self, latitude: float, longitude: float) -> np.ndarray:
        """Per place row, `portal.geo.distance_km` from the place (the person) to the point,
        to the last bit: numpy's sines may differ from the C library's in the last bit,
        so distances that close to a whole kilometre (what reaches and radii are) are
        computed again as `distance_km` computes them."""
        phi = math.radians(latitude)
        cos_phi = math.cos(phi)
        d_phi = phi - self.place_latitude_rad
        d_lambda = (longitude - self.place_longitude) * (math.pi / 180.0)
        h = np.sin(d_phi / 2) ** 2 + self.place_latitude_cos * cos_phi * np.sin(d_lambda / 2) ** 2
        distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        for row in np.flatnonzero(np.abs(distance - np.rint(distance)) < 1e-6):
            h_row = (
                math.sin((phi - self.place_latitude_rad[row]) / 2) ** 2
                + float(self.place_latitude_cos[row])
                * cos_phi
                * math.sin(((longitude - self.place_longitude[row]) * (math.pi / 180.0)) / 2) ** 2
            )
            distance[row] = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h_row)))
        return distance


@dataclass(slots=True)
class _Rows:
    """The index rows of some portfolios, as read."""

    entries: list[tuple] = field(default_factory=list)
    skills: list[tuple] = field(default_factory=list)
    words: list[tuple] = field(default_factory=list)
    audiences: list[tuple] = field(default_factory=list)
    facets: list[tuple] = field(default_factory=list)
    places: list[tuple] = field(default_factory=list)


def _read_rows(portfolio_ids: Sequence[int] | None, known_places: int) -> _Rows:
    """The rows of these portfolios (None: of all), and the places added after the first
    `known_places` ids... (every place whose id the columns do not know)."""
    if portfolio_ids is None:
        where, params = "", []
    elif not portfolio_ids:
        where, params = " WHERE 1 = 0", []
    else:
        where, params = f" WHERE portfolio_id IN ({placeholders(portfolio_ids)})", list(
            portfolio_ids
        )
    entry_where = where.replace("portfolio_id", "e.portfolio_id")
    return _Rows(
        entries=fetch(_ENTRY_SELECT + entry_where, params),
        skills=fetch(f"SELECT portfolio_id, concept_id, level FROM {SKILL}{where}", params),
        words=fetch(f"SELECT portfolio_id, tokens FROM {WORDS}{where}", params),
        audiences=fetch(
            f"SELECT portfolio_id, organisation_id, coach_audience, member FROM {AUDIENCE}{where}",
            params,
        ),
        facets=fetch(
            f"SELECT portfolio_id, organisation_id, facet, value FROM {FACET}{where}", params
        ),
        places=fetch(
            f"SELECT id, latitude, longitude, latitude_rad, latitude_cos FROM {PLACE}"
            " WHERE id > %s ORDER BY id",
            [known_places],
        ),
    )


def _merged(
    old: dict, new: dict[object, list[int]], slots_dtype=np.int32
) -> dict[object, np.ndarray]:
    merged = dict(old)
    for key, slots in new.items():
        added = np.asarray(slots, dtype=slots_dtype)
        merged[key] = np.concatenate((old[key], added)) if key in old else added
    return merged


def _with_rows(columns: Columns, changed: Iterable[int], rows: _Rows) -> Columns:
    """`columns` with the slots of `changed` portfolios dead and `rows` in new slots."""
    alive = columns.alive.copy()
    slot_of = dict(columns.slot_of)
    for portfolio_id in changed:
        slot = slot_of.pop(portfolio_id, None)
        if slot is not None:
            alive[slot] = False
    start = len(alive)
    # Places: only ever added (`writes._place_ids`).
    place_rows = dict(columns.place_rows)
    place_arrays = [
        columns.place_latitude,
        columns.place_longitude,
        columns.place_latitude_rad,
        columns.place_latitude_cos,
    ]
    new_places = [row for row in rows.places if row[0] not in place_rows]
    for offset, row in enumerate(new_places):
        place_rows[row[0]] = len(columns.place_latitude) + offset
    if new_places:
        added = np.asarray([row[1:] for row in new_places], dtype=float)
        place_arrays = [np.concatenate((old, added[:, i])) for i, old in enumerate(place_arrays)]
    names = list(columns.municipality_names)
    codes = dict(columns.municipality_codes)
    entry_columns: list[list] = [[] for _ in range(16)]
    for offset, entry in enumerate(rows.entries):
        (
            portfolio_id,
            place_id,
            reach_km,
            reach_limit_km,
            hours_min,
            hours_max,
            work_types,
            licences,
            certificates,
            dutch,
            updated_at,
            available_from,
            municipality,
            occupations,
            network,
            employers,
        ) = entry
        slot_of[portfolio_id] = start + offset
        if municipality not in codes:
            codes[municipality] = len(names)
            names.append(municipality)
        for values, value in zip(
            entry_columns,
            (
                portfolio_id,
                NONE if place_id is None else place_rows[place_id],
                NONE if reach_km is None else reach_km,
                reach_limit_km,
                NONE if hours_min is None else hours_min,
                NONE if hours_max is None else hours_max,
                work_types,
                licences,
                certificates,
                dutch,
                updated_at,
                available_from,
                codes[municipality],
                bool(network),
                bool(employers),
                occupations,
            ),
            strict=True,
        ):
            values.append(value)
    occupation_slots: dict[int, list[int]] = defaultdict(list)
    for offset, occupations in enumerate(entry_columns[15]):
        for occupation in occupations.split():
            occupation_slots[int(occupation)].append(start + offset)
    dtypes = (
        np.int64,
        np.int32,
        np.int32,
        np.int32,
        np.int32,
        np.int32,
        np.int32,
        np.int32,
        np.int64,
        np.int32,
        np.int64,
        np.int64,
        np.int32,
        bool,
        bool,
    )
    old_arrays = (
        columns.portfolio_id,
        columns.place,
        columns.reach_km,
        columns.reach_limit_km,
        columns.hours_min,
        columns.hours_max,
        columns.work_types,
        columns.licences,
        columns.certificates,
        columns.dutch,
        columns.updated_at,
        columns.available_from,
        columns.municipality,
        columns.network,
        columns.employers,
    )
    arrays = [
        np.concatenate((old, np.asarray(values, dtype=dtype)))
        for old, values, dtype in zip(old_arrays, entry_columns[:15], dtypes, strict=True)
    ]
    alive = np.concatenate((alive, np.ones(len(rows.entries), bool)))
    # Rows of portfolios without an entry (none are written so) have no slot.
    skill_slots: dict[int, list[int]] = defaultdict(list)
    skill_levels: dict[int, list[int]] = defaultdict(list)
    for portfolio_id, concept_id, level in rows.skills:
        slot = slot_of.get(portfolio_id)
        if slot is not None and slot >= start:
            skill_slots[concept_id].append(slot)
            skill_levels[concept_id].append(level)
    skills = dict(columns.skills)
    for concept_id, slots in skill_slots.items():
        added = (np.asarray(slots, np.int32), np.asarray(skill_levels[concept_id], np.int16))
        if concept_id in skills:
            old_slots, old_levels = skills[concept_id]
            added = (np.concatenate((old_slots, added[0])), np.concatenate((old_levels, added[1])))
        skills[concept_id] = added
    word_slots: dict[str, list[int]] = defaultdict(list)
    for portfolio_id, tokens in rows.words:
        slot = slot_of.get(portfolio_id)
        if slot is not None and slot >= start:
            for token in tokens.split():
                word_slots[token].append(slot)
    coached: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for portfolio_id, organisation_id, coach_audience, member in rows.audiences:
        slot = slot_of.get(portfolio_id)
        if slot is not None and slot >= start:
            if coach_audience:
                coached[organisation_id].append(slot)
            if member:
                members[organisation_id].append(slot)
    facet_slots: dict[int, dict[tuple[str, str], list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for portfolio_id, organisation_id, facet, value in rows.facets:
        slot = slot_of.get(portfolio_id)
        if slot is not None and slot >= start:
            facet_slots[organisation_id][(facet, value)].append(slot)
    facet_values = dict(columns.facet_values)
    for organisation_id, values in facet_slots.items():
        facet_values[organisation_id] = _merged(columns.facet_values.get(organisation_id, {}), values)
    portfolio_ids, updated = arrays[0], arrays[10]
    # Most recent first, then the lower id; dead slots anywhere (never matched).
    order = np.lexsort((portfolio_ids, -updated))
    recency = np.empty(len(order), np.int64)
    recency[order] = np.arange(len(order))
    return replace(
        columns,
        portfolio_id=portfolio_ids,
        alive=alive,
        place=arrays[1],
        reach_km=arrays[2],
        reach_limit_km=arrays[3],
        hours_min=arrays[4],
        hours_max=arrays[5],
        work_types=arrays[6],
        licences=arrays[7],
        certificates=arrays[8],
        dutch=arrays[9],
        updated_at=updated,
        available_from=arrays[11],
        municipality=arrays[12],
        network=arrays[13],
        employers=arrays[14],
        recency=recency,
        municipality_names=tuple(names),
        municipality_codes=codes,
        place_rows=place_rows,
        place_latitude=place_arrays[0],
        place_longitude=place_arrays[1],
        place_latitude_rad=place_arrays[2],
        place_latitude_cos=place_arrays[3],
        slot_of=slot_of,
        skills=skills,
        occupations=_merged(columns.occupations, occupation_slots),
        words=_merged(columns.words, word_slots),
        coached=_merged(columns.coached, coached),
        members=_merged(columns.members, members),
        facet_values=facet_values,
    )


def _generation() -> tuple[int, int, str]:
    """(generation, generation of the last rebuild, token) of the index rows now."""
    rows = fetch(f"SELECT generation, rebuilt, token FROM {GENERATION} WHERE id = 1", [])
    return rows[0] if rows else (0, 0, "")


def _changed_since(generation: int, token: str, now: int) -> list[int] | None:
    """The portfolios changed after `generation` up to `now`; None when the changes kept do
    not reach back to it, or its token says another history (a rollback took it back)."""
    if now - generation > KEEP_GENERATIONS:
        return None
    known = fetch(f"SELECT token FROM {CHANGE} WHERE generation = %s LIMIT 1", [generation])
    if not known or known[0][0] != token:
        return None
    rows = fetch(
        f"SELECT DISTINCT portfolio_id FROM {CHANGE}"
        " WHERE generation > %s AND generation <= %s AND portfolio_id IS NOT NULL",
        [generation, now],
    )
    return [portfolio_id for (portfolio_id,) in rows]


def note_changes(portfolio_ids: Collection[int], *, everything: bool = False) -> None:
    """Take the next generation for a write of the portfolio rows and record what it
    changed (`everything`: a rebuild or reset), last in the writing transaction: the
    generation row stays locked until the commit, so generations commit in order."""
    token = secrets.token_hex(8)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {GENERATION} SET generation = generation + 1, token = %s WHERE id = 1",
            [token],
        )
        if cursor.rowcount == 0:
            # The row the migration made is gone (a test flushed the tables).
            cursor.execute(
                f"INSERT INTO {GENERATION} (id, generation, rebuilt, token) VALUES (1, 1, 0, %s)",
                [token],
            )
        cursor.execute(f"SELECT generation FROM {GENERATION} WHERE id = 1")
        (generation,) = cursor.fetchone()
        if everything:
            cursor.execute(f"UPDATE {GENERATION} SET rebuilt = generation WHERE id = 1")
            cursor.execute(f"DELETE FROM {CHANGE}")
            rows = [(generation, token, None)]
        else:
            cursor.execute(
                f"DELETE FROM {CHANGE} WHERE generation <= %s", [generation - KEEP_GENERATIONS]
            )
            # One row even for no portfolio: the token of every generation is kept.
            rows = [(generation, token, pk) for pk in sorted(portfolio_ids)] or [
                (generation, token, None)
            ]
    insert(CHANGE, ("generation", "token", "portfolio_id"), rows)


class CurrentColumns:
    """The columns of one database, brought up to date before each search."""

    def __init__(self) -> None:
        self._columns: dict[str, Columns] = {}
        self._lock = threading.Lock()

    def get(self) -> Columns:
        """The columns as the index rows are now (as this connection sees them)."""
        key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
        now, rebuilt, token = _generation()
        columns = self._columns.get(key)
        if columns is not None and columns.generation == now and columns.token == token:
            return columns
        with self._lock:
            columns = self._columns.get(key)
            changed = None
            if columns is not None and rebuilt <= columns.generation <= now and columns.token:
                changed = _changed_since(columns.generation, columns.token, now)
            if changed is None or columns is None or columns.dead > MOST_DEAD * len(columns.alive):
                columns = _with_rows(Columns(), (), _read_rows(None, 0))
            else:
                known = max(columns.place_rows, default=0)
                columns = _with_rows(columns, changed, _read_rows(sorted(changed), known))
            columns = replace(columns, generation=now, token=token)
            self._columns[key] = columns
            return columns

