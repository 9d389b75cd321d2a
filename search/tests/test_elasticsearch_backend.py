"""What only the Elasticsearch backend has: indices, aliases, rebuild, an engine that can be down.

Ranking, access and facets are the contract suite's (tests/search_contract/); these
talk HTTP to a real engine (tests.search_engine), each test under its own index prefix.
"""

import random
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from portal import travel
from portal.geo import distance_km
from search import scoring
from search.backends.base import RebuildRunning, SearchUnavailable
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch.writes import REBUILD_RUNNING_FOR
from search.documents import (
    PortfolioIndexDocument,
    SkillEntry,
    VacancyIndexDocument,
    VacancySkillEntry,
)
from search.spec import (
    Bridge,
    CandidateFilters,
    CandidateSpec,
    Must,
    Point,
    Relation,
    SkillHeld,
    SkillNeed,
    VacancyFilters,
    VacancySpec,
    Viewer,
)
from search.tests.test_database_backend import everyone_spec
from tests.search_engine import engine_client

# A port nothing listens on: the connection is refused at once.
CLOSED_PORT_URL = "http://127.0.0.1:9"

COACH = Viewer(organisation_ids=frozenset({1}), is_intermediary=True)


def portfolio(pk: int, **changes) -> PortfolioIndexDocument:
    document = PortfolioIndexDocument(
        portfolio_id=pk,
        skills=(SkillEntry(concept_id=10, level=3),),
        occupation_ids=(),
        latitude=52.09,
        longitude=5.12,
        max_travel_km=10,
        reach_km=10,
        hours_min=24,
        hours_max=32,
        work_types=(),
        driving_licences=(),
        municipality="Utrecht",
        region="Utrecht",
        tokens=("heftruck",),
        audience=("org:1",),
        member_organisation_ids=(1,),
    )
    return replace(document, **changes)


def vacancy(pk: int) -> VacancyIndexDocument:
    return VacancyIndexDocument(
        vacancy_id=pk,
        organisation_id=7,
        skills=(),
        occupation_id=None,
        work_type="",
        hours_min=None,
        hours_max=None,
        latitude=None,
        longitude=None,
        municipality="Utrecht",
        region="Utrecht",
        tokens=(),
        audience=("intermediaries",),
    )


def candidates_spec(text: tuple[str, ...] = (), viewer: Viewer = COACH) -> CandidateSpec:
    return everyone_spec(viewer, text=text, page_size=100)


def vacancies_spec() -> VacancySpec:
    return VacancySpec(
        skills=(),
        location=None,
        reach_km=None,
        hours_min=None,
        hours_max=None,
        work_types=frozenset(),
        occupation_ids=frozenset(),
    )


def found(backend: ElasticsearchBackend, text: tuple[str, ...] = ()) -> dict[int, float]:
    return {hit.id: hit.score for hit in backend.candidates(candidates_spec(text)).hits}


def aliased(backend: ElasticsearchBackend, alias: str) -> set[str]:
    return set(backend.client.indices.get_alias(name=alias))


@pytest.fixture
def backend():
    backend = ElasticsearchBackend(client=engine_client(), index_prefix=f"es_{uuid4().hex[:8]}")
    yield backend
    backend.reset()


def test_search_before_any_index_exists_finds_nothing(backend):
    page = backend.candidates(candidates_spec())

    assert (page.hits, page.total) == ([], 0)
    assert backend.vacancies(vacancies_spec()).total == 0
    assert backend.portfolio_kind.indices(backend.client) == {}


def test_first_write_creates_the_index_behind_a_read_and_a_write_alias(backend):
    backend.index_portfolios([portfolio(1)])

    kind = backend.portfolio_kind
    assert aliased(backend, kind.read_alias) == aliased(backend, kind.write_alias)
    assert len(aliased(backend, kind.read_alias)) == 1
    assert found(backend) == {1: 0}


