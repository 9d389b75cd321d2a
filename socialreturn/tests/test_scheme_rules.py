"""Target groups onto the schemes: valuation rows, banenafspraak, PSO weights, small cells."""

from decimal import Decimal

import pytest

from intermediaries.models import ContractType, TargetGroup
from socialreturn.schemes import (
    VALUATION,
    Bonus,
    StartingPosition,
    banenafspraak_jobs,
    counts_for_banenafspraak,
    pso_direct_score,
    pso_weight,
    shown_count,
    valuation_of,
)

T = TargetGroup
C = ContractType


def test_every_target_group_maps_onto_a_valuation_row():
    assert set(VALUATION) == set(TargetGroup.values)
    assert {position for position, _ in VALUATION.values()} <= set(StartingPosition.values)


def test_groups_bring_their_own_bonuses():
    assert valuation_of(T.FIFTY_PLUS) == (StartingPosition.NO_BENEFIT, {Bonus.FIFTY_PLUS})
    assert valuation_of(T.NEWCOMER) == (StartingPosition.PARTICIPATIEWET, {Bonus.STATUSHOUDER})
    assert valuation_of(T.WAJONG) == (StartingPosition.DOELGROEPREGISTER, frozenset())


def test_a_group_not_recorded_yet_counts_as_no_benefit():
    assert valuation_of(None) == (StartingPosition.NO_BENEFIT, frozenset())


def test_a_banenafspraak_job_is_25_and_a_half_hours():
    assert banenafspraak_jobs(Decimal("25.5")) == Decimal("1")
    assert banenafspraak_jobs(51) == Decimal("2")
    assert round(banenafspraak_jobs(36), 3) == Decimal("1.412")


def test_only_the_doelgroepregister_counts_for_the_banenafspraak():
    assert counts_for_banenafspraak(target_group=T.DOELGROEPREGISTER, contract_type=C.REGULAR)
    assert counts_for_banenafspraak(target_group=T.WAJONG, contract_type=C.REGULAR)
    assert counts_for_banenafspraak(target_group=None, contract_type=C.BANENAFSPRAAK)
    assert not counts_for_banenafspraak(target_group=T.WW, contract_type=C.REGULAR)


@pytest.mark.parametrize(
    ("group", "contract", "level", "weight"),
    [
        (T.PARTICIPATIEWET, C.SECONDMENT, None, "0.9"),
        (T.WW, C.SECONDMENT, None, "0.675"),
        (T.BBL, C.REGULAR, 1, "0.5"),
        (T.BOL, C.REGULAR, 2, "0.25"),
        (T.BBL, C.LEARNING_WORK, 1, "0.375"),
        (T.BOL, C.REGULAR, 3, "0"),
        (T.BBL, C.REGULAR, 4, "0"),
        (T.PARTICIPATIEWET, C.REGULAR, 1, "1"),
    ],
)
def test_pso_weighs_secondments_and_students_by_their_mbo_level(group, contract, level, weight):
    assert pso_weight(target_group=group, contract_type=contract, mbo_level=level) == Decimal(
        weight
    )


@pytest.mark.parametrize(
    ("group", "contract", "weight"),
    [
        (T.SHELTERED_WORK, C.REGULAR, "1"),
        (T.PARTICIPATIEWET, C.REGULAR, "1"),
        (T.WIA_WAO, C.REGULAR, "1"),
        (T.WAJONG, C.REGULAR, "1"),
        (T.DOELGROEPREGISTER, C.BANENAFSPRAAK, "1"),
        (T.WW, C.REGULAR, "0.75"),
        (T.BBL, C.REGULAR, "0.25"),
        (T.PARTICIPATIEWET, C.WORK_EXPERIENCE, "0.75"),
        (T.WW, C.TRIAL_PLACEMENT, "0.5625"),
        (T.YOUNG, C.REGULAR, "0"),
        (T.PARTICIPATIEWET, C.VOLUNTEERING, "0"),
    ],
)
def test_pso_weights_by_starting_position_and_contract(group, contract, weight):
    assert pso_weight(target_group=group, contract_type=contract) == Decimal(weight)


def test_pso_direct_score_is_weighted_target_group_fte_over_total_fte():
    placements = [
        (T.PARTICIPATIEWET, C.REGULAR, 36),  # 1 FTE × 1
        (T.WW, C.REGULAR, 18),  # 0.5 FTE × 0.75
        (T.YOUNG, C.REGULAR, 36),  # weighs nothing
    ]
    # (1 + 0.375) / 50 FTE = 2.75 %
    assert pso_direct_score(placements, total_fte=Decimal("50")) == Decimal("2.8")
    assert pso_direct_score(placements, total_fte=Decimal("0")) is None


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (120, 120)])
def test_small_cells_are_hidden_outside_the_coachs_organisation(count, shown):
    assert shown_count(count, own_organisation=False) == shown
    assert shown_count(count, own_organisation=True) == count
