"""The index rows of the portfolios as columns in memory, kept up to date change by change.

Each process holds one `Columns` per database: the entries as numpy arrays, one slot
per portfolio, and per skill, occupation, word, organisation and facet value the slots
that have it (postings). A candidate search (`vectors`) then filters, scores and counts
every entry at once, where SQL went row by row.

The rows stay the truth. Every write of the portfolio rows takes the next generation of
the one `IndexGeneration` row, last in its transaction, and records which portfolios it
changed (`note_changes`); the row stays locked until the commit, so generations commit
in order. A search reads the generation first (one row): the same as its columns', they
are current; otherwise only the changed portfolios' rows are read again, or every row
after a rebuild, when the columns are older than the changes kept (`KEEP_GENERATIONS`)
or when a quarter of their slots is dead. Each generation carries a random token, so
that columns read from rows a rollback took back (a test's transaction) are never taken
for current.

A change never alters columns a search may be reading: it derives new ones, the changed
portfolios' old slots dead and their new rows in slots at the end, and swaps them in.
Whatever else writes these rows (a data migration) must note it as `writes` does:
`note_changes((), everything=True)`.
"""

from __future__ import annotations

import math
import secrets
import threading
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np
from django.db import connection, transaction

from portal.geo import EARTH_RADIUS_KM, distance_km

from ...models import IndexGeneration, PortfolioChange
from .sql import AUDIENCE, ENTRY, FACET, PLACE, SKILL, WORDS, fetch, insert, placeholders

# How many generations of changed portfolio ids the writes keep: columns older than that
# are read again whole.
KEEP_GENERATIONS = 2_000
# Read every row again once this share of the slots is dead (changed or deleted).
MOST_DEAD = 0.25
GENERATION = IndexGeneration._meta.db_table
CHANGE = PortfolioChange._meta.db_table
# A column's "no value" (hours, reach or place not stated).
NONE = -1
# Distances this close to a whole kilometre are computed again as `distance_km` does.
_NEAR_WHOLE_KM = 1e-6
_DEGREES_TO_RADIANS = math.pi / 180.0

# The entry columns, in the order `_ENTRY_SELECT` reads them, with their types.
_ENTRY_COLUMNS: tuple[tuple[str, type], ...] = (
    ("portfolio_id", np.int64),
    ("place", np.int32),
    ("reach_km", np.int32),
    ("reach_limit_km", np.int32),
    ("hours_min", np.int32),
    ("hours_max", np.int32),
    ("work_types", np.int32),
    ("licences", np.int32),
    ("certificates", np.int64),
    ("dutch", np.int32),
    ("updated_at", np.int64),
    ("available_from", np.int64),
    ("municipality", np.int32),
    ("network", np.bool_),
    ("employers", np.bool_),
)
_ENTRY_SELECT = (
    "SELECT portfolio_id, place_id, reach_km, reach_limit_km, hours_min, hours_max,"
    " work_types, driving_licences, certificates, dutch_level, updated_at, available_from,"
    f" municipality, network, employers, occupations FROM {ENTRY}"
)


def _no_slots() -> np.ndarray:
    return np.zeros(0, np.int32)


