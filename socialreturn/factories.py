"""Test and demo helpers: placements at the world's employer, tables and obligations."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from intermediaries.factories import make_proposal
from intermediaries.models import Placement, ProposalState
from intermediaries.services import placement_record_target_group
from portal.accounts.models import User
from portal.organisations.models import Organisation
from portfolios.factories import make_portfolio
from vacancies.factories import VacancyFactory

from .models import Obligation, ValuationRow, ValuationTable
from .schemes import StartingPosition
from .services import obligation_create

UTRECHT_ROWS = {
    StartingPosition.PARTICIPATIEWET: Decimal("40000"),
    StartingPosition.DOELGROEPREGISTER: Decimal("50000"),
    StartingPosition.PRO_VSO: Decimal("35000"),
    StartingPosition.WIA_WAO: Decimal("40000"),
    StartingPosition.WW: Decimal("20000"),
    StartingPosition.BBL: Decimal("35000"),
    StartingPosition.BOL: Decimal("20000"),
    StartingPosition.NO_BENEFIT: Decimal("10000"),
}


def make_table(
    *,
    authority: Organisation,
    valid_from: date = date(2020, 1, 1),
    valid_to: date | None = None,
    rows: dict[str, Decimal] | None = None,
    **fields,
) -> ValuationTable:
    """A valuation table of `authority` with Utrecht's values unless told otherwise."""
    defaults = {
        "name": f"Tabel {authority.name} vanaf {valid_from:%Y-%m-%d}",
        "hourly_rate": Decimal("100"),
        "bonus_fifty_plus": Decimal("10000"),
        "bonus_statushouder": Decimal("10000"),
        "bonus_language_gap": Decimal("10000"),
        "bonus_permanent_contract": Decimal("10000"),
    }
    table = ValuationTable.objects.create(
        authority=authority, valid_from=valid_from, valid_to=valid_to, **{**defaults, **fields}
    )
    ValuationRow.objects.bulk_create(
        ValuationRow(table=table, starting_position=position, value=value)
        for position, value in (rows or UTRECHT_ROWS).items()
    )
    return table


def make_placement(
    *, coach: User, jobseeker: User, recruiter: User, employer: Organisation, target_group=None
) -> Placement:
    """`coach` places `jobseeker` at a new open vacancy of `employer` (24 h, starting in 2 weeks)."""
    portfolio = make_portfolio(jobseeker=jobseeker, audiences=("coach_organisation",))
    proposal = make_proposal(
        coach=coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=employer, open=True),
        recruiter=recruiter,
        state=ProposalState.PLACED,
    )
    placement = proposal.placement
    if target_group:
        placement = placement_record_target_group(
            placement=placement, by=coach, target_group=target_group
        )
    return placement


def make_obligation(
    *,
    authority: Organisation,
    supplier: Organisation,
    by: User,
    reference: str = "WB-2026-001",
    percentage: Decimal | None = Decimal("5"),
    fixed_amount: Decimal | None = None,
) -> Obligation:
    today = timezone.localdate()
    return obligation_create(
        authority=authority,
        supplier=supplier,
        by=by,
        contract_reference=reference,
        title="Schilderwerk woningen",
        contract_value=Decimal("1000000"),
        percentage=percentage,
        fixed_amount=fixed_amount,
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=300),
        reporting_rhythm=3,
    )
