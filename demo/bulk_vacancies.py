"""Vacancies at the generated employers (10k/100k loads), in bulk.

About 300 at 10k jobseekers and 2,000 at 100k: the hand-made ones of
`demo.vacancies` per sector, spread round-robin over the approved
generated employers, each with 3–8 skills from its occupation's ESCO relations
(essential ones mostly required, optional ones nice to have) and the employer's
place, or a place near it. Idempotent: a vacancy is keyed on employer and title,
and a run adds only what is missing to reach the target.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from portal import geo
from portal.organisations.models import Membership, Organisation, Role
from portal.taxonomy.models import (
    Concept,
    ConceptStatus,
    ConceptType,
    OccupationSkill,
    RelationType,
)
from vacancies.models import SUPPORT_FIELDS, Vacancy, VacancySkill, VacancyStatus

from .vacancies import EXPERIENCE, PAID, TRIAL, VACANCIES, VacancySpec

# Open vacancies per 1,000 jobseekers: 30 for the first 10,000, 19 for every 1,000 after.
VACANCIES_PER_1000_FIRST_10K = 30
VACANCIES_PER_1000_AFTER = 19
# Later rounds over the same employer repeat a title with one of these.
TITLE_VARIANTS = ("", " (parttime)", " (fulltime)", " (avonddienst)", " (weekend)")
EXTRA_SECTORS: dict[str, tuple[VacancySpec, ...]] = {
    "productie": (
        VacancySpec(
            "Productiemedewerker",
            "factory hand",
            PAID,
            (24, 38),
            "Je werkt aan de lijn en houdt je werkplek netjes. Je krijgt een vaste collega.",
        ),
        VacancySpec(
            "Machineoperator in opleiding",
            "machine operator",
            EXPERIENCE,
            (24, 32),
            "Je leert een machine instellen en bijvullen. Wij leren je het vak.",
        ),
        VacancySpec(
            "Inpakker productielijn",
            "packaging and filling machine operator",
            TRIAL,
            (16, 24),
            "Je pakt producten in en controleert de verpakking. Rustig, duidelijk werk.",
        ),
    ),
}
NEAR_KM = 15


def vacancy_target(jobseekers: int) -> int:
    first = min(jobseekers, 10_000) * VACANCIES_PER_1000_FIRST_10K
    after = max(0, jobseekers - 10_000) * VACANCIES_PER_1000_AFTER
    return (first + after) // 1000


@dataclass(frozen=True)
class _Slot:
    organisation: Organisation
    spec: VacancySpec
    title: str


def _slots(employers: list[tuple[Organisation, str]]) -> list[_Slot]:
    """Every vacancy the employers could get, in the order they get them (round-robin)."""
    catalogue = {**VACANCIES, **EXTRA_SECTORS}
    slots = []
    for round_ in range(max(len(specs) for specs in catalogue.values()) * len(TITLE_VARIANTS)):
        for organisation, sector in employers:
            specs = catalogue.get(sector, ())
            if not specs:
                continue
            spec = specs[round_ % len(specs)]
            variant = round_ // len(specs)
            if variant < len(TITLE_VARIANTS):
                slots.append(_Slot(organisation, spec, spec.title + TITLE_VARIANTS[variant]))
    return slots


def bulk_create_vacancies(
    employers: list[tuple[Organisation, str]],
    *,
    target: int,
    rng: random.Random,
    now: datetime,
) -> int:
    """Top the generated employers' vacancies up to `target`; returns how many were added.

    `employers` are (organisation, sector word of `demo.content`), in a
    stable order, approved ones only.
    """
    organisation_ids = [organisation.pk for organisation, _ in employers]
    existing = set(
        Vacancy.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", "title"
        )
    )
    missing = target - len(existing)
    if missing <= 0:
        return 0
    occupations = {
        labels.get("en", ""): pk
        for pk, labels in Concept.objects.filter(
            concept_type=ConceptType.OCCUPATION, status=ConceptStatus.RELEASED
        ).values_list("pk", "preferred_labels")
    }
    if not occupations:
        return 0  # the starter taxonomy is not loaded
    relations: dict[int, list[tuple[int, bool]]] = {}
    for occupation_id, skill_id, relation in (
        OccupationSkill.objects.filter(skill__status=ConceptStatus.RELEASED)
        .order_by("occupation_id", "skill_id")
        .values_list("occupation_id", "skill_id", "relation_type")
    ):
        relations.setdefault(occupation_id, []).append(
            (skill_id, relation == RelationType.ESSENTIAL)
        )
    recruiters = dict(
        Membership.objects.active()
        .filter(organisation_id__in=organisation_ids, role=Role.RECRUITER)
        .order_by("organisation_id", "-pk")
        .values_list("organisation_id", "user_id")
    )
    places = geo.all_places()
    vacancies, skills = [], []
    for slot in _slots(employers):
        if len(vacancies) == missing:
            break
        organisation = slot.organisation
        if (organisation.pk, slot.title) in existing:
            continue
        occupation_id = occupations.get(slot.spec.occupation)
        place = geo.locate(organisation.postcode)
        if place is not None and rng.random() < 0.3:
            nearby = [
                p
                for p in places
                if geo.distance_km(place.latitude, place.longitude, p.latitude, p.longitude)
                <= NEAR_KM
            ]
            place = rng.choice(nearby)
        postcode = geo.normalise_postcode(organisation.postcode) or ""
        if place is not None and not postcode.startswith(place.postcode):
            postcode = place.postcode
        status = VacancyStatus.DRAFT if rng.random() < 0.05 else VacancyStatus.OPEN
        created_at = now - timedelta(days=rng.randint(1, 60))
        hours_min, hours_max = slot.spec.hours
        vacancies.append(
            Vacancy(
                organisation=organisation,
                title=slot.title,
                occupation_id=occupation_id,
                description=slot.spec.description,
                work_type=slot.spec.work_type,
                hours_min=hours_min,
                hours_max=hours_max,
                postcode=postcode,
                place=place.place if place else organisation.city,
                latitude=place.latitude if place else organisation.latitude,
                longitude=place.longitude if place else organisation.longitude,
                start_date=now.date() + timedelta(days=rng.randint(7, 60)),
                closing_date=now.date() + timedelta(days=rng.randint(14, 90)),
                places=rng.choice((1, 1, 1, 2, 3)),
                banenafspraak=slot.spec.banenafspraak or rng.random() < 0.2,
                show_to_jobseekers=slot.spec.for_jobseekers,
                status=status,
                created_by_id=recruiters.get(organisation.pk),
                created_at=created_at,
                published_at=created_at if status == VacancyStatus.OPEN else None,
                **{name: name in slot.spec.support for name in SUPPORT_FIELDS},
            )
        )
        skills.append(_skills(relations.get(occupation_id, []), rng))
    with transaction.atomic():
        Vacancy.objects.bulk_create(vacancies)
        VacancySkill.objects.bulk_create(
            [
                VacancySkill(
                    vacancy=vacancy, concept_id=concept_id, required=required, min_level=level
                )
                for vacancy, rows in zip(vacancies, skills, strict=True)
                for concept_id, required, level in rows
            ]
        )
    return len(vacancies)


def _skills(relations: list[tuple[int, bool]], rng: random.Random) -> list[tuple[int, bool, int]]:
    """3–8 (skill, required, minimum level): essential ones first, mostly required."""
    essential = [skill for skill, is_essential in relations if is_essential]
    optional = [skill for skill, is_essential in relations if not is_essential]
    rng.shuffle(essential)
    rng.shuffle(optional)
    count = min(rng.randint(3, 8), len(relations))
    rows = []
    for skill in (essential + optional)[:count]:
        required = skill in essential and rng.random() < 0.8
        rows.append((skill, required, rng.choices((1, 2, 3), (2, 5, 3))[0]))
    return rows
