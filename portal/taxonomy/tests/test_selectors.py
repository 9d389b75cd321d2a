import pytest

from portal.taxonomy.models import Concept, ConceptStatus
from portal.taxonomy.selectors import skills_for_occupations
from portal.taxonomy.services import taxonomy_import

T = "https://talentbrug.nl/taxonomie/test"


@pytest.fixture
def occupations(db, esco_dir):
    taxonomy_import(directory=esco_dir)
    return {
        c.uri.rsplit("/", 1)[1]: c.id for c in Concept.objects.filter(concept_type="occupation")
    }


def _slugs(skills) -> list[str]:
    return [skill.uri.rsplit("/", 1)[1] for skill in skills]


def test_skills_for_one_occupation_list_essential_before_optional(occupations):
    skills = skills_for_occupations([occupations["keukenhulp"]], 10)

    assert _slugs(skills)[:2] == ["afwassen", "hygiene"]
    assert _slugs(skills)[2:] == ["schoonmaken"]
    assert [s.relation_type for s in skills] == ["essential", "essential", "optional"]


def test_skills_shared_by_several_occupations_come_first_within_their_group(occupations):
    ids = [occupations["magazijn"], occupations["schoonmaker"], occupations["keukenhulp"]]

    skills = skills_for_occupations(ids, limit=10)

    # "schoonmaken" is essential for the cleaner and optional for the two others.
    assert _slugs(skills)[0] == "schoonmaken"
    assert skills[0].occupation_count == 3
    assert all(s.relation_type == "essential" for s in skills[:4])
    assert skills[-1].relation_type == "essential" or _slugs(skills)[-1] == "tillen"


def test_limit_and_empty_input(occupations, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert len(skills_for_occupations([occupations["keukenhulp"]], limit=1)) == 1
    assert skills_for_occupations([], 5) == []


def test_obsolete_skills_are_left_out(occupations):
    Concept.objects.filter(uri=f"{T}/skill/afwassen").update(status=ConceptStatus.OBSOLETE)

    assert "afwassen" not in _slugs(skills_for_occupations([occupations["keukenhulp"]], 10))
