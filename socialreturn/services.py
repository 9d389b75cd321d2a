"""Writes of social return: obligations, contributions and their acceptance, stated FTE,
follow-ups, reminders, and keeping the figures when a person erases their account.

Every service checks who acts through `permissions`, checks its input again (other
callers than forms reach it), and runs in one transaction.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intermediaries.models import Placement
from intermediaries.permissions import is_coach_of
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.notifications.services import notification_create
from portal.organisations.models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationStatus,
)
from portal.organisations.roles import EMPLOYER_ROLES
from portal.validation import YEAR, DateWindow, strip_control_characters

from . import valuation
from .impact_summary import impact_summary_refresh, month_of
from .models import (
    AnonymousPlacement,
    Contribution,
    ContributionKind,
    ContributionStatus,
    EmployerFte,
    Obligation,
    PlacementFollowUp,
    ValuationTable,
)
from .permissions import (
    DECIDE,
    REPORT,
    authority_organisations,
    obligation_permission_policy,
    supplier_organisations,
)
from .schemes import Bonus, StartingPosition, valuation_of
from .valuation import ActivityKind

OBLIGATION_PERIOD_WINDOW = DateWindow(past_days=5 * YEAR, future_days=5 * YEAR)
ACTIVITY_DATE_WINDOW = DateWindow(past_days=3 * YEAR, future_days=31)
# How long before a report is due the supplier is reminded.
REMIND_DAYS_BEFORE = 14

NOTIFICATION_TEXTS = {
    "sroi.report_due.supplier": gettext_lazy(
        "Your social-return report for %(contract)s is due on %(due)s."
    ),
    "sroi.follow_up.coach": gettext_lazy(
        "%(person)s started at %(employer)s %(months)s months ago. Ask if they still work there."
    ),
}
# After how many days a placement's follow-up is asked for: 6 and 12 months.
FOLLOW_UP_DAYS = {6: 182, 12: 365}


def _require(user: User, obligation: Obligation, action: str) -> None:
    if not obligation_permission_policy.user_has_permission_for_instance(user, action, obligation):
        if action == DECIDE:
            raise PermissionDenied(_("Only the contracting authority can do this."))
        raise PermissionDenied(_("Only the supplier can report toward this obligation."))


def _positive(value: Decimal | None, *, field: str, at_most: Decimal) -> None:
    if value is not None and not Decimal("0") <= value <= at_most:
        raise ValidationError({field: _("Enter an amount from 0 to %(max)s.") % {"max": at_most}})


@transaction.atomic
def obligation_create(
    *,
    authority: Organisation,
    supplier: Organisation,
    by: User,
    contract_reference: str,
    title: str,
    contract_value: Decimal,
    percentage: Decimal | None,
    fixed_amount: Decimal | None,
    start_date: date,
    end_date: date,
    reporting_rhythm: int,
) -> Obligation:
    """The authority records an obligation on a supplier: a percentage of the contract
    value or a fixed amount, over a period, reported every `reporting_rhythm` months."""
    if not authority_organisations(by).filter(pk=authority.pk).exists():
        raise PermissionDenied(_("Only staff of the contracting authority can record this."))
    if supplier.kind not in EMPLOYER_KINDS or supplier.status != OrganisationStatus.APPROVED:
        raise ValidationError({"supplier": _("Choose an approved employer as supplier.")})
    if supplier.pk == authority.pk:
        raise ValidationError({"supplier": _("An organisation has no obligation on itself.")})
    if (percentage is None) == (fixed_amount is None):
        raise ValidationError(_("Give either a percentage or a fixed amount."))
    if percentage is not None and not Decimal("0.01") <= percentage <= Decimal("100"):
        raise ValidationError({"percentage": _("Enter a percentage from 0.01 to 100.")})
    _positive(contract_value, field="contract_value", at_most=Decimal("999999999999"))
    _positive(fixed_amount, field="fixed_amount", at_most=Decimal("999999999999"))
    OBLIGATION_PERIOD_WINDOW.check(start_date)
    OBLIGATION_PERIOD_WINDOW.check(end_date)
    if end_date < start_date:
        raise ValidationError({"end_date": _("The end lies before the start.")})
    reference = strip_control_characters(contract_reference).strip()[:64]
    if Obligation.objects.filter(authority=authority, contract_reference=reference).exists():
        raise ValidationError(
            {"contract_reference": _("This authority already has an obligation for this contract.")}
        )
    obligation = Obligation.objects.create(
        authority=authority,
        supplier=supplier,
        contract_reference=reference,
        title=strip_control_characters(title).strip()[:200],
        contract_value=contract_value,
        percentage=percentage,
        fixed_amount=fixed_amount,
        start_date=start_date,
        end_date=end_date,
        reporting_rhythm=reporting_rhythm,
        created_by=by,
    )
    audit_record(actor=by, action="sroi.obligation_create", target=obligation)
    return obligation


def _placement_facts(placement: Placement, *, permanent_contract: bool) -> tuple[str, list[str]]:
    position, bonuses = valuation_of(placement.target_group)
    if permanent_contract:
        bonuses = bonuses | {Bonus.PERMANENT_CONTRACT}
    return position, sorted(bonuses)


@transaction.atomic
def contribution_report_placement(
    *,
    obligation: Obligation,
    by: User,
    placement: Placement,
    months: int,
    permanent_contract: bool = False,
) -> Contribution:
    """The supplier counts a placement at one of its vacancies toward the obligation.

    What it is worth follows from the coach's target group, which the supplier never sees.
    """
    _require(by, obligation, REPORT)
    placement = Placement.objects.select_related("proposal__vacancy").get(pk=placement.pk)
    if placement.proposal.vacancy.organisation_id != obligation.supplier_id:
        raise ValidationError(_("Only a placement at one of your own vacancies can count."))
    if not 1 <= months <= 60:
        raise ValidationError({"months": _("Enter a number of months from 1 to 60.")})
    position, bonuses = _placement_facts(placement, permanent_contract=permanent_contract)
    try:
        with transaction.atomic():
            contribution = Contribution.objects.create(
                obligation=obligation,
                kind=ContributionKind.PLACEMENT,
                placement=placement,
                date=placement.start_date,
                starting_position=position,
                bonuses=bonuses,
                hours_per_week=Decimal(placement.hours_per_week),
                months=months,
                permanent_contract=permanent_contract,
                reported_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(_("This placement already counts toward an obligation.")) from error
    audit_record(actor=by, action="sroi.contribution_report", target=contribution)
    return contribution


def confirming_intermediaries():
    """Approved intermediaries: who may confirm a hire from outside the portal."""
    return Organisation.objects.filter(
        kind__in=INTERMEDIARY_KINDS, status=OrganisationStatus.APPROVED
    )


OUTSIDE_HIRE_START_WINDOW = DateWindow(past_days=3 * YEAR, future_days=YEAR)


@transaction.atomic
def contribution_report_outside_hire(
    *,
    obligation: Obligation,
    by: User,
    confirming_organisation: Organisation,
    starting_position: str,
    bonuses: list[str],
    start_date: date,
    hours_per_week: Decimal,
    months: int,
    permanent_contract: bool = False,
) -> Contribution:
    """The supplier registers someone it hired outside the portal. A coach of the intermediary
    that knows the person confirms it before the authority decides."""
    _require(by, obligation, REPORT)
    if not confirming_intermediaries().filter(pk=confirming_organisation.pk).exists():
        raise ValidationError(
            {"confirming_organisation": _("Choose an approved intermediary to confirm it.")}
        )
    if starting_position not in StartingPosition.values:
        raise ValidationError({"starting_position": _("Choose a starting position from the list.")})
    if not set(bonuses) <= set(Bonus.values) - {Bonus.PERMANENT_CONTRACT}:
        raise ValidationError({"bonuses": _("Choose bonuses from the list.")})
    OUTSIDE_HIRE_START_WINDOW.check(start_date)
    if not Decimal("1") <= hours_per_week <= Decimal("60"):
        raise ValidationError({"hours_per_week": _("Enter the hours a week, from 1 to 60.")})
    if not 1 <= months <= 60:
        raise ValidationError({"months": _("Enter a number of months from 1 to 60.")})
    chosen = sorted({*bonuses, *([Bonus.PERMANENT_CONTRACT] if permanent_contract else [])})
    contribution = Contribution.objects.create(
        obligation=obligation,
        kind=ContributionKind.OUTSIDE_HIRE,
        status=ContributionStatus.AWAITING_COACH,
        confirming_organisation=confirming_organisation,
        date=start_date,
        starting_position=starting_position,
        bonuses=chosen,
        hours_per_week=hours_per_week,
        months=months,
        permanent_contract=permanent_contract,
        reported_by=by,
    )
    audit_record(actor=by, action="sroi.contribution_report", target=contribution)
    return contribution


@transaction.atomic
def contribution_confirm(
    *, contribution: Contribution, by: User, confirmed: bool, reason: str = ""
) -> Contribution:
    """A coach of the named intermediary confirms the outside hire (it goes to the authority),
    or says it is not right, with a reason (it counts for nothing)."""
    locked = _locked(contribution)
    if locked.status != ContributionStatus.AWAITING_COACH:
        raise ValidationError(_("This contribution was already confirmed or declined."))
    if not is_coach_of(by, locked.confirming_organisation):
        raise PermissionDenied(_("Only a coach of the organisation named can confirm this."))
    reason = strip_control_characters(reason).strip()[:1000]
    if not confirmed and not reason:
        raise ValidationError({"reason": _("Say why, so the supplier can put it right.")})
    locked.confirmed_by = by
    locked.confirmed_at = timezone.now()
    if confirmed:
        locked.status = ContributionStatus.REPORTED
    else:
        locked.status = ContributionStatus.REJECTED
        locked.reason = reason
        locked.decided_by = by
        locked.decided_at = locked.confirmed_at
    locked.save()
    audit_record(actor=by, action="sroi.contribution_confirm", target=locked)
    return locked


@transaction.atomic
def contribution_report_activity(
    *,
    obligation: Obligation,
    by: User,
    activity_kind: str,
    description: str,
    date: date,
    hours: Decimal | None = None,
    cost: Decimal | None = None,
) -> Contribution:
    """The supplier reports another activity: hours for time given, costs for the rest."""
    _require(by, obligation, REPORT)
    if activity_kind not in ActivityKind.values:
        raise ValidationError({"activity_kind": _("Choose an activity from the list.")})
    ACTIVITY_DATE_WINDOW.check(date)
    if activity_kind in valuation.PER_HOUR_ACTIVITIES:
        if hours is None or not Decimal("0.5") <= hours <= Decimal("100000"):
            raise ValidationError({"hours": _("Enter the hours, from 0.5 to 100,000.")})
        cost = None
    else:
        if cost is None:
            raise ValidationError({"cost": _("Enter the costs.")})
        _positive(cost, field="cost", at_most=Decimal("999999999999"))
        hours = None
    contribution = Contribution.objects.create(
        obligation=obligation,
        kind=ContributionKind.ACTIVITY,
        activity_kind=activity_kind,
        description=strip_control_characters(description).strip()[:300],
        date=date,
        hours=hours,
        cost=cost,
        reported_by=by,
    )
    audit_record(actor=by, action="sroi.contribution_report", target=contribution)
    return contribution


def valuation_table_for(*, authority: Organisation, on: date) -> ValuationTable | None:
    """The authority's table version valid on `on`; examples never value anything."""
    return (
        ValuationTable.objects.filter(authority=authority, is_example=False, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .prefetch_related("rows")
        .order_by("-valid_from")
        .first()
    )


def _locked(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("obligation", "placement")
        .get(pk=contribution.pk)
    )


@transaction.atomic
def contribution_accept(*, contribution: Contribution, by: User) -> Contribution:
    """The authority accepts: the contribution is valued with the table valid on its date,
    and keeps that version and value for good."""
    locked = _locked(contribution)
    _require(by, locked.obligation, DECIDE)
    if locked.status != ContributionStatus.REPORTED:
        raise ValidationError(_("This contribution was already decided on."))
    table = valuation_table_for(authority=locked.obligation.authority, on=locked.date)
    if table is None:
        raise ValidationError(
            _("There is no valuation table valid on %(date)s: ask the network admin for one.")
            % {"date": formats.date_format(locked.date, "j F Y")}
        )
    rules = table.rules()
    if locked.kind in (ContributionKind.PLACEMENT, ContributionKind.OUTSIDE_HIRE):
        if locked.placement is not None:  # the coach may have recorded the group since
            locked.starting_position, locked.bonuses = _placement_facts(
                locked.placement, permanent_contract=locked.permanent_contract
            )
        result = valuation.value_hire(
            rules,
            valuation.Hire(
                starting_position=locked.starting_position,
                hours_per_week=locked.hours_per_week,
                months=locked.months,
                bonuses=frozenset(locked.bonuses),
            ),
        )
    else:
        result = valuation.value_activity(
            rules,
            valuation.Activity(kind=locked.activity_kind, hours=locked.hours, cost=locked.cost),
        )
    locked.status = ContributionStatus.ACCEPTED
    locked.table = table
    locked.value = result.amount
    locked.value_note = result.note
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.reason = ""
    locked.save()
    audit_record(actor=by, action="sroi.contribution_accept", target=locked)
    return locked


@transaction.atomic
def contribution_reject(*, contribution: Contribution, by: User, reason: str) -> Contribution:
    """The authority rejects, saying why; a rejected contribution counts for nothing."""
    locked = _locked(contribution)
    _require(by, locked.obligation, DECIDE)
    if locked.status != ContributionStatus.REPORTED:
        raise ValidationError(_("This contribution was already decided on."))
    reason = strip_control_characters(reason).strip()[:1000]
    if not reason:
        raise ValidationError({"reason": _("Say why, so the supplier can put it right.")})
    locked.status = ContributionStatus.REJECTED
    locked.reason = reason
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    audit_record(actor=by, action="sroi.contribution_reject", target=locked)
    return locked


@transaction.atomic
def employer_fte_state(
    *, organisation: Organisation, by: User, year: int, total_fte: Decimal
) -> EmployerFte:
    """The employer states its total FTE for a year, for its indicative PSO score."""
    if not supplier_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Only the employer's own staff state its FTE."))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year from 2000 to 2100.")})
    if not Decimal("0.1") <= total_fte <= Decimal("1000000"):
        raise ValidationError({"total_fte": _("Enter an FTE from 0.1 to 1,000,000.")})
    stated, _created = EmployerFte.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={"total_fte": total_fte, "stated_by": by, "stated_at": timezone.now()},
    )
    return stated


