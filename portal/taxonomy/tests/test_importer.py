import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.taxonomy import services
from portal.taxonomy.importer import TaxonomyImportError, parse_esco_directory
from portal.taxonomy.models import (
    Concept,
    ConceptLabel,
    ConceptStatus,
    ConceptType,
    LabelKind,
    OccupationSkill,
)
from portal.taxonomy.services import taxonomy_import

T = "https://talentbrug.nl/taxonomie/test"


def _rewrite_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, [change(row) for row in reader if None not in row]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _labels(uri: str, language: str, kind: str) -> set[str]:
    return set(
        ConceptLabel.objects.filter(concept__uri=uri, language=language, kind=kind).values_list(
            "text", flat=True
        )
    )


@pytest.mark.django_db
def test_import_merges_languages_into_one_concept_per_uri(esco_dir):
    taxonomy_import(directory=esco_dir, languages=["nl", "en"])

    forklift = Concept.objects.get(uri=f"{T}/skill/heftruck")
    assert Concept.objects.filter(uri=f"{T}/skill/heftruck").count() == 1
    assert forklift.concept_type == ConceptType.SKILL
    assert forklift.preferred_labels == {"nl": "heftruck besturen", "en": "operate forklift"}
    assert forklift.reuse_level == "cross-sector"
    assert set(forklift.descriptions) == {"nl", "en"}


@pytest.mark.django_db
def test_import_reads_multiline_quoted_cells_with_commas_and_quotes(esco_dir):
    taxonomy_import(directory=esco_dir)

    uri = f"{T}/skill/heftruck"
    assert _labels(uri, "nl", LabelKind.ALTERNATIVE) == {"heftruck rijden", "vorkheftruck bedienen"}
    assert _labels(uri, "nl", LabelKind.HIDDEN) == {"heftruk"}
    assert _labels(uri, "en", LabelKind.ALTERNATIVE) == {"drive forklift", "forklift driving"}
    assert _labels(uri, "nl", LabelKind.PREFERRED) == {"heftruck besturen"}
    concept = Concept.objects.get(uri=uri)
    assert concept.descriptions["nl"] == 'Met een heftruck pallets verplaatsen, "veilig" en rustig.'


@pytest.mark.django_db
def test_import_reads_knowledge_occupations_and_isco_codes(esco_dir):
    taxonomy_import(directory=esco_dir)

    assert Concept.objects.get(uri=f"{T}/skill/hygiene").concept_type == ConceptType.KNOWLEDGE
    warehouse = Concept.objects.get(uri=f"{T}/occupation/magazijn")
    assert warehouse.concept_type == ConceptType.OCCUPATION
    assert (warehouse.isco_group, warehouse.code) == ("9333", "9333.1")
    assert warehouse.label("en") == "warehouse worker"


@pytest.mark.django_db
def test_import_accepts_a_language_file_without_optional_columns(esco_dir):
    """skills_en.csv has no hiddenLabels column and an extra unknown one."""
    result = taxonomy_import(directory=esco_dir, languages=["en"])

    lifting = Concept.objects.get(uri=f"{T}/skill/tillen")
    assert lifting.preferred_labels == {"en": "lift heavy weights"}
    assert not ConceptLabel.objects.filter(kind=LabelKind.HIDDEN).exists()
    assert result.created == 8  # 5 skills + 3 occupations


@pytest.mark.django_db
def test_reimport_updates_and_never_duplicates(esco_dir, tmp_path):
    first = taxonomy_import(directory=esco_dir)
    counts = (
        Concept.objects.count(),
        ConceptLabel.objects.count(),
        OccupationSkill.objects.count(),
        Concept.broader.through.objects.count(),
    )

    again = taxonomy_import(directory=esco_dir)

    assert first.created == 10
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert (again.labels_created, again.labels_deleted) == (0, 0)
    assert again.relations_created == again.relations_deleted == 0
    assert counts == (
        Concept.objects.count(),
        ConceptLabel.objects.count(),
        OccupationSkill.objects.count(),
        Concept.broader.through.objects.count(),
    )

    # A new release renames a label and drops an alternative label.
    changed = tmp_path / "esco"
    shutil.copytree(esco_dir, changed)
    skills_nl = changed / "skills_nl.csv"
    skills_nl.write_text(
        skills_nl.read_text(encoding="utf-8")
        .replace("heftruck besturen", "heftruck bedienen")
        .replace("heftruck rijden\n", ""),
        encoding="utf-8",
    )
    update = taxonomy_import(directory=changed)

    assert (update.created, update.updated) == (0, 1)
    forklift = Concept.objects.get(uri=f"{T}/skill/heftruck")
    assert forklift.preferred_labels["nl"] == "heftruck bedienen"
    assert forklift.preferred_labels["en"] == "operate forklift"
    assert _labels(forklift.uri, "nl", LabelKind.PREFERRED) == {"heftruck bedienen"}
    assert _labels(forklift.uri, "nl", LabelKind.ALTERNATIVE) == {"vorkheftruck bedienen"}
    assert Concept.objects.count() == counts[0]


@pytest.mark.django_db
def test_import_of_one_language_keeps_the_other_languages_labels(esco_dir):
    taxonomy_import(directory=esco_dir, languages=["nl", "en"])
    taxonomy_import(directory=esco_dir, languages=["nl"])

    forklift = Concept.objects.get(uri=f"{T}/skill/heftruck")
    assert forklift.preferred_labels["en"] == "operate forklift"
    assert _labels(forklift.uri, "en", LabelKind.PREFERRED) == {"operate forklift"}


