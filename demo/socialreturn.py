"""Demo social return: the Den Bosch network (issue 15, item 8).

A housing corporation (Woonstichting Maasoevers) is the contracting authority; its painting,
maintenance and building suppliers carry obligations; the sheltered-work company's coach
placed people at the suppliers over the last two years. Contributions are in every state
(accepted under either table version, rejected with a reason, waiting), with other
activities beside them, follow-ups after 6 and 12 months, and the network's yearly targets.

Made through the services (permissions, audit and valuation as in production) and dated back
afterwards with bulk updates, as `demo.proposals` does. Idempotent: when the
corporation already has obligations, nothing is added.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from intermediaries.factories import make_proposal
from intermediaries.models import (
    STUDENT_GROUPS,
    ContractType,
    MboLevel,
    Placement,
    ProposalState,
    TargetGroup,
)
from intermediaries.services import placement_record_target_group, proposal_mark_placed
from portal.accounts.factories import UserFactory, hashed_password
from portal.accounts.models import User
from portal.organisations.factories import OrganisationFactory
from portal.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio
from socialreturn.factories import UTRECHT_ROWS
from socialreturn.impact_summary import impact_summary_rebuild
from socialreturn.models import (
    ImpactTarget,
    Obligation,
    ValuationRow,
    ValuationTable,
)
from socialreturn.schemes import Bonus, StartingPosition
from socialreturn.services import (
    contribution_accept,
    contribution_confirm,
    contribution_reject,
    contribution_report_activity,
    contribution_report_outside_hire,
    contribution_report_placement,
    follow_up_record,
    obligation_create,
)
from socialreturn.valuation import ActivityKind
from vacancies.factories import EmployerProfileFactory, VacancyFactory
from vacancies.models import Sector
from vacancies.services import vacancy_close

from . import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from .proposals import date_back_proposal

SEED = 15
PC4 = "5211"
AUTHORITY = "woonstichting-maasoevers"
WERKBEDRIJF = "werkbedrijf-den-bosch"
# Logins of the Den Bosch network (README): the authority, a supplier and the coach.
LOGINS = {
    "authority": f"contractbeheer@{DEMO_EMAIL_DOMAIN}",
    "supplier": f"leverancier@{DEMO_EMAIL_DOMAIN}",
    "coach": f"jobcoach.denbosch@{DEMO_EMAIL_DOMAIN}",
}


@dataclass(frozen=True)
class Supplier:
    slug: str
    name: str
    sector: str
    contract: str
    title: str
    value: int
    vacancy: str


SUPPLIERS = (
    Supplier(
        "schildersbedrijf-van-der-heijden",
        "Schildersbedrijf Van der Heijden",
        Sector.CONSTRUCTION,
        "WM-2025-014",
        "Schilderwerk en houtrot 340 woningen",
        2_400_000,
        "Schilder (leerling)",
    ),
    Supplier(
        "onderhoud-maasland",
        "Onderhoudsbedrijf Maasland",
        Sector.FACILITY,
        "WM-2025-021",
        "Planmatig onderhoud Rosmalen",
        1_200_000,
        "Medewerker onderhoud",
    ),
    Supplier(
        "bouwbedrijf-de-dommel",
        "Bouwbedrijf De Dommel",
        Sector.CONSTRUCTION,
        "WM-2025-030",
        "Renovatie Kruiskamp fase 2",
        800_000,
        "Bouwplaatsmedewerker",
    ),
)
T = TargetGroup
C = ContractType
# (target group, contract, hours, days ago): two years of placements.
PLACEMENTS = (
    (T.SHELTERED_WORK, C.REGULAR, 32, 690),
    (T.PARTICIPATIEWET, C.WORK_EXPERIENCE, 24, 640),
    (T.YOUNG, C.LEARNING_WORK, 36, 600),
    (T.WW, C.REGULAR, 36, 560),
    (T.VIA_SERVICES, C.REGULAR, 28, 520),
    (T.DOELGROEPREGISTER, C.BANENAFSPRAAK, 25, 470),
    (T.BBL, C.LEARNING_WORK, 32, 430),
    (T.NEWCOMER, C.TRIAL_PLACEMENT, 20, 390),
    # Sheltered-work employees often work at an employer on secondment (detachering).
    (T.SHELTERED_WORK, C.SECONDMENT, 30, 350),
    (T.FIFTY_PLUS, C.REGULAR, 36, 300),
    (T.PARTICIPATIEWET, C.REGULAR, 24, 250),
    (T.YOUNG, C.REGULAR, 36, 200),
    (T.WIA_WAO, C.REGULAR, 16, 150),
    (T.SCHOOL_LEAVER, C.WORK_EXPERIENCE, 24, 110),
    (T.VIA_SERVICES, C.REGULAR, 32, 70),
    (T.DOELGROEPREGISTER, C.BANENAFSPRAAK, 26, 30),
)
PEOPLE = 6
# The network's yearly targets, as the corporation and the sheltered-work company agreed.
TARGETS = {
    T.SHELTERED_WORK: 75,
    T.PARTICIPATIEWET: 100,
    T.YOUNG: 125,
    T.WW: 25,
    T.VIA_SERVICES: 75,
}


def _organisation(slug: str, name: str, kind: str) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    return existing or OrganisationFactory(
        slug=slug, name=name, kind=kind, pc4=PC4, email=f"info.{slug}@{DEMO_EMAIL_DOMAIN}"
    )


def _person(email: str, first: str, last: str, organisation: Organisation, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        names = {"first_name": first, "last_name": last} if first else {}
        user = UserFactory(
            email=email, password=hashed_password(DEMO_PASSWORD), verified_email=True, **names
        )
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        membership_create(user=user, organisation=organisation, role=role)
    return user


def _table(
    authority: Organisation, name: str, start: date, end: date | None, bump: int
) -> ValuationTable:
    table = ValuationTable.objects.create(
        authority=authority,
        name=name,
        valid_from=start,
        valid_to=end,
        hourly_rate=Decimal("100"),
        bonus_fifty_plus=Decimal("10000"),
        bonus_statushouder=Decimal("10000"),
        bonus_language_gap=Decimal("10000"),
        bonus_permanent_contract=Decimal("10000"),
        source="Demo: de bouwblokken van Utrecht als voorbeeld, niet de echte tabel van de corporatie.",
    )
    ValuationRow.objects.bulk_create(
        ValuationRow(
            table=table,
            starting_position=position,
            value=value + (bump if position == StartingPosition.BOL else 0),
            sort_order=i,
        )
        for i, (position, value) in enumerate(UTRECHT_ROWS.items())
    )
    return table


def load_demo_social_return() -> int:
    """Load the Den Bosch network's social return; returns how many contributions were made."""
    authority = _organisation(AUTHORITY, "Woonstichting Maasoevers", OrganisationKind.EMPLOYER)
    if Obligation.objects.filter(authority=authority).exists():
        return 0
    rng = random.Random(SEED)
    today = timezone.localdate()
    werkbedrijf = _organisation(
        WERKBEDRIJF, "Werkbedrijf 's-Hertogenbosch", OrganisationKind.SHELTERED_WORK
    )
    manager = _person(LOGINS["authority"], "Femke", "van Gils", authority, Role.ORGANISATION_ADMIN)
    coach = _person(LOGINS["coach"], "Ruud", "Verhoeven", werkbedrijf, Role.COACH)
    _table(
        authority,
        "Maasoevers bouwblokken 2024 (demo, naar Utrecht)",
        today - timedelta(days=1100),
        today - timedelta(days=366),
        0,
    )
    _table(
        authority,
        "Maasoevers bouwblokken 2025 (demo, naar Utrecht)",
        today - timedelta(days=365),
        None,
        2000,
    )

    suppliers, recruiters, obligations = [], [], []
    for n, spec in enumerate(SUPPLIERS):
        supplier = Organisation.objects.filter(slug=spec.slug).first()
        if supplier is None:
            supplier = EmployerProfileFactory(
                organisation__slug=spec.slug,
                organisation__name=spec.name,
                organisation__pc4=PC4,
                organisation__email=f"info.{spec.slug}@{DEMO_EMAIL_DOMAIN}",
                sector=spec.sector,
                has_sroi_obligations=True,
            ).organisation
        email = LOGINS["supplier"] if n == 0 else f"beheerder.{spec.slug}@{DEMO_EMAIL_DOMAIN}"
        recruiters.append(
            _person(
                email,
                *("Joost", "van der Heijden") if n == 0 else ("", ""),
                supplier,
                Role.ORGANISATION_ADMIN,
            )
        )
        suppliers.append(supplier)
        obligations.append(
            obligation_create(
                authority=authority,
                supplier=supplier,
                by=manager,
                contract_reference=spec.contract,
                title=spec.title,
                contract_value=Decimal(spec.value),
                percentage=Decimal("5"),
                fixed_amount=None,
                start_date=today - timedelta(days=720),
                end_date=today + timedelta(days=45),
                reporting_rhythm=6 if n else 3,
            )
        )

    made = 0
    for i, (group, contract, hours, days_ago) in enumerate(PLACEMENTS):
        which = i % len(SUPPLIERS)
        # Six people, most placed more than once in two years (a few hundred demo rows at most).
        person = _person(
            f"werkzoekende{i % PEOPLE + 1}.{WERKBEDRIJF}@{DEMO_EMAIL_DOMAIN}",
            "",
            "",
            werkbedrijf,
            Role.JOBSEEKER,
        )
        portfolio = make_portfolio(jobseeker=person, audiences=("coach_organisation",))
        vacancy = VacancyFactory(
            organisation=suppliers[which], open=True, title=SUPPLIERS[which].vacancy
        )
        proposal = make_proposal(
            coach=coach,
            portfolio=portfolio,
            vacancy=vacancy,
            recruiter=recruiters[which],
            state=ProposalState.INTERVIEW_PLANNED,
            motivation="Past goed in dit team; de leidinggevende begeleidt op de werkvloer.",
        )
        placement = proposal_mark_placed(
            proposal=proposal,
            by=recruiters[which],
            start_date=today,
            contract_type=contract,
            hours_per_week=hours,
        )
        placement_record_target_group(
            placement=placement,
            by=coach,
            target_group=group,
            mbo_level=MboLevel.LEVEL_2 if group in STUDENT_GROUPS else None,
        )
        # The place is taken: the vacancy no longer shows as open to match against.
        vacancy_close(vacancy=vacancy, by=recruiters[which], filled=True)
        # The steps happened in the weeks before the start, so `make run` mails none of them.
        date_back_proposal(proposal, days_ago=days_ago + 6 * 7)
        started = today - timedelta(days=days_ago)
        Placement.objects.filter(pk=placement.pk).update(start_date=started)
        placement.start_date = started
        if days_ago > 190:
            follow_up_record(
                placement=placement,
                by=coach,
                working_after_6_months=rng.random() < 0.8,
                working_after_12_months=(rng.random() < 0.65) if days_ago > 370 else None,
            )
        contribution = contribution_report_placement(
            obligation=obligations[which],
            by=recruiters[which],
            placement=placement,
            months=12,
            permanent_contract=contract == C.REGULAR and i % 3 == 0,
        )
        made += 1
        if i == 7:
            contribution_reject(
                contribution=contribution,
                by=manager,
                reason="Proefplaatsing zonder arbeidscontract telt niet mee; meld het contract opnieuw als het er is.",
            )
        elif days_ago > 60:
            contribution_accept(contribution=contribution, by=manager)
        # The newest stay waiting for the corporation's decision.

    activities = (
        (ActivityKind.COACHING, "Werkbegeleiding op de bouwplaats", Decimal("120"), None, "accept"),
        (
            ActivityKind.SOCIAL_PURCHASE,
            "Catering bouwkeet door sociale onderneming",
            None,
            Decimal("4800"),
            "accept",
        ),
        (
            ActivityKind.GUEST_LESSON,
            "Gastlessen schilderen op het Koning Willem I College",
            Decimal("16"),
            None,
            "wait",
        ),
        (
            ActivityKind.INTERNSHIP,
            "Snuffelstage twee leerlingen praktijkonderwijs",
            Decimal("80"),
            None,
            "reject",
        ),
    )
    for n, obligation in enumerate(obligations):
        for kind, description, hours, cost, outcome in activities[n:] + activities[:n]:
            contribution = contribution_report_activity(
                obligation=obligation,
                by=recruiters[n],
                activity_kind=kind,
                description=description,
                date=today - timedelta(days=rng.randint(20, 600)),
                hours=hours,
                cost=cost,
            )
            made += 1
            if outcome == "accept":
                contribution_accept(contribution=contribution, by=manager)
            elif outcome == "reject":
                contribution_reject(
                    contribution=contribution,
                    by=manager,
                    reason="Geen urenverantwoording meegestuurd.",
                )
    # Two hires from outside the portal: one the coach confirmed and the corporation accepted,
    # one still waiting for the coach.
    for days_ago, confirm in ((240, True), (12, False)):
        hire = contribution_report_outside_hire(
            obligation=obligations[1],
            by=recruiters[1],
            confirming_organisation=werkbedrijf,
            starting_position=StartingPosition.WW,
            bonuses=[Bonus.FIFTY_PLUS],
            start_date=today - timedelta(days=days_ago),
            hours_per_week=Decimal("32"),
            months=12,
        )
        made += 1
        if confirm:
            contribution_confirm(contribution=hire, by=coach, confirmed=True)
            contribution_accept(contribution=hire, by=manager)
    for year in (today.year - 1, today.year):
        for group, number in TARGETS.items():
            ImpactTarget.objects.get_or_create(
                organisation=werkbedrijf, year=year, target_group=group, defaults={"number": number}
            )
    # The demo dates its placements with update(), which the impact totals do not hear.
    impact_summary_rebuild()
    return made
