"""Erasure keeps the figures, not the person (issue 15, item 7)."""

from decimal import Decimal

import pytest
from django.db.models import Q

from portfolios.privacy import account_erase
from socialreturn import selectors, services
from socialreturn.impact import impact_tables
from socialreturn.models import AnonymousPlacement, Contribution
from socialreturn.pso import employer_figures
from socialreturn.selectors import ImpactFilters

pytestmark = pytest.mark.django_db


def _every_figure(setting) -> tuple:
    world = setting.world
    year = setting.placement.start_date.year
    filters = ImpactFilters(year_from=year - 1, year_to=year)
    data = selectors.impact_data(user=world.network_admin, filters=filters)
    own = ImpactFilters(year_from=year - 1, year_to=year, organisation_id=world.training_centre.pk)
    own_data = selectors.impact_data(user=world.network_admin, filters=own)
    obligation = selectors.obligation_for(user=world.other_coach, pk=setting.obligation.pk)
    return (
        [t.rows for t in impact_tables(data, filters=filters, own_organisation=False)],
        [t.rows for t in impact_tables(own_data, filters=own, own_organisation=True)],
        selectors.progress_of(obligation),
        [vars(year) for year in employer_figures(organisation=world.employer)],
    )


def test_erasure_leaves_every_figure_unchanged(setting):
    world = setting.world
    services.follow_up_record(
        placement=setting.placement,
        by=world.coach,
        working_after_6_months=True,
        working_after_12_months=None,
    )
    contribution = services.contribution_report_placement(
        obligation=setting.obligation, by=world.recruiter, placement=setting.placement, months=12
    )
    services.contribution_accept(contribution=contribution, by=world.other_coach)
    before = _every_figure(setting)
    assert before[2].realised == Decimal("33333.33")

    account_erase(user=world.jobseeker, by=world.jobseeker)

    assert _every_figure(setting) == before


def test_what_is_kept_has_no_link_to_the_person_or_the_proposal(setting):
    world = setting.world
    contribution = services.contribution_report_placement(
        obligation=setting.obligation, by=world.recruiter, placement=setting.placement, months=12
    )
    jobseeker_id = world.jobseeker.pk

    account_erase(user=world.jobseeker, by=world.jobseeker)

    contribution.refresh_from_db()
    assert contribution.placement is None
    kept = AnonymousPlacement.objects.get()
    assert kept.organisation == world.training_centre
    assert kept.employer == world.employer
    fields = {field.name for field in AnonymousPlacement._meta.get_fields()}
    assert not fields & {"jobseeker", "proposal", "portfolio", "motivation", "placement"}
    assert not Contribution.objects.filter(
        Q(reported_by_id=jobseeker_id) | Q(decided_by_id=jobseeker_id)
    ).exists()
