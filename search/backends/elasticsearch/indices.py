"""What the engine stores, and where: the mapping and source of each document type, and
the names of its indices and aliases.

Skills are stored twice. `skills` keeps each skill as the issue describes it (concept
id and level; for vacancies also min_level and required), in the source only, not
indexed. Queries use flat keywords instead: `skill_levels` holds "<concept>:<level>"
per skill of a portfolio, and `skill_needs` "<concept>:<min_level>:<r|n>" per skill
of a vacancy. Levels are the four steps of `SkillLevel`, so "level ≥ 3" is the term
set {"c:3", "c:4"}: a constant-score `terms` clause that is exact on every engine.
Nested documents give the same answers but made indexing about three times and
searching several times slower on the test engine, and Elasticsearch stores each
nested skill as a hidden document of its own.

Only what a query, sort or facet uses is indexed, and `doc_values` (the column store
for sorting and aggregations) is off for fields that are only filtered on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.dsl import Document, GeoPoint, Index, Integer, Keyword, Long, MetaField, Object

from portal.choices import SkillLevel, dutch_rank

from ...documents import PortfolioIndexDocument, VacancyIndexDocument

DEFAULT_INDEX_PREFIX = "talentbrug"
FIRST_INDEX = "initial"
INDEX_TIME = "%Y%m%d%H%M%S%f"

# The level scale portfolios and vacancies share (1..4).
LEVELS: tuple[int, ...] = tuple(SkillLevel.values)
REQUIRED, OPTIONAL = "r", "n"


def skill_key(concept_id: int, level: int) -> str:
    """A `skill_levels` keyword: the person holds this concept at this level."""
    return f"{concept_id}:{level}"


def organisation_facet_key(facet: str, organisation_id: int, value: str) -> str:
    """An `organisation_facets` keyword: this organisation recorded this value."""
    return f"{facet}:{organisation_id}:{value}"


def need_key(concept_id: int, min_level: int, required: bool) -> str:
    """A `skill_needs` keyword: the vacancy asks this concept at this level, (not) required."""
    return f"{concept_id}:{min_level}:{REQUIRED if required else OPTIONAL}"


def _filtered_keyword(**kwargs: Any) -> Keyword:
    # Filtered on only: no column store for sorting or aggregations.
    return Keyword(doc_values=False, **kwargs)


def _filtered_integer(**kwargs: Any) -> Integer:
    return Integer(doc_values=False, **kwargs)


class PortfolioMapping(Document):
    """A portfolio as the engine stores it: only what matching needs (`PortfolioIndexDocument`)."""

    portfolio_id = Integer()
    # [{"concept_id", "level"}], kept for reading; queries use skill_levels.
    skills = Object(enabled=False)
    skill_levels = _filtered_keyword(multi=True)
    occupation_ids = _filtered_integer(multi=True)
    location = GeoPoint()
    reach_km = _filtered_integer()
    hours_min = _filtered_integer()
    hours_max = Integer()
    work_types = Keyword(multi=True)
    driving_licences = Keyword(multi=True)
    certificates = _filtered_keyword(multi=True)
    # `portal.choices.dutch_rank`: 0 unknown, 1 (A1) to 6 (C2).
    dutch_level = _filtered_integer()
    # Milliseconds since the epoch of the last publication: the tie-break after the score.
    updated_at = Long()
    # The day the person can start (`date.toordinal()`); 0: now, or they did not say.
    available_from = _filtered_integer()
    municipality = Keyword()
    # Words from `spec.text_tokens`, compared whole: the same on every engine.
    tokens = _filtered_keyword(multi=True)
    audience = _filtered_keyword(multi=True)
    member_organisation_ids = _filtered_integer(multi=True)
    # "<facet>:<organisation>:<value>" (`search.extensions`); counted by filters, so
    # a viewer's count only ever reads their own organisations' keys.
    organisation_facets = _filtered_keyword(multi=True)

    class Meta:
        dynamic = MetaField("strict")


class VacancyMapping(Document):
    """A vacancy as the engine stores it."""

    vacancy_id = Integer()
    # [{"concept_id", "min_level", "required"}], kept for reading; queries use skill_needs.
    skills = Object(enabled=False)
    skill_needs = _filtered_keyword(multi=True)
    required_skills = _filtered_integer()
    occupation_id = _filtered_integer()
    work_type = Keyword()
    hours_min = _filtered_integer()
    hours_max = _filtered_integer()
    location = GeoPoint()
    municipality = Keyword()
    tokens = _filtered_keyword(multi=True)
    audience = _filtered_keyword(multi=True)
    # Its musts: a person lacking one of these is no complete match for it.
    driving_licences = _filtered_keyword(multi=True)
    certificates = _filtered_keyword(multi=True)
    dutch_level = _filtered_integer()

    class Meta:
        dynamic = MetaField("strict")


def _location(latitude: float | None, longitude: float | None) -> dict[str, float] | None:
    if latitude is None or longitude is None:
        return None
    return {"lat": latitude, "lon": longitude}


def portfolio_source(doc: PortfolioIndexDocument) -> dict[str, Any]:
    """The stored source of a portfolio (`PortfolioMapping`)."""
    return {
        "portfolio_id": doc.portfolio_id,
        "skills": [{"concept_id": s.concept_id, "level": s.level} for s in doc.skills],
        "skill_levels": [skill_key(s.concept_id, s.level) for s in doc.skills],
        "occupation_ids": list(doc.occupation_ids),
        "location": _location(doc.latitude, doc.longitude),
        "reach_km": doc.reach_km,
        "hours_min": doc.hours_min,
        "hours_max": doc.hours_max,
        "work_types": list(doc.work_types),
        "driving_licences": list(doc.driving_licences),
        "certificates": list(doc.certificates),
        "dutch_level": dutch_rank(doc.dutch_level),
        "updated_at": doc.updated_at,
        "available_from": doc.available_from,
        "municipality": doc.municipality or None,
        "tokens": list(doc.tokens),
        "audience": list(doc.audience),
        "member_organisation_ids": list(doc.member_organisation_ids),
        "organisation_facets": [
            organisation_facet_key(*value) for value in doc.organisation_facets
        ],
    }


def vacancy_source(doc: VacancyIndexDocument) -> dict[str, Any]:
    """The stored source of a vacancy (`VacancyMapping`)."""
    return {
        "vacancy_id": doc.vacancy_id,
        "skills": [
            {"concept_id": s.concept_id, "min_level": s.min_level, "required": s.required}
            for s in doc.skills
        ],
        "skill_needs": [need_key(s.concept_id, s.min_level, s.required) for s in doc.skills],
        "required_skills": sum(s.required for s in doc.skills),
        "occupation_id": doc.occupation_id,
        "work_type": doc.work_type or None,
        "hours_min": doc.hours_min,
        "hours_max": doc.hours_max,
        "location": _location(doc.latitude, doc.longitude),
        "municipality": doc.municipality or None,
        "tokens": list(doc.tokens),
        "audience": list(doc.audience),
        "driving_licences": list(doc.driving_licences),
        "certificates": list(doc.certificates),
        "dutch_level": dutch_rank(doc.dutch_level),
    }


class IndexKind:
    """One document type: its index names and aliases under a prefix."""

    def __init__(self, prefix: str, name: str, document: type[Document]):
        self.base = f"{prefix}_{name}"
        self.read_alias = f"{self.base}_read"
        self.write_alias = f"{self.base}_write"
        self.document = document

    @property
    def first_index_name(self) -> str:
        return f"{self.base}_{FIRST_INDEX}"

    def new_index_name(self) -> str:
        return f"{self.base}_{datetime.now(UTC):{INDEX_TIME}}"

    def started(self, index: str) -> datetime | None:
        """When the rebuild that made this index started (None for the first index)."""
        suffix = index[len(self.base) + 1 :]
        if not suffix.isdigit():
            return None
        return datetime.strptime(suffix, INDEX_TIME).replace(tzinfo=UTC)

    def indices(self, client: Elasticsearch) -> dict[str, set[str]]:
        """This kind's indices and the aliases on each.

        A name pattern alone would also match another prefix that starts with this
        one ("talentbrug_portfolios_x_…"), so the suffix is checked too.
        """
        found = client.indices.get_alias(index=f"{self.base}_*", expand_wildcards="all")
        start = len(self.base) + 1
        return {
            name: set(info.get("aliases", {}))
            for name, info in found.items()
            if name[start:] == FIRST_INDEX or name[start:].isdigit()
        }

    def index(self, name: str, **index_settings: Any) -> Index:
        """An index of this kind (its mapping, these settings), to create."""
        index = Index(name)
        index.document(self.document)
        if index_settings:
            index.settings(**index_settings)
        return index
