import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.management.commands.load_starter_taxonomy import STARTER_DIRECTORY
from portal.taxonomy.models import Concept, ConceptLabel, OccupationSkill

ESCO = "http://data.europa.eu/esco/"
OURS = "https://talentbrug.nl/taxonomie/"


@pytest.fixture
def starter(db):
    call_command("load_starter_taxonomy", "--quiet")


def test_starter_files_use_the_esco_layout():
    names = {path.name for path in Path(STARTER_DIRECTORY).glob("*.csv")}
    assert names == {
        "skills_nl.csv",
        "skills_en.csv",
        "occupations_nl.csv",
        "occupations_en.csv",
        "occupationSkillRelations_en.csv",
        "broaderRelationsSkillPillar_en.csv",
    }
    with (Path(STARTER_DIRECTORY) / "skills_nl.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["conceptUri"].startswith((ESCO + "skill/", OURS + "skill/")) for row in rows)


def test_starter_has_enough_skills_and_occupations(starter):
    skills = Concept.objects.exclude(concept_type="occupation")
    occupations = Concept.objects.filter(concept_type="occupation")
    assert skills.count() >= 320
    assert occupations.count() >= 85
    for concept in Concept.objects.all():
        assert concept.preferred_labels.get("nl") and concept.preferred_labels.get("en"), (
            concept.uri
        )
        assert concept.descriptions.get("nl") and concept.descriptions.get("en"), concept.uri
    assert all(len(o.isco_group) == 4 and o.isco_group.isdigit() for o in occupations)


def test_every_starter_occupation_has_essential_and_optional_skills(starter):
    for occupation in Concept.objects.filter(concept_type="occupation"):
        relations = OccupationSkill.objects.filter(occupation=occupation)
        assert relations.filter(relation_type="essential").count() >= 4, occupation.uri
        assert relations.filter(relation_type="optional").exists(), occupation.uri
    assert Concept.broader.through.objects.exists()


def test_loading_the_starter_twice_changes_nothing(starter):
    before = (
        Concept.objects.count(),
        ConceptLabel.objects.count(),
        OccupationSkill.objects.count(),
    )

    call_command("load_starter_taxonomy", "--quiet")

    assert before == (
        Concept.objects.count(),
        ConceptLabel.objects.count(),
        OccupationSkill.objects.count(),
    )


@pytest.mark.parametrize(
    ("typed", "expected_en"),
    [
        ("heftruck rijden", "operate forklift"),
        ("schoonmaken", "perform cleaning duties"),
        ("afwassen", "wash dishes"),
        ("vakken vullen", "fill shelves"),
        ("kassa", "operate cash register"),
        ("tuinieren", "do gardening work"),
        ("lassen", "use welding equipment"),
        ("koken", "cook meals"),
        ("op tijd", "be punctual"),
        ("smartphone", "use a smartphone"),
    ],
)
def test_everyday_words_find_starter_skills(starter, typed, expected_en):
    results = concept_autocomplete(query=typed, language="en", limit=10)

    assert expected_en in [result.label for result in results]
