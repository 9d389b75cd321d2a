"""Cases that change a person after indexing: each builds its own few rows."""

from portfolios.models import PortfolioSkill
from search.indexing import portfolios_sync
from search.scoring import explain_candidate
from search.spec import CandidateFilters

from .conftest import WIDE, concept, document, ids


def picking_and_forklift(contract):
    forklift, picking = concept("Heftruck rijden"), concept("Orderpicken")
    vacancy = contract.vacancy(needs=[(forklift, True, 3), (picking, True, 2)])
    return forklift, picking, vacancy


def test_staff_assessed_level_counts_instead_of_the_own_level(contract, world):
    forklift, picking, vacancy = picking_and_forklift(contract)
    anna = contract.person("Anna", skills={forklift: 4, picking: 2})
    bram = contract.person("Bram", skills={forklift: 3, picking: 1})
    assert [hit.score for hit in contract.candidates(world.coach, vacancy).hits] == [20, 14]

    # Training staff judged Bram's order picking higher and Anna's forklift driving lower.
    PortfolioSkill.objects.filter(page=bram, concept=picking).update(staff_level=3)
    PortfolioSkill.objects.filter(page=anna, concept=forklift).update(staff_level=2)
    portfolios_sync([anna.pk, bram.pk])
    spec = contract.spec(world.coach, vacancy)
    page = contract.backend.candidates(spec)
    explained_bram = explain_candidate(spec, document(bram))
    explained_anna = explain_candidate(spec, document(anna))

    assert ids(page) == [bram.pk, anna.pk]
    assert [hit.score for hit in page.hits] == [explained_bram.score, explained_anna.score]
    assert [hit.score for hit in page.hits] == [20, 14]
    (bram_picking,) = [s for s in explained_bram.skills if s.concept_id == picking.pk]
    assert (bram_picking.have, bram_picking.assessed_by_staff, bram_picking.met) == (3, True, True)
    (bram_forklift,) = [s for s in explained_bram.skills if s.concept_id == forklift.pk]
    assert (bram_forklift.have, bram_forklift.assessed_by_staff) == (3, False)
    (anna_forklift,) = [s for s in explained_anna.skills if s.concept_id == forklift.pk]
    assert (anna_forklift.have, anna_forklift.assessed_by_staff, anna_forklift.below_level) == (
        2,
        True,
        True,
    )
    # "Only complete matches" uses the level that counts, too.
    complete = contract.candidates(
        world.coach, vacancy, filters=CandidateFilters(only_complete=True)
    )
    assert ids(complete) == [bram.pk]


def test_travel_distance_counts_rounded_down_to_its_band(contract, world):
    _forklift, _picking, vacancy = picking_and_forklift(contract)
    # Groningen is 32 km from the vacancy in Winschoten. 33 km of travel is the 30 km
    # band, out of reach; 35 km is the 35 km band, within reach.
    gijs = contract.person("Gijs", postcode="9711", max_travel_km=33)
    hanna = contract.person("Hanna", postcode="9711", max_travel_km=35)
    spec = contract.spec(world.coach, vacancy, filters=WIDE)

    page = contract.backend.candidates(spec)
    explained_gijs = explain_candidate(spec, document(gijs))
    explained_hanna = explain_candidate(spec, document(hanna))

    assert (explained_gijs.reach_km, explained_gijs.within_reach) == (30, False)
    assert (explained_hanna.reach_km, explained_hanna.within_reach) == (35, True)
    assert [(hit.id, hit.score, hit.meets_musts) for hit in page.hits] == [
        (hanna.pk, 5, True),
        (gijs.pk, 0, False),
    ]
    # Out of his own reach: not found unless the coach widens.
    assert ids(contract.candidates(world.coach, vacancy)) == [hanna.pk]


def test_radius_leaves_out_people_without_a_place(contract, world):
    forklift, picking, vacancy = picking_and_forklift(contract)
    nowhere = contract.person("Hidde", skills={forklift: 3, picking: 2})
    nearby = contract.person("Iris", skills={forklift: 3}, postcode="9679")

    with_radius = contract.candidates(world.coach, vacancy, filters=CandidateFilters(radius_km=200))
    without = contract.candidates(world.coach, vacancy)

    assert (ids(with_radius), with_radius.total) == ([nearby.pk], 1)
    assert (ids(without), without.total) == ([nowhere.pk, nearby.pk], 2)
