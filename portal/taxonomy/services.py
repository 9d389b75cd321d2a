"""Writes to the skill taxonomy: the ESCO import and the edits of network admins.

Every write ends with `taxonomy_changed()`, which bumps a version key in Django's
cache so that each process rebuilds its autocomplete index on its next request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from .importer import (
    ParsedConcept,
    ParsedTaxonomy,
    RowProblem,
    TaxonomyImportError,
    parse_esco_directory,
)
from .models import Concept, ConceptLabel, ConceptStatus, ConceptType, LabelKind, OccupationSkill

__all__ = [
    "TAXONOMY_VERSION_CACHE_KEY",
    "ImportResult",
    "TaxonomyImportError",
    "concept_set_preferred_labels",
    "taxonomy_changed",
    "taxonomy_import",
]

TAXONOMY_VERSION_CACHE_KEY = "taxonomy:version"
BATCH_SIZE = 1000
_DELETE_CHUNK = 500
_CONCEPT_FIELDS = (
    "concept_type",
    "preferred_labels",
    "descriptions",
    "status",
    "isco_group",
    "code",
    "reuse_level",
)


@dataclass
class ImportResult:
    """What one import did, for the command's summary and for tests."""

    languages: list[str]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    marked_obsolete: int = 0
    skipped_not_released: int = 0
    labels_created: int = 0
    labels_deleted: int = 0
    relations_created: int = 0
    relations_updated: int = 0
    relations_deleted: int = 0
    broader_created: int = 0
    broader_deleted: int = 0
    skipped_group_relations: int = 0
    rows_read: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """Rows not imported: malformed ones plus concepts that are not released."""
        return len(self.problems) + self.skipped_not_released

    def summary(self) -> str:
        """A short, human-readable account of the import."""
        lines = [
            f"Languages: {', '.join(self.languages)}; {self.rows_read} rows read.",
            f"Concepts: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.marked_obsolete} marked obsolete.",
            f"Labels: {self.labels_created} created, {self.labels_deleted} deleted.",
            f"Occupation skills: {self.relations_created} created, "
            f"{self.relations_updated} updated, {self.relations_deleted} deleted.",
            f"Broader relations: {self.broader_created} created, {self.broader_deleted} deleted"
            + (
                f" ({self.skipped_group_relations} to ESCO skill groups not imported)."
                if self.skipped_group_relations
                else "."
            ),
            f"Skipped: {self.skipped} ({len(self.problems)} malformed rows, "
            f"{self.skipped_not_released} concepts not released).",
        ]
        return "\n".join(lines)


def taxonomy_changed() -> None:
    """Tell every process that the taxonomy changed, so autocomplete indexes are rebuilt."""
    cache.set(TAXONOMY_VERSION_CACHE_KEY, uuid.uuid4().hex, timeout=None)


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Progress:
    """One tqdm bar on stderr for the database phase, or nothing when quiet."""

    def __init__(self, enabled: bool) -> None:
        self.bar = tqdm(desc="writing", unit=" rows", disable=not enabled, leave=False, delay=0.5)

    def add(self, count: int) -> None:
        self.bar.update(count)

    def close(self) -> None:
        self.bar.close()


def _concept_values(parsed: ParsedConcept, existing: Concept | None) -> dict[str, Any]:
    """The field values a concept should have after merging the import into what is stored."""
    status = ConceptStatus.RELEASED if parsed.is_released else ConceptStatus.OBSOLETE
    values: dict[str, Any] = {
        "concept_type": parsed.concept_type,
        "status": status,
        # Languages not in this import keep their labels and descriptions.
        "preferred_labels": {
            **(existing.preferred_labels if existing else {}),
            **parsed.preferred_labels,
        },
        "descriptions": {**(existing.descriptions if existing else {}), **parsed.descriptions},
    }
    for name in ("isco_group", "code", "reuse_level"):
        value = getattr(parsed, name)
        values[name] = value if value is not None else (getattr(existing, name) if existing else "")
    return values