@transaction.atomic
def follow_up_record(
    *,
    placement: Placement,
    by: User,
    working_after_6_months: bool | None,
    working_after_12_months: bool | None,
) -> PlacementFollowUp:
    """The coach of the proposing organisation records whether the person still works there."""
    placement = Placement.objects.select_related("proposal__organisation").get(pk=placement.pk)
    if not is_coach_of(by, placement.proposal.organisation):
        raise PermissionDenied(_("Only a coach of the organisation that placed the person can."))
    for answer in (working_after_6_months, working_after_12_months):
        if answer is not None and not isinstance(answer, bool):
            raise ValidationError(_("Answer yes, no or not known yet."))
    follow_up, _created = PlacementFollowUp.objects.update_or_create(
        placement=placement,
        defaults={
            "working_after_6_months": working_after_6_months,
            "working_after_12_months": working_after_12_months,
            "recorded_by": by,
            "updated_at": timezone.now(),
        },
    )
    audit_record(
        actor=by,
        action="placement.follow_up",
        subject=placement.proposal.portfolio.jobseeker,
        target=placement,
    )
    return follow_up


def obligation_reminders_send(*, today: date) -> int:
    """Remind the supplier's recruiters and admins of each report due within two weeks,
    once per due day. Returns how many obligations were reminded."""
    reminded = 0
    candidates = Obligation.objects.filter(
        start_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE), end_date__gte=today
    ).select_related("supplier")
    for obligation in candidates:
        due = valuation.next_report_due(
            start=obligation.start_date,
            end=obligation.end_date,
            every_months=obligation.reporting_rhythm,
            today=today,
        )
        if due is None or due > today + timedelta(days=REMIND_DAYS_BEFORE):
            continue
        with transaction.atomic():
            # One UPDATE takes the reminder, so two runs never send it twice.
            taken = (
                Obligation.objects.filter(pk=obligation.pk)
                .exclude(reminded_for=due)
                .update(reminded_for=due)
            )
            if not taken:
                continue
            staff = User.objects.filter(
                is_active=True,
                pk__in=Membership.objects.active()
                .filter(organisation_id=obligation.supplier_id, role__in=EMPLOYER_ROLES)
                .values("user_id"),
            )
            for person in staff:
                notification_create(
                    recipient=person,
                    kind="sroi.report_due.supplier",
                    subject_id=obligation.pk,
                    params={"contract": str(obligation), "due": due.isoformat()},
                    url_name="sroi_obligation_detail",
                    url_args=[obligation.pk],
                )
            reminded += 1
    return reminded