@dataclass(frozen=True, slots=True)
class Columns:
    """Every portfolio entry as columns (`_ENTRY_COLUMNS`: one value per slot), and the
    postings that find the slots holding a skill, occupation, word or audience."""

    generation: int = 0
    token: str = ""
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, np.bool_))
    portfolio_id: np.ndarray = field(default_factory=_no_slots)
    place: np.ndarray = field(default_factory=_no_slots)
    reach_km: np.ndarray = field(default_factory=_no_slots)
    reach_limit_km: np.ndarray = field(default_factory=_no_slots)
    hours_min: np.ndarray = field(default_factory=_no_slots)
    hours_max: np.ndarray = field(default_factory=_no_slots)
    work_types: np.ndarray = field(default_factory=_no_slots)
    licences: np.ndarray = field(default_factory=_no_slots)
    certificates: np.ndarray = field(default_factory=_no_slots)
    dutch: np.ndarray = field(default_factory=_no_slots)
    updated_at: np.ndarray = field(default_factory=_no_slots)
    available_from: np.ndarray = field(default_factory=_no_slots)
    municipality: np.ndarray = field(default_factory=_no_slots)
    network: np.ndarray = field(default_factory=lambda: np.zeros(0, np.bool_))
    employers: np.ndarray = field(default_factory=lambda: np.zeros(0, np.bool_))
    municipality_names: tuple[str, ...] = ()
    municipality_codes: dict[str, int] = field(default_factory=dict)
    # Place ids to rows of the place columns (latitude and longitude in degrees; the
    # latitude in radians and its cosine as the writes stored them).
    place_rows: dict[int, int] = field(default_factory=dict)
    place_latitude: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_longitude: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_latitude_rad: np.ndarray = field(default_factory=lambda: np.zeros(0))
    place_latitude_cos: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # The slot of every portfolio alive. Only a refresh reads or changes it, under the
    # lock of `CurrentColumns`: columns derived from these share it, and copying 63,000
    # keys took 2 ms of each refresh at 100k.
    slot_of: dict[int, int] = field(default_factory=dict)
    # Postings: concept id -> (slots, levels); the others key -> slots.
    skills: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    occupations: dict[int, np.ndarray] = field(default_factory=dict)
    words: dict[str, np.ndarray] = field(default_factory=dict)
    coached: dict[int, np.ndarray] = field(default_factory=dict)
    members: dict[int, np.ndarray] = field(default_factory=dict)
    # organisation id -> {(facet, value): slots}
    facet_values: dict[int, dict[tuple[str, str], np.ndarray]] = field(default_factory=dict)

    @property
    def dead(self) -> int:
        """Slots of portfolios changed or deleted since they were read (of the newest
        columns: they share `slot_of`)."""
        return len(self.alive) - len(self.slot_of)

    def distances(self, latitude: float, longitude: float) -> np.ndarray:
        """Per place row, `portal.geo.distance_km` from the place (the person) to the point.

        numpy's sines may differ from the C library's in the last bit, which matters only
        where a distance is compared with a whole number of kilometres (reaches and
        radii): distances that close to one are computed again as `distance_km` does.
        """
        phi = math.radians(latitude)
        cos_phi = math.cos(phi)
        d_phi = phi - self.place_latitude_rad
        d_lambda = (longitude - self.place_longitude) * _DEGREES_TO_RADIANS
        h = np.sin(d_phi / 2) ** 2 + self.place_latitude_cos * cos_phi * np.sin(d_lambda / 2) ** 2
        distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        for row in np.flatnonzero(np.abs(distance - np.rint(distance)) < _NEAR_WHOLE_KM):
            distance[row] = distance_km(
                float(self.place_latitude[row]),
                float(self.place_longitude[row]),
                latitude,
                longitude,
            )
        return distance


@dataclass(slots=True)
class _Rows:
    """The index rows of some portfolios, and the places the columns do not know yet."""

    entries: list[tuple]
    skills: list[tuple]
    words: list[tuple]
    audiences: list[tuple]
    facets: list[tuple]
    places: list[tuple]


def _read_rows(portfolio_ids: Sequence[int] | None, known_places: Collection[int]) -> _Rows:
    """The rows of these portfolios (None: of every one), and the places they are at that
    are not in `known_places` (by id: places are added by concurrent writes, whose ids
    need not commit in order)."""
    where, params = "", []
    if portfolio_ids is not None:
        where = f" WHERE portfolio_id IN ({placeholders(portfolio_ids) or 'NULL'})"
        params = list(portfolio_ids)
    entries = fetch(_ENTRY_SELECT + where, params)
    place_select = f"SELECT id, latitude, longitude, latitude_rad, latitude_cos FROM {PLACE}"
    if portfolio_ids is None:
        places = fetch(place_select, [])
    else:
        unknown = {entry[1] for entry in entries if entry[1] is not None} - set(known_places)
        places = (
            fetch(f"{place_select} WHERE id IN ({placeholders(unknown)})", sorted(unknown))
            if unknown
            else []
        )
    return _Rows(
        entries=entries,
        skills=fetch(f"SELECT portfolio_id, concept_id, level FROM {SKILL}{where}", params),
        words=fetch(f"SELECT portfolio_id, tokens FROM {WORDS}{where}", params),
        audiences=fetch(
            f"SELECT portfolio_id, organisation_id, coach_audience, member FROM {AUDIENCE}{where}",
            params,
        ),
        facets=fetch(
            f"SELECT portfolio_id, organisation_id, facet, value FROM {FACET}{where}", params
        ),
        places=places,
    )


def _appended(old: dict, new: dict[object, list[int]]) -> dict:
    """Postings `old` with the slots of `new` added at the end of each key's."""
    merged = dict(old)
    for key, slots in new.items():
        added = np.asarray(slots, np.int32)
        merged[key] = np.concatenate((old[key], added)) if key in old else added
    return merged


