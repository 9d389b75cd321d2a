"""Every label and relation records its source; imports replace only their own (issue 13)."""

import pytest
from django.core.management import call_command

from portal.taxonomy.management.commands.load_starter_taxonomy import STARTER_DIRECTORY
from portal.taxonomy.models import (
    Concept,
    ConceptBroader,
    ConceptLabel,
    LabelKind,
    OccupationSkill,
)
from portal.taxonomy.services import concept_set_preferred_labels, taxonomy_import

T = "https://talentbrug.nl/taxonomie/test"
ESCO = "esco-1.2.0"
CONCEPT_FIELDS = (
    "uri", "concept_type", "preferred_labels", "descriptions", "status", "isco_group", "code",
    "reuse_level", "source_data",
)  # fmt: skip


def _state() -> dict:
    """The whole taxonomy by URI and content (ids and timestamps left out)."""
    uri = dict(Concept.objects.values_list("id", "uri"))
    return {
        "concepts": sorted(
            Concept.objects.values_list(
                "uri",
                "concept_type",
                "preferred_labels",
                "descriptions",
                "status",
                "isco_group",
                "code",
                "reuse_level",
                "source_data",
            ).order_by("uri")
        ),
        "labels": sorted(
            (uri[c], lang, kind, text, source)
            for c, lang, kind, text, source in ConceptLabel.objects.values_list(
                "concept_id", "language", "kind", "text", "source"
            )
        ),
        "occupation_skills": sorted(
            (uri[o], uri[s], relation, sorted(sources.items()))
            for o, s, relation, sources in OccupationSkill.objects.values_list(
                "occupation_id", "skill_id", "relation_type", "sources"
            )
        ),
        "broader": sorted(
            (uri[n], uri[b], sources)
            for n, b, sources in ConceptBroader.objects.values_list(
                "from_concept_id", "to_concept_id", "sources"
            )
        ),
    }


def _esco(directory):
    return taxonomy_import(directory=directory, source=ESCO, languages=["nl", "en"])


def _starter():
    return taxonomy_import(directory=STARTER_DIRECTORY, source="starter", languages=["nl", "en"])


@pytest.fixture
def shared_esco(esco_dir, tmp_path):
    """The small ESCO fixture plus concepts the starter also names (shared ESCO URIs)."""
    import csv
    import shutil

    directory = tmp_path / "esco"
    shutil.copytree(esco_dir, directory)
    with (STARTER_DIRECTORY / "skills_nl.csv").open(encoding="utf-8", newline="") as handle:
        shared = [row for row in csv.DictReader(handle) if "data.europa.eu" in row["conceptUri"]]
    with (STARTER_DIRECTORY / "occupations_nl.csv").open(encoding="utf-8", newline="") as handle:
        shared_occupations = [
            row for row in csv.DictReader(handle) if "data.europa.eu" in row["conceptUri"]
        ][:20]
    # ESCO's own (different) preferred label and one alternative for the shared concepts.
    for name, rows in (("skills_nl.csv", shared[:30]), ("occupations_nl.csv", shared_occupations)):
        path = directory / name
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        with path.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
            for row in rows:
                writer.writerow(
                    {
                        **dict.fromkeys(header, ""),
                        "conceptType": row["conceptType"],
                        "conceptUri": row["conceptUri"],
                        "skillType": row.get("skillType", ""),
                        "preferredLabel": f"esco {row['preferredLabel']}",
                        "altLabels": row["preferredLabel"] + "\nesco synoniem",
                        "status": "released",
                        "description": "ESCO-beschrijving.",
                    }
                )
    with (directory / "broaderRelationsSkillPillar_en.csv").open(
        "a", encoding="utf-8", newline=""
    ) as handle:
        csv.writer(handle).writerow(
            ["KnowledgeSkillCompetence", shared[0]["conceptUri"], "KnowledgeSkillCompetence",
             shared[1]["conceptUri"]]
        )  # fmt: skip
    return directory


@pytest.mark.django_db
def test_esco_then_starter_and_starter_then_esco_give_the_same_database(shared_esco):
    _esco(shared_esco)
    _starter()
    esco_first = _state()
    assert esco_first["labels"], "nothing imported"

    for model in (ConceptLabel, OccupationSkill, ConceptBroader, Concept):
        model.objects.all().delete()
    _starter()
    _esco(shared_esco)
    assert _state() == esco_first

    # And again, in any order, changes nothing.
    _esco(shared_esco)
    _starter()
    _esco(shared_esco)
    assert _state() == esco_first