@pytest.mark.django_db
def test_malformed_rows_are_skipped_and_reported_with_file_and_line(esco_dir):
    result = taxonomy_import(directory=esco_dir)

    reported = {str(problem) for problem in result.problems}
    assert "skills_nl.csv:15: conceptUri is empty; row skipped" in reported
    assert "skills_nl.csv:16: expected 13 columns, found 4; row skipped" in reported
    assert any(
        p.startswith("occupationSkillRelations_en.csv:10: unknown relationType") for p in reported
    )
    assert any(
        p.startswith("occupationSkillRelations_en.csv:11: unknown skill") and "bestaat-niet" in p
        for p in reported
    )
    assert any(
        p.startswith("broaderRelationsSkillPillar_en.csv:4: unknown concept") for p in reported
    )
    assert len(result.problems) == 5
    assert result.skipped == 6  # the five above and one concept that is not released
    assert result.skipped_group_relations == 1
    assert not Concept.objects.filter(uri=f"{T}/skill/kapot").exists()


@pytest.mark.django_db
def test_concepts_not_released_are_not_created_but_stored_ones_become_obsolete(esco_dir, tmp_path):
    taxonomy_import(directory=esco_dir)
    assert not Concept.objects.filter(uri=f"{T}/skill/concept").exists()

    withdrawn = tmp_path / "esco"
    shutil.copytree(esco_dir, withdrawn)
    for name in ("skills_nl.csv", "skills_en.csv"):
        _rewrite_csv(
            withdrawn / name,
            lambda row: (
                {**row, "status": "obsolete"} if row["conceptUri"].endswith("/kassa") else row
            ),
        )
    result = taxonomy_import(directory=withdrawn)

    assert result.marked_obsolete == 1
    assert Concept.objects.get(uri=f"{T}/skill/kassa").status == ConceptStatus.OBSOLETE


@pytest.mark.django_db
def test_occupation_skill_relations_are_imported_with_their_type(esco_dir):
    taxonomy_import(directory=esco_dir)

    relations = {
        (r.skill.uri.rsplit("/", 1)[1], r.relation_type)
        for r in OccupationSkill.objects.filter(occupation__uri=f"{T}/occupation/keukenhulp")
    }
    assert relations == {
        ("afwassen", "essential"),
        ("hygiene", "essential"),
        ("schoonmaken", "optional"),
    }
    dishes = Concept.objects.get(uri=f"{T}/skill/afwassen")
    assert list(dishes.broader.values_list("uri", flat=True)) == [f"{T}/skill/schoonmaken"]


@pytest.mark.django_db
def test_relations_left_out_of_a_new_release_are_removed(esco_dir, tmp_path):
    taxonomy_import(directory=esco_dir)
    smaller = tmp_path / "esco"
    shutil.copytree(esco_dir, smaller)
    relations = smaller / "occupationSkillRelations_en.csv"
    relations.write_text(
        "\n".join(
            line.replace("essential", "optional")
            if "magazijn" in line and "heftruck" in line
            else line
            for line in relations.read_text(encoding="utf-8").split("\n")
            if "schoonmaker," not in line
        ),
        encoding="utf-8",
    )

    result = taxonomy_import(directory=smaller)

    assert result.relations_deleted == 2
    assert result.relations_updated == 1
    assert not OccupationSkill.objects.filter(
        occupation__uri=f"{T}/occupation/schoonmaker"
    ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failure_mid_import_leaves_nothing_behind(esco_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_write_occupation_skills", broken)

    with pytest.raises(RuntimeError):
        taxonomy_import(directory=esco_dir)

    assert Concept.objects.count() == 0
    assert ConceptLabel.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_reimport_keeps_the_previous_taxonomy(esco_dir, tmp_path, monkeypatch):
    taxonomy_import(directory=esco_dir)
    renamed = tmp_path / "esco"
    shutil.copytree(esco_dir, renamed)
    (renamed / "skills_nl.csv").write_text(
        (esco_dir / "skills_nl.csv").read_text(encoding="utf-8").replace("afwassen", "vaatwassen"),
        encoding="utf-8",
    )
    monkeypatch.setattr(services, "_write_broader", lambda *args: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        taxonomy_import(directory=renamed)

    assert Concept.objects.get(uri=f"{T}/skill/afwassen").preferred_labels["nl"] == "afwassen"
    assert Concept.objects.count() == 10


def test_a_missing_required_column_stops_the_import_before_writing(tmp_path):
    (tmp_path / "skills_nl.csv").write_text("conceptUri,altLabels\nx,y\n", encoding="utf-8")

    with pytest.raises(TaxonomyImportError, match="preferredLabel"):
        parse_esco_directory(tmp_path)


def test_a_requested_language_without_files_is_an_error(esco_dir):
    with pytest.raises(TaxonomyImportError, match=r"skills_de\.csv"):
        parse_esco_directory(esco_dir, languages=["de"])


def test_languages_are_detected_dutch_first(esco_dir):
    assert parse_esco_directory(esco_dir).languages == ["nl", "en"]


@pytest.mark.django_db
def test_import_command_prints_problems_and_summary(esco_dir, capsys):
    call_command("import_esco", str(esco_dir), "--languages", "nl,en", "--quiet")

    out, err = capsys.readouterr()
    assert "Concepts: 10 created, 0 updated" in out
    assert "Skipped: 6" in out
    assert "skills_nl.csv:15" in err
    assert Concept.objects.count() == 10


@pytest.mark.django_db
def test_import_command_fails_cleanly_on_a_missing_directory(tmp_path: Path):
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_esco", str(tmp_path / "nowhere"), "--quiet")