def follow_up_reminders_send(*, today: date) -> int:
    """Remind the proposing coach once when a placement reaches 6 and 12 months without an
    answer. Returns how many reminders went out."""
    sent = 0
    for months, days in FOLLOW_UP_DAYS.items():
        answered = f"follow_up__working_after_{months}_months__isnull"
        reminded = f"follow_up__reminded_{months}_months"
        due = (
            Placement.objects.filter(start_date__lte=today - timedelta(days=days))
            .filter(Q(follow_up__isnull=True) | Q(**{answered: True, reminded: False}))
            .select_related(
                "proposal__proposed_by",
                "proposal__organisation",
                "proposal__portfolio__jobseeker",
                "proposal__vacancy__organisation",
            )
        )
        for placement in due:
            with transaction.atomic():
                follow_up, _created = PlacementFollowUp.objects.get_or_create(placement=placement)
                taken = PlacementFollowUp.objects.filter(
                    pk=follow_up.pk, **{f"reminded_{months}_months": False}
                ).update(**{f"reminded_{months}_months": True})
                coach = placement.proposal.proposed_by
                if (
                    not taken
                    or coach is None
                    or not is_coach_of(coach, placement.proposal.organisation)
                ):
                    continue
                notification_create(
                    recipient=coach,
                    kind="sroi.follow_up.coach",
                    subject_id=placement.pk,
                    params={
                        "person": placement.proposal.portfolio.jobseeker.first_name,
                        "employer": placement.proposal.vacancy.organisation.name,
                        "months": months,
                    },
                    url_name="sroi_follow_ups",
                    url_args=[placement.proposal.organisation.slug],
                )
                sent += 1
    return sent


