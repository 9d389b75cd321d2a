"""Reads of the skill taxonomy."""

from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Max, Value, When

from .models import Concept, ConceptStatus, OccupationSkill, RelationType


def skills_for_occupations(occupation_ids: Iterable[int], limit: int = 10) -> list[Concept]:
    """Skills people in these occupations usually have: essential ones first, then optional.

    For "people who want this work often can: …". Within each group, skills shared by
    more of the given occupations come first, then by id for a stable order. Each
    returned concept carries `relation_type` ("essential" when it is essential for any
    of the occupations) and `occupation_count`. Two queries, whatever the size.
    """
    occupation_ids = list(occupation_ids)
    if not occupation_ids or limit <= 0:
        return []
    rows = list(
        OccupationSkill.objects.filter(
            occupation_id__in=occupation_ids, skill__status=ConceptStatus.RELEASED
        )
        .values("skill_id")
        .annotate(
            essential=Max(
                Case(
                    When(relation_type=RelationType.ESSENTIAL, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
            occupation_count=Count("occupation_id", distinct=True),
        )
        .order_by("-essential", "-occupation_count", "skill_id")[:limit]
    )
    concepts = Concept.objects.in_bulk([row["skill_id"] for row in rows])
    skills = []
    for row in rows:
        concept = concepts[row["skill_id"]]
        concept.relation_type = (
            RelationType.ESSENTIAL if row["essential"] else RelationType.OPTIONAL
        )
        concept.occupation_count = row["occupation_count"]
        skills.append(concept)
    return skills


def concepts_by_uri(uris: Iterable[str]) -> dict[str, Concept]:
    """Stored concepts for these URIs, keyed by URI (unknown URIs are left out)."""
    return {concept.uri: concept for concept in Concept.objects.filter(uri__in=list(uris))}
