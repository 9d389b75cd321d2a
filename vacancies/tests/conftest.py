"""Fixtures for vacancy tests: a small taxonomy, employers with recruiters, helpers."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from portal.organisations.models import OrganisationStatus, Role
from portal.organisations.services import membership_create
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.models import (
    Concept,
    ConceptLabel,
    ConceptType,
    LabelKind,
    OccupationSkill,
    RelationType,
)
from tests.conftest import make_user
from vacancies.factories import EmployerProfileFactory, VacancyFactory


@dataclass
class Taxonomy:
    occupation: Concept
    order_picking: Concept
    forklift: Concept
    dutch: Concept
    cleaning: Concept


def _concept(uri: str, kind: str, nl: str, en: str, *alternatives: str) -> Concept:
    concept = Concept.objects.create(
        uri=f"https://talentbrug.nl/test/{uri}",
        concept_type=kind,
        preferred_labels={"nl": nl, "en": en},
    )
    ConceptLabel.objects.bulk_create(
        [
            ConceptLabel(concept=concept, language="nl", kind=LabelKind.PREFERRED, text=nl),
            ConceptLabel(concept=concept, language="en", kind=LabelKind.PREFERRED, text=en),
            *(
                ConceptLabel(concept=concept, language="nl", kind=LabelKind.ALTERNATIVE, text=alt)
                for alt in alternatives
            ),
        ]
    )
    return concept


@pytest.fixture(autouse=True)
def fresh_autocomplete_index():
    cache.clear()
    reset_index()
    yield
    reset_index()


@pytest.fixture
def taxonomy(db) -> Taxonomy:
    skill = ConceptType.SKILL
    taxonomy = Taxonomy(
        occupation=_concept(
            "magazijn", ConceptType.OCCUPATION, "magazijnmedewerker", "warehouse worker"
        ),
        order_picking=_concept(
            "orderpicken", skill, "orders verzamelen", "pick orders", "orderpicken"
        ),
        forklift=_concept("heftruck", skill, "heftruck besturen", "operate forklift", "heftruck"),
        dutch=_concept("nederlands", ConceptType.KNOWLEDGE, "Nederlands spreken", "speak Dutch"),
        cleaning=_concept("schoonmaken", skill, "schoonmaken", "clean rooms", "poetsen"),
    )
    for concept, relation in (
        (taxonomy.order_picking, RelationType.ESSENTIAL),
        (taxonomy.forklift, RelationType.ESSENTIAL),
        (taxonomy.dutch, RelationType.OPTIONAL),
    ):
        OccupationSkill.objects.create(
            occupation=taxonomy.occupation, skill=concept, relation_type=relation
        )
    return taxonomy


@pytest.fixture
def employer_profile(world):
    """The world's employer gets its employer profile."""
    return EmployerProfileFactory(organisation=world.employer)


@dataclass
class OtherEmployer:
    profile: object
    recruiter: object

    @property
    def organisation(self):
        return self.profile.organisation


def _employer_with_recruiter(name: str, email: str, status=OrganisationStatus.APPROVED):
    profile = EmployerProfileFactory(
        organisation__name=name, organisation__status=status, organisation__pc4="2031"
    )
    recruiter = make_user(email, "Rik")
    membership_create(user=recruiter, organisation=profile.organisation, role=Role.RECRUITER)
    return OtherEmployer(profile=profile, recruiter=recruiter)


@pytest.fixture
def other_employer(db) -> OtherEmployer:
    return _employer_with_recruiter("Spaarne Schoonmaak", "recruiter.b@example.nl")


@pytest.fixture
def pending_employer(db) -> OtherEmployer:
    return _employer_with_recruiter(
        "Stadsbouw Groningen", "recruiter.pending@example.nl", OrganisationStatus.PENDING
    )


@pytest.fixture
def rejected_employer(db) -> OtherEmployer:
    return _employer_with_recruiter(
        "Flexwerk Direct", "recruiter.rejected@example.nl", OrganisationStatus.REJECTED
    )


@pytest.fixture
def vacancy(world, taxonomy):
    """A complete draft of the world's employer, with one required and one nice-to-have skill."""
    return VacancyFactory(
        organisation=world.employer,
        occupation=taxonomy.occupation,
        skills=[(taxonomy.order_picking, True, 3), (taxonomy.dutch, False, 2)],
    )