@pytest.mark.django_db
def test_esco_preferred_label_stays_preferred_and_the_starters_becomes_an_alternative(
    shared_esco,
):
    _starter()
    _esco(shared_esco)
    concept = Concept.objects.filter(labels__source=ESCO, uri__contains="data.europa.eu").first()
    esco_label = concept.source_data[ESCO]["preferred_labels"]["nl"]
    starter_label = concept.source_data["starter"]["preferred_labels"]["nl"]
    assert concept.preferred_labels["nl"] == esco_label
    assert (
        ConceptLabel.objects.get(
            concept=concept, language="nl", text=starter_label, source="starter"
        ).kind
        == LabelKind.ALTERNATIVE
    )
    assert (
        ConceptLabel.objects.filter(concept=concept, language="nl", kind=LabelKind.PREFERRED)
        .get()
        .text
        == esco_label
    )
    # The starter's everyday synonyms are still there beside ESCO's.
    assert ConceptLabel.objects.filter(concept=concept, source="starter").count() >= 1
    assert ConceptLabel.objects.filter(concept=concept, source=ESCO, text="esco synoniem").exists()
    # The starter's plain-language description wins (written at B1 for jobseekers).
    assert concept.descriptions["nl"] != "ESCO-beschrijving."


@pytest.mark.django_db
def test_loading_the_starter_twice_changes_nothing():
    first = _starter()
    state = _state()
    second = _starter()
    assert _state() == state
    assert (second.created, second.updated, second.labels_created, second.labels_deleted) == (
        0, 0, 0, 0,
    )  # fmt: skip
    assert (second.relations_created, second.relations_deleted, second.broader_created) == (0, 0, 0)
    assert first.created > 100


@pytest.mark.django_db
def test_an_import_replaces_only_its_own_source(esco_dir):
    _esco(esco_dir)
    uri = f"{T}/skill/heftruck"
    concept = Concept.objects.get(uri=uri)
    concept_set_preferred_labels(concept=concept, labels={"nl": "heftruck rijden (staf)"})
    _esco(esco_dir)
    concept.refresh_from_db()
    assert concept.preferred_labels["nl"] == "heftruck rijden (staf)"
    kinds = dict(
        ConceptLabel.objects.filter(concept=concept, language="nl").values_list("text", "kind")
    )
    assert kinds["heftruck rijden (staf)"] == LabelKind.PREFERRED
    assert kinds["heftruck besturen"] == LabelKind.ALTERNATIVE  # ESCO's, outranked by staff
    # Removing the staff label makes ESCO's preferred again.
    concept_set_preferred_labels(concept=concept, labels={"nl": ""})
    concept.refresh_from_db()
    assert concept.preferred_labels["nl"] == "heftruck besturen"
    assert (
        ConceptLabel.objects.get(concept=concept, language="nl", text="heftruck besturen").kind
        == LabelKind.PREFERRED
    )


@pytest.mark.django_db
def test_a_new_esco_release_replaces_the_old_one(esco_dir):
    taxonomy_import(directory=esco_dir, source="esco-1.1.0")
    taxonomy_import(directory=esco_dir, source="esco-1.2.0")
    assert set(ConceptLabel.objects.values_list("source", flat=True)) == {"esco-1.2.0"}
    assert {tuple(s) for s in ConceptBroader.objects.values_list("sources", flat=True)} == {
        ("esco-1.2.0",)
    }
    assert all(
        set(sources) == {"esco-1.2.0"}
        for sources in OccupationSkill.objects.values_list("sources", flat=True)
    )


@pytest.mark.django_db
def test_hierarchy_and_occupation_skills_are_imported_and_the_broader_accessor_works(esco_dir):
    _esco(esco_dir)
    dishes = Concept.objects.get(uri=f"{T}/skill/afwassen")
    cleaning = Concept.objects.get(uri=f"{T}/skill/schoonmaken")
    assert list(dishes.broader.all()) == [cleaning]
    assert dishes in cleaning.narrower.all()
    assert OccupationSkill.objects.filter(occupation__uri=f"{T}/occupation/magazijn").count() >= 2


@pytest.mark.django_db
def test_the_starter_command_records_its_source():
    call_command("load_starter_taxonomy", "--quiet", verbosity=0)
    assert set(ConceptLabel.objects.values_list("source", flat=True)) == {"starter"}