def placements_anonymise(user: User) -> None:
    """Erasure step: the person's placements stay as anonymous counts.

    Runs inside the erasure, before the portfolio (and with it the proposals and
    placements) goes. Contributions keep their own copy of the facts and lose only
    their link to the placement.
    """
    placements = Placement.objects.filter(proposal__portfolio__jobseeker=user).select_related(
        "proposal__vacancy__organisation__employer_profile", "follow_up"
    )
    kept = []
    for placement in placements:
        employer = placement.proposal.vacancy.organisation
        profile = getattr(employer, "employer_profile", None)
        follow_up = getattr(placement, "follow_up", None)
        kept.append(
            AnonymousPlacement(
                organisation_id=placement.proposal.organisation_id,
                employer=employer,
                sector=profile.sector if profile else "",
                start_date=placement.start_date,
                contract_type=placement.contract_type,
                hours_per_week=placement.hours_per_week,
                target_group=placement.target_group,
                mbo_level=placement.mbo_level,
                working_after_6_months=follow_up.working_after_6_months if follow_up else None,
                working_after_12_months=follow_up.working_after_12_months if follow_up else None,
            )
        )
    AnonymousPlacement.objects.bulk_create(kept)
    # bulk_create sends no signals; the placements' own deletion recounts these months again.
    impact_summary_refresh(
        buckets={(row.organisation_id, month_of(row.start_date)) for row in kept}
    )
