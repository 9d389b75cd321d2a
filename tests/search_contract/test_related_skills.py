"""Related skills earn credit, on every engine, and the explanation names the bridge.

The taxonomy below: "Voertuigen besturen" is broader than "Heftruck rijden" and
"Reachtruck besturen"; "Vorkheftruck besturen" is narrower than "Heftruck rijden";
the occupations forklift operator and warehouse worker both need "Heftruck rijden"
and "Pallets stapelen" as essential. The vacancy asks "Heftruck rijden" (required,
level 2). Everyone else is alike: same place, hours, wishes, all at level 3.

=========  ==============================  ======  ===========
person     own skill                       points  counts as
=========  ==============================  ======  ===========
Exact      Heftruck rijden                   10    complete
Narrower   Vorkheftruck besturen              9    complete
Broader    Voertuigen besturen                6    a near miss
Sibling    Reachtruck besturen                3    a near miss
Together   Pallets stapelen                   3    a near miss
Stranger   Koken                              0    a near miss
=========  ==============================  ======  ===========
"""

import pytest

from portal.taxonomy.models import OccupationSkill, RelationType
from search.bridges import bridges_from
from search.builders import vacancy_documents
from search.scoring import CREDITS, explain_candidate, explain_vacancy
from search.spec import CandidateFilters, Relation, vacancy_spec

from .conftest import concept, document, ids


@pytest.fixture
def family(contract):
    asked = concept("Heftruck rijden")
    narrower = concept("Vorkheftruck besturen")
    broader = concept("Voertuigen besturen")
    sibling = concept("Reachtruck besturen")
    together = concept("Pallets stapelen")
    stranger = concept("Koken")
    asked.broader.add(broader)
    sibling.broader.add(broader)
    narrower.broader.add(asked)
    for label in ("Heftruckchauffeur", "Magazijnmedewerker"):
        occupation = concept(label, "occupation")
        for skill in (asked, together):
            OccupationSkill.objects.create(
                occupation=occupation, skill=skill, relation_type=RelationType.ESSENTIAL
            )
    people = {
        name: contract.person(
            name,
            skills={skill: 3},
            postcode="9671",
            max_travel_km=10,
            hours=(16, 32),
            work_types=("paid_job",),
        )
        for name, skill in (
            ("Exact", asked),
            ("Narrower", narrower),
            ("Broader", broader),
            ("Sibling", sibling),
            ("Together", together),
            ("Stranger", stranger),
        )
    }
    vacancy = contract.vacancy(needs=[(asked, True, 2)], postcode="9671", publish=True)
    return asked, people, vacancy


def test_related_skills_rank_by_their_credit_on_every_engine(contract, world, family):
    _asked, people, vacancy = family

    page = contract.candidates(world.coach, vacancy)

    # Sibling and Together tie: the more recently published (Together) first.
    order = ["Exact", "Narrower", "Broader", "Together", "Sibling", "Stranger"]
    assert ids(page) == [people[name].pk for name in order]
    skill_free = page.hits[-1].score
    assert [hit.score - skill_free for hit in page.hits] == [10, 9, 6, 3, 3, 0]


def test_the_explanation_names_the_bridge_and_adds_up(contract, world, family):
    asked, people, vacancy = family
    spec = contract.spec(world.coach, vacancy)
    page = {hit.id: hit.score for hit in contract.candidates(world.coach, vacancy).hits}

    for name, relation, points in (
        ("Exact", Relation.EXACT, 10),
        ("Narrower", Relation.NARROWER, 9),
        ("Broader", Relation.BROADER, 6),
        ("Sibling", Relation.SIBLING, 3),
        ("Together", Relation.CO_REQUIRED, 3),
    ):
        explanation = explain_candidate(spec, document(people[name]))
        (fit,) = explanation.skills
        assert (fit.concept_id, fit.relation, fit.points) == (asked.pk, relation, points)
        assert fit.points == CREDITS[relation].required_met
        own = people[name].skills.get().concept_id
        assert fit.via_concept_id == (None if relation == Relation.EXACT else own)
        assert explanation.score == page[people[name].pk]
        assert explanation.complete == (relation in (Relation.EXACT, Relation.NARROWER))
    stranger = explain_candidate(spec, document(people["Stranger"]))
    assert stranger.skills[0].have is None and not stranger.complete


def test_only_complete_matches_keeps_the_asked_and_the_narrower_skill(contract, world, family):
    _asked, people, vacancy = family

    page = contract.candidates(world.coach, vacancy, filters=CandidateFilters(only_complete=True))

    assert ids(page) == [people["Exact"].pk, people["Narrower"].pk]


def test_a_person_with_a_narrower_skill_finds_the_vacancy_with_its_credit(contract, family):
    _asked, people, vacancy = family
    person = document(people["Narrower"])
    held = [skill.concept_id for skill in person.skills]

    spec = vacancy_spec(person, bridges=bridges_from(held))
    page = contract.backend.vacancies(spec)

    assert ids(page) == [vacancy.pk]
    explanation = explain_vacancy(spec, vacancy_documents([vacancy.pk])[vacancy.pk])
    assert explanation.skills[0].relation == Relation.NARROWER
    assert page.hits[0].score == explanation.score
    assert explanation.skills[0].points == 9