def _write_concepts(
    parsed: ParsedTaxonomy, result: ImportResult, progress: _Progress, batch_size: int
) -> dict[str, int]:
    existing = {concept.uri: concept for concept in Concept.objects.all()}
    now = timezone.now()
    to_create: list[Concept] = []
    to_update: list[Concept] = []
    for uri, item in parsed.concepts.items():
        concept = existing.get(uri)
        if concept is None and not item.is_released:
            result.skipped_not_released += 1
            continue
        values = _concept_values(item, concept)
        if concept is None:
            to_create.append(Concept(uri=uri, updated_at=now, **values))
            continue
        changed = {name: value for name, value in values.items() if getattr(concept, name) != value}
        if not changed:
            result.unchanged += 1
            continue
        if changed.get("status") == ConceptStatus.OBSOLETE:
            result.marked_obsolete += 1
        for name, value in changed.items():
            setattr(concept, name, value)
        concept.updated_at = now
        to_update.append(concept)

    for batch in _chunks(to_create, batch_size):
        Concept.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    for batch in _chunks(to_update, batch_size):
        Concept.objects.bulk_update(batch, [*_CONCEPT_FIELDS, "updated_at"], batch_size=batch_size)
        progress.add(len(batch))
    result.created = len(to_create)
    result.updated = len(to_update) - result.marked_obsolete
    # Ids of everything stored, including concepts not in this import (relations may point there).
    return dict(Concept.objects.values_list("uri", "id"))


