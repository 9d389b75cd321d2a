"""Obligations, contributions and acceptance through the services: who may, and what counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from intermediaries.models import TargetGroup
from intermediaries.services import placement_record_target_group
from portal.notifications.models import Notification
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from socialreturn import selectors, services
from socialreturn.factories import make_obligation, make_placement, make_table
from socialreturn.models import ContributionStatus
from socialreturn.permissions import obligation_permission_policy
from socialreturn.valuation import ActivityKind
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _accepted_total(setting) -> Decimal:
    obligation = selectors.obligation_for(user=setting.world.other_coach, pk=setting.obligation.pk)
    return selectors.progress_of(obligation).realised


def _report_placement(setting, **kwargs):
    return services.contribution_report_placement(
        obligation=setting.obligation,
        by=setting.world.recruiter,
        placement=setting.placement,
        months=kwargs.pop("months", 12),
        **kwargs,
    )


def _report_coaching(setting, hours="10"):
    return services.contribution_report_activity(
        obligation=setting.obligation,
        by=setting.world.recruiter,
        activity_kind=ActivityKind.COACHING,
        description="Jobcoaching op de bouwplaats",
        date=timezone.localdate(),
        hours=Decimal(hours),
    )


def test_the_obligation_asks_five_percent_of_the_contract(setting):
    assert setting.obligation.required == Decimal("50000.00")


@pytest.mark.parametrize("role", ["jobseeker", "training_staff", "recruiter"])
def test_only_authority_staff_record_an_obligation_for_it(world, role):
    with pytest.raises(PermissionDenied):
        make_obligation(authority=world.municipality, supplier=world.employer, by=world.user(role))


def test_an_obligation_asks_a_percentage_or_a_fixed_amount_not_both(world):
    with pytest.raises(ValidationError):
        make_obligation(
            authority=world.municipality,
            supplier=world.employer,
            by=world.other_coach,
            fixed_amount=Decimal("1000"),
        )


def test_the_supplier_must_be_an_approved_employer(world):
    with pytest.raises(ValidationError):
        make_obligation(
            authority=world.municipality, supplier=world.training_centre, by=world.other_coach
        )


def test_one_obligation_per_contract_reference(setting):
    world = setting.world
    with pytest.raises(ValidationError):
        make_obligation(authority=world.municipality, supplier=world.employer, by=world.other_coach)


def test_the_supplier_sees_its_own_obligations_and_no_other_suppliers(setting):
    world = setting.world
    rival = organisation_create(
        name="Schildersbedrijf De Kwast",
        kind=OrganisationKind.EMPLOYER,
        status=OrganisationStatus.APPROVED,
    )
    rival_recruiter = make_user("kwast@example.nl", "Kees")
    membership_create(user=rival_recruiter, organisation=rival, role=Role.RECRUITER)
    theirs = make_obligation(
        authority=world.municipality, supplier=rival, by=world.other_coach, reference="WB-2"
    )

    assert list(obligation_permission_policy.visible_to(world.recruiter)) == [setting.obligation]
    assert list(obligation_permission_policy.visible_to(rival_recruiter)) == [theirs]
    assert set(obligation_permission_policy.visible_to(world.other_coach)) == {
        setting.obligation,
        theirs,
    }
    assert set(obligation_permission_policy.visible_to(world.network_admin)) == {
        setting.obligation,
        theirs,
    }
    for outsider in (world.coach, world.jobseeker, world.organisation_admin, world.training_staff):
        assert not obligation_permission_policy.visible_to(outsider).exists()


def test_a_placement_counts_only_once_accepted_and_with_the_table_it_was_valued_with(setting):
    contribution = _report_placement(setting)
    assert _accepted_total(setting) == Decimal("0")

    accepted = services.contribution_accept(contribution=contribution, by=setting.world.other_coach)

    # Doelgroepregister €50,000 × 24/36 hours × 12/12 months.
    assert accepted.value == Decimal("33333.33")
    assert accepted.table == setting.table
    assert _accepted_total(setting) == Decimal("33333.33")


def test_a_permanent_contract_adds_its_bonus(setting):
    contribution = _report_placement(setting, permanent_contract=True, months=6)
    accepted = services.contribution_accept(contribution=contribution, by=setting.world.other_coach)
    # (50,000 + 10,000) × 24/36 × 6/12
    assert accepted.value == Decimal("20000.00")


def test_the_coachs_target_group_recorded_after_the_report_is_used_at_acceptance(setting):
    world = setting.world
    later = make_placement(
        coach=world.other_coach,
        jobseeker=world.other_jobseeker,
        recruiter=world.recruiter,
        employer=world.employer,
    )
    contribution = services.contribution_report_placement(
        obligation=setting.obligation, by=world.recruiter, placement=later, months=12
    )
    placement_record_target_group(
        placement=later, by=world.other_coach, target_group=TargetGroup.WW
    )
    accepted = services.contribution_accept(contribution=contribution, by=world.other_coach)
    assert accepted.value == Decimal("13333.33")  # WW €20,000 × 24/36


def test_a_placement_cannot_count_twice(setting):
    _report_placement(setting)
    with pytest.raises(ValidationError):
        _report_placement(setting)


def test_only_a_placement_at_the_suppliers_own_vacancy_counts(setting):
    world = setting.world
    other_employer = organisation_create(
        name="Bouwbedrijf Maas", kind=OrganisationKind.EMPLOYER, status=OrganisationStatus.APPROVED
    )
    boss = make_user("maas@example.nl", "Bert")
    membership_create(user=boss, organisation=other_employer, role=Role.RECRUITER)
    elsewhere = make_placement(
        coach=world.other_coach,
        jobseeker=world.other_jobseeker,
        recruiter=boss,
        employer=other_employer,
    )
    with pytest.raises(ValidationError):
        services.contribution_report_placement(
            obligation=setting.obligation, by=world.recruiter, placement=elsewhere, months=12
        )


@pytest.mark.parametrize("role", ["other_coach", "coach", "jobseeker", "network_admin"])
def test_only_the_supplier_reports(setting, role):
    with pytest.raises(PermissionDenied):
        services.contribution_report_placement(
            obligation=setting.obligation,
            by=setting.world.user(role),
            placement=setting.placement,
            months=12,
        )


def test_time_given_counts_per_hour_and_rejected_work_counts_nothing(setting):
    coaching = _report_coaching(setting, hours="12.5")
    purchase = services.contribution_report_activity(
        obligation=setting.obligation,
        by=setting.world.recruiter,
        activity_kind=ActivityKind.SOCIAL_PURCHASE,
        description="Catering door sociale onderneming",
        date=timezone.localdate(),
        cost=Decimal("2500"),
    )
    services.contribution_accept(contribution=coaching, by=setting.world.other_coach)
    rejected = services.contribution_reject(
        contribution=purchase, by=setting.world.other_coach, reason="Geen factuur meegestuurd"
    )

    assert rejected.status == ContributionStatus.REJECTED
    assert rejected.value is None
    assert _accepted_total(setting) == Decimal("1250.00")


def test_a_rejection_needs_a_reason(setting):
    contribution = _report_coaching(setting)
    with pytest.raises(ValidationError):
        services.contribution_reject(
            contribution=contribution, by=setting.world.other_coach, reason="  "
        )


@pytest.mark.parametrize("role", ["recruiter", "coach", "network_admin"])
def test_only_the_authority_decides(setting, role):
    contribution = _report_coaching(setting)
    with pytest.raises(PermissionDenied):
        services.contribution_accept(contribution=contribution, by=setting.world.user(role))


def test_a_decision_is_taken_once(setting):
    contribution = _report_coaching(setting)
    services.contribution_accept(contribution=contribution, by=setting.world.other_coach)
    with pytest.raises(ValidationError):
        services.contribution_reject(
            contribution=contribution, by=setting.world.other_coach, reason="x"
        )


def test_a_new_table_version_values_new_work_and_never_rewrites_old_figures(setting):
    world = setting.world
    first = _report_coaching(setting, hours="10")
    services.contribution_accept(contribution=first, by=world.other_coach)
    today = timezone.localdate()
    setting.table.valid_to = today - timedelta(days=1)
    setting.table.save()
    newer = make_table(authority=world.municipality, valid_from=today, hourly_rate=Decimal("80"))
    setting.table.rows.update(value=Decimal("1"))  # even editing the old table changes nothing

    second = services.contribution_accept(
        contribution=_report_coaching(setting), by=world.other_coach
    )

    first.refresh_from_db()
    assert (first.table, first.value) == (setting.table, Decimal("1000.00"))
    assert (second.table, second.value) == (newer, Decimal("800.00"))
    assert _accepted_total(setting) == Decimal("1800.00")


def test_without_a_valid_table_nothing_is_accepted(setting):
    setting.table.valid_from = date(2099, 1, 1)
    setting.table.save()
    with pytest.raises(ValidationError):
        services.contribution_accept(
            contribution=_report_coaching(setting), by=setting.world.other_coach
        )


def test_an_example_table_never_values_anything(setting):
    setting.table.is_example = True
    setting.table.save()
    assert (
        services.valuation_table_for(authority=setting.world.municipality, on=timezone.localdate())
        is None
    )


def test_the_shipped_example_tables_are_labelled_and_value_nothing(db):
    from socialreturn.models import ValuationTable

    examples = ValuationTable.objects.filter(authority=None)
    assert examples.count() == 2
    assert all(table.is_example and "Voorbeeld" in table.name for table in examples)
    utrecht = examples.get(name__contains="Utrecht").rules()
    assert utrecht.rows["doelgroepregister"] == Decimal("50000")
    assert utrecht.hourly_rate == Decimal("100")
    assert examples.get(name__contains="Harlingen").minimum_hours == Decimal("12")


def test_the_supplier_is_reminded_once_when_a_report_is_due(setting):
    # Quarterly from the start: the first report is due three months in.
    two_weeks_before_due = setting.obligation.start_date + timedelta(days=80)
    a_month_before_due = setting.obligation.start_date + timedelta(days=60)

    assert services.obligation_reminders_send(today=a_month_before_due) == 0
    assert services.obligation_reminders_send(today=two_weeks_before_due) == 1
    assert services.obligation_reminders_send(today=two_weeks_before_due) == 0
    reminded = Notification.objects.filter(kind="sroi.report_due.supplier")
    assert [n.recipient for n in reminded] == [setting.world.recruiter]
    assert "WB-2026-001" in reminded.get().text


def _outside_hire(setting, **kwargs):
    return services.contribution_report_outside_hire(
        obligation=setting.obligation,
        by=setting.world.recruiter,
        confirming_organisation=kwargs.pop("confirming", setting.world.training_centre),
        starting_position="participatiewet",
        bonuses=["fifty_plus"],
        start_date=timezone.localdate(),
        hours_per_week=Decimal("18"),
        months=12,
        **kwargs,
    )


def test_an_outside_hire_counts_after_a_coach_confirms_and_the_authority_accepts(setting):
    world = setting.world
    hire = _outside_hire(setting)
    assert hire.status == ContributionStatus.AWAITING_COACH
    with pytest.raises(ValidationError):
        services.contribution_accept(contribution=hire, by=world.other_coach)
    with pytest.raises(PermissionDenied):
        services.contribution_confirm(contribution=hire, by=world.other_coach, confirmed=True)

    services.contribution_confirm(contribution=hire, by=world.coach, confirmed=True)
    accepted = services.contribution_accept(contribution=hire, by=world.other_coach)

    # (Participatiewet 40,000 + 50-plus 10,000) × 18/36
    assert accepted.value == Decimal("25000.00")
    assert accepted.confirmed_by == world.coach


def test_a_coach_who_does_not_know_the_hire_declines_it_with_a_reason(setting):
    hire = _outside_hire(setting)
    with pytest.raises(ValidationError):
        services.contribution_confirm(contribution=hire, by=setting.world.coach, confirmed=False)
    declined = services.contribution_confirm(
        contribution=hire, by=setting.world.coach, confirmed=False, reason="Onbekend bij ons"
    )
    assert (declined.status, declined.reason) == (ContributionStatus.REJECTED, "Onbekend bij ons")


def test_an_outside_hire_is_confirmed_by_an_approved_intermediary_only(setting):
    with pytest.raises(ValidationError):
        _outside_hire(setting, confirming=setting.world.employer)
