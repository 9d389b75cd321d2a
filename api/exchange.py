"""Exchange formats: a vacancy as HR Open's PositionOpening, a person's profile as HR Open's
Candidate, and a proposal's process data in the shape of VUM's third part.

These are the shapes of the standards (field names and nesting as in HR Open 4.x / SETU,
skills as ESCO URIs with a level on our 1-4 scale), reduced to what Talentbrug holds; the
pydantic models below are both the API's response schemas and the published JSON Schemas
(`/api/v1/exchange/schemas/<name>.json`).
"""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from intermediaries.models import Proposal
from portal.accounts.models import User
from portal.taxonomy.models import Concept
from portfolios.models import (
    PortfolioLanguage,
    PortfolioOccupation,
    PortfolioPage,
    PortfolioSkill,
)
from vacancies.models import Vacancy

ESCO_SCHEME = "ESCO"
LEVELS = {"minimumValue": 1, "maximumValue": 4}


class Identifier(Schema):
    value: str
    schemeId: str = "talentbrug"


class Proficiency(Schema):
    value: int = Field(ge=1, le=4)
    minimumValue: int = 1
    maximumValue: int = 4


class Competency(Schema):
    competencyId: Identifier
    name: str
    proficiencyLevel: Proficiency | None = None
    requiredProficiencyLevel: Proficiency | None = None
    requiredIndicator: bool | None = None


class Period(Schema):
    start: date | None = None
    end: date | None = None


class Address(Schema):
    postalCode: str = ""
    city: str = ""
    countryCode: str = "NL"


class PositionProfile(Schema):
    positionTitle: str
    positionFormattedDescriptions: list[dict[str, str]]
    positionLocations: list[dict[str, Address]]
    positionOfferingTypeCodes: list[str]
    workingHours: dict[str, int | None]
    jobCategories: list[Identifier]
    positionCompetencies: list[Competency]
    positionPeriod: Period
    numberToFill: int


class PositionOpening(Schema):
    """HR Open PositionOpening: the vacancy profile (VUM part 2)."""

    documentId: Identifier
    positionOpeningStatusCode: str
    postingInstructions: list[dict[str, date | None]]
    positionProfiles: list[PositionProfile]


class CandidateProfile(Schema):
    employmentPreferences: dict[str, Any]
    competencies: list[Competency]
    desiredPositions: list[Identifier]
    languages: list[dict[str, str]]


class Candidate(Schema):
    """HR Open Candidate: the jobseeker profile (VUM part 1), skills-based, without contact data."""

    documentId: Identifier
    profiles: list[CandidateProfile]


class ProcessEvent(Schema):
    eventType: str
    fromState: str
    occurredAt: datetime


class ProcessData(Schema):
    """VUM part 3: what happened between a candidate and a vacancy, and the placement."""

    processId: Identifier
    positionOpeningId: Identifier
    candidateId: Identifier
    events: list[ProcessEvent]
    placement: dict[str, Any] | None


SCHEMAS = {"position-opening": PositionOpening, "candidate": Candidate, "process": ProcessData}


def _esco(concept) -> Identifier:
    return Identifier(value=concept.uri, schemeId=ESCO_SCHEME if concept.is_esco else "talentbrug")


def position_opening(vacancy: Vacancy) -> PositionOpening:
    skills = list(vacancy.skills.select_related("concept"))
    return PositionOpening(
        documentId=Identifier(value=f"vacancy:{vacancy.pk}"),
        positionOpeningStatusCode="Active" if vacancy.effective_status == "open" else "Inactive",
        postingInstructions=[{"applicationCloseDate": vacancy.closing_date}],
        positionProfiles=[
            PositionProfile(
                positionTitle=vacancy.title,
                positionFormattedDescriptions=[{"content": vacancy.description}],
                positionLocations=[
                    {"address": Address(postalCode=vacancy.postcode, city=vacancy.place)}
                ],
                positionOfferingTypeCodes=[vacancy.work_type],
                workingHours={"minimum": vacancy.hours_min, "maximum": vacancy.hours_max},
                jobCategories=[_esco(vacancy.occupation)] if vacancy.occupation_id else [],
                positionCompetencies=[
                    Competency(
                        competencyId=_esco(skill.concept),
                        name=skill.concept.label(),
                        requiredProficiencyLevel=Proficiency(value=skill.min_level),
                        requiredIndicator=skill.required,
                    )
                    for skill in skills
                ],
                positionPeriod=Period(start=vacancy.start_date, end=vacancy.closing_date),
                numberToFill=vacancy.places,
            )
        ],
    )


def vacancy_fields_from(document: PositionOpening) -> dict[str, Any]:
    """A PositionOpening as the API's vacancy input (`VacancyIn`), for that schema to check.

    The inverse of `position_opening`: exporting what this makes gives the same document.
    """
    if not document.positionProfiles:
        raise ValidationError(
            {"positionProfiles": [_("Give the position profile of the vacancy.")]}
        )
    profile = document.positionProfiles[0]
    descriptions = [item.get("content", "") for item in profile.positionFormattedDescriptions]
    address = next(
        (place["address"] for place in profile.positionLocations if "address" in place), None
    )
    fields: dict[str, Any] = {
        "title": profile.positionTitle,
        "description": "\n\n".join(text for text in descriptions if text),
        "work_type": next(iter(profile.positionOfferingTypeCodes), None),
        "hours_min": profile.workingHours.get("minimum"),
        "hours_max": profile.workingHours.get("maximum"),
        "postcode": address.postalCode if address is not None else "",
        "start_date": profile.positionPeriod.start,
        "closing_date": profile.positionPeriod.end,
        "places": profile.numberToFill,
        "occupation_uri": profile.jobCategories[0].value if profile.jobCategories else None,
        "skills": [
            {
                "uri": competency.competencyId.value,
                "required": True
                if competency.requiredIndicator is None
                else competency.requiredIndicator,
                "min_level": (competency.requiredProficiencyLevel or Proficiency(value=2)).value,
            }
            for competency in profile.positionCompetencies
        ],
    }
    return {name: value for name, value in fields.items() if value is not None}


