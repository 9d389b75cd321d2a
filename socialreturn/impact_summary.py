"""The monthly totals the impact dashboard reads (`ImpactMonth`), kept equal to the placements.

A change to a placement, its follow-up or a kept anonymous placement recounts the months
it touches for its coach's organisation, from the rows themselves, in the same
transaction: the totals are never ahead of or behind what is committed, and recounting
twice gives the same result. `impact_summary_rebuild` recounts everything (after bulk
loads, which send no signals). On PostgreSQL a recount takes a lock per organisation and a
rebuild locks the table, so two writers never count the same month from different views.
"""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from intermediaries.models import Placement

from .models import AnonymousPlacement, ImpactMonth

Bucket = tuple[int, date]  # (coach's organisation, first day of the month)

# The first key of the PostgreSQL advisory locks of these recounts (any constant of our own).
LOCK_NAMESPACE = 1515


def month_of(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _grouped(queryset: QuerySet, *, model, kept: bool, **keys) -> Iterable[ImpactMonth]:
    after_6 = "working_after_6_months" if kept else "follow_up__working_after_6_months"
    after_12 = "working_after_12_months" if kept else "follow_up__working_after_12_months"
    rows = (
        queryset.annotate(month=TruncMonth("start_date"), **keys)
        .values("month", "target_group", "contract_type", *keys)
        .annotate(
            people=Count("id"),
            hours=Sum("hours_per_week"),
            after_6=Count("id", filter=Q(**{after_6: True})),
            after_12=Count("id", filter=Q(**{after_12: True})),
        )
        .order_by()
    )
    for row in rows:
        yield model(
            organisation_id=row["summary_organisation"],
            employer_id=row["summary_employer"],
            kept=kept,
            sector=row.get("summary_sector") or "",
            target_group=row["target_group"] or "",
            contract_type=row["contract_type"],
            month=_as_date(row["month"]),
            people=row["people"],
            hours=row["hours"],
            after_6=row["after_6"],
            after_12=row["after_12"],
        )


def counted(live: QuerySet, kept: QuerySet, *, model=ImpactMonth) -> list[ImpactMonth]:
    """The totals of these live and kept placements (`model`: the migration's own class)."""
    return [
        *_grouped(
            live,
            model=model,
            kept=False,
            summary_organisation=F("proposal__organisation_id"),
            summary_employer=F("proposal__vacancy__organisation_id"),
        ),
        *_grouped(
            kept,
            model=model,
            kept=True,
            summary_organisation=F("organisation_id"),
            summary_employer=F("employer_id"),
            summary_sector=F("sector"),
        ),
    ]


def _lock_organisation(organisation_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, organisation_id]
            )


def impact_summary_refresh(*, buckets: Iterable[Bucket]) -> None:
    """Recount the totals of these months of these organisations from the placements."""
    with transaction.atomic():
        for organisation_id, month in sorted(set(buckets)):
            _lock_organisation(organisation_id)
            period = {"start_date__gte": month, "start_date__lt": _next_month(month)}
            ImpactMonth.objects.filter(organisation_id=organisation_id, month=month).delete()
            ImpactMonth.objects.bulk_create(
                counted(
                    Placement.objects.filter(proposal__organisation_id=organisation_id, **period),
                    AnonymousPlacement.objects.filter(organisation_id=organisation_id, **period),
                )
            )


@transaction.atomic
def impact_summary_rebuild() -> int:
    """Recount every total from the placements; the number of totals. Safe to run any time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ImpactMonth._meta.db_table} IN EXCLUSIVE MODE")
    ImpactMonth.objects.all().delete()
    made = ImpactMonth.objects.bulk_create(
        counted(Placement.objects.all(), AnonymousPlacement.objects.all()), batch_size=2000
    )
    return len(made)


def placement_bucket(placement_id: int) -> Bucket | None:
    """The month and organisation a stored placement counts in; None once it is gone."""
    row = (
        Placement.objects.filter(pk=placement_id)
        .values_list("proposal__organisation_id", "start_date")
        .first()
    )
    return None if row is None else (row[0], month_of(row[1]))
