"""Candidate searches from the columns in memory (`search.backends.database.columns`,
`vectors`): the same pages, totals and facets as the Python rules and the SQL, and
columns that follow every write at once, never showing what was changed or taken back.
"""

import dataclasses
import math
import random

import numpy as np
import pytest
from django.db import transaction

from portal.geo import distance_km
from search.backends.database import DatabaseBackend, columns
from search.backends.database.columns import Columns
from search.models import Place
from search.spec import CandidateFilters, CandidateSpec, Point, Viewer
from search.tests.test_database_backend import (
    PLACES,
    everyone_spec,
    expected_candidates,
    plain_portfolio,
    random_candidate_spec,
    random_portfolio,
)


@pytest.fixture
def backend(db) -> DatabaseBackend:
    return DatabaseBackend(in_memory=True)


def _everyone() -> CandidateSpec:
    return everyone_spec(page_size=100)


def _assert_as_python_rules(backend: DatabaseBackend, spec: CandidateSpec, docs: list) -> None:
    page = backend.candidates(spec)
    hits, total, facets = expected_candidates(spec, docs)
    assert [(hit.id, hit.score, hit.meets_musts) for hit in page.hits] == hits, spec
    assert page.total == total, spec
    assert page.facets == facets, spec


def test_candidates_from_columns_agree_with_the_python_rules_and_the_sql(backend):
    rng = random.Random(6)
    docs = [random_portfolio(rng, pk) for pk in range(1, 401)]
    backend.index_portfolios(docs)
    by_sql = DatabaseBackend(in_memory=False)
    for _ in range(150):
        spec = random_candidate_spec(rng)
        _assert_as_python_rules(backend, spec, docs)
        assert backend.candidates(spec) == by_sql.candidates(spec), spec


def test_columns_follow_changes_and_deletions_without_reading_every_row_again(backend):
    rng = random.Random(7)
    docs = {pk: random_portfolio(rng, pk) for pk in range(1, 301)}
    backend.index_portfolios(list(docs.values()))
    backend.candidates(_everyone())
    for _round in range(4):
        changed = [random_portfolio(rng, pk) for pk in rng.sample(sorted(docs), 20)]
        backend.index_portfolios(changed)
        docs.update({doc.portfolio_id: doc for doc in changed})
        gone = rng.sample(sorted(docs), 5)
        backend.delete_portfolios(gone)
        for pk in gone:
            del docs[pk]
        for _ in range(20):
            _assert_as_python_rules(backend, random_candidate_spec(rng), list(docs.values()))
    # The changed and deleted portfolios' old slots are dead, not read again whole (a
    # portfolio changed and deleted before the next search is one change).
    held = backend.columns.get()
    assert 4 * 20 <= held.dead <= 4 * 25
    assert len(held.slot_of) == len(docs)


def test_a_deleted_portfolio_is_gone_from_the_next_search(backend):
    docs = [plain_portfolio(pk) for pk in (1, 2, 3)]
    backend.index_portfolios(docs)
    assert {hit.id for hit in backend.candidates(_everyone()).hits} == {1, 2, 3}
    backend.delete_portfolios([2])
    assert {hit.id for hit in backend.candidates(_everyone()).hits} == {1, 3}


def test_rows_a_rollback_took_back_are_never_taken_for_current(backend):
    backend.index_portfolios([plain_portfolio(1)])
    backend.candidates(_everyone())
    with transaction.atomic():
        backend.index_portfolios([plain_portfolio(2)])
        assert {hit.id for hit in backend.candidates(_everyone()).hits} == {1, 2}
        transaction.set_rollback(True)
    # The next write takes the same generation number the rolled-back one had.
    backend.index_portfolios([plain_portfolio(3)])
    assert {hit.id for hit in backend.candidates(_everyone()).hits} == {1, 3}


