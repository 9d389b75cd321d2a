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
from .models import (
    DESCRIPTION_PRIORITY,
    SOURCE_LEGACY,
    SOURCE_STAFF,
    Concept,
    ConceptBroader,
    ConceptLabel,
    ConceptStatus,
    ConceptType,
    LabelKind,
    OccupationSkill,
    source_family,
    source_rank,
)

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


_FIELD_NAMES = ("concept_type", "status", "isco_group", "code", "reuse_level")
_REPLACEABLE = {SOURCE_LEGACY, ""}  # rows every import may replace (see the migration)


def _ours(source: str, family: str) -> bool:
    """Whether a stored row's `source` is one this import (of `family`) replaces."""
    return source in _REPLACEABLE or source_family(source) == family


def _source_entry(parsed: ParsedConcept, previous: dict | None, languages: list[str]) -> dict:
    """What this import's source says about a concept; languages not imported now are kept."""
    previous = previous or {}
    kept = {
        name: {lang: text for lang, text in previous.get(name, {}).items() if lang not in languages}
        for name in ("preferred_labels", "descriptions")
    }
    entry: dict[str, Any] = {
        "concept_type": parsed.concept_type,
        "status": ConceptStatus.RELEASED if parsed.is_released else ConceptStatus.OBSOLETE,
        "preferred_labels": dict(
            sorted({**kept["preferred_labels"], **parsed.preferred_labels}.items())
        ),
        "descriptions": dict(sorted({**kept["descriptions"], **parsed.descriptions}.items())),
    }
    for name in ("isco_group", "code", "reuse_level"):
        value = getattr(parsed, name)
        if value is None:
            value = previous.get(name)
        if value is not None:
            entry[name] = value
    return entry


def _resolve(source_data: dict[str, dict], existing: Concept | None) -> dict[str, Any]:
    """The concept's fields from what every source says, by the fixed SOURCE_PRIORITY.

    Only a field no source gives keeps its stored value (data from before sources).
    """
    ranked = [source_data[name] for name in sorted(source_data, key=source_rank)]
    by_description = [
        source_data[name]
        for name in sorted(source_data, key=lambda name: source_rank(name, DESCRIPTION_PRIORITY))
    ]
    values: dict[str, Any] = {}
    for name in _FIELD_NAMES:
        given = [entry[name] for entry in ranked if entry.get(name) is not None]
        values[name] = given[0] if given else (getattr(existing, name) if existing else "")
    for name, order in (("preferred_labels", ranked), ("descriptions", by_description)):
        merged: dict[str, str] = (
            dict(getattr(existing, name) if existing else {})
            if not any(entry.get(name) for entry in order)
            else {}
        )
        for entry in reversed(order):  # the first source wins, so it is written last
            merged.update(entry.get(name) or {})
        values[name] = dict(sorted(merged.items()))
    return values


