"""Facet counts cover every matching portfolio, not just the page; filters narrow both."""

from dataclasses import replace

from portal.choices import WorkType
from search.backends.base import CANDIDATE_FACETS
from search.spec import CandidateFilters

from .conftest import WIDE, facet, ids


def facets_of(page) -> dict[str, list]:
    return {key: page.facets.get(key, []) for key in CANDIDATE_FACETS}


def test_facets_count_the_whole_result_not_the_page(crowd):
    first_page = crowd.contract.candidates(
        crowd.coach, crowd.vacancy, filters=WIDE, page=1, page_size=2
    )

    assert len(first_page.hits) == 2
    assert first_page.total == 6
    assert facets_of(first_page) == {
        "skills": facet(
            {str(crowd.forklift.pk): 4, str(crowd.picking.pk): 4, str(crowd.cleaning.pk): 3}
        ),
        "municipality": facet({"Oldambt": 3, "Veendam": 1, "Groningen": 1, "Westerwolde": 1}),
        "hours": facet({"8": 5, "16": 4, "24": 4, "32": 2}),
        "driving_licences": facet({"B": 3, "BE": 1, "C": 1}),
        "work_types": facet(
            {WorkType.PAID_JOB: 4, WorkType.VOLUNTEERING: 1, WorkType.WORK_EXPERIENCE: 1}
        ),
    }


def test_a_facet_filter_narrows_results_and_counts(crowd):
    page = crowd.contract.candidates(
        crowd.coach,
        crowd.vacancy,
        filters=CandidateFilters(municipalities=frozenset({"Oldambt"})),
    )

    assert ids(page) == [crowd.anna.pk, crowd.cees.pk, crowd.eva.pk]
    assert page.total == 3
    assert facets_of(page) == {
        "skills": facet(
            {str(crowd.forklift.pk): 2, str(crowd.picking.pk): 2, str(crowd.cleaning.pk): 2}
        ),
        "municipality": facet({"Oldambt": 3}),
        "hours": facet({"8": 3, "16": 3, "24": 3, "32": 2}),
        "driving_licences": facet({"B": 1, "C": 1}),
        "work_types": facet({WorkType.PAID_JOB: 3}),
    }


def test_each_filter_keeps_exactly_the_portfolios_it_describes(crowd):
    coach, vacancy = crowd.coach, crowd.vacancy
    cases = {
        "skill_ids": (
            CandidateFilters(skill_ids=frozenset({crowd.forklift.pk, crowd.cleaning.pk})),
            [crowd.anna, crowd.cees, crowd.dirk],
        ),
        "min_hours": (
            CandidateFilters(min_hours=24),
            [crowd.anna, crowd.cees, crowd.fleur, crowd.eva],
        ),
        "one licence": (
            CandidateFilters(driving_licences=frozenset({"B"})),
            [crowd.anna, crowd.dirk, crowd.bram],
        ),
        "all licences": (CandidateFilters(driving_licences=frozenset({"B", "C"})), [crowd.anna]),
        "work_types": (
            CandidateFilters(
                work_types=frozenset({WorkType.WORK_EXPERIENCE, WorkType.VOLUNTEERING})
            ),
            [crowd.fleur, crowd.bram],
        ),
        # Winschoten 0 km, Scheemda 5.5, Beerta 5.4, Blijham 4.6; Veendam 11.3 and Groningen 32 are out.
        "radius_km": (
            CandidateFilters(radius_km=10),
            [crowd.anna, crowd.cees, crowd.fleur, crowd.eva],
        ),
        "radius and licence": (
            CandidateFilters(radius_km=12, driving_licences=frozenset({"B"})),
            [crowd.anna, crowd.bram],
        ),
    }

    found = {}
    for name, (filters, _expected) in cases.items():
        # Widened, so that Bram (who misses his own musts) shows what each filter does.
        page = crowd.contract.candidates(coach, vacancy, filters=replace(filters, widened=True))
        found[name] = (ids(page), page.total)

    assert found == {
        name: ([p.pk for p in expected], len(expected)) for name, (_f, expected) in cases.items()
    }
