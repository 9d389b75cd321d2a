"""How the coach-recorded target group maps onto the schemes that social return counts with.

Pure Python: an authority's valuation row (a starting position and its bonuses), the PSO
weights, the banenafspraak and the network's yearly targets all read the one target group
a coach records on a placement (`intermediaries.models.TargetGroup`). A supplier who
registers a hire from outside the portal states the starting position and bonuses itself.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intermediaries.models import STUDENT_GROUPS, ContractType, MboLevel, TargetGroup


class StartingPosition(models.TextChoices):
    """A row of an authority's valuation table: where the person started from."""

    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    DOELGROEPREGISTER = "doelgroepregister", _("Doelgroepregister")
    PRO_VSO = "pro_vso", _("PrO, VSO or entree school leaver")
    WIA_WAO = "wia_wao", _("WIA or WAO")
    WW = "ww", _("WW")
    BBL = "bbl", _("BBL")
    BOL = "bol", _("BOL")
    NO_BENEFIT = "no_benefit", _("No benefit")


class Bonus(models.TextChoices):
    """What an authority adds to a row's value (Utrecht: €10,000 each)."""

    FIFTY_PLUS = "fifty_plus", _("50 or older")
    STATUSHOUDER = "statushouder", _("Statushouder")
    LANGUAGE_GAP = "language_gap", _("Language gap")
    PERMANENT_CONTRACT = "permanent_contract", _("Permanent contract")


T = TargetGroup
P = StartingPosition

# Target group → the row it is valued by, and the bonuses it brings by itself. Wajong and
# sheltered-work employees are in the doelgroepregister; statushouders mostly start on the
# Participatiewet; groups without a benefit of their own use the "no benefit" row.
VALUATION: dict[str, tuple[str, frozenset[str]]] = {
    T.PARTICIPATIEWET: (P.PARTICIPATIEWET, frozenset()),
    T.WW: (P.WW, frozenset()),
    T.WIA_WAO: (P.WIA_WAO, frozenset()),
    T.WAJONG: (P.DOELGROEPREGISTER, frozenset()),
    T.DOELGROEPREGISTER: (P.DOELGROEPREGISTER, frozenset()),
    T.SHELTERED_WORK: (P.DOELGROEPREGISTER, frozenset()),
    T.SCHOOL_LEAVER: (P.PRO_VSO, frozenset()),
    T.BBL: (P.BBL, frozenset()),
    T.BOL: (P.BOL, frozenset()),
    T.NEWCOMER: (P.PARTICIPATIEWET, frozenset({Bonus.STATUSHOUDER})),
    T.YOUNG: (P.NO_BENEFIT, frozenset()),
    T.FIFTY_PLUS: (P.NO_BENEFIT, frozenset({Bonus.FIFTY_PLUS})),
    T.VIA_SERVICES: (P.NO_BENEFIT, frozenset()),
    T.OTHER: (P.NO_BENEFIT, frozenset()),
}


def valuation_of(target_group: str | None) -> tuple[str, frozenset[str]]:
    """The starting position and bonuses a placement of `target_group` is valued by."""
    return VALUATION.get(target_group or "", (P.NO_BENEFIT, frozenset()))


# Banenafspraak: people in the doelgroepregister (Wajong included); a banenafspraak
# contract (garantiebaan) is only open to them, whatever group the coach recorded.
BANENAFSPRAAK_GROUPS = frozenset({T.DOELGROEPREGISTER, T.WAJONG})
BANENAFSPRAAK_HOURS_PER_JOB = Decimal("25.5")


def counts_for_banenafspraak(*, target_group: str | None, contract_type: str) -> bool:
    return target_group in BANENAFSPRAAK_GROUPS or contract_type == ContractType.BANENAFSPRAAK


def banenafspraak_condition() -> Q:
    """`counts_for_banenafspraak` as a filter on rows with `target_group` and `contract_type`."""
    return Q(target_group__in=BANENAFSPRAAK_GROUPS) | Q(contract_type=ContractType.BANENAFSPRAAK)


