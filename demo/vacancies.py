"""Demo employers' profiles and vacancies (issue: employers and vacancies).

Runs after the small network is loaded. Each demo employer gets its employer
profile (KvK number, sector, contact person, social-return profile); approved
employers get realistic vacancies on the starter taxonomy: open ones, some also
shown to jobseekers, some with social-return flags, plus a draft and a closed
one; pending employers have a draft they cannot publish yet. Skills come from
the occupation's ESCO relations (essential ones required, optional ones nice to
have). Idempotent: profiles are keyed on the organisation, vacancies on
organisation and title. Without the starter taxonomy, only profiles are made.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.organisations.models import Membership, Organisation, OrganisationStatus, Role
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portal.taxonomy.selectors import skills_for_occupations
from vacancies.factories import EmployerProfileFactory, VacancyFactory
from vacancies.models import EmployerProfile, Sector, Vacancy, VacancyStatus, WorkType

from . import content

# The words of the demo content → our sector codes.
SECTORS = {
    "logistiek": Sector.LOGISTICS,
    "schoonmaak": Sector.CLEANING,
    "groen": Sector.GREEN,
    "horeca": Sector.HOSPITALITY,
    "metaal": Sector.METAL,
    "zorg": Sector.CARE,
    "bouw": Sector.CONSTRUCTION,
    "facilitair": Sector.FACILITY,
    "detailhandel": Sector.RETAIL,
    "productie": Sector.PRODUCTION,
}

PAID, EXPERIENCE, LEARNING = WorkType.PAID_JOB, WorkType.WORK_EXPERIENCE, WorkType.LEARNING_WORK
INTERNSHIP, TRIAL = WorkType.INTERNSHIP, WorkType.TRIAL_PLACEMENT


@dataclass(frozen=True)
class VacancySpec:
    title: str
    occupation: str  # English preferred label in the starter taxonomy
    work_type: str
    hours: tuple[int, int]
    description: str
    support: tuple[str, ...] = ()
    banenafspraak: bool = False
    sroi: str = ""
    pso: bool = False
    for_jobseekers: bool = False
    status: str = VacancyStatus.OPEN


V = VacancySpec
COACH, ADAPTED, FLEXIBLE, BUDDY = (
    "support_job_coach",
    "support_adapted_workstation",
    "support_flexible_hours",
    "support_buddy",
)

VACANCIES: dict[str, tuple[VacancySpec, ...]] = {
    "logistiek": (
        V("Orderpicker magazijn", "warehouse order picker", PAID, (24, 32),
          "Je verzamelt bestellingen met een scanner. Je werkt in een vast team.",
          (BUDDY, FLEXIBLE), banenafspraak=True, for_jobseekers=True),
        V("Heftruckchauffeur (leerwerkplek)", "forklift operator", LEARNING, (32, 38),
          "Je leert heftruck rijden en haalt je certificaat bij ons.", (COACH,),
          sroi="Gemeente Groningen, raamcontract 2025-114"),
        V("Inpakker webshoporders", "hand packer", EXPERIENCE, (12, 20),
          "Je pakt orders in en plakt de labels. Rustig werk, vaste taken.", (COACH, ADAPTED),
          status=VacancyStatus.DRAFT),
    ),
    "schoonmaak": (
        V("Schoonmaker kantoren (avond)", "building cleaner", PAID, (10, 20),
          "Je maakt kantoren schoon na werktijd. Je werkt met een vaste collega.", (BUDDY,),
          banenafspraak=True, pso=True, for_jobseekers=True),
        V("Glazenwasser in opleiding", "window cleaner", LEARNING, (24, 32),
          "Je leert ramen wassen, ook op hoogte. Wij geven de opleiding.", (COACH,)),
    ),
    "groen": (
        V("Medewerker groenonderhoud", "garden labourer", PAID, (24, 36),
          "Je maait, snoeit en houdt parken netjes. Veel buiten.", (BUDDY, COACH),
          sroi="Provincie Groningen, onderhoud bermen 2024-07", for_jobseekers=True),
        V("Proefplaatsing kwekerij", "horticulture worker", TRIAL, (16, 24),
          "Twee maanden meedraaien in de kas. Past het? Dan volgt een contract.", (COACH, FLEXIBLE)),
    ),
    "horeca": (
        V("Afwasser / keukenhulp", "kitchen porter", PAID, (12, 24),
          "Je houdt de keuken schoon en helpt bij het klaarmaken.", (BUDDY, FLEXIBLE),
          banenafspraak=True, for_jobseekers=True),
        V("Stage bediening", "waiter/waitress", INTERNSHIP, (16, 32),
          "Je leert gasten ontvangen en bestellingen opnemen.", (COACH,)),
    ),
    "metaal": (
        V("Leerling-lasser", "welder", LEARNING, (32, 40),
          "Je leert lassen in onze werkplaats, met een vaste leermeester.", (COACH, BUDDY),
          sroi="Rijkswaterstaat, sluis Oost-Groningen 2025-031", pso=True),
        V("Productiemedewerker montage", "metal products assembler", PAID, (24, 38),
          "Je zet onderdelen in elkaar volgens tekening.", (ADAPTED,), for_jobseekers=True),
    ),
    "zorg": (
        V("Helpende dagbesteding", "day activities assistant", EXPERIENCE, (8, 16),
          "Je helpt bij activiteiten voor ouderen: koffie, spelletjes, wandelen.", (COACH, FLEXIBLE),
          for_jobseekers=True),
        V("Zorgassistent (BBL)", "healthcare assistant", LEARNING, (24, 32),
          "Je werkt en leert tegelijk. Eén dag per week naar school.", (COACH,),
          banenafspraak=True),
    ),
    "bouw": (
        V("Bouwplaatsmedewerker", "building construction worker", PAID, (32, 40),
          "Je helpt op de bouwplaats: sjouwen, opruimen, meehelpen.", (BUDDY,),
          sroi="Gemeente 's-Hertogenbosch, nieuwbouw scholen 2025-12", for_jobseekers=True),
        V("Leerling-schilder", "construction painter", LEARNING, (32, 38),
          "Je leert het vak van schilder bij ons in het team.", (COACH,),
          status=VacancyStatus.CLOSED),
    ),
    "facilitair": (
        V("Medewerker postkamer", "mail clerk", PAID, (16, 24),
          "Je sorteert post en brengt pakketten rond in het gebouw.", (ADAPTED, FLEXIBLE),
          banenafspraak=True, pso=True, for_jobseekers=True),
        V("Gastvrouw / gastheer receptie", "receptionist", EXPERIENCE, (12, 20),
          "Je ontvangt bezoekers en neemt de telefoon op.", (COACH, BUDDY)),
    ),
    "detailhandel": (
        V("Vakkenvuller", "shelf filler", PAID, (8, 20),
          "Je vult de schappen en helpt klanten de weg te vinden.", (FLEXIBLE, BUDDY),
          banenafspraak=True, for_jobseekers=True),
        V("Medewerker versafdeling (stage)", "fresh food assistant", INTERNSHIP, (16, 24),
          "Je leert groente en fruit verzorgen en presenteren.", (COACH,)),
    ),
}  # fmt: skip


def _kvk(slug: str) -> str:
    """A made-up but stable 8-digit KvK number per demo employer."""
    return str(10_000_000 + int(hashlib.sha256(slug.encode()).hexdigest(), 16) % 90_000_000)


class _VacancyLoader:
    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.created: Counter[str] = Counter()
        self.occupations = {
            concept.preferred_labels.get("en", ""): concept
            for concept in Concept.objects.filter(
                concept_type=ConceptType.OCCUPATION, status=ConceptStatus.RELEASED
            )
        }

    def load(self) -> Counter:
        employers = [spec for spec in content.EMPLOYERS if spec.sector]
        organisations = Organisation.objects.in_bulk(
            [spec.slug for spec in employers], field_name="slug"
        )
        for n, spec in enumerate(employers):
            organisation = organisations.get(spec.slug)
            if organisation is None:
                continue
            self.profile(organisation, spec, n)
            if spec.status == OrganisationStatus.REJECTED:
                continue
            for m, vacancy in enumerate(VACANCIES.get(spec.sector, ())):
                if spec.status == OrganisationStatus.PENDING:
                    if m > 0:
                        break
                    vacancy = replace(vacancy, status=VacancyStatus.DRAFT)
                self.vacancy(organisation, vacancy, n + m)
        return self.created

    def profile(self, organisation: Organisation, spec, n: int) -> None:
        if EmployerProfile.objects.filter(organisation=organisation).exists():
            return
        admin = (
            Membership.objects.filter(organisation=organisation, role=Role.ORGANISATION_ADMIN)
            .select_related("user")
            .first()
        )
        EmployerProfileFactory(
            organisation=organisation,
            kvk_number=_kvk(spec.slug),
            sector=SECTORS.get(spec.sector, Sector.OTHER),
            contact_name=str(admin.user) if admin else "",
            contact_email=admin.user.email if admin else organisation.email,
            pso_level=n % 4,
            banenafspraak=n % 2 == 0,
            has_sroi_obligations=n % 3 == 0,
            sroi_reference=f"Aanbesteding {organisation.city} 2025-{100 + n}" if n % 3 == 0 else "",
        )
        self.created["employer profiles"] += 1

    def vacancy(self, organisation: Organisation, spec: VacancySpec, n: int) -> None:
        occupation = self.occupations.get(spec.occupation)
        if occupation is None:
            return  # the starter taxonomy is not loaded
        if Vacancy.objects.filter(organisation=organisation, title=spec.title).exists():
            return
        skills = skills_for_occupations([occupation.pk], limit=6)
        rows = [
            (skill, skill.relation_type == "essential", 2 + (i % 2))
            for i, skill in enumerate(skills)
        ]
        created_at = timezone.now() - timedelta(days=20 + n)
        closed = spec.status == VacancyStatus.CLOSED
        VacancyFactory(
            organisation=organisation,
            title=spec.title,
            occupation=occupation,
            description=spec.description,
            work_type=spec.work_type,
            hours_min=spec.hours[0],
            hours_max=spec.hours[1],
            start_date=self.today + timedelta(days=10 + n) if not closed else None,
            closing_date=(
                self.today + timedelta(days=30 + 3 * n)
                if not closed
                else self.today - timedelta(days=5)
            ),
            places=1 + n % 3,
            banenafspraak=spec.banenafspraak,
            counts_for_sroi=bool(spec.sroi),
            sroi_contract=spec.sroi,
            offered_under_pso=spec.pso,
            show_to_jobseekers=spec.for_jobseekers,
            status=spec.status,
            published_at=created_at if spec.status != VacancyStatus.DRAFT else None,
            closed_at=timezone.now() - timedelta(days=5) if closed else None,
            created_at=created_at,
            skills=rows,
            **dict.fromkeys(spec.support, True),
        )
        self.created["vacancies"] += 1


def load_vacancies() -> Counter:
    """Add the employer profiles and vacancies that are missing; returns what was added."""
    with transaction.atomic():
        return _VacancyLoader().load()
