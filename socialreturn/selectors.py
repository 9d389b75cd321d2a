"""Reads of social return: obligations with their progress, what a supplier can report, and
the impact figures. The impact figures read the monthly totals (`impact_summary`), so the
dashboard costs the same queries and about the same time whatever the number of placements."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth

from intermediaries.models import Placement
from portal.accounts.models import User
from portal.impact import impact_organisation_ids
from portal.organisations.models import EMPLOYER_KINDS, Organisation, OrganisationStatus

from . import valuation
from .models import (
    AnonymousPlacement,
    Contribution,
    ContributionKind,
    ContributionStatus,
    ImpactMonth,
    ImpactTarget,
    Obligation,
)
from .permissions import obligation_permission_policy
from .schemes import banenafspraak_condition
from .services import FOLLOW_UP_DAYS

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _with_realised(obligations: QuerySet[Obligation]) -> QuerySet[Obligation]:
    return obligations.annotate(
        realised=Coalesce(
            Sum(
                "contributions__value", filter=Q(contributions__status=ContributionStatus.ACCEPTED)
            ),
            ZERO,
        ),
        waiting=Count("contributions", filter=Q(contributions__status=ContributionStatus.REPORTED)),
    )


def progress_of(obligation: Obligation) -> valuation.Progress:
    """Progress of an obligation from `obligations_for` or `obligation_for` (annotated)."""
    return valuation.Progress(required=obligation.required, realised=obligation.realised)


def obligations_for(*, user: User) -> QuerySet[Obligation]:
    """Every obligation `user` may see, with what is realised and waiting, in one query."""
    return _with_realised(
        obligation_permission_policy.visible_to(user).select_related("authority", "supplier")
    ).order_by("-start_date", "-id")


def obligation_for(*, user: User, pk: int) -> Obligation | None:
    return obligations_for(user=user).filter(pk=pk).first()


def contributions_of(*, obligation: Obligation) -> QuerySet[Contribution]:
    return obligation.contributions.select_related("table", "placement__proposal__vacancy")


def counted_by_month(*, obligation: Obligation) -> list[dict]:
    """What counts toward `obligation` per month: accepted contributions, their value and how
    many of them are placements (each at the value it got when accepted)."""
    return list(
        obligation.contributions.filter(status=ContributionStatus.ACCEPTED)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            contributions=Count("id"),
            placements=Count("id", filter=Q(kind=ContributionKind.PLACEMENT)),
            value=Sum("value"),
        )
        .order_by("month")
    )


def counted_by_kind(*, obligation: Obligation) -> list[dict]:
    """What counts toward `obligation` per kind (placement, hire, each kind of activity)."""
    return list(
        obligation.contributions.filter(status=ContributionStatus.ACCEPTED)
        .values("kind", "activity_kind")
        .annotate(
            contributions=Count("id"),
            placements=Count("id", filter=Q(kind=ContributionKind.PLACEMENT)),
            hours=Sum("hours"),
            value=Sum("value"),
        )
        .order_by("kind", "activity_kind")
    )


def contributions_by_status(*, obligation: Obligation) -> dict[str, int]:
    """How many contributions are in each status (waiting, accepted, rejected)."""
    return dict(obligation.contributions.values_list("status").annotate(n=Count("id")).order_by())


def reportable_placements(*, obligation: Obligation) -> QuerySet[Placement]:
    """Placements at the supplier's vacancies, started in the obligation's period, that do not
    count toward an obligation yet."""
    counting = Contribution.objects.filter(placement__isnull=False).exclude(
        status=ContributionStatus.REJECTED
    )
    return (
        Placement.objects.filter(
            proposal__vacancy__organisation=obligation.supplier,
            start_date__gte=obligation.start_date,
            start_date__lte=obligation.end_date,
        )
        .exclude(pk__in=counting.values("placement_id"))
        .select_related("proposal__vacancy")
        .order_by("-start_date", "-id")
    )


def authorities_for(*, user: User) -> QuerySet[Organisation]:
    from .permissions import authority_organisations

    return authority_organisations(user).order_by("name")


def supplier_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind__in=EMPLOYER_KINDS, status=OrganisationStatus.APPROVED
    ).order_by("name")


# --- Impact ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactFilters:
    year_from: int
    year_to: int
    organisation_id: int | None = None
    sector: str = ""
    target_group: str = ""


def _placements(filters: ImpactFilters) -> tuple[QuerySet, QuerySet]:
    """Live placements and those of erased people, filtered alike."""
    period = {
        "start_date__gte": date(filters.year_from, 1, 1),
        "start_date__lte": date(filters.year_to, 12, 31),
    }
    live = Placement.objects.filter(**period)
    kept = AnonymousPlacement.objects.filter(**period)
    if filters.organisation_id:
        live = live.filter(proposal__organisation_id=filters.organisation_id)
        kept = kept.filter(organisation_id=filters.organisation_id)
    if filters.sector:
        live = live.filter(proposal__vacancy__organisation__employer_profile__sector=filters.sector)
        kept = kept.filter(sector=filters.sector)
    if filters.target_group:
        live = live.filter(target_group=filters.target_group)
        kept = kept.filter(target_group=filters.target_group)
    return live, kept


@dataclass
class ImpactData:
    by_group_year: dict[tuple, dict]
    targets: dict[tuple, int]
    retention: dict[tuple, dict]
    banenafspraak: dict[tuple, dict]
    by_month: dict[tuple, dict]
    value_by_obligation: list[dict]


def _months(filters: ImpactFilters) -> QuerySet[ImpactMonth]:
    """The monthly totals (`impact_summary`) that the filters choose."""
    months = ImpactMonth.objects.filter(
        month__gte=date(filters.year_from, 1, 1), month__lte=date(filters.year_to, 12, 1)
    )
    if filters.organisation_id:
        months = months.filter(organisation_id=filters.organisation_id)
    if filters.sector:
        # An erased person's placement keeps the sector it had; a live one has its employer's.
        months = months.filter(
            Q(kept=False, employer__employer_profile__sector=filters.sector)
            | Q(kept=True, sector=filters.sector)
        )
    if filters.target_group:
        months = months.filter(target_group=filters.target_group)
    return months


def impact_organisations(*, user: User, own: Iterable[int] = ()) -> QuerySet[Organisation]:
    """Every organisation `user` may filter the dashboard on, in one query: the coaches'
    organisations that have placements to count (erased people's included), those whose
    people the other apps count (events, through `portal.impact`), and the viewer's own
    intermediaries (`own`), even before they count anything."""
    chosen = Q(pk__in=ImpactMonth.objects.values("organisation_id")) | Q(pk__in=list(own))
    for ids in impact_organisation_ids(user=user):
        chosen |= Q(pk__in=ids)
    return Organisation.objects.filter(chosen).order_by("name")


def impact_data(*, user: User, filters: ImpactFilters) -> ImpactData:
    """Every figure of the dashboard, from the monthly totals, in a fixed number of queries."""
    months = _months(filters).annotate(year=ExtractYear("month")).order_by()
    # The database adds up: three small groupings (target group and year, month, employer and
    # year) send about a hundred rows, where one fine grouping sent every cell (1,700 rows at
    # 100,000 placements) for Python to add up.
    by_group_year: dict[tuple, dict] = {}
    retention: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for row in months.values("target_group", "year").annotate(
        people=Sum("people"), after_6=Sum("after_6"), after_12=Sum("after_12")
    ):
        by_group_year[(row["target_group"] or None, row["year"])] = {"people": row["people"]}
        for name in ("people", "after_6", "after_12"):
            retention[(row["year"],)][name] += row[name]
    by_month = {
        (row["month"],): {"people": row["people"]}
        for row in months.values("month").annotate(people=Sum("people"))
    }
    banenafspraak = {
        (row["employer__name"], row["year"]): {"people": row["people"], "hours": row["hours"]}
        for row in months.filter(banenafspraak_condition())
        .values("employer__name", "year")
        .annotate(people=Sum("people"), hours=Sum("hours"))
    }
    targets_qs = ImpactTarget.objects.filter(year__gte=filters.year_from, year__lte=filters.year_to)
    if filters.organisation_id:
        targets_qs = targets_qs.filter(organisation_id=filters.organisation_id)
    if filters.target_group:
        targets_qs = targets_qs.filter(target_group=filters.target_group)
    targets = {
        (row["target_group"], row["year"]): row["number"]
        for row in targets_qs.values("target_group", "year")
        .annotate(number=Sum("number"))
        .order_by()
    }
    value_rows = (
        Contribution.objects.filter(
            status=ContributionStatus.ACCEPTED,
            obligation__in=obligation_permission_policy.visible_to(user).values("pk"),
            date__gte=date(filters.year_from, 1, 1),
            date__lte=date(filters.year_to, 12, 31),
        )
        .values("obligation__authority__name", "obligation__supplier__name")
        .annotate(value=Sum("value"), contributions=Count("id"))
        .order_by("obligation__authority__name", "obligation__supplier__name")
    )
    return ImpactData(
        by_group_year=by_group_year,
        targets=targets,
        retention=retention,
        banenafspraak=banenafspraak,
        by_month=by_month,
        value_by_obligation=list(value_rows),
    )


def placement_count(*, organisation_ids: list[int], filters: ImpactFilters) -> int:
    """How many rows `placement_rows` gives: for the export's progress."""
    live, kept = _placements(filters)
    return (
        live.filter(proposal__organisation_id__in=organisation_ids).count()
        + kept.filter(organisation_id__in=organisation_ids).count()
    )


def placement_rows(*, organisation_ids: list[int], filters: ImpactFilters):
    """Every placement of the viewer's own organisations in the period, one row each and no
    person: for the XLSX/CSV of all placements. An iterator, so memory stays flat."""
    live, kept = _placements(filters)
    live = live.filter(proposal__organisation_id__in=organisation_ids)
    kept = kept.filter(organisation_id__in=organisation_ids)
    columns = ("start_date", "contract_type", "hours_per_week", "target_group")
    yield from (
        live.values_list(
            *columns,
            "proposal__organisation__name",
            "proposal__vacancy__organisation__name",
            "proposal__vacancy__organisation__employer_profile__sector",
            "follow_up__working_after_6_months",
            "follow_up__working_after_12_months",
        )
        .order_by("start_date", "id")
        .iterator(chunk_size=2000)
    )
    yield from (
        kept.values_list(
            *columns,
            "organisation__name",
            "employer__name",
            "sector",
            "working_after_6_months",
            "working_after_12_months",
        )
        .order_by("start_date", "id")
        .iterator(chunk_size=2000)
    )


def follow_up_placements(*, organisation: Organisation, today: date) -> QuerySet[Placement]:
    """Placements the organisation's coaches made that are 6 months or older, unanswered first."""
    return (
        Placement.objects.filter(
            proposal__organisation=organisation,
            start_date__lte=today - timedelta(days=FOLLOW_UP_DAYS[6]),
        )
        .select_related(
            "follow_up", "proposal__portfolio__jobseeker", "proposal__vacancy__organisation"
        )
        .order_by(
            F("follow_up__working_after_12_months").asc(nulls_first=True),
            F("follow_up__working_after_6_months").asc(nulls_first=True),
            "-start_date",
            "-id",
        )
    )


def awaiting_confirmation(*, organisation: Organisation) -> QuerySet[Contribution]:
    """Hires from outside the portal that a coach of `organisation` is asked to confirm."""
    return (
        Contribution.objects.filter(
            confirming_organisation=organisation, status=ContributionStatus.AWAITING_COACH
        )
        .select_related("obligation__supplier", "obligation__authority")
        .order_by("date", "id")
    )
