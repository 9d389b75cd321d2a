"""Objects the permission-matrix rows for vacancy URLs need (tests/test_permission_matrix.py)."""

from portal.organisations.factories import MembershipFactory
from portal.organisations.models import Role
from portal.taxonomy.models import Concept, ConceptType
from vacancies.factories import EmployerFactory, EmployerProfileFactory, VacancyFactory
from vacancies.models import EmployerProfile


def _skill() -> Concept:
    concept, _created = Concept.objects.get_or_create(
        uri="https://talentbrug.nl/test/matrix-skill",
        defaults={"concept_type": ConceptType.SKILL, "preferred_labels": {"nl": "heftruck"}},
    )
    return concept


def employer_slug(world) -> str:
    """The world's employer, with its employer profile."""
    if not EmployerProfile.objects.filter(organisation=world.employer).exists():
        EmployerProfileFactory(organisation=world.employer)
    return world.employer.slug


def own_vacancy(world, **fields) -> int:
    """A complete draft of the world's employer (publishable: it has a skill)."""
    return VacancyFactory(organisation=world.employer, skills=[_skill()], **fields).pk


def open_vacancy(world, *, show_to_jobseekers: bool = False) -> int:
    return own_vacancy(world, open=True, show_to_jobseekers=show_to_jobseekers)


def other_employers_vacancy(world, *, open: bool = True) -> int:
    """A vacancy (open, or a publishable draft) of another approved employer with a recruiter."""
    employer = EmployerFactory(name="Spaarne Schoonmaak", pc4="2031")
    MembershipFactory(organisation=employer, role=Role.RECRUITER)
    return VacancyFactory(organisation=employer, open=open, skills=[_skill()]).pk


def other_employers_draft(world) -> int:
    return other_employers_vacancy(world, open=False)
