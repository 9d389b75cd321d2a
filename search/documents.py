"""What the search index holds about a portfolio or a vacancy: plain data, no Django.

`search.builders` fills these from the database; every backend stores them
(Elasticsearch documents, or the database backend's own tables) and
`search.scoring` explains a result from them. Only what matching needs is here:
no name, no contact details, no support needs.
"""

from __future__ import annotations

from dataclasses import dataclass

# Audience keywords: who may find a portfolio. "org:<id>" is one organisation
# (the coach's), the other two stand for groups resolved at query time.
AUDIENCE_NETWORK = "network"
AUDIENCE_EMPLOYERS = "employers"


def organisation_audience(organisation_id: int) -> str:
    return f"org:{organisation_id}"


# Vacancy audiences: staff of intermediaries see every open vacancy; jobseekers only
# those the employer shows to them.
AUDIENCE_INTERMEDIARIES = "intermediaries"
AUDIENCE_JOBSEEKERS = "jobseekers"


@dataclass(frozen=True, slots=True)
class SkillEntry:
    """A person's skill. `level` is the one that counts for matching."""

    concept_id: int
    level: int
    assessed_by_staff: bool = False
    self_level: int | None = None


@dataclass(frozen=True, slots=True)
class VacancySkillEntry:
    concept_id: int
    min_level: int
    required: bool


@dataclass(frozen=True, slots=True)
class PortfolioIndexDocument:
    """What the index holds about one published portfolio (not the PDF CV,
    `portfolios.models.PortfolioDocument`)."""

    portfolio_id: int
    skills: tuple[SkillEntry, ...]
    occupation_ids: tuple[int, ...]
    latitude: float | None
    longitude: float | None
    max_travel_km: int | None
    reach_km: int | None
    hours_min: int | None
    hours_max: int | None
    work_types: tuple[str, ...]
    driving_licences: tuple[str, ...]
    municipality: str
    region: str
    tokens: tuple[str, ...]
    audience: tuple[str, ...]
    member_organisation_ids: tuple[int, ...]
    # (facet, organisation id, value) of `search.extensions`: only that organisation's
    # staff may count or filter on the value.
    organisation_facets: tuple[tuple[str, int, str], ...] = ()
    # What a vacancy may require (`portal.choices.Certificate` codes; a CEFR level or "").
    certificates: tuple[str, ...] = ()
    dutch_level: str = ""
    # When the person last published it, in milliseconds since the epoch: breaks ties
    # between equal scores (the most recently updated first), then the id.
    updated_at: int = 0
    # The day they can start (`date.toordinal()`); 0: they can start now (or did not say).
    available_from: int = 0


@dataclass(frozen=True, slots=True)
class VacancyIndexDocument:
    """What the index holds about one open vacancy."""

    vacancy_id: int
    organisation_id: int
    skills: tuple[VacancySkillEntry, ...]
    occupation_id: int | None
    work_type: str
    hours_min: int | None
    hours_max: int | None
    latitude: float | None
    longitude: float | None
    municipality: str
    region: str
    tokens: tuple[str, ...]
    audience: tuple[str, ...]
    # Musts: a candidate holds every one of these and speaks Dutch at least this well
    # (`CandidateFilters.widened` / `widen` lift them).
    driving_licences: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    dutch_level: str = ""
