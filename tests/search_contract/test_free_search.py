"""The free candidate search: a spec built from what a coach or employer asks, no vacancy.

The same engines, access rules and explanations as the vacancy search: each case runs
on both backends, and the alert matcher (`search.alerts.candidate_matches`) must agree
with what the engines return.
"""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from portal import geo
from portal.choices import WorkType
from portfolios.models import Audience
from portfolios.services import consent_set
from search.alerts import candidate_matches
from search.backends.base import FACET_VALUES
from search.bridges import bridges_to
from search.builders import viewer_for
from search.selectors import free_candidate_results
from search.spec import FreeCriteria, Point, free_candidate_spec

from .conftest import concept, document, facet, ids, place

COACH_ORG, NETWORK = Audience.COACH_ORGANISATION, Audience.EMPLOYERS_ANONYMOUS


def point(postcode: str) -> Point:
    found = place(postcode)
    return Point(found.latitude, found.longitude)


def search(contract, user, criteria: FreeCriteria, **options):
    spec = free_candidate_spec(
        criteria,
        viewer=viewer_for(user or AnonymousUser()),
        bridges=bridges_to(criteria.skill_ids),
        **options,
    )
    return spec, contract.backend.candidates(spec)


@pytest.fixture
def forklift():
    return concept("Heftruck rijden")


@pytest.fixture
def people(contract, world, forklift):
    """Veendam and around: who drives a forklift, how far away, and how they shared."""
    cleaning = concept("Schoonmaken")
    return {
        # In Veendam, forklift 3, wants 24-32 hours, licence B: fits every question.
        "anna": contract.person(
            "Anna",
            skills={forklift: 3},
            postcode="9641",
            max_travel_km=20,
            hours=(24, 32),
            work_types=(WorkType.PAID_JOB,),
            driving_licences=("B",),
        ),
        # Forklift in Zwolle (about 85 km): outside a 25 km radius.
        "bert": contract.person(
            "Bert",
            skills={forklift: 4},
            postcode="8011",
            max_travel_km=100,
            hours=(32, 40),
            work_types=(WorkType.PAID_JOB,),
        ),
        # In Veendam but only 8-16 hours.
        "cor": contract.person(
            "Cor", skills={forklift: 2}, postcode="9641", max_travel_km=10, hours=(8, 16)
        ),
        # In Veendam, no forklift: found, but below everyone with the skill.
        "dewi": contract.person(
            "Dewi", skills={cleaning: 3}, postcode="9641", max_travel_km=10, hours=(24, 40)
        ),
        # Forklift in Veendam, shared with employers (the coach agreed), not with the centre.
        "eef": contract.person(
            "Eef",
            skills={forklift: 3},
            postcode="9641",
            max_travel_km=10,
            hours=(24, 40),
            audiences=(NETWORK,),
            coach=world.coach,
        ),
    }


def test_a_coach_finds_people_with_the_skill_near_a_place_ranked_and_explained(
    contract, world, people, forklift
):
    criteria = FreeCriteria(skill_ids=(forklift.pk,), location=point("9641"), radius_km=25)

    _spec, page = search(contract, world.coach, criteria)

    # Eef shared only with employers; Bert lives beyond 25 km. Anna and Cor score the
    # same: the most recently updated portfolio (Cor's, made later) comes first.
    assert ids(page) == [people[key].pk for key in ("cor", "anna", "dewi")]
    assert page.total == 3
    assert page.facets["skills"][0].key == str(forklift.pk)
    # The engine's order is the explanation's: scores add up the same way.
    scores = [hit.score for hit in page.hits]
    assert scores == sorted(scores, reverse=True)


def test_hours_licence_and_work_type_narrow_the_free_search(contract, world, people, forklift):
    criteria = FreeCriteria(
        skill_ids=(forklift.pk,),
        min_hours=24,
        driving_licences=frozenset({"B"}),
        work_types=frozenset({WorkType.PAID_JOB}),
    )

    _spec, page = search(contract, world.coach, criteria)

    assert ids(page) == [people["anna"].pk]


def test_without_a_radius_everyone_shared_with_the_coach_is_found(
    contract, world, people, forklift
):
    criteria = FreeCriteria(skill_ids=(forklift.pk,), location=point("9641"))

    _spec, page = search(contract, world.coach, criteria)

    assert set(ids(page)) == {people[key].pk for key in ("anna", "bert", "cor", "dewi")}
    assert ids(page)[-1] == people["dewi"].pk