def test_deleting_what_was_never_indexed_is_no_error(backend):
    backend.delete_portfolios([404])
    backend.delete_vacancies([404])

    assert found(backend) == {}


def test_rebuild_replaces_everything_and_removes_the_old_indices(backend):
    backend.index_portfolios([portfolio(1), portfolio(2)])
    backend.index_vacancies([vacancy(1)])
    kind = backend.portfolio_kind
    before = aliased(backend, kind.read_alias)

    report = backend.rebuild(
        portfolios=[[portfolio(2), portfolio(3)], [portfolio(4)]], vacancies=[[vacancy(5)]]
    )

    assert (report.portfolios, report.vacancies) == (3, 1)
    assert found(backend) == {2: 0, 3: 0, 4: 0}
    assert [hit.id for hit in backend.vacancies(vacancies_spec()).hits] == [5]
    after = aliased(backend, kind.read_alias)
    assert after == aliased(backend, kind.write_alias)
    assert len(after) == 1 and not after & before
    assert not backend.client.indices.exists(index=sorted(before))


def test_searches_answer_from_the_old_index_until_the_rebuild_swaps(backend):
    backend.index_portfolios([portfolio(1), portfolio(2)])
    seen_while_loading = []

    def batches():
        yield [portfolio(3)]
        seen_while_loading.append(found(backend))
        yield [portfolio(4)]
        seen_while_loading.append(found(backend))

    backend.rebuild(portfolios=batches(), vacancies=[])

    assert seen_while_loading == [{1: 0, 2: 0}, {1: 0, 2: 0}]
    assert found(backend) == {3: 0, 4: 0}


def test_concurrent_searches_during_a_rebuild_see_old_or_new_data_and_no_error(backend):
    old = [portfolio(pk) for pk in range(1, 51)]
    new = [portfolio(pk) for pk in range(101, 131)]
    backend.index_portfolios(old)
    totals: set[int] = set()
    errors: list[Exception] = []
    done = threading.Event()

    def search_until_done():
        while not done.is_set():
            try:
                totals.add(backend.candidates(candidates_spec()).total)
            except Exception as error:  # collected, asserted below
                errors.append(error)

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    try:
        for _ in range(3):
            backend.rebuild(
                portfolios=(new[start : start + 10] for start in range(0, 30, 10)), vacancies=[]
            )
    finally:
        done.set()
        searcher.join()

    assert errors == []
    assert totals <= {50, 30} and 30 in totals


def test_updates_and_deletions_during_a_rebuild_are_not_lost(backend):
    backend.index_portfolios([portfolio(1), portfolio(2), portfolio(3), portfolio(5)])
    seen_while_loading = {}

    def batches():
        yield [portfolio(1), portfolio(2)]
        # Committed while the rebuild reads its next batch: that batch still holds the
        # state from before (3 still visible, 4 without the new word).
        backend.delete_portfolios([1, 3])
        backend.index_portfolios([portfolio(4, tokens=("lassen",))])
        seen_while_loading.update(found(backend, ("lassen",)))
        yield [portfolio(3), portfolio(4, tokens=("heftruck",))]

    backend.rebuild(portfolios=batches(), vacancies=[])

    # The old index, still read during the rebuild, had the updates at once.
    assert seen_while_loading == {2: 0, 4: 2, 5: 0}
    assert found(backend, ("lassen",)) == {2: 0, 4: 2}


def test_a_failed_rebuild_leaves_the_old_index_serving(backend):
    backend.index_portfolios([portfolio(1)])
    kind = backend.portfolio_kind
    before = aliased(backend, kind.read_alias)

    def batches():
        yield [portfolio(2)]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(portfolios=batches(), vacancies=[])

    assert aliased(backend, kind.read_alias) == aliased(backend, kind.write_alias) == before
    assert found(backend) == {1: 0}


