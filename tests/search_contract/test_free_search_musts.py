"""Musts of a free search and the start date, on every engine: the searcher asks licences,
certificates, a Dutch level, hours, work type and a start date as a vacancy asks its
musts. They narrow; widened on purpose, the near misses come after every complete match,
each with what it misses. A vacancy's candidates can be narrowed to who starts in time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.choices import WorkType
from search.alerts import candidate_matches
from search.scoring import explain_candidate
from search.spec import CandidateFilters, FreeCriteria, Must

from .conftest import concept, document, ids
from .test_free_search import search

TODAY = timezone.localdate()
SOON = (TODAY + timedelta(days=30)).toordinal()


@pytest.fixture
def forklift():
    return concept("Heftruck rijden")


@pytest.fixture
def people(contract, forklift):
    """Forklift drivers in Veendam; each misses at most one must of `ASKED`."""
    every = {
        "postcode": "9641",
        "max_travel_km": 25,
        "hours": (24, 40),
        "work_types": (WorkType.PAID_JOB,),
        "driving_licences": ("B", "C"),
        "certificates": ("forklift", "vca_basic"),
        "dutch_level": "B2",
    }
    made = {
        "Complete": {},
        "NoVca": {"certificates": ("forklift",)},
        "DutchA2": {"dutch_level": "A2"},
        "NoC": {"driving_licences": ("B",)},
        "FewHours": {"hours": (8, 16)},
        "Volunteer": {"work_types": (WorkType.VOLUNTEERING,)},
        "Later": {"earliest_start": TODAY + timedelta(days=90)},
        # Said nothing of hours, work type or start: no condition there, like a vacancy's.
        "Unsaid": {"hours": (None, None), "work_types": ()},
    }
    return {
        name: contract.person(name, skills={forklift: 3}, **{**every, **fields})
        for name, fields in made.items()
    }


MISSES = {
    "Complete": None,
    "NoVca": Must.CERTIFICATES,
    "DutchA2": Must.DUTCH,
    "NoC": Must.LICENCES,
    "FewHours": Must.HOURS,
    "Volunteer": Must.WORK_TYPE,
    "Later": Must.AVAILABILITY,
    "Unsaid": None,
}


def _asked(forklift, **options) -> FreeCriteria:
    return FreeCriteria(
        skill_ids=(forklift.pk,),
        driving_licences=frozenset({"C"}),
        certificates=frozenset({"forklift", "vca_basic"}),
        dutch_level="B1",
        min_hours=24,
        work_types=frozenset({WorkType.PAID_JOB, WorkType.WORK_EXPERIENCE}),
        available_by=SOON,
        **options,
    )


def _names(people, page) -> list[str]:
    by_id = {person.pk: name for name, person in people.items()}
    return [by_id[pk] for pk in ids(page)]


def test_the_free_searchs_musts_narrow_to_complete_matches(contract, world, people, forklift):
    spec, page = search(contract, world.coach, _asked(forklift))

    assert sorted(_names(people, page)) == ["Complete", "Unsaid"]
    assert spec.musts == frozenset(Must) - {Must.REACH}
    assert all(hit.meets_musts for hit in page.hits)


@pytest.mark.parametrize("must", [must for must in MISSES.values() if must])
def test_widening_one_free_must_adds_who_misses_it_after_the_complete_matches(
    contract, world, people, forklift, must
):
    spec, page = search(contract, world.coach, _asked(forklift, widen=frozenset({must})))

    found = _names(people, page)
    missing_it = [name for name, misses in MISSES.items() if misses == must]
    assert sorted(found[:2]) == ["Complete", "Unsaid"]
    assert found[2:] == missing_it
    assert [hit.meets_musts for hit in page.hits] == [True, True, False]
    near = explain_candidate(spec, document(people[missing_it[0]]))
    assert near.missing == (must,)
    for hit in page.hits:
        explained = explain_candidate(spec, document(people[found[ids(page).index(hit.id)]]))
        assert (hit.score, hit.meets_musts) == (explained.score, explained.meets_musts)


def test_the_near_miss_says_what_it_misses(contract, world, people, forklift):
    spec, _page = search(contract, world.coach, _asked(forklift, widen=frozenset(Must)))

    explained = {name: explain_candidate(spec, document(person)) for name, person in people.items()}
    assert explained["NoVca"].missing_certificates == ("vca_basic",)
    assert explained["DutchA2"].missing_dutch == "B1"
    assert explained["NoC"].missing_licences == ("C",)
    assert explained["Later"].start_by == SOON
    assert explained["Later"].start_from == (TODAY + timedelta(days=90)).toordinal()
    assert explained["Complete"].start_from == 0
    assert explained["FewHours"].broken_conditions == (Must.HOURS,)
    # Hours asked are a range from the minimum: hours that overlap it fit, for points too.
    assert explained["Complete"].hours_fit


def test_everything_widened_finds_everyone_complete_matches_first(
    contract, world, people, forklift
):
    _spec, page = search(contract, world.coach, _asked(forklift, widen=frozenset(Must)))

    found = _names(people, page)
    assert sorted(found[:2]) == ["Complete", "Unsaid"]
    assert sorted(found[2:]) == sorted(name for name, must in MISSES.items() if must)


def test_the_alert_matcher_keeps_to_the_musts_as_the_engine_does(contract, world, people, forklift):
    for widen in (frozenset(), frozenset({Must.CERTIFICATES})):
        spec, page = search(contract, world.coach, _asked(forklift, widen=widen))
        matched = {pk for pk, person in people.items() if candidate_matches(spec, document(person))}
        assert sorted(matched) == sorted(_names(people, page))


def test_a_vacancys_candidates_narrow_to_who_starts_in_time(contract, world, people, forklift):
    vacancy = contract.vacancy(needs=[(forklift, True, 2)], postcode="9641", publish=True)
    in_time = CandidateFilters(available_by=SOON)

    page = contract.candidates(world.coach, vacancy, filters=in_time)
    assert "Later" not in _names(people, page)
    assert "Complete" in _names(people, page)

    widened = CandidateFilters(available_by=SOON, widen=frozenset({Must.AVAILABILITY}))
    page = contract.candidates(world.coach, vacancy, filters=widened)
    found = _names(people, page)
    assert "Later" in found
    later = page.hits[found.index("Later")]
    assert not later.meets_musts
    assert all(hit.meets_musts for hit in page.hits[: found.index("Later")])
    spec = contract.spec(world.coach, vacancy, filters=widened)
    assert explain_candidate(spec, document(people["Later"])).missing == (Must.AVAILABILITY,)
