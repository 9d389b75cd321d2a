"""Vacancies for a person: ranked open vacancies of approved employers."""

import pytest
from django.db import transaction

from portal.choices import WorkType
from portal.organisations.models import OrganisationStatus
from portal.organisations.services import organisation_set_status
from search.backends.base import VACANCY_FACETS
from search.builders import vacancy_documents
from search.scoring import explain_vacancy
from search.spec import VacancyFilters, vacancy_spec
from vacancies.factories import EmployerFactory
from vacancies.services import vacancy_close

from .conftest import concept, document, facet, ids


@pytest.fixture
def openings(contract):
    """A person in Winschoten and three open vacancies that fit them less and less.

    ====  ==============================================================  =====
    near  Winschoten: forklift 3 (met), picking 2 (below); 16-32 h; paid    29
          job as a warehouse worker
    mid   Veendam (11 km, within 15): forklift 3 (met); 32-40 h; work       18
          experience
    far   Groningen (32 km): cleaning (missing); 36-40 h; paid job as a      7
          warehouse worker
    ====  ==============================================================  =====
    """
    forklift, picking, cleaning = (
        concept("Heftruck rijden"),
        concept("Orderpicken"),
        concept("Schoonmaken"),
    )
    warehouse = concept("Magazijnmedewerker", "occupation")
    person = contract.person(
        "Anna",
        skills={forklift: 4, picking: 1},
        occupations=(warehouse,),
        postcode="9671",
        max_travel_km=15,
        hours=(16, 32),
        work_types=(WorkType.PAID_JOB,),
    )
    vacancies = {
        "near": contract.vacancy(
            needs=[(forklift, True, 3), (picking, True, 2)],
            occupation=warehouse,
            publish=True,
            title="Heftruckchauffeur",
        ),
        "mid": contract.vacancy(
            needs=[(forklift, True, 3)],
            postcode="9641",
            hours=(32, 40),
            work_type=WorkType.WORK_EXPERIENCE,
            publish=True,
        ),
        "far": contract.vacancy(
            needs=[(cleaning, True, 2)],
            postcode="9711",
            hours=(36, 40),
            occupation=warehouse,
            publish=True,
        ),
        # Never published: not for anyone to find.
        "draft": contract.vacancy(needs=[(forklift, True, 1)], occupation=warehouse),
    }
    return person, vacancies


def test_vacancies_come_in_score_order_with_exact_scores(contract, openings):
    person, vacancies = openings
    spec = vacancy_spec(document(person))

    page = contract.backend.vacancies(spec)

    assert ids(page) == [vacancies[key].pk for key in ("near", "mid", "far")]
    assert [hit.score for hit in page.hits] == [29, 18, 7]
    assert page.total == 3
    documents = vacancy_documents(ids(page))
    for hit in page.hits:
        assert hit.score == explain_vacancy(spec, documents[hit.id]).score


def test_searched_words_add_to_a_vacancy_score(contract, openings):
    person, vacancies = openings

    page = contract.backend.vacancies(vacancy_spec(document(person), text="heftruckchauffeur"))

    assert [(hit.id, hit.score) for hit in page.hits] == [
        (vacancies["near"].pk, 31),
        (vacancies["mid"].pk, 18),
        (vacancies["far"].pk, 7),
    ]


def test_vacancy_filters_and_facets(contract, openings):
    person, vacancies = openings
    base = document(person)

    everything = contract.backend.vacancies(vacancy_spec(base))
    complete = contract.backend.vacancies(
        vacancy_spec(base, filters=VacancyFilters(only_complete=True))
    )
    nearby = contract.backend.vacancies(vacancy_spec(base, filters=VacancyFilters(radius_km=15)))
    in_veendam = contract.backend.vacancies(
        vacancy_spec(base, filters=VacancyFilters(municipalities=frozenset({"Veendam"})))
    )
    paid = contract.backend.vacancies(
        vacancy_spec(base, filters=VacancyFilters(work_types=frozenset({WorkType.PAID_JOB})))
    )

    assert {key: everything.facets.get(key, []) for key in VACANCY_FACETS} == {
        "municipality": facet({"Oldambt": 1, "Veendam": 1, "Groningen": 1}),
        "work_types": facet({WorkType.PAID_JOB: 2, WorkType.WORK_EXPERIENCE: 1}),
    }
    assert (ids(complete), complete.total) == ([vacancies["mid"].pk], 1)
    assert (ids(nearby), nearby.total) == ([vacancies["near"].pk, vacancies["mid"].pk], 2)
    assert ids(in_veendam) == [vacancies["mid"].pk]
    assert in_veendam.facets["municipality"] == facet({"Veendam": 1})
    assert ids(paid) == [vacancies["near"].pk, vacancies["far"].pk]
    assert paid.facets["work_types"] == facet({WorkType.PAID_JOB: 2})


def test_closed_vacancy_disappears(contract, openings):
    person, vacancies = openings

    with contract.committed():
        vacancy_close(vacancy=vacancies["near"], by=None)
    page = contract.backend.vacancies(vacancy_spec(document(person)))

    assert ids(page) == [vacancies["mid"].pk, vacancies["far"].pk]
    assert page.total == 2
    assert page.facets["municipality"] == facet({"Veendam": 1, "Groningen": 1})


def test_only_vacancies_of_approved_employers_are_found(contract, world, openings):
    person, vacancies = openings
    employer = EmployerFactory(pc4="9671")
    elsewhere = contract.vacancy(
        needs=[(concept("Heftruck rijden"), True, 3)], organisation=employer, publish=True
    )
    spec = vacancy_spec(document(person))
    assert elsewhere.pk in ids(contract.backend.vacancies(spec))

    for status in (OrganisationStatus.REJECTED, OrganisationStatus.PENDING):
        with contract.committed():
            organisation_set_status(organisation=employer, status=status, by=world.network_admin)
        page = contract.backend.vacancies(spec)
        assert ids(page) == [vacancies[key].pk for key in ("near", "mid", "far")], status
        assert page.total == 3


def test_a_rolled_back_close_leaves_the_vacancy_found(contract, openings):
    person, vacancies = openings

    with contract.committed():
        try:
            with transaction.atomic():
                vacancy_close(vacancy=vacancies["near"], by=None)
                raise RuntimeError("the request failed after the service ran")
        except RuntimeError:
            pass
    page = contract.backend.vacancies(vacancy_spec(document(person)))

    assert ids(page) == [vacancies[key].pk for key in ("near", "mid", "far")]