def _write_labels(
    parsed: ParsedTaxonomy,
    ids: dict[str, int],
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> None:
    wanted: set[tuple[int, str, str, str]] = set()
    in_import: set[int] = set()
    for uri, item in parsed.concepts.items():
        concept_id = ids.get(uri)
        if concept_id is None:
            continue  # not released and never stored
        in_import.add(concept_id)
        wanted.update((concept_id, str(lang), str(kind), text) for lang, kind, text in item.labels)

    stored: dict[tuple[int, str, str, str], int] = {}
    rows = ConceptLabel.objects.filter(language__in=parsed.languages).values_list(
        "id", "concept_id", "language", "kind", "text"
    )
    for label_id, concept_id, language, kind, text in rows.iterator(chunk_size=5000):
        if concept_id in in_import:
            stored[(concept_id, language, kind, text)] = label_id

    obsolete = [label_id for key, label_id in stored.items() if key not in wanted]
    for chunk in _chunks(obsolete, _DELETE_CHUNK):
        ConceptLabel.objects.filter(id__in=chunk).delete()
        progress.add(len(chunk))
    new = [
        ConceptLabel(concept_id=concept_id, language=language, kind=kind, text=text)
        for concept_id, language, kind, text in sorted(wanted - stored.keys())
    ]
    for batch in _chunks(new, batch_size):
        ConceptLabel.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    result.labels_created, result.labels_deleted = len(new), len(obsolete)


def _write_occupation_skills(
    parsed: ParsedTaxonomy,
    ids: dict[str, int],
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> None:
    if parsed.occupation_skills is None:
        return  # no relations file: leave the stored relations alone
    types = dict(Concept.objects.values_list("id", "concept_type"))
    skill_types = {ConceptType.SKILL, ConceptType.KNOWLEDGE}
    wanted: dict[tuple[int, int], str] = {}
    for row in parsed.occupation_skills:
        occupation_id, skill_id = ids.get(row.uri), ids.get(row.other_uri)
        if occupation_id is None or types[occupation_id] != ConceptType.OCCUPATION:
            result.problems.append(
                RowProblem(row.file, row.line, f"unknown occupation {row.uri}; row skipped")
            )
            continue
        if skill_id is None or types[skill_id] not in skill_types:
            result.problems.append(
                RowProblem(row.file, row.line, f"unknown skill {row.other_uri}; row skipped")
            )
            continue
        # ESCO lists a pair once; if a file lists it twice, "essential" wins.
        if wanted.get((occupation_id, skill_id)) != "essential":
            wanted[(occupation_id, skill_id)] = row.relation_type

    # The file is the whole truth for every occupation it or this import names.
    scope = {occupation for occupation, _skill in wanted}
    scope.update(
        ids[uri]
        for uri, item in parsed.concepts.items()
        if item.concept_type == ConceptType.OCCUPATION and uri in ids
    )
    stored: dict[tuple[int, int], OccupationSkill] = {}
    for relation in OccupationSkill.objects.only(
        "id", "occupation_id", "skill_id", "relation_type"
    ).iterator(chunk_size=5000):
        if relation.occupation_id in scope:
            stored[(relation.occupation_id, relation.skill_id)] = relation

    obsolete = [relation.id for key, relation in stored.items() if key not in wanted]
    changed = []
    for key, relation_type in wanted.items():
        relation = stored.get(key)
        if relation is not None and relation.relation_type != relation_type:
            relation.relation_type = relation_type
            changed.append(relation)
    new = [
        OccupationSkill(occupation_id=occupation, skill_id=skill, relation_type=relation_type)
        for (occupation, skill), relation_type in sorted(wanted.items())
        if (occupation, skill) not in stored
    ]
    for chunk in _chunks(obsolete, _DELETE_CHUNK):
        OccupationSkill.objects.filter(id__in=chunk).delete()
        progress.add(len(chunk))
    for batch in _chunks(changed, batch_size):
        OccupationSkill.objects.bulk_update(batch, ["relation_type"], batch_size=batch_size)
        progress.add(len(batch))
    for batch in _chunks(new, batch_size):
        OccupationSkill.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    result.relations_created = len(new)
    result.relations_updated = len(changed)
    result.relations_deleted = len(obsolete)


def _write_broader(
    parsed: ParsedTaxonomy,
    ids: dict[str, int],
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> None:
    result.skipped_group_relations = parsed.skipped_group_relations
    if parsed.broader is None:
        return
    wanted: set[tuple[int, int]] = set()
    for row in parsed.broader:
        narrower_id, broader_id = ids.get(row.uri), ids.get(row.other_uri)
        if narrower_id is None or broader_id is None:
            unknown = row.uri if narrower_id is None else row.other_uri
            result.problems.append(
                RowProblem(row.file, row.line, f"unknown concept {unknown}; row skipped")
            )
            continue
        wanted.add((narrower_id, broader_id))

    through = Concept.broader.through
    scope = {narrower for narrower, _broader in wanted} | {
        ids[row.uri] for row in parsed.broader if row.uri in ids
    }
    stored: dict[tuple[int, int], int] = {}
    for link_id, narrower_id, broader_id in through.objects.values_list(
        "id", "from_concept_id", "to_concept_id"
    ).iterator(chunk_size=5000):
        if narrower_id in scope:
            stored[(narrower_id, broader_id)] = link_id
    obsolete = [link_id for key, link_id in stored.items() if key not in wanted]
    for chunk in _chunks(obsolete, _DELETE_CHUNK):
        through.objects.filter(id__in=chunk).delete()
        progress.add(len(chunk))
    new = [
        through(from_concept_id=narrower, to_concept_id=broader)
        for narrower, broader in sorted(wanted - stored.keys())
    ]
    for batch in _chunks(new, batch_size):
        through.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    result.broader_created, result.broader_deleted = len(new), len(obsolete)


def taxonomy_import(
    *,
    directory: Path | str,
    languages: Sequence[str] | None = None,
    progress: bool = False,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import an ESCO CSV download directory (or our starter set, in the same layout).

    Idempotent: concepts are matched on their URI, and labels and relations are
    diffed against what is stored, so a re-import updates and never duplicates.
    Everything is written in one transaction; on an error (`TaxonomyImportError`
    or a database error) nothing of the import is left. Malformed rows are skipped
    and listed in `ImportResult.problems` with file name and line number.

    Status: a concept the files mark as not "released" is not created; if it is
    already stored (portfolios may use it) it is kept and marked obsolete, so it
    disappears from autocomplete but old references stay valid. Concepts stored but
    absent from the files are left untouched (an import may be partial, e.g. one
    language or our own starter set beside ESCO).
    """
    parsed = parse_esco_directory(directory, languages=languages, progress=progress)
    result = ImportResult(
        languages=parsed.languages, rows_read=parsed.rows_read, problems=list(parsed.problems)
    )
    bar = _Progress(progress)
    try:
        with transaction.atomic():
            ids = _write_concepts(parsed, result, bar, batch_size)
            _write_labels(parsed, ids, result, bar, batch_size)
            _write_occupation_skills(parsed, ids, result, bar, batch_size)
            _write_broader(parsed, ids, result, bar, batch_size)
            # Bump now (this process) and again after commit (others may have rebuilt
            # from the old data in between).
            taxonomy_changed()
            transaction.on_commit(taxonomy_changed)
    finally:
        bar.close()
    return result


@transaction.atomic
def concept_set_preferred_labels(*, concept: Concept, labels: dict[str, str]) -> Concept:
    """Set a concept's preferred label per language and keep the searchable labels in step.

    `labels` maps language code to text; an empty text removes that language's label.
    """
    preferred = dict(concept.preferred_labels)
    for language, text in labels.items():
        text = (text or "").strip()
        if text:
            preferred[language] = text
        else:
            preferred.pop(language, None)
    concept.preferred_labels = preferred
    concept.save()
    for language in labels:
        ConceptLabel.objects.filter(
            concept=concept, language=language, kind=LabelKind.PREFERRED
        ).exclude(text=preferred.get(language, "")).delete()
        if language in preferred:
            ConceptLabel.objects.get_or_create(
                concept=concept,
                language=language,
                kind=LabelKind.PREFERRED,
                text=preferred[language],
            )
    taxonomy_changed()
    transaction.on_commit(taxonomy_changed)
    return concept