def test_reset_removes_only_the_indices_of_its_own_prefix(backend):
    other = ElasticsearchBackend(
        client=backend.client, index_prefix=f"{backend.portfolio_kind.base}_x"
    )
    try:
        backend.index_portfolios([portfolio(1)])
        other.index_portfolios([portfolio(2)])

        backend.reset()

        assert found(backend) == {}
        assert found(other) == {2: 0}
    finally:
        other.reset()


def test_an_engine_that_does_not_answer_raises_search_unavailable(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    backend = ElasticsearchBackend(index_prefix="unreachable")

    with pytest.raises(SearchUnavailable, match=r"^elasticsearch"):
        backend.check()
    with pytest.raises(SearchUnavailable):
        backend.candidates(candidates_spec())
    with pytest.raises(SearchUnavailable):
        backend.vacancies(vacancies_spec())
    with pytest.raises(SearchUnavailable):
        backend.index_portfolios([portfolio(1)])


def test_a_viewer_who_sees_nothing_gets_nothing_without_asking_the_engine(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL

    page = ElasticsearchBackend(index_prefix="unreachable").candidates(
        candidates_spec(viewer=Viewer())
    )

    assert (page.hits, page.total) == ([], 0)


def test_without_an_address_the_engine_is_unavailable(settings):
    settings.ELASTICSEARCH_URL = ""

    with pytest.raises(SearchUnavailable, match="ELASTICSEARCH_URL"):
        ElasticsearchBackend().check()


def test_an_answering_engine_passes_the_check(backend):
    backend.check()


def test_a_second_rebuild_while_one_runs_is_refused_and_leaves_the_first_alone(backend):
    backend.index_portfolios([portfolio(1)])
    refusals = []

    def batches():
        yield [portfolio(2)]
        with pytest.raises(RebuildRunning, match="already running") as refused:
            backend.rebuild(portfolios=[[portfolio(3)]], vacancies=[])
        refusals.append(refused.value)
        yield [portfolio(4)]

    backend.rebuild(portfolios=batches(), vacancies=[])

    assert len(refusals) == 1
    assert found(backend) == {2: 0, 4: 0}


def test_a_rebuild_that_died_long_ago_does_not_block_the_next(backend):
    backend.index_portfolios([portfolio(1)])
    kind = backend.portfolio_kind
    long_ago = datetime.now(UTC) - timedelta(seconds=REBUILD_RUNNING_FOR + 60)
    abandoned = f"{kind.base}_{long_ago:%Y%m%d%H%M%S%f}"
    kind.index(abandoned).create(using=backend.client)
    backend.client.indices.put_alias(index=abandoned, name=kind.write_alias)

    backend.rebuild(portfolios=[[portfolio(2)]], vacancies=[])

    assert found(backend) == {2: 0}
    assert not backend.client.indices.exists(index=abandoned)


# Random people and vacancies around one place: every score, order, filter and skill
# count the engine gives must equal what search.scoring explains for the same documents.
CENTRE = Point(52.09, 5.12)
CONCEPTS = range(1, 7)
WORDS = ("lassen", "heftruck", "koken", "schoonmaken")


def _near(rng: random.Random) -> tuple[float, float]:
    return CENTRE.latitude + rng.uniform(-0.5, 0.5), CENTRE.longitude + rng.uniform(-0.8, 0.8)


def _random_person(rng: random.Random, pk: int) -> PortfolioIndexDocument:
    latitude, longitude = _near(rng) if rng.random() < 0.9 else (None, None)
    reach = rng.choice([None, *travel.REACH_BANDS])
    hours_min = rng.choice([None, 8, 16, 24])
    return portfolio(
        pk,
        skills=tuple(
            SkillEntry(concept_id=pk, level=rng.randint(1, 4))
            for pk in rng.sample(CONCEPTS, rng.randint(0, 4))
        ),
        occupation_ids=tuple(rng.sample(range(1, 4), rng.randint(0, 2))),
        latitude=latitude,
        longitude=longitude,
        max_travel_km=reach,
        reach_km=reach,
        hours_min=hours_min,
        hours_max=None if hours_min is None else hours_min + rng.choice([0, 8, 16]),
        work_types=tuple(rng.sample(["paid_job", "volunteering"], rng.randint(0, 2))),
        tokens=tuple(rng.sample(WORDS, rng.randint(0, 3))),
        certificates=tuple(sorted(rng.sample(["bhv", "vca_basic"], rng.randint(0, 2)))),
        dutch_level=rng.choice(["", "A2", "B1", "C2"]),
        updated_at=rng.choice([0, 1_700_000_000_000, 1_800_000_000_000]),
    )


def _random_musts(rng: random.Random, spec: CandidateSpec) -> CandidateSpec:
    """Musts of a vacancy for `spec`, as `spec.candidate_spec` makes them, some widened."""
    certificates = frozenset(rng.sample(["bhv", "vca_basic"], rng.choice([0, 1, 2])))
    dutch = rng.choice([0, 3, 4])
    musts = {Must.HOURS}
    musts |= {Must.CERTIFICATES} if certificates else set()
    musts |= {Must.DUTCH} if dutch else set()
    musts |= {Must.REACH} if spec.location is not None else set()
    musts |= {Must.WORK_TYPE} if spec.work_type else set()
    return replace(
        spec,
        required_certificates=certificates,
        required_dutch=dutch,
        musts=frozenset(musts),
        widened_musts=frozenset(must for must in musts if rng.random() < 0.5),
    )


def _random_bridges(rng: random.Random, concept_id: int) -> tuple[Bridge, ...]:
    """Some related skills with random relations, as `search.bridges` would give."""
    others = [pk for pk in CONCEPTS if pk != concept_id]
    return tuple(
        Bridge(other, rng.choice(list(Relation)[1:]))
        for other in sorted(rng.sample(others, rng.choice([0, 1, 2])))
    )


def _random_needs(rng: random.Random) -> tuple[SkillNeed, ...]:
    return tuple(
        SkillNeed(
            concept_id=pk,
            min_level=rng.randint(1, 4),
            required=rng.random() < 0.6,
            bridges=_random_bridges(rng, pk),
        )
        for pk in rng.sample(CONCEPTS, rng.randint(0, 4))
    )


def test_random_candidates_are_filtered_scored_ordered_and_counted_as_explained(backend):
    rng = random.Random(8)
    people = {pk: _random_person(rng, pk) for pk in range(1, 81)}
    backend.index_portfolios(list(people.values()))

    for _ in range(30):
        location = CENTRE if rng.random() < 0.8 else None
        spec = replace(
            candidates_spec(text=tuple(rng.sample(WORDS, rng.randint(0, 2)))),
            needs=_random_needs(rng),
            location=location,
            hours_min=16,
            hours_max=24,
            work_type=rng.choice(["", "paid_job"]),
            occupation_id=rng.choice([None, 1, 2]),
            filters=CandidateFilters(
                radius_km=rng.choice([None, 3, 12, 25, 45]),
                only_complete=rng.random() < 0.3,
                skill_ids=frozenset(rng.sample(CONCEPTS, rng.choice([0, 0, 1]))),
            ),
        )
        if rng.random() < 0.7:
            spec = _random_musts(rng, spec)
        radius = spec.filters.radius_km if location is not None else None
        expected = {}
        for pk, person in people.items():
            explanation = scoring.explain_candidate(spec, person)
            held = {skill.concept_id for skill in person.skills}
            if radius is not None and (
                person.latitude is None
                or distance_km(
                    person.latitude, person.longitude, location.latitude, location.longitude
                )
                > radius
            ):
                continue
            if spec.filters.only_complete and not explanation.complete:
                continue
            if not spec.filters.skill_ids <= held:
                continue
            if set(explanation.missing) & spec.narrowing_musts:
                continue
            expected[pk] = explanation

        page = backend.candidates(spec)

        ranked = sorted(
            expected.items(),
            key=lambda item: (
                not item[1].meets_musts,
                -item[1].score,
                -people[item[0]].updated_at,
                item[0],
            ),
        )
        assert [(hit.id, hit.score, hit.meets_musts) for hit in page.hits] == [
            (pk, explanation.score, explanation.meets_musts) for pk, explanation in ranked
        ], spec
        assert page.total == len(expected)
        counts = {
            str(need.concept_id): sum(
                any(s.concept_id == need.concept_id for s in people[pk].skills) for pk in expected
            )
            for need in spec.needs
        }
        assert {value.key: value.count for value in page.facets["skills"]} == {
            key: count for key, count in counts.items() if count
        }


def test_random_vacancies_are_filtered_scored_and_ordered_as_explained(backend):
    rng = random.Random(8)
    offers = {}
    for pk in range(1, 61):
        latitude, longitude = _near(rng)
        offers[pk] = replace(
            vacancy(pk),
            skills=tuple(
                VacancySkillEntry(need.concept_id, need.min_level, need.required)
                for need in _random_needs(rng)
            ),
            occupation_id=rng.choice([None, 1, 2]),
            work_type=rng.choice(["", "paid_job", "volunteering"]),
            hours_min=16,
            hours_max=24,
            latitude=latitude,
            longitude=longitude,
            tokens=tuple(rng.sample(WORDS, rng.randint(0, 2))),
            driving_licences=tuple(rng.sample(["B", "C"], rng.choice([0, 0, 1]))),
            certificates=tuple(rng.sample(["bhv", "vca_basic"], rng.choice([0, 0, 1]))),
            dutch_level=rng.choice(["", "", "A2", "B2"]),
        )
    backend.index_vacancies(list(offers.values()))

    for _ in range(30):
        # Half the people hold just what some vacancy asks, so complete matches occur.
        asked = rng.choice(list(offers.values())).skills
        skills = tuple(
            SkillHeld(
                concept_id=need.concept_id,
                level=rng.randint(need.min_level, 4),
                bridges=_random_bridges(rng, need.concept_id),
            )
            for need in asked
        )
        if rng.random() < 0.5:
            skills = tuple(
                SkillHeld(concept_id=pk, level=rng.randint(1, 4), bridges=_random_bridges(rng, pk))
                for pk in rng.sample(CONCEPTS, rng.randint(0, 5))
            )
        spec = replace(
            vacancies_spec(),
            skills=skills,
            location=CENTRE,
            reach_km=rng.choice([None, 5, 25, 50]),
            hours_min=rng.choice([None, 8, 30]),
            hours_max=40,
            work_types=frozenset(rng.sample(["paid_job", "volunteering"], rng.randint(0, 2))),
            occupation_ids=frozenset(rng.sample([1, 2], rng.randint(0, 2))),
            text=tuple(rng.sample(WORDS, rng.randint(0, 1))),
            filters=VacancyFilters(
                radius_km=rng.choice([None, 20, 40]), only_complete=rng.random() < 0.5
            ),
            page_size=100,
            licences=frozenset(rng.sample(["B", "C"], rng.choice([0, 1, 2]))),
            certificates=frozenset(rng.sample(["bhv", "vca_basic"], rng.choice([0, 1]))),
            dutch=rng.choice([0, 2, 4]),
        )
        radius = spec.filters.radius_km
        expected = {}
        for pk, offer in offers.items():
            explanation = scoring.explain_vacancy(spec, offer)
            if radius is not None and explanation.distance_km > radius:
                continue
            if spec.filters.only_complete and not (
                explanation.complete and explanation.meets_musts
            ):
                continue
            expected[pk] = explanation

        page = backend.vacancies(spec)

        ranked = sorted(
            expected.items(), key=lambda item: (not item[1].meets_musts, -item[1].score, item[0])
        )
        assert [(hit.id, hit.score, hit.meets_musts) for hit in page.hits] == [
            (pk, explanation.score, explanation.meets_musts) for pk, explanation in ranked
        ], spec
        assert page.total == len(expected)
