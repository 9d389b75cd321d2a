"""The dashboard reads monthly totals; they must always say what the placements themselves say.

Random placements are made, changed, moved, followed up, deleted and erased; after each
step every dashboard table from the totals equals the same table counted straight from the
rows, for every viewer's filter, small cells included.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from intermediaries.models import ContractType, Placement, Proposal, ProposalState, TargetGroup
from portfolios.factories import make_portfolio
from portfolios.privacy import account_erase
from socialreturn import selectors
from socialreturn.impact import impact_tables
from socialreturn.models import AnonymousPlacement, ImpactMonth, PlacementFollowUp
from socialreturn.schemes import counts_for_banenafspraak
from socialreturn.selectors import ImpactData, ImpactFilters
from vacancies.factories import EmployerProfileFactory, VacancyFactory

pytestmark = pytest.mark.django_db

GROUPS = [None, *TargetGroup.values]


def _counted_from_rows(filters: ImpactFilters, summary: ImpactData) -> ImpactData:
    """The placement figures counted one placement at a time, the slow and obvious way."""
    rows = []
    for placement in Placement.objects.select_related(
        "proposal__vacancy__organisation__employer_profile"
    ):
        employer = placement.proposal.vacancy.organisation
        follow_up = PlacementFollowUp.objects.filter(placement=placement).first()
        rows.append(
            (
                placement.proposal.organisation_id,
                employer.name,
                getattr(getattr(employer, "employer_profile", None), "sector", ""),
                placement.start_date,
                placement.contract_type,
                placement.hours_per_week,
                placement.target_group,
                bool(follow_up and follow_up.working_after_6_months),
                bool(follow_up and follow_up.working_after_12_months),
            )
        )
    for kept in AnonymousPlacement.objects.select_related("employer"):
        rows.append(
            (
                kept.organisation_id,
                kept.employer.name,
                kept.sector,
                kept.start_date,
                kept.contract_type,
                kept.hours_per_week,
                kept.target_group,
                bool(kept.working_after_6_months),
                bool(kept.working_after_12_months),
            )
        )
    by_group_year = defaultdict(lambda: defaultdict(int))
    retention = defaultdict(lambda: defaultdict(int))
    banenafspraak = defaultdict(lambda: defaultdict(int))
    by_month = defaultdict(lambda: defaultdict(int))
    for organisation, employer, sector, start, contract, hours, group, six, twelve in rows:
        if not filters.year_from <= start.year <= filters.year_to:
            continue
        if filters.organisation_id and organisation != filters.organisation_id:
            continue
        if filters.sector and sector != filters.sector:
            continue
        if filters.target_group and group != filters.target_group:
            continue
        by_group_year[(group, start.year)]["people"] += 1
        by_month[(start.replace(day=1),)]["people"] += 1
        retention[(start.year,)]["people"] += 1
        retention[(start.year,)]["after_6"] += six
        retention[(start.year,)]["after_12"] += twelve
        if counts_for_banenafspraak(target_group=group, contract_type=contract):
            banenafspraak[(employer, start.year)]["people"] += 1
            banenafspraak[(employer, start.year)]["hours"] += hours
    return ImpactData(
        by_group_year=by_group_year,
        targets=summary.targets,
        retention=retention,
        banenafspraak=banenafspraak,
        by_month=by_month,
        value_by_obligation=summary.value_by_obligation,
    )


def _assert_dashboard_counts_the_rows(world, filters_list) -> None:
    for filters in filters_list:
        for own in (False, True):
            from_totals = selectors.impact_data(user=world.network_admin, filters=filters)
            from_rows = _counted_from_rows(filters, from_totals)
            shown = [
                t.rows for t in impact_tables(from_totals, filters=filters, own_organisation=own)
            ]
            expected = [
                t.rows for t in impact_tables(from_rows, filters=filters, own_organisation=own)
            ]
            assert shown == expected, filters


def test_dashboard_totals_equal_the_placements_through_every_change(world):
    rng = random.Random(15)
    today = timezone.localdate()
    second_employer = EmployerProfileFactory(sector="zorg").organisation
    employers = [world.employer, second_employer]
    vacancies = [VacancyFactory(organisation=employer, open=True) for employer in employers]
    portfolios = [
        make_portfolio(jobseeker=person, audiences=("coach_organisation",))
        for person in (world.jobseeker, world.other_jobseeker)
    ]
    placements = []
    for n in range(40):
        by_centre = rng.random() < 0.7
        proposal = Proposal.objects.create(
            portfolio=portfolios[n % 2],
            vacancy=rng.choice(vacancies),
            proposed_by=world.coach if by_centre else world.other_coach,
            organisation=world.training_centre if by_centre else world.municipality,
            motivation="Test",
            state=ProposalState.PLACED,
        )
        placements.append(
            Placement.objects.create(
                proposal=proposal,
                start_date=today - timedelta(days=rng.randrange(0, 700)),
                contract_type=rng.choice(ContractType.values),
                hours_per_week=rng.randrange(1, 61),
                target_group=rng.choice(GROUPS),
            )
        )
    year = today.year
    filters_list = [
        ImpactFilters(year_from=year - 2, year_to=year),
        ImpactFilters(year_from=year - 1, year_to=year - 1),
        ImpactFilters(year_from=year - 2, year_to=year, organisation_id=world.training_centre.pk),
        ImpactFilters(year_from=year - 2, year_to=year, sector="zorg"),
        ImpactFilters(year_from=year - 2, year_to=year, target_group=TargetGroup.DOELGROEPREGISTER),
    ]
    _assert_dashboard_counts_the_rows(world, filters_list)

    for placement in rng.sample(placements, 10):
        placement.target_group = rng.choice(GROUPS)
        placement.save(update_fields=["target_group"])
    for placement in rng.sample(placements, 10):
        placement.start_date = today - timedelta(days=rng.randrange(0, 700))
        placement.hours_per_week = rng.randrange(1, 61)
        placement.save()
    for placement in rng.sample(placements, 15):
        PlacementFollowUp.objects.update_or_create(
            placement=placement,
            defaults={
                "working_after_6_months": rng.choice([True, False, None]),
                "working_after_12_months": rng.choice([True, False, None]),
            },
        )
    _assert_dashboard_counts_the_rows(world, filters_list)

    PlacementFollowUp.objects.filter(placement=placements[0]).delete()
    placements[1].proposal.delete()
    account_erase(user=world.other_jobseeker, by=world.other_jobseeker)
    assert AnonymousPlacement.objects.exists()
    _assert_dashboard_counts_the_rows(world, filters_list)

    # A move to another employer's sector: live placements follow the employer's sector.
    second_employer.employer_profile.sector = "bouw"
    second_employer.employer_profile.save()
    _assert_dashboard_counts_the_rows(
        world, [ImpactFilters(year_from=year - 2, year_to=year, sector="bouw")]
    )


def test_rebuilding_the_totals_changes_nothing_and_can_run_twice(setting):
    world = setting.world
    PlacementFollowUp.objects.create(placement=setting.placement, working_after_6_months=True)
    before = list(
        ImpactMonth.objects.values_list(
            "organisation",
            "employer",
            "kept",
            "target_group",
            "contract_type",
            "month",
            "people",
            "hours",
            "after_6",
            "after_12",
        )
    )
    assert [row[6:] for row in before] == [(1, 24, 1, 0)]

    call_command("sroi_rebuild_impact", verbosity=0)
    call_command("sroi_rebuild_impact", verbosity=0)

    after = list(
        ImpactMonth.objects.values_list(
            "organisation",
            "employer",
            "kept",
            "target_group",
            "contract_type",
            "month",
            "people",
            "hours",
            "after_6",
            "after_12",
        )
    )
    assert after == before
    assert before[0][:2] == (world.training_centre.pk, world.employer.pk)
    assert before[0][5] == date(
        setting.placement.start_date.year, setting.placement.start_date.month, 1
    )
