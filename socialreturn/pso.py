"""An employer's banenafspraak jobs and indicative PSO score per year.

Both read the coach-recorded target group, which an employer never sees person by
person: a year with fewer than five placements shows neither number.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intermediaries.models import STUDENT_GROUPS, ContractType, MboLevel, Placement, TargetGroup
from portal.organisations.models import Organisation

from .models import AnonymousPlacement, EmployerFte
from .schemes import (
    PSO_CONTRACT_WEIGHTS,
    PSO_FULL_TIME_HOURS,
    PSO_GROUP_WEIGHTS,
    PSO_STUDENT_WEIGHTS,
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


# Short names for the weights explained on the employer's page. Not the coach's labels: the
# page is an employer's, and those labels are how a person's group is recognised elsewhere.
GROUP_NAMES: dict[str, str] = {
    TargetGroup.SHELTERED_WORK: _("sheltered work (SW)"),
    TargetGroup.PARTICIPATIEWET: _("Participatiewet"),
    TargetGroup.WIA_WAO: _("WIA or WAO"),
    TargetGroup.WAJONG: _("Wajong"),
    TargetGroup.DOELGROEPREGISTER: _("the doelgroepregister"),
    TargetGroup.WW: _("WW"),
    TargetGroup.BBL: _("BBL students"),
    TargetGroup.BOL: _("BOL students"),
    TargetGroup.SCHOOL_LEAVER: _("PrO or VSO school leavers"),
    TargetGroup.NEWCOMER: _("statushouders and newcomers"),
    TargetGroup.YOUNG: _("young people under 27"),
    TargetGroup.FIFTY_PLUS: _("people of 50 or older"),
    TargetGroup.VIA_SERVICES: _("placements through services"),
    TargetGroup.OTHER: _("other groups"),
}


@dataclass
class PsoWeights:
    """The weights the estimate uses, read from `schemes` so the page can never disagree."""

    groups: list[tuple[Decimal, str]]  # a weight and the starting positions that get it
    students: list[tuple[str, Decimal]]
    contracts: list[tuple[str, Decimal]]
    full_time_hours: Decimal


def pso_weights() -> PsoWeights:
    """Every starting position, MBO level and contract with the weight the estimate gives it,
    highest first; what the PSO does not name is listed with 0."""
    by_weight: dict[Decimal, list[str]] = {}
    for value, _label in TargetGroup.choices:
        if value in STUDENT_GROUPS:
            continue  # weighed by MBO level, in their own table
        weight = PSO_GROUP_WEIGHTS.get(value, Decimal("0"))
        by_weight.setdefault(weight, []).append(str(GROUP_NAMES.get(value, value)))
    return PsoWeights(
        groups=[
            (weight, ", ".join(names)) for weight, names in sorted(by_weight.items(), reverse=True)
        ],
        students=[
            (str(label), PSO_STUDENT_WEIGHTS.get(value, Decimal("0")))
            for value, label in MboLevel.choices
        ],
        contracts=[
            (str(label), PSO_CONTRACT_WEIGHTS.get(value, Decimal("0")))
            for value, label in ContractType.choices
        ],
        full_time_hours=PSO_FULL_TIME_HOURS,
    )
