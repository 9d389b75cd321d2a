"""Reading the official ESCO CSV download (v1.0–v1.2 layout) into plain Python objects.

Nothing here touches the database: `parse_esco_directory` reads the files, merges
the languages into one concept set and reports malformed rows with file name and
line number. `services.taxonomy_import` writes the result in one transaction.

Files read from one directory, per language code `<lang>`:

- `skills_<lang>.csv` and `occupations_<lang>.csv`: the concepts and their labels;
- `occupationSkillRelations_<lang>.csv`: essential / optional skills per occupation;
- `broaderRelationsSkillPillar_<lang>.csv`: broader skill → narrower skill.

The two relation files hold the same content in every language, so one copy is
read: the one of the first requested language that has it, else any.

Columns are read by header name; extra columns are ignored and optional ones may
be missing. Only the status "released" is meant for use: the importer keeps the
status of every row (a missing `status` column means "released") and the service
decides what to do with the others.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .models import ConceptType, LabelKind, RelationType

ESCO_RELEASED = "released"
LABEL_MAX_LENGTH = 255
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")

SKILLS_FILE = "skills_{lang}.csv"
OCCUPATIONS_FILE = "occupations_{lang}.csv"
RELATIONS_FILE = "occupationSkillRelations_{lang}.csv"
BROADER_FILE = "broaderRelationsSkillPillar_{lang}.csv"

# ESCO's skill groups (conceptType "SkillGroup") are a browsing hierarchy, not
# something a person can have; we do not import them, so broader relations to or
# from a group are skipped on purpose (counted, not reported as errors).
SKILL_GROUP_TYPE = "skillgroup"

# ESCO descriptions can be long; the csv module refuses fields over 128 KiB by default.
csv.field_size_limit(16 * 1024 * 1024)


class TaxonomyImportError(Exception):
    """An error that makes the whole import impossible (a file or a required column is missing)."""


@dataclass(frozen=True)
class RowProblem:
    """A malformed row that was skipped, with where it was found."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class ParsedConcept:
    """One concept merged over every language file it appears in."""

    uri: str
    concept_type: str
    status: str
    preferred_labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    # (language, kind, text)
    labels: set[tuple[str, str, str]] = field(default_factory=set)
    # None: the column was absent in every file, so the stored value is kept.
    isco_group: str | None = None
    code: str | None = None
    reuse_level: str | None = None

    @property
    def is_released(self) -> bool:
        return self.status == ESCO_RELEASED


@dataclass(frozen=True)
class ParsedRelation:
    """A row of a relation file, still by URI; the service resolves the URIs."""

    file: str
    line: int
    uri: str
    other_uri: str
    relation_type: str = ""


@dataclass
class ParsedTaxonomy:
    """Everything read from one ESCO download directory."""

    languages: list[str]
    concepts: dict[str, ParsedConcept] = field(default_factory=dict)
    # None when the file is absent: then the stored relations stay as they are.
    occupation_skills: list[ParsedRelation] | None = None
    broader: list[ParsedRelation] | None = None
    problems: list[RowProblem] = field(default_factory=list)
    skipped_group_relations: int = 0
    rows_read: int = 0


def _split_labels(cell: str) -> list[str]:
    """ESCO puts several labels in one cell, one per line (older exports use " | ")."""
    if not cell:
        return []
    parts = cell.splitlines() if "\n" in cell or "\r" in cell else cell.split(" | ")
    return [part.strip()[:LABEL_MAX_LENGTH] for part in parts if part.strip()]