def _write_concepts(
    parsed: ParsedTaxonomy,
    source: str,
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> dict[str, int]:
    family = source_family(source)
    existing = {concept.uri: concept for concept in Concept.objects.all()}
    now = timezone.now()
    to_create: list[Concept] = []
    to_update: list[Concept] = []
    for uri, item in parsed.concepts.items():
        concept = existing.get(uri)
        if concept is None and not item.is_released:
            result.skipped_not_released += 1
            continue
        stored = concept.source_data if concept else {}
        previous = next(
            (entry for name, entry in stored.items() if source_family(name) == family), None
        )
        source_data = {
            name: entry for name, entry in stored.items() if source_family(name) != family
        }
        source_data[source] = _source_entry(item, previous, parsed.languages)
        source_data = dict(sorted(source_data.items()))
        values = {**_resolve(source_data, concept), "source_data": source_data}
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
        Concept.objects.bulk_update(
            batch, [*_CONCEPT_FIELDS, "source_data", "updated_at"], batch_size=batch_size
        )
        progress.add(len(batch))
    result.created = len(to_create)
    result.updated = len(to_update) - result.marked_obsolete
    # Ids of everything stored, including concepts not in this import (relations may point there).
    return dict(Concept.objects.values_list("uri", "id"))


def _effective_kind(kind: str, text: str, language: str, preferred: dict[str, str]) -> str:
    """A source's preferred label that is not the concept's preferred label is an alternative."""
    if kind == LabelKind.PREFERRED and preferred.get(language) != text:
        return LabelKind.ALTERNATIVE
    return kind


def _write_labels(
    parsed: ParsedTaxonomy,
    source: str,
    ids: dict[str, int],
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> set[int]:
    """Replace this source's labels of the imported concepts and languages; return those concepts."""
    family = source_family(source)
    preferred = dict(
        Concept.objects.filter(uri__in=list(parsed.concepts)).values_list("id", "preferred_labels")
    )
    wanted: set[tuple[int, str, str, str]] = set()
    in_import: set[int] = set()
    for uri, item in parsed.concepts.items():
        concept_id = ids.get(uri)
        if concept_id is None:
            continue  # not released and never stored
        in_import.add(concept_id)
        resolved = preferred.get(concept_id, {})
        wanted.update(
            (concept_id, str(lang), _effective_kind(kind, text, lang, resolved), text)
            for lang, kind, text in item.labels
        )

    stored: dict[tuple[int, str, str, str], tuple[int, str]] = {}
    duplicates: list[int] = []
    rows = ConceptLabel.objects.filter(language__in=parsed.languages).values_list(
        "id", "concept_id", "language", "kind", "text", "source"
    )
    for label_id, concept_id, language, kind, text, row_source in rows.iterator(chunk_size=5000):
        if concept_id not in in_import or not _ours(row_source, family):
            continue
        key = (concept_id, language, kind, text)
        if key in stored:
            # Two versions of one source (or a legacy row) with the same label: keep one.
            keep, drop = sorted([stored[key], (label_id, row_source)], key=lambda r: r[1] != source)
            stored[key] = keep
            duplicates.append(drop[0])
        else:
            stored[key] = (label_id, row_source)

    obsolete = duplicates + [
        label_id for key, (label_id, _s) in stored.items() if key not in wanted
    ]
    for chunk in _chunks(obsolete, _DELETE_CHUNK):
        ConceptLabel.objects.filter(id__in=chunk).delete()
        progress.add(len(chunk))
    renamed = [
        label_id
        for key, (label_id, row_source) in stored.items()
        if key in wanted and row_source != source
    ]
    for chunk in _chunks(renamed, _DELETE_CHUNK):
        ConceptLabel.objects.filter(id__in=chunk).update(source=source)
    new = [
        ConceptLabel(concept_id=concept_id, language=language, kind=kind, text=text, source=source)
        for concept_id, language, kind, text in sorted(wanted - stored.keys())
    ]
    for batch in _chunks(new, batch_size):
        ConceptLabel.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    result.labels_created, result.labels_deleted = len(new), len(obsolete)
    return in_import


def _settle_label_kinds(concept_ids: set[int]) -> None:
    """Give every source's declared preferred label of these concepts its effective kind.

    When the winning preferred label changes (ESCO arrives after the starter, or an admin
    sets one), the other sources' preferred labels become alternatives, and back.
    """
    if not concept_ids:
        return
    concepts = dict(Concept.objects.filter(id__in=concept_ids).values_list("id", "source_data"))
    preferred = dict(
        Concept.objects.filter(id__in=concept_ids).values_list("id", "preferred_labels")
    )
    rows = ConceptLabel.objects.filter(
        concept_id__in=concept_ids, kind__in=[LabelKind.PREFERRED, LabelKind.ALTERNATIVE]
    ).values_list("id", "concept_id", "language", "kind", "text", "source")
    existing = {(c, lang, kind, text, src) for _i, c, lang, kind, text, src in rows}
    changes: dict[str, list[int]] = {LabelKind.PREFERRED: [], LabelKind.ALTERNATIVE: []}
    clashes: list[int] = []
    for label_id, concept_id, language, kind, text, row_source in rows:
        declared = concepts[concept_id].get(row_source, {}).get("preferred_labels", {})
        if declared.get(language) != text:
            continue  # not this source's preferred label: its kind is what the source said
        kind_now = _effective_kind(LabelKind.PREFERRED, text, language, preferred[concept_id])
        if kind_now == kind:
            continue
        if (concept_id, language, kind_now, text, row_source) in existing:
            clashes.append(label_id)
        else:
            changes[kind_now].append(label_id)
    ConceptLabel.objects.filter(id__in=clashes).delete()
    for kind, label_ids in changes.items():
        for chunk in _chunks(label_ids, _DELETE_CHUNK):
            ConceptLabel.objects.filter(id__in=chunk).update(kind=kind)


def _merge_sources(stored: dict[str, Any] | list[str], family: str, new: Any) -> Any:
    """A relation's sources without this family's (and legacy) entries, plus `new` if any."""
    if isinstance(stored, dict):
        merged = {name: value for name, value in stored.items() if not _ours(name, family)}
        merged.update(new or {})
        return dict(sorted(merged.items()))
    return sorted({name for name in stored if not _ours(name, family)} | set(new or []))


def _write_occupation_skills(
    parsed: ParsedTaxonomy,
    source: str,
    ids: dict[str, int],
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> None:
    if parsed.occupation_skills is None:
        return  # no relations file: leave the stored relations alone
    family = source_family(source)
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

    # This source's relations are the file, for every occupation it or this import names.
    scope = {occupation for occupation, _skill in wanted}
    scope.update(
        ids[uri]
        for uri, item in parsed.concepts.items()
        if item.concept_type == ConceptType.OCCUPATION and uri in ids
    )
    stored: dict[tuple[int, int], OccupationSkill] = {}
    for relation in OccupationSkill.objects.only(
        "id", "occupation_id", "skill_id", "relation_type", "sources"
    ).iterator(chunk_size=5000):
        if relation.occupation_id in scope:
            stored[(relation.occupation_id, relation.skill_id)] = relation

    obsolete, changed = [], []
    for key, relation in stored.items():
        new = {source: wanted[key]} if key in wanted else None
        sources = _merge_sources(relation.sources or {}, family, new)
        if not sources:
            obsolete.append(relation.id)
            continue
        relation_type = sources[min(sources, key=source_rank)]
        if (sources, relation_type) != (relation.sources, relation.relation_type):
            relation.sources, relation.relation_type = sources, relation_type
            changed.append(relation)
    new = [
        OccupationSkill(
            occupation_id=occupation,
            skill_id=skill,
            relation_type=relation_type,
            sources={source: relation_type},
        )
        for (occupation, skill), relation_type in sorted(wanted.items())
        if (occupation, skill) not in stored
    ]
    for chunk in _chunks(obsolete, _DELETE_CHUNK):
        OccupationSkill.objects.filter(id__in=chunk).delete()
        progress.add(len(chunk))
    for batch in _chunks(changed, batch_size):
        OccupationSkill.objects.bulk_update(
            batch, ["relation_type", "sources"], batch_size=batch_size
        )
        progress.add(len(batch))
    for batch in _chunks(new, batch_size):
        OccupationSkill.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    result.relations_created = len(new)
    result.relations_updated = len(changed)
    result.relations_deleted = len(obsolete)


def _write_broader(
    parsed: ParsedTaxonomy,
    source: str,
    ids: dict[str, int],
    result: ImportResult,
    progress: _Progress,
    batch_size: int,
) -> None:
    result.skipped_group_relations = parsed.skipped_group_relations
    if parsed.broader is None:
        return
    family = source_family(source)
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

    # This source's links are the file, for every narrower concept it names.
    scope = {narrower for narrower, _broader in wanted} | {
        ids[row.uri] for row in parsed.broader if row.uri in ids
    }
    stored: dict[tuple[int, int], ConceptBroader] = {}
    for link in ConceptBroader.objects.iterator(chunk_size=5000):
        if link.from_concept_id in scope:
            stored[(link.from_concept_id, link.to_concept_id)] = link
    obsolete, changed = [], []
    for key, link in stored.items():
        sources = _merge_sources(link.sources or [], family, [source] if key in wanted else None)
        if not sources:
            obsolete.append(link.id)
        elif sources != link.sources:
            link.sources = sources
            changed.append(link)
    for chunk in _chunks(obsolete, _DELETE_CHUNK):
        ConceptBroader.objects.filter(id__in=chunk).delete()
        progress.add(len(chunk))
    for batch in _chunks(changed, batch_size):
        ConceptBroader.objects.bulk_update(batch, ["sources"], batch_size=batch_size)
        progress.add(len(batch))
    new = [
        ConceptBroader(from_concept_id=narrower, to_concept_id=broader, sources=[source])
        for narrower, broader in sorted(wanted - stored.keys())
    ]
    for batch in _chunks(new, batch_size):
        ConceptBroader.objects.bulk_create(batch, batch_size=batch_size)
        progress.add(len(batch))
    result.broader_created, result.broader_deleted = len(new), len(obsolete)


def taxonomy_import(
    *,
    directory: Path | str,
    source: str = "esco",
    languages: Sequence[str] | None = None,
    progress: bool = False,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import an ESCO CSV download directory (or our starter set, in the same layout).

    `source` names where the files come from: "esco-<release>" for an official ESCO
    download, "starter" for our starter set. Every label and relation records its source,
    and an import replaces only what came from its own source (any ESCO release replaces
    any other), so ESCO and the starter live side by side and the order of imports does
    not matter. Where sources disagree about a concept, `SOURCE_PRIORITY` decides (staff,
    then ESCO, then the starter; descriptions: staff, starter, ESCO).

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
            ids = _write_concepts(parsed, source, result, bar, batch_size)
            touched = _write_labels(parsed, source, ids, result, bar, batch_size)
            _settle_label_kinds(touched)
            _write_occupation_skills(parsed, source, ids, result, bar, batch_size)
            _write_broader(parsed, source, ids, result, bar, batch_size)
            # Bump now (this process) and again after commit (others may have rebuilt
            # from the old data in between).
            taxonomy_changed()
            transaction.on_commit(taxonomy_changed)
    finally:
        bar.close()
    return result


@transaction.atomic
def concept_set_preferred_labels(*, concept: Concept, labels: dict[str, str]) -> Concept:
    """Set a concept's preferred label per language (a network admin's edit, source "staff").

    `labels` maps language code to text. The staff label wins over ESCO's and the
    starter's, which stay as alternative labels; an empty text removes the staff label of
    that language, and the imported preferred label (if any) is preferred again.
    """
    concept = Concept.objects.select_for_update().get(pk=concept.pk)
    source_data = {name: dict(entry) for name, entry in concept.source_data.items()}
    staff = source_data.setdefault(SOURCE_STAFF, {})
    preferred = dict(staff.get("preferred_labels", {}))
    for language, text in labels.items():
        text = (text or "").strip()
        if text:
            preferred[language] = text
        else:
            preferred.pop(language, None)
            if not any(
                language in entry.get("preferred_labels", {})
                for name, entry in source_data.items()
                if name != SOURCE_STAFF
            ):
                # Nothing imported to fall back on: the label goes.
                concept.preferred_labels.pop(language, None)
    staff["preferred_labels"] = dict(sorted(preferred.items()))
    if not staff["preferred_labels"]:
        source_data.pop(SOURCE_STAFF)
    values = _resolve(source_data, concept)
    concept.source_data = dict(sorted(source_data.items()))
    concept.preferred_labels = values["preferred_labels"]
    concept.save()
    for language in labels:
        ConceptLabel.objects.filter(
            concept=concept, language=language, kind=LabelKind.PREFERRED, source=SOURCE_STAFF
        ).exclude(text=preferred.get(language, "")).delete()
        if language in preferred:
            ConceptLabel.objects.get_or_create(
                concept=concept,
                language=language,
                kind=LabelKind.PREFERRED,
                text=preferred[language],
                source=SOURCE_STAFF,
            )
    _settle_label_kinds({concept.pk})
    taxonomy_changed()
    transaction.on_commit(taxonomy_changed)
    return concept