def banenafspraak_jobs(hours_per_week: Decimal | int) -> Decimal:
    """One banenafspraak job is 25.5 hours a week: a placement counts as hours ÷ 25.5."""
    return Decimal(hours_per_week) / BANENAFSPRAAK_HOURS_PER_JOB


# PSO (Prestatieladder Socialer Ondernemen), direct part: weight by starting position.
# BBL/BOL students weigh by the MBO level the coach records (`PSO_STUDENT_WEIGHTS`); the
# figure here is for a student whose level is not recorded (placements from before the
# level was asked), taken as level 2. Groups the PSO does not name weigh 0.
PSO_GROUP_WEIGHTS: dict[str, Decimal] = {
    T.SHELTERED_WORK: Decimal("1"),
    T.PARTICIPATIEWET: Decimal("1"),
    T.WIA_WAO: Decimal("1"),
    T.WAJONG: Decimal("1"),
    T.DOELGROEPREGISTER: Decimal("1"),
    T.WW: Decimal("0.75"),
    T.BBL: Decimal("0.25"),
    T.BOL: Decimal("0.25"),
}
# The PSO names students at level 1 and 2 only: levels 3 and 4 weigh nothing.
PSO_STUDENT_WEIGHTS: dict[int, Decimal] = {
    MboLevel.LEVEL_1: Decimal("0.5"),
    MboLevel.LEVEL_2: Decimal("0.25"),
    MboLevel.LEVEL_3: Decimal("0"),
    MboLevel.LEVEL_4: Decimal("0"),
}
# ...and by contract: a regular contract counts fully, a secondment 0.9, a place to learn or
# try three quarters.
PSO_CONTRACT_WEIGHTS: dict[str, Decimal] = {
    ContractType.REGULAR: Decimal("1"),
    ContractType.SECONDMENT: Decimal("0.9"),
    ContractType.BANENAFSPRAAK: Decimal("1"),
    ContractType.LEARNING_WORK: Decimal("0.75"),
    ContractType.WORK_EXPERIENCE: Decimal("0.75"),
    ContractType.TRIAL_PLACEMENT: Decimal("0.75"),
}
PSO_FULL_TIME_HOURS = Decimal("36")


def pso_weight(
    *, target_group: str | None, contract_type: str, mbo_level: int | None = None
) -> Decimal:
    group = PSO_GROUP_WEIGHTS.get(target_group or "", Decimal("0"))
    if target_group in STUDENT_GROUPS and mbo_level is not None:
        group = PSO_STUDENT_WEIGHTS.get(mbo_level, Decimal("0"))
    return group * PSO_CONTRACT_WEIGHTS.get(contract_type, Decimal("0"))


def pso_direct_score(
    placements: list[tuple[str | None, str, int]], *, total_fte: Decimal
) -> Decimal | None:
    """Indicative PSO direct score in percent: weighted target-group FTE ÷ the total FTE.

    `placements` are (target group, contract type, hours per week). An estimate, never a
    certificate; None when no total FTE is known.
    """
    if total_fte <= 0:
        return None
    weighted = sum(
        (
            pso_weight(target_group=group, contract_type=contract)
            * Decimal(hours)
            / PSO_FULL_TIME_HOURS
            for group, contract, hours in placements
        ),
        Decimal("0"),
    )
    return (weighted / total_fte * 100).quantize(Decimal("0.1"))


# Small cells: a count under this shows as "< 5" outside the coach's own organisation.
SMALL_CELL = 5


def shown_count(count: int, *, own_organisation: bool) -> int | str:
    """`count` as a viewer may see it: "< 5" for 1 to 4 people outside the coach's organisation."""
    if own_organisation or count == 0 or count >= SMALL_CELL:
        return count
    return f"< {SMALL_CELL}"