# What a Candidate shows of a portfolio row: the published version (Wagtail keeps the live
# version in the page's own row and child rows; drafts live in revisions).
_CANDIDATE_FIELDS = (
    "pk",
    "public_id",
    "hours_min",
    "hours_max",
    "work_types",
    "max_travel_km",
    "driving_licences",
)


class Concepts:
    """Concepts as a Candidate names them (identifier and label), each read once per export."""

    def __init__(self) -> None:
        self.language = translation.get_language() or "nl"
        self._known: dict[int, tuple[dict[str, str], str]] = {}

    def load(self, ids: set[int]) -> None:
        missing = ids - self._known.keys()
        for concept in Concept.objects.filter(pk__in=missing).only("uri", "preferred_labels"):
            self._known[concept.pk] = (
                {
                    "value": concept.uri,
                    "schemeId": ESCO_SCHEME if concept.is_esco else "talentbrug",
                },
                concept.label(self.language),
            )

    def __getitem__(self, concept_id: int) -> tuple[dict[str, str], str]:
        return self._known[concept_id]


def _by_page(rows) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for page_id, *values in rows:
        grouped[page_id].append(tuple(values))
    return grouped


def candidate_documents(
    portfolios: QuerySet[PortfolioPage],
    concepts: Concepts | None = None,
    *,
    also: tuple[str, ...] = (),
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each published portfolio of `portfolios` with its Candidate document, JSON-ready.

    Four queries for any number of portfolios (their rows, skills, wanted work and
    languages) plus one for concepts not seen before; no page objects or revisions are
    built. Pass the same `concepts` for every chunk of an export. Returns (row, document)
    pairs, the row holding `_CANDIDATE_FIELDS` and the fields named in `also`.
    """
    concepts = concepts or Concepts()
    rows = list(portfolios.values(*_CANDIDATE_FIELDS, *also))
    ids = [row["pk"] for row in rows]
    order = ("page_id", "sort_order", "pk")
    skills = _by_page(
        PortfolioSkill.objects.filter(page_id__in=ids)
        .order_by(*order)
        .values_list("page_id", "concept_id", "level")
    )
    occupations = _by_page(
        PortfolioOccupation.objects.filter(page_id__in=ids)
        .order_by(*order)
        .values_list("page_id", "concept_id")
    )
    languages = _by_page(
        PortfolioLanguage.objects.filter(page_id__in=ids)
        .order_by(*order)
        .values_list("page_id", "language", "level")
    )
    concepts.load(
        {
            values[0]
            for grouped in (skills, occupations)
            for page_rows in grouped.values()
            for values in page_rows
        }
    )
    return [
        (row, _candidate_document(row, skills, occupations, languages, concepts)) for row in rows
    ]


def _candidate_document(row, skills, occupations, languages, concepts: Concepts) -> dict[str, Any]:
    """The same document `Candidate` describes (`model_dump(mode="json")` of it), built as a dict:
    an export of thousands of profiles would spend most of its time in the schema classes."""
    page_id = row["pk"]
    competencies = []
    for concept_id, level in skills.get(page_id, ()):
        identifier, label = concepts[concept_id]
        competencies.append(
            {
                "competencyId": identifier,
                "name": label,
                "proficiencyLevel": {"value": level, **LEVELS},
                "requiredProficiencyLevel": None,
                "requiredIndicator": None,
            }
        )
    return {
        "documentId": {"value": f"portfolio:{row['public_id']}", "schemeId": "talentbrug"},
        "profiles": [
            {
                "employmentPreferences": {
                    "workingHours": {"minimum": row["hours_min"], "maximum": row["hours_max"]},
                    "offeringTypeCodes": list(row["work_types"] or ()),
                    "maximumTravelDistance": {"value": row["max_travel_km"], "unitCode": "km"},
                    "drivingLicences": list(row["driving_licences"] or ()),
                },
                "competencies": competencies,
                "desiredPositions": [
                    concepts[concept_id][0] for (concept_id,) in occupations.get(page_id, ())
                ],
                "languages": [
                    {"languageCode": language, "level": str(level)}
                    for language, level in languages.get(page_id, ())
                ],
            }
        ],
    }


def candidate(user: User) -> dict[str, Any] | None:
    """The person's published portfolio as a Candidate document (for their own export:
    consent is theirs); None when nothing is published."""
    found = candidate_documents(PortfolioPage.objects.live().filter(jobseeker=user))
    return found[0][1] if found else None


def candidate_export(user: User) -> dict[str, Any] | None:
    return candidate(user)


def process_data(proposal: Proposal) -> ProcessData:
    placement = getattr(proposal, "placement", None)
    return ProcessData(
        processId=Identifier(value=f"proposal:{proposal.pk}"),
        positionOpeningId=Identifier(value=f"vacancy:{proposal.vacancy_id}"),
        # Per proposal, so an employer cannot link one anonymous candidate across vacancies.
        candidateId=Identifier(value=f"proposal-candidate:{proposal.pk}"),
        events=[
            ProcessEvent(
                eventType=event.to_state, fromState=event.from_state, occurredAt=event.created_at
            )
            for event in proposal.events.order_by("created_at", "pk")
        ],
        placement={
            "startDate": placement.start_date,
            "contractType": placement.contract_type,
            "hoursPerWeek": placement.hours_per_week,
        }
        if placement is not None
        else None,
    )