class _CsvFile:
    """A CSV file read by header name, yielding (line number, row dict) for well-formed rows."""

    def __init__(
        self,
        path: Path,
        *,
        required: Sequence[str],
        problems: list[RowProblem],
        progress: bool,
    ) -> None:
        self.path = path
        self.name = path.name
        self.required = required
        self.problems = problems
        self.progress = progress

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = [name.strip() for name in next(reader)]
            except StopIteration:
                raise TaxonomyImportError(f"{self.name}: the file is empty.") from None
            except csv.Error as error:
                raise TaxonomyImportError(f"{self.name}:1: unreadable header: {error}") from None
            missing = [name for name in self.required if name not in header]
            if missing:
                raise TaxonomyImportError(
                    f"{self.name}: required column(s) missing: {', '.join(missing)}"
                )
            width = len(header)
            bar = tqdm(
                desc=self.name, unit=" rows", disable=not self.progress, leave=False, delay=0.5
            )
            last_line = reader.line_num
            try:
                while True:
                    start = last_line + 1
                    try:
                        row = next(reader)
                    except StopIteration:
                        break
                    except csv.Error as error:
                        self.problems.append(RowProblem(self.name, start, f"unreadable: {error}"))
                        last_line = reader.line_num
                        continue
                    last_line = reader.line_num
                    bar.update()
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue  # a blank line
                    if len(row) != width:
                        self.problems.append(
                            RowProblem(
                                self.name,
                                start,
                                f"expected {width} columns, found {len(row)}; row skipped",
                            )
                        )
                        continue
                    yield (
                        start,
                        {name: value.strip() for name, value in zip(header, row, strict=True)},
                    )
            finally:
                bar.close()


def _concept_type_for_skill(skill_type: str) -> str:
    return ConceptType.KNOWLEDGE if skill_type.strip().lower() == "knowledge" else ConceptType.SKILL


def _read_concepts(
    parsed: ParsedTaxonomy, path: Path, *, language: str, occupations: bool, progress: bool
) -> None:
    source = _CsvFile(
        path, required=("conceptUri", "preferredLabel"), problems=parsed.problems, progress=progress
    )
    for line, row in source.rows():
        parsed.rows_read += 1
        uri = row.get("conceptUri", "")
        if not uri:
            parsed.problems.append(
                RowProblem(source.name, line, "conceptUri is empty; row skipped")
            )
            continue
        preferred = row.get("preferredLabel", "")[:LABEL_MAX_LENGTH]
        if not preferred:
            parsed.problems.append(
                RowProblem(source.name, line, f"{uri}: preferredLabel is empty; row skipped")
            )
            continue
        concept_type = (
            ConceptType.OCCUPATION
            if occupations
            else _concept_type_for_skill(row.get("skillType", ""))
        )
        status = (row.get("status") or ESCO_RELEASED).lower()
        concept = parsed.concepts.get(uri)
        if concept is None:
            concept = parsed.concepts[uri] = ParsedConcept(
                uri=uri, concept_type=concept_type, status=status
            )
        elif (concept.concept_type == ConceptType.OCCUPATION) != occupations:
            parsed.problems.append(
                RowProblem(
                    source.name,
                    line,
                    f"{uri} is both an occupation and a skill; row skipped",
                )
            )
            continue
        elif concept.concept_type != concept_type and "skillType" in row:
            concept.concept_type = concept_type
        concept.preferred_labels[language] = preferred
        description = row.get("description", "")
        if description:
            concept.descriptions[language] = description
        concept.labels.add((language, LabelKind.PREFERRED, preferred))
        for text in _split_labels(row.get("altLabels", "")):
            concept.labels.add((language, LabelKind.ALTERNATIVE, text))
        for text in _split_labels(row.get("hiddenLabels", "")):
            concept.labels.add((language, LabelKind.HIDDEN, text))
        if "iscoGroup" in row:
            concept.isco_group = row["iscoGroup"][:8]
        if "code" in row:
            concept.code = row["code"][:64]
        if "reuseLevel" in row:
            concept.reuse_level = row["reuseLevel"][:32]


def _read_occupation_skills(parsed: ParsedTaxonomy, path: Path, *, progress: bool) -> None:
    source = _CsvFile(
        path,
        required=("occupationUri", "relationType", "skillUri"),
        problems=parsed.problems,
        progress=progress,
    )
    relations: list[ParsedRelation] = []
    valid_types = set(RelationType.values)
    for line, row in source.rows():
        parsed.rows_read += 1
        occupation_uri, skill_uri = row["occupationUri"], row["skillUri"]
        relation_type = row["relationType"].lower()
        if not occupation_uri or not skill_uri:
            parsed.problems.append(
                RowProblem(source.name, line, "occupationUri or skillUri is empty; row skipped")
            )
            continue
        if relation_type not in valid_types:
            parsed.problems.append(
                RowProblem(
                    source.name,
                    line,
                    f"unknown relationType {row['relationType']!r} "
                    "(expected essential or optional); row skipped",
                )
            )
            continue
        relations.append(
            ParsedRelation(source.name, line, occupation_uri, skill_uri, relation_type)
        )
    parsed.occupation_skills = relations


