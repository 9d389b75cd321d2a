"""Related skills from the taxonomy: which skills earn credit for an asked one, and how.

People describe what they can in their own words: "vorkheftruck besturen" where the
employer asked "heftruck rijden", a specific skill where a general one was asked,
or a skill their work implies. The taxonomy relates such skills, and matching
follows these relations (`search.scoring.CREDITS` gives the points of each):

- narrower / broader: ESCO's skill hierarchy (`Concept.broader`); narrower reaches two
  steps down (a grandchild is still a form of the asked skill), broader one step up;
- sibling: both directly under one broader skill, when that broader skill is a
  small family (at most `MAX_FAMILY` members), not a catch-all heading;
- needed together: the occupations that need one as essential largely need the
  other too (Jaccard overlap of their essential-occupation sets at least
  `MIN_OVERLAP`), for skills specific enough to say something (essential for at
  most `MAX_OCCUPATIONS` occupations).

Every relation is symmetric (with narrower and broader swapping sides), so a
candidate search and a vacancy search see the same bridges. They are read from the
taxonomy a few queries at a time and kept per process until the taxonomy changes
(its version in the cache, bumped by `portal.taxonomy.services.taxonomy_changed`,
or a change to a relation in this process); the spec then carries the bridges, so
both engines and the explanation use the same ones.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache

from portal.taxonomy.models import (
    Concept,
    ConceptStatus,
    ConceptType,
    OccupationSkill,
    RelationType,
)
from portal.taxonomy.services import TAXONOMY_VERSION_CACHE_KEY

from .spec import Bridge, Bridges, Relation

MAX_FAMILY = 40
MAX_OCCUPATIONS = 40
MIN_OVERLAP = 0.5
SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)


def bridges_to(asked_ids: Iterable[int]) -> Bridges:
    """For each asked skill, the skills a person may hold that also earn credit, and how."""
    return _kept(set(asked_ids), swap=False)


def bridges_from(held_ids: Iterable[int]) -> Bridges:
    """For each skill a person holds, the asked skills it earns credit for, and how
    (the relation seen from the asked skill, as in `bridges_to`)."""
    return _kept(set(held_ids), swap=True)


# Per (taxonomy version, direction): the bridges of every skill looked up so far.
_known: dict[tuple[str, bool], dict[int, tuple[Bridge, ...]]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop what this process knows (a relation changed here; tests)."""
    with _lock:
        _known.clear()


def _kept(ids: set[int], *, swap: bool) -> Bridges:
    version = cache.get(TAXONOMY_VERSION_CACHE_KEY, "initial")
    with _lock:
        if not any(key[0] == version for key in _known):
            _known.clear()  # the taxonomy changed elsewhere
        table = _known.setdefault((version, swap), {})
        missing = ids - table.keys()
    if missing:
        found = _related(missing, swap=swap)
        with _lock:
            for concept_id in missing:
                table[concept_id] = tuple(found.get(concept_id, ()))
    return {concept_id: table[concept_id] for concept_id in ids if table[concept_id]}


def _related(ids: set[int], *, swap: bool) -> Bridges:
    if not ids:
        return {}
    found: dict[int, dict[int, Relation]] = defaultdict(dict)

    def add(source: int, other: int, relation: Relation) -> None:
        if other == source:
            return
        current = found[source].get(other)
        if current is None or relation < current:
            found[source][other] = relation

    parents_of = _pairs(Concept.objects.filter(pk__in=ids).values_list("pk", "broader"))
    children_of = _pairs(Concept.objects.filter(pk__in=ids).values_list("pk", "narrower"))
    # From the asked skill's side a child held is narrower; held, a child asked is broader.
    down, up = (
        (Relation.BROADER, Relation.NARROWER) if swap else (Relation.NARROWER, Relation.BROADER)
    )
    for source in ids:
        for child in children_of.get(source, ()):
            add(source, child, down)
        for parent in parents_of.get(source, ()):
            add(source, parent, up)
    # A grandchild of the asked skill is still a specific form of it ("stofzuigen" under
    # "vloeren schoonmaken" under "schoonmaakwerk doen"); a grandparent is too general.
    if swap:
        middle = {parent for values in parents_of.values() for parent in values}
        second = _pairs(Concept.objects.filter(pk__in=middle).values_list("pk", "broader"))
        for source in ids:
            for parent in parents_of.get(source, ()):
                for grandparent in second.get(parent, ()):
                    add(source, grandparent, Relation.NARROWER)
    else:
        middle = {child for values in children_of.values() for child in values}
        second = _pairs(Concept.objects.filter(pk__in=middle).values_list("pk", "narrower"))
        for source in ids:
            for child in children_of.get(source, ()):
                for grandchild in second.get(child, ()):
                    add(source, grandchild, Relation.NARROWER)

    parents = {parent for values in parents_of.values() for parent in values}
    family = _pairs(Concept.objects.filter(pk__in=parents).values_list("pk", "narrower"))
    for source in ids:
        for parent in parents_of.get(source, ()):
            members = family.get(parent, ())
            if len(members) <= MAX_FAMILY:
                for member in members:
                    add(source, member, Relation.SIBLING)

    for source, other in _needed_together(ids):
        add(source, other, Relation.CO_REQUIRED)

    usable = _usable_skills({other for others in found.values() for other in others})
    return {
        source: tuple(
            Bridge(other, relation)
            for other, relation in sorted(others.items(), key=lambda item: (item[1], item[0]))
            if other in usable
        )
        for source, others in found.items()
    }


def _pairs(rows: Iterable[tuple[int, int | None]]) -> dict[int, list[int]]:
    pairs: dict[int, list[int]] = defaultdict(list)
    for key, value in rows:
        if value is not None:
            pairs[key].append(value)
    return pairs


def _essential(skill_ids: Iterable[int]) -> dict[int, set[int]]:
    occupations: dict[int, set[int]] = defaultdict(set)
    for skill_id, occupation_id in OccupationSkill.objects.filter(
        skill_id__in=list(skill_ids), relation_type=RelationType.ESSENTIAL
    ).values_list("skill_id", "occupation_id"):
        occupations[skill_id].add(occupation_id)
    return occupations


def _needed_together(ids: set[int]) -> list[tuple[int, int]]:
    """Pairs (skill of `ids`, other skill) that the same occupations need as essential."""
    own = {
        skill: occupations
        for skill, occupations in _essential(ids).items()
        if len(occupations) <= MAX_OCCUPATIONS
    }
    if not own:
        return []
    all_occupations = {occupation for occupations in own.values() for occupation in occupations}
    candidates = set(
        OccupationSkill.objects.filter(
            occupation_id__in=all_occupations, relation_type=RelationType.ESSENTIAL
        ).values_list("skill_id", flat=True)
    )
    theirs = _essential(candidates)
    pairs = []
    for skill, occupations in own.items():
        for other, other_occupations in theirs.items():
            if other == skill or len(other_occupations) > MAX_OCCUPATIONS:
                continue
            shared = len(occupations & other_occupations)
            if shared and shared / len(occupations | other_occupations) >= MIN_OVERLAP:
                pairs.append((skill, other))
    return pairs


def _usable_skills(ids: set[int]) -> set[int]:
    """Of `ids`, the released skills and knowledge (not occupations, not obsolete)."""
    if not ids:
        return set()
    return set(
        Concept.objects.filter(
            pk__in=ids, concept_type__in=SKILL_TYPES, status=ConceptStatus.RELEASED
        ).values_list("pk", flat=True)
    )