def _with_rows(columns: Columns, changed: Collection[int], rows: _Rows) -> Columns:
    """`columns` with the slots of the `changed` portfolios dead and `rows` in new slots."""
    alive = columns.alive.copy()
    slot_of = columns.slot_of
    for portfolio_id in changed:
        slot = slot_of.pop(portfolio_id, None)
        if slot is not None:
            alive[slot] = False
    first = len(alive)
    places = _with_places(columns, rows.places)
    place_rows = places["place_rows"]
    names = list(columns.municipality_names)
    codes = dict(columns.municipality_codes)
    for entry in rows.entries:
        if entry[12] not in codes:
            codes[entry[12]] = len(names)
            names.append(entry[12])
    values = list(zip(*rows.entries, strict=True)) or [()] * (len(_ENTRY_COLUMNS) + 1)
    values[1] = [NONE if place_id is None else place_rows[place_id] for place_id in values[1]]
    values[12] = [codes[name] for name in values[12]]
    arrays = {
        name: np.concatenate(
            (
                getattr(columns, name),
                np.asarray([NONE if value is None else value for value in column], dtype),
            )
        )
        for (name, dtype), column in zip(_ENTRY_COLUMNS, values, strict=False)
    }
    new_slots = {}
    for offset, portfolio_id in enumerate(values[0]):
        slot_of[portfolio_id] = new_slots[portfolio_id] = first + offset
    occupations: dict[int, list[int]] = defaultdict(list)
    for portfolio_id, held in zip(values[0], values[-1], strict=True):
        for occupation_id in held.split():
            occupations[int(occupation_id)].append(new_slots[portfolio_id])
    # Rows of a portfolio without an entry (the writes make none) have no slot.
    skill_slots: dict[int, list[int]] = defaultdict(list)
    skill_levels: dict[int, list[int]] = defaultdict(list)
    for portfolio_id, concept_id, level in rows.skills:
        if portfolio_id in new_slots:
            skill_slots[concept_id].append(new_slots[portfolio_id])
            skill_levels[concept_id].append(level)
    skills = dict(columns.skills)
    for concept_id, slots in skill_slots.items():
        old_slots, old_levels = skills.get(concept_id, (_no_slots(), np.zeros(0, np.int16)))
        skills[concept_id] = (
            np.concatenate((old_slots, np.asarray(slots, np.int32))),
            np.concatenate((old_levels, np.asarray(skill_levels[concept_id], np.int16))),
        )
    words: dict[str, list[int]] = defaultdict(list)
    for portfolio_id, tokens in rows.words:
        if portfolio_id in new_slots:
            for token in tokens.split():
                words[token].append(new_slots[portfolio_id])
    coached: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for portfolio_id, organisation_id, coach_audience, member in rows.audiences:
        if portfolio_id in new_slots:
            if coach_audience:
                coached[organisation_id].append(new_slots[portfolio_id])
            if member:
                members[organisation_id].append(new_slots[portfolio_id])
    recorded: dict[int, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    for portfolio_id, organisation_id, facet, value in rows.facets:
        if portfolio_id in new_slots:
            recorded[organisation_id][(facet, value)].append(new_slots[portfolio_id])
    facet_values = dict(columns.facet_values)
    for organisation_id, values_of in recorded.items():
        facet_values[organisation_id] = _appended(facet_values.get(organisation_id, {}), values_of)
    return replace(
        columns,
        alive=np.concatenate((alive, np.ones(len(rows.entries), np.bool_))),
        **arrays,
        **places,
        municipality_names=tuple(names),
        municipality_codes=codes,
        slot_of=slot_of,
        skills=skills,
        occupations=_appended(columns.occupations, occupations),
        words=_appended(columns.words, words),
        coached=_appended(columns.coached, coached),
        members=_appended(columns.members, members),
        facet_values=facet_values,
    )


def _with_places(columns: Columns, rows: list[tuple]) -> dict:
    """The place columns with the places of `rows` added (the writes never change or
    delete a place)."""
    place_rows = dict(columns.place_rows)
    added = [row for row in rows if row[0] not in place_rows]
    for offset, row in enumerate(added):
        place_rows[row[0]] = len(columns.place_latitude) + offset
    names = ("place_latitude", "place_longitude", "place_latitude_rad", "place_latitude_cos")
    values = np.asarray([row[1:] for row in added], float).reshape(len(added), len(names))
    return {
        "place_rows": place_rows,
        **{
            name: np.concatenate((getattr(columns, name), values[:, index]))
            for index, name in enumerate(names)
        },
    }


def _generation() -> tuple[int, int, str]:
    """(generation, generation of the last rebuild, token) of the index rows now."""
    rows = fetch(f"SELECT generation, rebuilt, token FROM {GENERATION} WHERE id = 1", [])
    return rows[0] if rows else (0, 0, "")


def _changed_since(columns: Columns, now: int) -> list[int] | None:
    """The portfolios changed after the columns' generation up to `now`; None when the
    changes kept do not reach back that far, or its token is not the one kept (a rollback
    took that generation back)."""
    if now - columns.generation > KEEP_GENERATIONS:
        return None
    kept = fetch(f"SELECT token FROM {CHANGE} WHERE generation = %s LIMIT 1", [columns.generation])
    if not kept or kept[0][0] != columns.token:
        return None
    rows = fetch(
        f"SELECT DISTINCT portfolio_id FROM {CHANGE}"
        " WHERE generation > %s AND generation <= %s AND portfolio_id IS NOT NULL",
        [columns.generation, now],
    )
    return [portfolio_id for (portfolio_id,) in rows]


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Read the generation, the changes and the rows as of one moment: on PostgreSQL in a
    REPEATABLE READ transaction (each statement of READ COMMITTED sees the commits made
    before it), on SQLite in any transaction. Inside a caller's transaction, its own."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


class CurrentColumns:
    """The columns of each database this process searches, brought up to date before each
    search."""

    def __init__(self) -> None:
        self._columns: dict[str, Columns] = {}
        self._lock = threading.Lock()

    def get(self) -> Columns:
        """The columns as the index rows are now, as this connection sees them."""
        key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
        columns = self._columns.get(key)
        if _is_current(columns, _generation()):
            return columns
        with self._lock, _one_snapshot():
            # Once more in the snapshot the rows are read in: another thread may have
            # brought them up to date meanwhile.
            state = _generation()
            columns = self._columns.get(key)
            if not _is_current(columns, state):
                columns = self._columns[key] = _refreshed(columns, *state)
            return columns


def _is_current(columns: Columns | None, state: tuple[int, int, str]) -> bool:
    now, _rebuilt, token = state
    return columns is not None and (columns.generation, columns.token) == (now, token)


def _refreshed(columns: Columns | None, now: int, rebuilt: int, token: str) -> Columns:
    """`columns` brought up to generation `now`: the changed portfolios' rows read again,
    or every row."""
    changed = None
    if (
        columns is not None
        and rebuilt <= columns.generation <= now
        and columns.dead <= MOST_DEAD * len(columns.alive)
    ):
        changed = _changed_since(columns, now)
    if columns is None or changed is None:
        columns = _with_rows(Columns(), (), _read_rows(None, ()))
    else:
        rows = _read_rows(sorted(changed), columns.place_rows.keys())
        columns = _with_rows(columns, changed, rows)
    return replace(columns, generation=now, token=token)


def note_changes(portfolio_ids: Collection[int], *, everything: bool = False) -> None:
    """Take the next generation for a write of the portfolio rows and record which it
    changed (`everything`: a rebuild or reset), last in the writing transaction: the
    generation row stays locked until the commit, so generations commit in order."""
    token = secrets.token_hex(8)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {GENERATION} SET generation = generation + 1, token = %s WHERE id = 1",
            [token],
        )
        if cursor.rowcount == 0:
            # The row the migration made is gone (a test flushed every table).
            cursor.execute(
                f"INSERT INTO {GENERATION} (id, generation, rebuilt, token) VALUES (1, 1, 0, %s)",
                [token],
            )
        cursor.execute(f"SELECT generation FROM {GENERATION} WHERE id = 1")
        (generation,) = cursor.fetchone()
        if everything:
            cursor.execute(f"UPDATE {GENERATION} SET rebuilt = generation WHERE id = 1")
            cursor.execute(f"DELETE FROM {CHANGE}")
        else:
            cursor.execute(
                f"DELETE FROM {CHANGE} WHERE generation <= %s", [generation - KEEP_GENERATIONS]
            )
    # Every generation keeps a row with its token, one without portfolios too.
    changed = sorted(portfolio_ids) if not everything else []
    rows = [(generation, token, portfolio_id) for portfolio_id in changed]
    insert(CHANGE, ("generation", "token", "portfolio_id"), rows or [(generation, token, None)])