def _read_broader(parsed: ParsedTaxonomy, path: Path, *, progress: bool) -> None:
    source = _CsvFile(
        path, required=("conceptUri", "broaderUri"), problems=parsed.problems, progress=progress
    )
    relations: list[ParsedRelation] = []
    for line, row in source.rows():
        parsed.rows_read += 1
        if SKILL_GROUP_TYPE in (
            row.get("conceptType", "").lower(),
            row.get("broaderType", "").lower(),
        ):
            parsed.skipped_group_relations += 1
            continue
        uri, broader_uri = row["conceptUri"], row["broaderUri"]
        if not uri or not broader_uri:
            parsed.problems.append(
                RowProblem(source.name, line, "conceptUri or broaderUri is empty; row skipped")
            )
            continue
        if uri == broader_uri:
            parsed.problems.append(
                RowProblem(source.name, line, f"{uri} is broader than itself; row skipped")
            )
            continue
        relations.append(ParsedRelation(source.name, line, uri, broader_uri))
    parsed.broader = relations


def detect_languages(directory: Path) -> list[str]:
    """The language codes for which the directory holds a skills or occupations file."""
    languages: set[str] = set()
    for pattern in ("skills_*.csv", "occupations_*.csv"):
        for path in directory.glob(pattern):
            code = path.stem.split("_", 1)[1]
            if LANGUAGE_CODE.match(code):
                languages.add(code)
    # Dutch first: the portal's first language.
    return sorted(languages, key=lambda code: (code != "nl", code))


def _first_existing(directory: Path, template: str, languages: Sequence[str]) -> Path | None:
    for language in languages:
        path = directory / template.format(lang=language)
        if path.is_file():
            return path
    others = sorted(directory.glob(template.format(lang="*")))
    return others[0] if others else None


def parse_esco_directory(
    directory: Path | str,
    *,
    languages: Sequence[str] | None = None,
    progress: bool = False,
) -> ParsedTaxonomy:
    """Read an ESCO CSV download directory, merging all `languages` into one concept set.

    Raises `TaxonomyImportError` when the directory, a language's files or a required
    column is missing. Malformed rows do not raise: they are skipped and listed in
    `ParsedTaxonomy.problems` with file name and line number.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise TaxonomyImportError(f"{directory} is not a directory.")
    languages = [code.strip().lower() for code in (languages or []) if code.strip()]
    for code in languages:
        if not LANGUAGE_CODE.match(code):
            raise TaxonomyImportError(f"{code!r} is not a language code.")
    if not languages:
        languages = detect_languages(directory)
        if not languages:
            raise TaxonomyImportError(
                f"{directory} holds no skills_<lang>.csv or occupations_<lang>.csv file."
            )

    parsed = ParsedTaxonomy(languages=list(languages))
    for language in languages:
        found = False
        for template, occupations in ((SKILLS_FILE, False), (OCCUPATIONS_FILE, True)):
            path = directory / template.format(lang=language)
            if path.is_file():
                found = True
                _read_concepts(
                    parsed, path, language=language, occupations=occupations, progress=progress
                )
        if not found:
            raise TaxonomyImportError(
                f"{directory} has neither {SKILLS_FILE.format(lang=language)} "
                f"nor {OCCUPATIONS_FILE.format(lang=language)}."
            )
    relations_path = _first_existing(directory, RELATIONS_FILE, languages)
    if relations_path is not None:
        _read_occupation_skills(parsed, relations_path, progress=progress)
    broader_path = _first_existing(directory, BROADER_FILE, languages)
    if broader_path is not None:
        _read_broader(parsed, broader_path, progress=progress)
    return parsed
