"""Writing the index: index documents into the rows of `search.models`, and a rebuild.

A portfolio becomes one entry row (place, bitmasks, words of its occupations), its
words, one audience row per organisation that coaches it or has it as a member, one
skill row per concept and its organisations' facet values; a vacancy one entry
row and its skill rows. Every portfolio write also keeps the counts of `counts`.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from django.db import connection, transaction

from portal.choices import dutch_rank

from ...documents import (
    AUDIENCE_EMPLOYERS,
    AUDIENCE_INTERMEDIARIES,
    AUDIENCE_JOBSEEKERS,
    AUDIENCE_NETWORK,
    PortfolioIndexDocument,
    VacancyIndexDocument,
    organisation_audience,
)
from ...models import (
    CERTIFICATE_BITS,
    LICENCE_BITS,
    NO_REACH_LIMIT,
    WORK_TYPE_BITS,
    Place,
    skill_code,
)
from ..base import RebuildReport
from .columns import note_changes
from .counts import (
    COUNT_COLUMNS,
    add_counts,
    count_keys,
    count_values,
    lock_portfolios,
    stored_counts,
)
from .grid import cell_of
from .sql import (
    AUDIENCE,
    COUNTS,
    ENTRY,
    FACET,
    SKILL,
    TABLES,
    VACANCY,
    VACANCY_SKILL,
    WORDS,
    bitmask,
    insert,
    placeholders,
    words,
)

# "org:<id>" audience keys (`documents.organisation_audience`).
ORGANISATION_PREFIX = organisation_audience(0).removesuffix("0")
SKILL_COLUMNS = (
    "portfolio_id",
    "concept_id",
    "level",
    "place_id",
    "cell",
    "network",
    "employers",
    "updated_at",
)
ENTRY_COLUMNS = (
    "portfolio_id",
    "place_id",
    "reach_km",
    "reach_limit_km",
    "hours_min",
    "hours_max",
    "work_types",
    "driving_licences",
    "certificates",
    "dutch_level",
    "updated_at",
    "available_from",
    "municipality",
    "region",
    "occupations",
    "network",
    "employers",
    "skill_codes",
)
VACANCY_COLUMNS = (
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
    "driving_licences",
    "certificates",
    "dutch_level",
)


def index_portfolios(documents: Sequence[PortfolioIndexDocument]) -> None:
    """Replace the rows of these portfolios, and what they count for."""
    with transaction.atomic():
        ids = [doc.portfolio_id for doc in documents]
        lock_portfolios(ids)
        counts = Counter()
        counts.subtract(stored_counts(ids))
        _delete_portfolio_rows(ids)
        _insert_portfolios(documents, counts)
        add_counts(counts)
        note_changes(ids)


def delete_portfolios(portfolio_ids: Collection[int]) -> None:
    """Remove the rows of these portfolios and take back what they counted for."""
    with transaction.atomic():
        ids = list(portfolio_ids)
        lock_portfolios(ids)
        counts = Counter()
        counts.subtract(stored_counts(ids))
        _delete_portfolio_rows(ids)
        add_counts(counts)
        note_changes(ids)


def index_vacancies(documents: Sequence[VacancyIndexDocument]) -> None:
    """Replace the rows of these vacancies."""
    with transaction.atomic():
        _delete_vacancy_rows([doc.vacancy_id for doc in documents])
        _insert_vacancies(documents)


def delete_vacancies(vacancy_ids: Collection[int]) -> None:
    """Remove the rows of these vacancies."""
    with transaction.atomic():
        _delete_vacancy_rows(list(vacancy_ids))


def rebuild(
    *,
    portfolios: Iterable[Sequence[PortfolioIndexDocument]],
    vacancies: Iterable[Sequence[VacancyIndexDocument]],
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
            _insert_portfolios(batch, counts)
            portfolio_count += len(batch)
        # In key order, so that the counts of one place lie together on disk.
        insert(COUNTS, COUNT_COLUMNS, [(*key, n) for key, n in sorted(counts.items()) if n])
        for batch in vacancies:
            _insert_vacancies(batch)
            vacancy_count += len(batch)
        note_changes((), everything=True)
    _refresh_statistics()
    return RebuildReport(
        portfolios=portfolio_count,
        vacancies=vacancy_count,
        seconds=time.perf_counter() - started,
    )


def reset() -> None:
    """Delete every row of the index tables."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")
        note_changes((), everything=True)


def _refresh_statistics() -> None:
    # The planner needs fresh statistics after a rebuild; on PostgreSQL VACUUM also
    # marks the pages all-visible, which index-only scans of the skill rows rely on.
    # VACUUM cannot run inside a transaction (tests, or a caller's atomic block).
    with connection.cursor() as cursor:
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        for table in TABLES:
            cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {table}")