def test_columns_older_than_the_changes_kept_are_read_again_whole(backend, monkeypatch):
    monkeypatch.setattr(columns, "KEEP_GENERATIONS", 2)
    backend.index_portfolios([plain_portfolio(pk) for pk in (1, 2)])
    backend.candidates(_everyone())
    for pk in (3, 4, 5):
        backend.index_portfolios([plain_portfolio(pk)])
    assert {hit.id for hit in backend.candidates(_everyone()).hits} == {1, 2, 3, 4, 5}
    assert backend.columns.get().dead == 0


def test_a_rebuild_replaces_the_columns_whole(backend):
    backend.index_portfolios([plain_portfolio(pk) for pk in (1, 2)])
    backend.candidates(_everyone())
    backend.rebuild(portfolios=[[plain_portfolio(pk) for pk in (2, 3)]], vacancies=[])
    assert {hit.id for hit in backend.candidates(_everyone()).hits} == {2, 3}
    assert backend.columns.get().dead == 0


def test_each_process_brings_its_own_columns_up_to_date(backend):
    """Another process (here: another backend) writes; this one's next search sees it."""
    other = DatabaseBackend(in_memory=True)
    backend.index_portfolios([plain_portfolio(1)])
    assert backend.candidates(_everyone()).total == 1
    other.index_portfolios([plain_portfolio(2)])
    assert backend.candidates(_everyone()).total == 2


def test_a_place_whose_id_committed_late_is_read_with_its_people(backend):
    """Concurrent writes add places whose ids need not commit in order: a refresh asks for
    the places its people are at, not for those after the last id it knows."""
    first, later = PLACES[0], PLACES[1]
    backend.index_portfolios([plain_portfolio(1, latitude=first[0], longitude=first[1])])
    known = Place.objects.get().pk
    # A place with a higher id than the next one the sequence gives, as a write that
    # committed first would leave it.
    Place.objects.create(
        pk=known + 100,
        latitude=later[0],
        longitude=later[1],
        latitude_rad=math.radians(later[0]),
        latitude_cos=math.cos(math.radians(later[0])),
    )
    backend.index_portfolios([plain_portfolio(2, latitude=later[0], longitude=later[1])])
    backend.candidates(_everyone())
    late = PLACES[2]
    backend.index_portfolios([plain_portfolio(3, latitude=late[0], longitude=late[1])])
    spec = dataclasses.replace(
        _everyone(),
        location=Point(*late),
        filters=CandidateFilters(radius_km=1),
    )
    assert [hit.id for hit in backend.candidates(spec).hits] == [3]


def test_a_search_of_current_columns_reads_one_row(backend, django_assert_num_queries):
    backend.index_portfolios([plain_portfolio(pk) for pk in range(1, 50)])
    spec = random_candidate_spec(random.Random(3))
    backend.candidates(spec)
    with django_assert_num_queries(1):
        backend.candidates(spec)


def test_a_viewer_who_may_find_nobody_gets_nothing_from_the_columns(backend):
    backend.index_portfolios([plain_portfolio(pk) for pk in (1, 2)])
    page = backend.candidates(everyone_spec(Viewer()))
    assert (page.hits, page.total) == ([], 0)


def test_distances_compare_with_whole_kilometres_as_the_explanation_does():
    rng = random.Random(11)
    points = [(50.75 + rng.random() * 2.8, 3.35 + rng.random() * 3.9) for _ in range(2_000)]
    points += PLACES
    held = Columns(
        place_latitude=_array([lat for lat, _ in points]),
        place_longitude=_array([lon for _, lon in points]),
        place_latitude_rad=_array([math.radians(lat) for lat, _ in points]),
        place_latitude_cos=_array([math.cos(math.radians(lat)) for lat, _ in points]),
    )
    for lat, lon in PLACES:
        computed = held.distances(lat, lon)
        for (person_lat, person_lon), distance in zip(points, computed, strict=True):
            exact = distance_km(person_lat, person_lon, lat, lon)
            assert math.isclose(distance, exact, rel_tol=1e-12, abs_tol=1e-9)
            for whole in (math.floor(exact), math.ceil(exact)):
                assert (distance <= whole) == (exact <= whole)


def _array(values: list[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)
