"""The match spec: what a search asks, backend-neutral and pure Python (no Django queries).

A spec is built from an index document (a vacancy looking for candidates, or a
portfolio looking for vacancies) plus what the searcher chose on the screen.
Every backend turns the same spec into its own query, and `search.scoring`
explains each result from the same spec, so ranking and explanation agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum

from portal.choices import dutch_rank

from .documents import PortfolioIndexDocument, VacancyIndexDocument

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_TEXT_TOKENS = 8

_TOKEN_RE = re.compile(r"[0-9a-z]+")


def text_tokens(text: str) -> tuple[str, ...]:
    """Words of `text`, lower-cased and without accents, as every backend compares them.

    One tokenizer for indexing and querying on every engine, so "free text
    matched" means the same everywhere: whole words, no stemming ("heftruck"
    matches "Heftruck" and "héftruck", not "heftrucks").
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return tuple(dict.fromkeys(_TOKEN_RE.findall(plain)))


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who searches, as the index sees access: computed from the database per request.

    `organisation_ids`: approved intermediary organisations where the viewer works
    with jobseekers. `is_intermediary` / `is_employer`: the viewer holds such a
    role in an approved organisation.
    """

    organisation_ids: frozenset[int] = frozenset()
    is_intermediary: bool = False
    is_employer: bool = False

    @property
    def sees_nothing(self) -> bool:
        return not (self.organisation_ids or self.is_intermediary or self.is_employer)


class Relation(IntEnum):
    """How a person's skill relates to an asked skill, strongest first
    (`search.scoring.CREDITS` gives the points of each)."""

    EXACT = 0
    NARROWER = 1  # the person's skill is more specific than the asked one
    BROADER = 2  # more general
    SIBLING = 3  # both under one broader skill
    CO_REQUIRED = 4  # the same occupations need both


@dataclass(frozen=True, slots=True)
class Bridge:
    """A skill related to another one, and how (always seen from the asked skill)."""

    concept_id: int
    relation: Relation


# Per skill id, its related skills (`search.bridges`); empty: exact matches only.
Bridges = Mapping[int, tuple[Bridge, ...]]


@dataclass(frozen=True, slots=True)
class SkillNeed:
    """A skill a vacancy asks for; `bridges`: the person's skills that also earn credit."""

    concept_id: int
    min_level: int
    required: bool
    bridges: tuple[Bridge, ...] = ()

    def options(self) -> tuple[Bridge, ...]:
        """Every skill that can earn credit for this need, the asked one first."""
        return (Bridge(self.concept_id, Relation.EXACT), *self.bridges)


@dataclass(frozen=True, slots=True)
class SkillHeld:
    """A skill a person has, at the level that counts (staff-assessed where present);
    `bridges`: the asked skills it also earns credit for, and how."""

    concept_id: int
    level: int
    bridges: tuple[Bridge, ...] = ()


class Must(StrEnum):
    """A condition a complete match meets. The vacancy (or a free search) states the
    first three; the next three are the person's own wishes (their reach, hours and
    wished work type), which a search respects by default; the last is asked by the
    searcher: the person can start by a given day. A coach may widen any of them on
    purpose: then people missing it are found too, after everyone who meets every must
    (`search.scoring`)."""

    LICENCES = "licences"
    CERTIFICATES = "certificates"
    DUTCH = "dutch"
    REACH = "reach"
    HOURS = "hours"
    WORK_TYPE = "work_type"
    AVAILABILITY = "availability"


