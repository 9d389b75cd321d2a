"""Musts are musts, on every engine: certificates, Dutch, and the person's own reach, hours
and wished work type narrow the candidates; a coach widens one on purpose and then the
near misses come after every complete match, each with what it misses. Equal scores go
to the most recently updated portfolio, then the lower id, stable across pages. The mirror:
a vacancy asking what the person lacks is no complete match for them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.choices import WorkType
from portfolios.models import PortfolioPage
from search.builders import vacancy_documents
from search.indexing import portfolios_sync
from search.scoring import explain_candidate, explain_vacancy
from search.spec import CandidateFilters, Must, VacancyFilters, vacancy_spec

from .conftest import concept, document, ids

ALL_MUSTS = frozenset(Must)


def _person(contract, name, skill, level=3, **fields):
    """Someone in Winschoten, reach 10 km, 16-32 hours, wanting a paid job: every must met,
    unless `fields` say otherwise."""
    values = {
        "postcode": "9671",
        "max_travel_km": 10,
        "hours": (16, 32),
        "work_types": (WorkType.PAID_JOB,),
        **fields,
    }
    return contract.person(name, skills={skill: level}, **values)


def _explained(contract, world, vacancy, people, filters):
    spec = contract.spec(world.coach, vacancy, filters=filters)
    return {name: explain_candidate(spec, document(person)) for name, person in people.items()}


@pytest.fixture
def forklift_job(contract):
    """A forklift job in Winschoten, 16-32 hours, paid, asking VCA basic and a forklift
    certificate and Dutch at B1; people who miss one must each, and one who misses nothing
    but has the lowest level (so the lowest score)."""
    forklift = concept("Heftruck rijden")
    warehouse = concept("Magazijnmedewerker", "occupation")
    vacancy = contract.vacancy(
        needs=[(forklift, True, 2)],
        occupation=warehouse,
        publish=True,
        certificates=["forklift", "vca_basic"],
        dutch_level="B1",
    )
    # Everyone but "Complete" wishes this occupation: they all score higher.
    complete = {
        "certificates": ("forklift", "vca_basic"),
        "dutch_level": "B2",
        "occupations": (warehouse,),
    }
    people = {
        "Complete": _person(
            contract,
            "Complete",
            forklift,
            level=2,
            certificates=("forklift", "vca_basic"),
            dutch_level="B2",
        ),
        "NoVca": _person(
            contract,
            "NoVca",
            forklift,
            level=4,
            certificates=("forklift",),
            dutch_level="C1",
            occupations=(warehouse,),
        ),
        "LittleDutch": _person(
            contract,
            "LittleDutch",
            forklift,
            level=4,
            certificates=("forklift", "vca_basic"),
            dutch_level="A2",
            occupations=(warehouse,),
        ),
        "SaysNoDutch": _person(
            contract,
            "SaysNoDutch",
            forklift,
            level=4,
            certificates=("forklift", "vca_basic"),
            occupations=(warehouse,),
        ),
        "FarAway": _person(contract, "FarAway", forklift, level=4, postcode="9711", **complete),
        "NoReachSaid": _person(
            contract, "NoReachSaid", forklift, postcode="9711", max_travel_km=None, **complete
        ),
        "FewHours": _person(contract, "FewHours", forklift, level=4, hours=(8, 12), **complete),
        "NoHoursSaid": _person(contract, "NoHoursSaid", forklift, hours=(None, None), **complete),
        "Volunteer": _person(
            contract,
            "Volunteer",
            forklift,
            level=4,
            work_types=(WorkType.VOLUNTEERING,),
            **complete,
        ),
        "AnyWork": _person(contract, "AnyWork", forklift, work_types=(), **complete),
    }
    return vacancy, people


MISSES = {
    "Complete": (),
    "NoVca": (Must.CERTIFICATES,),
    "LittleDutch": (Must.DUTCH,),
    "SaysNoDutch": (Must.DUTCH,),
    "FarAway": (Must.REACH,),
    "NoReachSaid": (),
    "FewHours": (Must.HOURS,),
    "NoHoursSaid": (),
    "Volunteer": (Must.WORK_TYPE,),
    "AnyWork": (),
}


def test_only_people_meeting_every_must_are_candidates(contract, world, forklift_job):
    vacancy, people = forklift_job

    page = contract.candidates(world.coach, vacancy)

    complete = {name for name, missing in MISSES.items() if not missing}
    assert set(ids(page)) == {people[name].pk for name in complete}
    assert page.total == len(complete)
    assert all(hit.meets_musts for hit in page.hits)


def test_the_explanation_says_what_each_person_misses(contract, world, forklift_job):
    vacancy, people = forklift_job

    explained = _explained(contract, world, vacancy, people, CandidateFilters(widen=ALL_MUSTS))

    assert {name: explanation.missing for name, explanation in explained.items()} == MISSES
    assert explained["NoVca"].missing_certificates == ("vca_basic",)
    assert explained["LittleDutch"].missing_dutch == "B1"
    assert explained["SaysNoDutch"].missing_dutch == "B1"
    assert explained["FarAway"].distance_km > explained["FarAway"].reach_km
    assert explained["Volunteer"].work_type_unwanted
    assert not explained["AnyWork"].work_type_unwanted


@pytest.mark.parametrize(
    "must, widened",
    [
        (Must.CERTIFICATES, ["NoVca"]),
        (Must.DUTCH, ["LittleDutch", "SaysNoDutch"]),
        (Must.REACH, ["FarAway"]),
        (Must.HOURS, ["FewHours"]),
        (Must.WORK_TYPE, ["Volunteer"]),
    ],
)
def test_widening_one_must_adds_who_misses_only_that_after_every_complete_match(
    contract, world, forklift_job, must, widened
):
    vacancy, people = forklift_job
    filters = CandidateFilters(widen=frozenset({must}))

    page = contract.candidates(world.coach, vacancy, filters=filters)

    complete = [name for name, missing in MISSES.items() if not missing]
    by_id = {person.pk: name for name, person in people.items()}
    found = [by_id[pk] for pk in ids(page)]
    assert sorted(found[: len(complete)]) == sorted(complete)
    assert sorted(found[len(complete) :]) == sorted(widened)
    assert [hit.meets_musts for hit in page.hits] == [True] * len(complete) + [False] * len(widened)
    explained = _explained(contract, world, vacancy, people, filters)
    for hit in page.hits:
        assert hit.score == explained[by_id[hit.id]].score
        assert hit.meets_musts == explained[by_id[hit.id]].meets_musts


def test_a_near_miss_with_a_higher_score_still_comes_after_a_complete_match(
    contract, world, forklift_job
):
    vacancy, people = forklift_job

    page = contract.candidates(world.coach, vacancy, filters=CandidateFilters(widened=True))

    assert page.total == len(people)
    scores = {hit.id: hit.score for hit in page.hits}
    assert scores[people["NoVca"].pk] > scores[people["Complete"].pk]
    order = ids(page)
    near = [people[name].pk for name, missing in MISSES.items() if missing]
    complete = [people[name].pk for name, missing in MISSES.items() if not missing]
    assert max(order.index(pk) for pk in complete) < min(order.index(pk) for pk in near)
    # Within each part, by score (descending).
    for part in (order[: len(complete)], order[len(complete) :]):
        assert [scores[pk] for pk in part] == sorted((scores[pk] for pk in part), reverse=True)


def test_a_widened_page_beyond_the_complete_matches_holds_the_near_misses(
    contract, world, forklift_job
):
    vacancy, _people = forklift_job
    filters = CandidateFilters(widened=True)

    whole = ids(contract.candidates(world.coach, vacancy, filters=filters, page_size=20))
    paged = [
        pk
        for page in range(1, 5)
        for pk in ids(
            contract.candidates(world.coach, vacancy, filters=filters, page=page, page_size=3)
        )
    ]

    assert paged == whole


@pytest.fixture
def equals(contract, world):
    """Four people alike in everything matching sees, published at different moments."""
    skill = concept("Orderpicken")
    vacancy = contract.vacancy(needs=[(skill, True, 2)], publish=True)
    people = [_person(contract, f"Gelijk{number}", skill) for number in range(4)]
    now = timezone.now()
    # Published: the second-made most recently, the first and last at the same moment.
    moments = [now - timedelta(days=3), now, now - timedelta(days=1), now - timedelta(days=3)]
    for person, moment in zip(people, moments, strict=True):
        PortfolioPage.objects.filter(pk=person.pk).update(last_published_at=moment)
    portfolios_sync([person.pk for person in people])
    return vacancy, people


def test_equal_scores_go_to_the_most_recently_updated_portfolio_then_the_lower_id(
    contract, world, equals
):
    vacancy, people = equals

    page = contract.candidates(world.coach, vacancy)

    assert len({hit.score for hit in page.hits}) == 1
    assert ids(page) == [people[1].pk, people[2].pk, people[0].pk, people[3].pk]
    assert document(people[1]).updated_at > document(people[2]).updated_at


def test_the_tie_order_is_stable_across_pages(contract, world, equals):
    vacancy, people = equals

    whole = ids(contract.candidates(world.coach, vacancy))
    one_by_one = [
        pk
        for page in range(1, 5)
        for pk in ids(contract.candidates(world.coach, vacancy, page=page, page_size=1))
    ]

    assert one_by_one == whole == [people[1].pk, people[2].pk, people[0].pk, people[3].pk]


def test_a_vacancy_asking_what_the_person_lacks_comes_after_those_they_meet(contract):
    forklift = concept("Heftruck rijden")
    person = _person(
        contract,
        "Anna",
        forklift,
        driving_licences=("B",),
        certificates=("forklift",),
        dutch_level="B1",
    )
    vacancies = {
        "asks_nothing": contract.vacancy(needs=[(forklift, True, 3)], publish=True),
        "asks_what_she_has": contract.vacancy(
            needs=[(forklift, True, 3)],
            publish=True,
            driving_licences=["B"],
            certificates=["forklift"],
            dutch_level="A2",
        ),
        # As good a fit as the first two, but a licence she lacks.
        "asks_licence_d": contract.vacancy(
            needs=[(forklift, True, 3)], publish=True, driving_licences=["D"]
        ),
        "asks_vca": contract.vacancy(
            needs=[(forklift, False, 1)], publish=True, certificates=["vca_basic"]
        ),
        "asks_c1": contract.vacancy(needs=[(forklift, False, 1)], publish=True, dutch_level="C1"),
    }
    spec = vacancy_spec(document(person))
    only_complete = vacancy_spec(document(person), filters=VacancyFilters(only_complete=True))

    page = contract.backend.vacancies(spec)
    complete_page = contract.backend.vacancies(only_complete)

    by_id = {vacancy.pk: name for name, vacancy in vacancies.items()}
    found = [by_id[pk] for pk in ids(page)]
    assert sorted(found[:2]) == ["asks_nothing", "asks_what_she_has"]
    assert sorted(found[2:]) == ["asks_c1", "asks_licence_d", "asks_vca"]
    assert [hit.meets_musts for hit in page.hits] == [True, True, False, False, False]
    assert sorted(by_id[pk] for pk in ids(complete_page)) == ["asks_nothing", "asks_what_she_has"]
    documents = vacancy_documents(list(by_id))
    missing = {by_id[pk]: explain_vacancy(spec, doc).missing for pk, doc in documents.items()}
    assert missing == {
        "asks_nothing": (),
        "asks_what_she_has": (),
        "asks_licence_d": (Must.LICENCES,),
        "asks_vca": (Must.CERTIFICATES,),
        "asks_c1": (Must.DUTCH,),
    }
    for hit in page.hits:
        assert hit.score == explain_vacancy(spec, documents[hit.id]).score
