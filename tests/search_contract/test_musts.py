"""Musts are musts: a driving licence the vacancy requires narrows the candidates on every
engine, unless the coach widens on purpose; then who lacks it says so."""

from search.scoring import explain_candidate
from search.spec import CandidateFilters

from .conftest import concept, document, ids


def _bus_drivers(contract):
    driving = concept("Bus besturen")
    vacancy = contract.vacancy(
        needs=[(driving, True, 2)], postcode="9671", publish=True, driving_licences=["D"]
    )
    people = {
        name: contract.person(
            name,
            skills={driving: level},
            postcode="9671",
            max_travel_km=10,
            hours=(16, 32),
            work_types=("paid_job",),
            driving_licences=licences,
        )
        for name, level, licences in (
            ("Perfect", 4, ("B", "D")),
            ("Without", 4, ("B",)),
            ("Learning", 2, ("D",)),
        )
    }
    return vacancy, people


def test_a_required_licence_leaves_out_who_lacks_it(contract, world):
    vacancy, people = _bus_drivers(contract)

    page = contract.candidates(world.coach, vacancy)

    # Both meet the required level: equal scores, the more recently published first.
    assert ids(page) == [people["Learning"].pk, people["Perfect"].pk]
    assert page.total == 2


def test_widening_brings_them_back_with_what_is_missing(contract, world):
    vacancy, people = _bus_drivers(contract)

    page = contract.candidates(world.coach, vacancy, filters=CandidateFilters(widened=True))

    assert set(ids(page)) == {person.pk for person in people.values()}
    spec = contract.spec(world.coach, vacancy, filters=CandidateFilters(widened=True))
    missing = {
        name: explain_candidate(spec, document(person)).missing_licences
        for name, person in people.items()
    }
    assert missing == {"Perfect": (), "Without": ("D",), "Learning": ()}
