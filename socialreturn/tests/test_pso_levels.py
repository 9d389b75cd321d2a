"""The coach records a BBL/BOL student's MBO level with the target group; the PSO estimate
weighs by it, and a secondment by 0.9."""

from decimal import Decimal

from django.urls import reverse

from intermediaries.models import ContractType, TargetGroup
from socialreturn.pso import employer_figures


def _record(login, setting, **data):
    world, placement = setting.world, setting.placement
    url = reverse(
        "organisation_proposal_target_group",
        args=[world.training_centre.slug, placement.proposal_id],
    )
    return login(world.coach).post(url, data, follow=True)


def _weighted_fte(setting) -> Decimal:
    year = setting.placement.start_date.year
    figures = employer_figures(organisation=setting.world.employer)
    return next(figures for figures in figures if figures.year == year).weighted_fte


def test_a_level_1_student_weighs_half_and_a_level_3_student_nothing(setting, login):
    # 24 hours a week is two thirds of an FTE.
    _record(login, setting, target_group=TargetGroup.BBL, mbo_level="1")
    setting.placement.refresh_from_db()
    assert setting.placement.mbo_level == 1
    assert _weighted_fte(setting) == Decimal("0.5") * 24 / 36

    _record(login, setting, target_group=TargetGroup.BOL, mbo_level="3")
    assert _weighted_fte(setting) == 0


def test_the_level_is_dropped_for_a_group_that_is_not_a_student(setting, login):
    _record(login, setting, target_group=TargetGroup.BBL, mbo_level="2")
    _record(login, setting, target_group=TargetGroup.WW, mbo_level="2")
    setting.placement.refresh_from_db()
    assert (setting.placement.target_group, setting.placement.mbo_level) == (TargetGroup.WW, None)


def test_a_level_out_of_range_changes_nothing_and_says_so(setting, login):
    page = _record(login, setting, target_group=TargetGroup.BBL, mbo_level="9")
    setting.placement.refresh_from_db()
    assert setting.placement.target_group == TargetGroup.DOELGROEPREGISTER
    assert setting.placement.mbo_level is None
    assert page.status_code == 200
    assert list(page.context["messages"])


def test_a_secondment_weighs_nine_tenths(setting):
    setting.placement.contract_type = ContractType.SECONDMENT
    setting.placement.save()
    # Doelgroepregister weighs 1.
    assert _weighted_fte(setting) == Decimal("0.9") * 24 / 36
