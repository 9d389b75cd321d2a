"""Vacancies made in bulk (the API's file import) behave like those made one by one:
the same rows, the same audit trail, and the same search results on every backend."""

from portal.audit.models import AuditEvent
from portal.choices import WorkType
from search.spec import vacancy_spec
from vacancies.services import (
    NewVacancy,
    SkillChoice,
    vacancies_create_many,
    vacancy_create,
    vacancy_publish,
    vacancy_set_skills,
)

from .conftest import concept, document, ids


def _trail(vacancy) -> list[tuple[str, dict]]:
    return list(
        AuditEvent.objects.filter(object_type="vacancies.vacancy", object_id=str(vacancy.pk))
        .order_by("pk")
        .values_list("action", "details")
    )


def test_vacancies_made_in_bulk_are_found_like_those_made_one_by_one(contract):
    forklift, picking = concept("Heftruck rijden"), concept("Orderpicken")
    person = contract.person(
        "Anna",
        skills={forklift: 3, picking: 1},
        postcode="9671",
        max_travel_km=15,
        hours=(16, 32),
        work_types=(WorkType.PAID_JOB,),
    )
    fields = {
        "title": "Heftruckchauffeur",
        "work_type": WorkType.PAID_JOB,
        "hours_min": 16,
        "hours_max": 32,
        "postcode": "9671 AB",
    }
    skills = [
        SkillChoice(concept_id=forklift.pk, required=True, min_level=3),
        SkillChoice(concept_id=picking.pk, required=False, min_level=2),
    ]
    with contract.committed():
        single = vacancy_create(organisation=contract.employer, by=None, **fields)
        vacancy_set_skills(vacancy=single, skills=skills, by=None)
    with contract.committed():
        [bulk] = vacancies_create_many(
            organisation=contract.employer,
            by=None,
            drafts=[NewVacancy(fields=fields, skills=skills)],
        )
    spec = vacancy_spec(document(person))

    assert ids(contract.backend.vacancies(spec)) == []  # drafts, on both sides
    with contract.committed():
        vacancy_publish(vacancy=single, by=None)
        vacancy_publish(vacancy=bulk, by=None)

    page = contract.backend.vacancies(spec)
    assert sorted(ids(page)) == sorted([single.pk, bulk.pk])
    assert len({hit.score for hit in page.hits}) == 1
    assert _trail(bulk) == _trail(single)
    assert [(s.concept_id, s.required, s.min_level) for s in bulk.skills.all()] == [
        (s.concept_id, s.required, s.min_level) for s in single.skills.all()
    ]
