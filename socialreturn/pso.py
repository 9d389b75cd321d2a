"""An employer's banenafspraak jobs and indicative PSO score per year.

Both read the coach-recorded target group, which an employer never sees person by
person: a year with fewer than five placements shows neither number.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from intermediaries.models import Placement
from portal.organisations.models import Organisation

from .models import AnonymousPlacement, EmployerFte
from .schemes import (
    PSO_FULL_TIME_HOURS,
    SMALL_CELL,
    banenafspraak_jobs,
    counts_for_banenafspraak,
    pso_weight,
)

YEARS_SHOWN = 3


@dataclass
class EmployerYear:
    year: int
    placements: int
    banenafspraak_people: int = 0
    banenafspraak_jobs: Decimal = Decimal("0")
    weighted_fte: Decimal = Decimal("0")
    total_fte: Decimal | None = None

    @property
    def too_few(self) -> bool:
        return self.placements < SMALL_CELL

    @property
    def pso_estimate(self) -> Decimal | None:
        """Weighted target-group FTE ÷ total FTE, in percent; an estimate, never a certificate."""
        if self.total_fte is None or self.total_fte <= 0:
            return None
        return (self.weighted_fte / self.total_fte * 100).quantize(Decimal("0.1"))


def employer_figures(*, organisation: Organisation) -> list[EmployerYear]:
    """The last three years of `organisation` as an employer, newest first; four queries."""
    this_year = timezone.localdate().year
    first = this_year - YEARS_SHOWN + 1
    years = {year: EmployerYear(year=year, placements=0) for year in range(first, this_year + 1)}
    grouped = [
        Placement.objects.filter(proposal__vacancy__organisation=organisation),
        AnonymousPlacement.objects.filter(employer=organisation),
    ]
    for queryset in grouped:
        rows = (
            queryset.filter(start_date__year__gte=first)
            .annotate(year=ExtractYear("start_date"))
            .values("year", "target_group", "contract_type", "mbo_level")
            .annotate(people=Count("id"), hours=Sum("hours_per_week"))
            .order_by()
        )
        for row in rows:
            figures = years.get(row["year"])
            if figures is None:
                continue
            figures.placements += row["people"]
            group, contract = row["target_group"], row["contract_type"]
            if counts_for_banenafspraak(target_group=group, contract_type=contract):
                figures.banenafspraak_people += row["people"]
                figures.banenafspraak_jobs += banenafspraak_jobs(row["hours"])
            weight = pso_weight(
                target_group=group, contract_type=contract, mbo_level=row["mbo_level"]
            )
            figures.weighted_fte += weight * Decimal(row["hours"]) / PSO_FULL_TIME_HOURS
    for stated in EmployerFte.objects.filter(organisation=organisation, year__gte=first):
        if stated.year in years:
            years[stated.year].total_fte = stated.total_fte
    for figures in years.values():
        figures.banenafspraak_jobs = figures.banenafspraak_jobs.quantize(Decimal("0.1"))
    return sorted(years.values(), key=lambda figures: -figures.year)