def _delete_portfolio_rows(portfolio_ids: list[int]) -> None:
    if not portfolio_ids:
        return
    with connection.cursor() as cursor:
        for table in (ENTRY, WORDS, AUDIENCE, SKILL, FACET):
            cursor.execute(
                f"DELETE FROM {table} WHERE portfolio_id IN ({placeholders(portfolio_ids)})",
                portfolio_ids,
            )


def _delete_vacancy_rows(vacancy_ids: list[int]) -> None:
    if not vacancy_ids:
        return
    with connection.cursor() as cursor:
        for table in (VACANCY, VACANCY_SKILL):
            cursor.execute(
                f"DELETE FROM {table} WHERE vacancy_id IN ({placeholders(vacancy_ids)})",
                vacancy_ids,
            )


def _insert_portfolios(documents: Sequence[PortfolioIndexDocument], counts: Counter) -> None:
    """Insert the rows of these documents and add what they count for to `counts`."""
    entries, word_rows, audiences, skills, facet_values = [], [], [], [], []
    places = _place_ids(
        {
            (doc.latitude, doc.longitude)
            for doc in documents
            if doc.latitude is not None and doc.longitude is not None
        }
    )
    # Only PostgreSQL's statements read the skill codes (`PortfolioEntry.skill_codes`).
    codes_kept = connection.vendor == "postgresql"
    for doc in documents:
        pid = doc.portfolio_id
        place_id = places.get((doc.latitude, doc.longitude))
        levels: dict[int, int] = {}
        for skill in doc.skills:
            levels[skill.concept_id] = skill.level  # the last one counts, as in scoring
        cell = cell_of(doc.latitude, doc.longitude) if place_id is not None else None
        work_types = bitmask(doc.work_types, WORK_TYPE_BITS)
        licences = bitmask(doc.driving_licences, LICENCE_BITS)
        occupations = words(doc.occupation_ids)
        network = AUDIENCE_NETWORK in doc.audience
        employers = AUDIENCE_EMPLOYERS in doc.audience
        entries.append(
            (
                pid,
                place_id,
                doc.reach_km,
                NO_REACH_LIMIT if doc.reach_km is None else doc.reach_km,
                doc.hours_min,
                doc.hours_max,
                work_types,
                licences,
                bitmask(doc.certificates, CERTIFICATE_BITS),
                dutch_rank(doc.dutch_level),
                doc.updated_at,
                doc.available_from,
                doc.municipality,
                doc.region,
                occupations,
                network,
                employers,
                sorted(skill_code(concept_id, level) for concept_id, level in levels.items())
                if codes_kept
                else None,
            )
        )
        if doc.tokens:
            word_rows.append((pid, words(doc.tokens)))
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
        facet_values.extend(
            (pid, facet, organisation_id, value)
            for facet, organisation_id, value in doc.organisation_facets
        )
        skills.extend(
            (pid, concept_id, level, place_id, cell, network, employers, doc.updated_at)
            for concept_id, level in levels.items()
        )
        counts.update(
            count_keys(
                place_id=place_id,
                network=network,
                employers=employers,
                coached=coached,
                members=members,
                values=count_values(
                    doc.municipality,
                    doc.hours_max,
                    licences,
                    work_types,
                    levels,
                    doc.organisation_facets,
                ),
            )
        )
    insert(ENTRY, ENTRY_COLUMNS, entries)
    insert(WORDS, ("portfolio_id", "tokens"), word_rows)
    insert(AUDIENCE, ("portfolio_id", "organisation_id", "coach_audience", "member"), audiences)
    insert(SKILL, SKILL_COLUMNS, skills)
    insert(FACET, ("portfolio_id", "facet", "organisation_id", "value"), facet_values)


def _insert_vacancies(documents: Sequence[VacancyIndexDocument]) -> None:
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
                words(doc.tokens),
                AUDIENCE_INTERMEDIARIES in doc.audience,
                AUDIENCE_JOBSEEKERS in doc.audience,
                bitmask(doc.driving_licences, LICENCE_BITS),
                bitmask(doc.certificates, CERTIFICATE_BITS),
                dutch_rank(doc.dutch_level),
            )
        )
        needs = {skill.concept_id: skill for skill in doc.skills}
        skills.extend(
            (doc.vacancy_id, s.concept_id, s.min_level, s.required) for s in needs.values()
        )
    insert(VACANCY, VACANCY_COLUMNS, entries)
    insert(VACANCY_SKILL, ("vacancy_id", "concept_id", "min_level", "required"), skills)


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