@dataclass(frozen=True, slots=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class CandidateFilters:
    """What an intermediary narrows a candidate search to (facet choices included)."""

    radius_km: int | None = None
    only_complete: bool = False
    skill_ids: frozenset[int] = frozenset()
    municipalities: frozenset[str] = frozenset()
    min_hours: int | None = None
    driving_licences: frozenset[str] = frozenset()
    work_types: frozenset[str] = frozenset()
    # (facet, value) of `search.extensions`, as the viewer's own organisations recorded it.
    organisation_facets: frozenset[tuple[str, str]] = frozenset()
    # A must the searcher asks: people who can start on or before this day
    # (`date.toordinal()`; `PortfolioIndexDocument.available_from`).
    available_by: int | None = None
    # The coach widened on purpose: no must narrows (`Must`); `widen` names single ones.
    widened: bool = False
    widen: frozenset[Must] = frozenset()

    def widens(self, must: Must) -> bool:
        """Whether people missing `must` are found too (after those who meet it)."""
        return self.widened or must in self.widen

    def organisation_facet_choices(self) -> dict[str, list[str]]:
        """The chosen values per facet, sorted: one facet's values are alternatives."""
        chosen: dict[str, list[str]] = {}
        for name, value in sorted(self.organisation_facets):
            chosen.setdefault(name, []).append(value)
        return chosen


@dataclass(frozen=True, slots=True)
class VacancyFilters:
    """What narrows a vacancy search for one person."""

    radius_km: int | None = None
    only_complete: bool = False
    municipalities: frozenset[str] = frozenset()
    work_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CandidateSpec:
    """Ranked candidates for a vacancy."""

    viewer: Viewer
    needs: tuple[SkillNeed, ...]
    location: Point | None
    hours_min: int | None
    hours_max: int | None
    work_type: str
    occupation_id: int | None
    text: tuple[str, ...] = ()
    filters: CandidateFilters = field(default_factory=CandidateFilters)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    vacancy_id: int | None = None
    # The vacancy's musts, for the explanation; unless widened they are also in `filters`.
    required_licences: frozenset[str] = frozenset()
    required_certificates: frozenset[str] = frozenset()
    # 0: no Dutch asked; 1 (A1) to 6 (C2), `portal.choices.dutch_rank`.
    required_dutch: int = 0
    # The musts that apply to this search (`applicable_musts`), and of those the ones the
    # coach widened: a must applied and not widened narrows, a widened one only ranks.
    musts: frozenset[Must] = frozenset()
    widened_musts: frozenset[Must] = frozenset()
    # The work types the work type must accepts (a vacancy: its one; a free search: those
    # chosen), and the day the availability must asks (`CandidateFilters.available_by`).
    work_types: frozenset[str] = frozenset()
    available_by: int | None = None

    @property
    def narrowing_musts(self) -> frozenset[Must]:
        return self.musts - self.widened_musts

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def required(self) -> tuple[SkillNeed, ...]:
        return tuple(need for need in self.needs if need.required)


@dataclass(frozen=True, slots=True)
class VacancySpec:
    """Ranked vacancies for one person's portfolio."""

    skills: tuple[SkillHeld, ...]
    location: Point | None
    reach_km: int | None
    hours_min: int | None
    hours_max: int | None
    work_types: frozenset[str]
    occupation_ids: frozenset[int]
    text: tuple[str, ...] = ()
    filters: VacancyFilters = field(default_factory=VacancyFilters)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    portfolio_id: int | None = None
    # What the person holds of what vacancies may require: a vacancy asking more is not
    # a complete match, and comes after those that are.
    licences: frozenset[str] = frozenset()
    certificates: frozenset[str] = frozenset()
    dutch: int = 0

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def credited(self) -> dict[int, list[tuple[int, Relation]]]:
        """Per asked skill id, the person's skills that earn credit for it, and how."""
        credited: dict[int, list[tuple[int, Relation]]] = {}
        for held in self.skills:
            for bridge in held.bridges:
                credited.setdefault(bridge.concept_id, []).append(
                    (held.concept_id, bridge.relation)
                )
        return credited

    def options(self) -> dict[int, list[tuple[int, int, Relation]]]:
        """Per skill id a vacancy may ask, (person's skill, its level, relation) that credit it."""
        options: dict[int, list[tuple[int, int, Relation]]] = {}
        for held in self.skills:
            options.setdefault(held.concept_id, []).append(
                (held.concept_id, held.level, Relation.EXACT)
            )
            for bridge in held.bridges:
                options.setdefault(bridge.concept_id, []).append(
                    (held.concept_id, held.level, bridge.relation)
                )
        return options


def _page(page: int, page_size: int) -> tuple[int, int]:
    return max(1, page), max(1, min(page_size, MAX_PAGE_SIZE))


def candidate_spec(
    vacancy: VacancyIndexDocument,
    *,
    viewer: Viewer,
    filters: CandidateFilters | None = None,
    text: str = "",
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    bridges: Bridges | None = None,
) -> CandidateSpec:
    """The spec for "who fits this vacancy", as `viewer` may see them.

    `bridges` (`search.bridges.bridges_to`) lets related skills earn credit.
    """
    bridges = bridges or {}
    page, page_size = _page(page, page_size)
    location = Point(vacancy.latitude, vacancy.longitude) if vacancy.latitude is not None else None
    filters = filters or CandidateFilters()
    required_licences = frozenset(vacancy.driving_licences)
    if required_licences and not filters.widens(Must.LICENCES):
        # Musts are musts: only people holding the licences are candidates.
        filters = replace(filters, driving_licences=filters.driving_licences | required_licences)
    musts = applicable_musts(vacancy)
    if filters.available_by is not None:
        musts |= {Must.AVAILABILITY}
    return CandidateSpec(
        viewer=viewer,
        needs=tuple(
            SkillNeed(
                concept_id=s.concept_id,
                min_level=s.min_level,
                required=s.required,
                bridges=tuple(bridges.get(s.concept_id, ())),
            )
            for s in vacancy.skills
        ),
        location=location,
        hours_min=vacancy.hours_min,
        hours_max=vacancy.hours_max,
        work_type=vacancy.work_type,
        occupation_id=vacancy.occupation_id,
        text=text_tokens(text)[:MAX_TEXT_TOKENS],
        filters=filters,
        page=page,
        page_size=page_size,
        vacancy_id=vacancy.vacancy_id,
        required_licences=required_licences,
        required_certificates=frozenset(vacancy.certificates),
        required_dutch=dutch_rank(vacancy.dutch_level),
        musts=musts,
        widened_musts=frozenset(must for must in musts if filters.widens(must)),
        work_types=frozenset({vacancy.work_type}) if vacancy.work_type else frozenset(),
        available_by=filters.available_by,
    )


def applicable_musts(vacancy: VacancyIndexDocument) -> frozenset[Must]:
    """The musts a search for this vacancy applies: what it requires, and the person's own
    reach, hours and work type wherever the vacancy says where, how long and what."""
    musts = set()
    if vacancy.driving_licences:
        musts.add(Must.LICENCES)
    if vacancy.certificates:
        musts.add(Must.CERTIFICATES)
    if dutch_rank(vacancy.dutch_level):
        musts.add(Must.DUTCH)
    if vacancy.latitude is not None and vacancy.longitude is not None:
        musts.add(Must.REACH)
    if (
        vacancy.hours_min is not None
        and vacancy.hours_max is not None
        and vacancy.hours_min <= vacancy.hours_max
    ):
        musts.add(Must.HOURS)
    if vacancy.work_type:
        musts.add(Must.WORK_TYPE)
    return frozenset(musts)


def vacancy_spec(
    portfolio: PortfolioIndexDocument,
    *,
    filters: VacancyFilters | None = None,
    text: str = "",
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    bridges: Bridges | None = None,
) -> VacancySpec:
    """The spec for "which vacancies fit this person".

    `bridges` (`search.bridges.bridges_from`) lets the person's skills earn credit
    for related asked skills.
    """
    bridges = bridges or {}
    page, page_size = _page(page, page_size)
    location = (
        Point(portfolio.latitude, portfolio.longitude) if portfolio.latitude is not None else None
    )
    return VacancySpec(
        skills=tuple(
            SkillHeld(
                concept_id=s.concept_id,
                level=s.level,
                bridges=tuple(bridges.get(s.concept_id, ())),
            )
            for s in portfolio.skills
        ),
        location=location,
        reach_km=portfolio.reach_km,
        hours_min=portfolio.hours_min,
        hours_max=portfolio.hours_max,
        work_types=frozenset(portfolio.work_types),
        occupation_ids=frozenset(portfolio.occupation_ids),
        text=text_tokens(text)[:MAX_TEXT_TOKENS],
        filters=filters or VacancyFilters(),
        page=page,
        page_size=page_size,
        portfolio_id=portfolio.portfolio_id,
        licences=frozenset(portfolio.driving_licences),
        certificates=frozenset(portfolio.certificates),
        dutch=dutch_rank(portfolio.dutch_level),
    )


@dataclass(frozen=True, slots=True)
class FreeCriteria:
    """What a coach or employer asks without a vacancy: "who near Veendam can drive a
    forklift and wants 24+ hours?". Built by `search.forms.FreeSearchForm` (every value
    checked there) and kept by a saved search."""

    skill_ids: tuple[int, ...] = ()
    occupation_id: int | None = None
    location: Point | None = None
    radius_km: int | None = None
    min_hours: int | None = None
    work_types: frozenset[str] = frozenset()
    driving_licences: frozenset[str] = frozenset()
    only_complete: bool = False
    text: str = ""
    # More musts, as a vacancy states them: certificates, a Dutch level ("B1"), and
    # the day by which a person can start (`date.toordinal()`).
    certificates: frozenset[str] = frozenset()
    dutch_level: str = ""
    available_by: int | None = None
    # The musts the searcher widened on purpose: people missing them come after.
    widen: frozenset[Must] = frozenset()

    def musts(self) -> frozenset[Must]:
        """The musts this search asks (licences, certificates, Dutch, hours, work type,
        availability); the person's reach is a must only where a vacancy is."""
        asked = {
            Must.LICENCES: self.driving_licences,
            Must.CERTIFICATES: self.certificates,
            Must.DUTCH: dutch_rank(self.dutch_level),
            Must.HOURS: self.min_hours is not None,
            Must.WORK_TYPE: self.work_types,
            Must.AVAILABILITY: self.available_by is not None,
        }
        return frozenset(must for must, value in asked.items() if value)


# A free search asks for the chosen skills at the lowest level: a coach exploring asks
# "who can do this", and the explanation still shows each person's level.
FREE_SEARCH_MIN_LEVEL = 1
# "Can work at least N hours" is the range N to this: hours that overlap it fit.
FREE_SEARCH_MAX_HOURS = 60


def free_candidate_spec(
    criteria: FreeCriteria,
    *,
    viewer: Viewer,
    filters: CandidateFilters | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    bridges: Bridges | None = None,
) -> CandidateSpec:
    """The spec for a free candidate search: the chosen skills as required skills, the
    place as where the work is, the rest as filters; ranked and explained as a vacancy's.

    `filters` adds the facet choices of the result page (municipalities); the
    criteria's own filters always count. Licences, certificates, Dutch, hours, work type
    and availability are musts as a vacancy's are: they narrow, unless widened
    (`FreeCriteria.widen`); then people missing them come after, each with what they miss.
    """
    bridges = bridges or {}
    page, page_size = _page(page, page_size)
    musts = criteria.musts()
    widened = musts & criteria.widen
    filters = replace(
        filters or CandidateFilters(),
        radius_km=criteria.radius_km if criteria.location is not None else None,
        only_complete=criteria.only_complete,
        # Licences narrow through the filters, as for a vacancy (`candidate_spec`).
        driving_licences=criteria.driving_licences if Must.LICENCES not in widened else frozenset(),
        available_by=criteria.available_by,
    )
    hours_asked = criteria.min_hours is not None
    return CandidateSpec(
        viewer=viewer,
        needs=tuple(
            SkillNeed(
                concept_id=concept_id,
                min_level=FREE_SEARCH_MIN_LEVEL,
                required=True,
                bridges=tuple(bridges.get(concept_id, ())),
            )
            for concept_id in criteria.skill_ids
        ),
        location=criteria.location,
        hours_min=criteria.min_hours if hours_asked else None,
        hours_max=FREE_SEARCH_MAX_HOURS if hours_asked else None,
        work_type=next(iter(criteria.work_types)) if len(criteria.work_types) == 1 else "",
        occupation_id=criteria.occupation_id,
        text=text_tokens(criteria.text)[:MAX_TEXT_TOKENS],
        filters=filters,
        page=page,
        page_size=page_size,
        required_licences=criteria.driving_licences,
        required_certificates=criteria.certificates,
        required_dutch=dutch_rank(criteria.dutch_level),
        musts=musts,
        widened_musts=widened,
        work_types=criteria.work_types,
        available_by=criteria.available_by,
    )