def test_the_place_facet_lists_the_places_most_people_live_in(contract, world, forklift):
    # Without a radius a search counts every place its people live in (2,200 at 100k):
    # both engines list the FACET_VALUES most counted, ties by name, not a panel of all.
    towns: dict[str, str] = {}
    for area in geo.all_places():
        towns.setdefault(area.municipality, area.postcode)
        if len(towns) == FACET_VALUES + 3:
            break
    postcodes = list(towns.values())
    # The last two places count twice, so they rank first; of the others, one falls off.
    for number, postcode in enumerate([*postcodes, *postcodes[-2:]]):
        contract.person(f"Persoon {number}", skills={forklift: 3}, postcode=postcode)

    _spec, page = search(contract, world.coach, FreeCriteria(skill_ids=(forklift.pk,)))

    counted = Counter(dict.fromkeys(towns, 1) | dict.fromkeys(list(towns)[-2:], 2))
    assert page.total == FACET_VALUES + 5
    assert page.facets["municipality"] == facet(counted)
    assert len(page.facets["municipality"]) == FACET_VALUES
    assert [value.key for value in page.facets["municipality"][:2]] == sorted(list(towns)[-2:])


def test_only_complete_keeps_people_with_every_chosen_skill(contract, world, people, forklift):
    criteria = FreeCriteria(skill_ids=(forklift.pk,), only_complete=True)

    _spec, page = search(contract, world.coach, criteria)

    assert set(ids(page)) == {people[key].pk for key in ("anna", "bert", "cor")}


def test_other_organisations_coach_employer_without_consent_and_anonymous_find_nothing(
    contract, world, people, forklift
):
    criteria = FreeCriteria(skill_ids=(forklift.pk,))

    for user in (world.other_coach, world.jobseeker, None):
        _spec, page = search(contract, user, criteria)
        assert (ids(page), page.total) == ([], 0)

    # The employer finds only the person who shared with employers, with the coach's yes.
    _spec, page = search(contract, world.recruiter, criteria)
    assert ids(page) == [people["eef"].pk]


def test_withdrawn_consent_takes_the_person_out_of_the_free_search(
    contract, world, people, forklift
):
    anna = people["anna"]
    with contract.committed():
        consent_set(portfolio=anna, audience=COACH_ORG, granted=False, by=anna.jobseeker)

    _spec, page = search(contract, world.coach, FreeCriteria(skill_ids=(forklift.pk,)))

    assert anna.pk not in ids(page)


def test_the_results_page_anonymises_for_employers_and_names_for_the_coach(
    contract, world, people, forklift
):
    criteria = FreeCriteria(skill_ids=(forklift.pk,), location=point("9641"), radius_km=25)

    coach_rows = free_candidate_results(user=world.coach, criteria=criteria).rows
    employer_rows = free_candidate_results(user=world.recruiter, criteria=criteria).rows

    assert [row.name for row in coach_rows] == [
        "Cor",
        "Anna",
        "Dewi",
    ]  # equal scores: most recent first
    assert coach_rows[0].skills[0].fit.met
    assert coach_rows[0].score == sum(part.points for part in coach_rows[0].explanation.parts)
    assert [(row.public_id, row.name) for row in employer_rows] == [(people["eef"].public_id, "")]


@pytest.mark.parametrize(
    "criteria_of",
    [
        lambda forklift: FreeCriteria(skill_ids=(forklift.pk,)),
        lambda forklift: FreeCriteria(
            skill_ids=(forklift.pk,), location=point("9641"), radius_km=25
        ),
        lambda forklift: FreeCriteria(skill_ids=(forklift.pk,), min_hours=24),
        lambda forklift: FreeCriteria(location=point("9641"), radius_km=5),
    ],
    ids=["skill", "skill-radius", "skill-hours", "radius-only"],
)
def test_the_alert_matcher_agrees_with_the_engine(contract, world, people, forklift, criteria_of):
    criteria = criteria_of(forklift)

    spec, page = search(contract, world.coach, criteria)
    matched = {person.pk for person in people.values() if candidate_matches(spec, document(person))}

    # The matcher leaves access to the database (`visible_to`); of the people the coach
    # may see, it keeps the engine's hits that hold an asked skill (any hit, when none
    # is asked).
    visible = {people[key].pk for key in ("anna", "bert", "cor", "dewi")}
    expected = {pk for pk in ids(page) if not criteria.skill_ids or pk != people["dewi"].pk}
    assert matched & visible == expected
