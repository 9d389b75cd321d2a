"""A portfolio from another system, in the exchange format we export (HR Open's Candidate),
taken into the person's OWN portfolio as a draft they review and publish themselves.

The document is checked field by field at the edge (`CandidateIn`: types, ranges, list
sizes); skills and wanted work are matched by URI to our taxonomy, and what we do not know
is reported back, never dropped without a word. Nothing is published or shared by an import:
it is one new draft revision, saved through the portfolios service like an editor step.
"""

from dataclasses import dataclass, field
from typing import Annotated, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.choices import DrivingLicence, WorkType
from portal.taxonomy.models import Concept, ConceptType
from portal.taxonomy.selectors import concepts_by_uri
from portfolios.models import LanguageLevel, PortfolioPage
from portfolios.selectors import portfolio_editor_allowed, portfolio_of
from portfolios.services import (
    SKILL_TYPES,
    portfolio_create,
    portfolio_draft,
    portfolio_save_draft,
)

from .problems import pydantic_errors
from .schemas import text

MAX_BYTES = 1024 * 1024
MAX_COMPETENCIES = 300
MAX_POSITIONS = 50
MAX_LANGUAGES = 30
MAX_HOURS = 60

Uri = text(255, 1)
T = TypeVar("T")


class IdentifierIn(Schema):
    value: Uri
    schemeId: text(50) = "talentbrug"


class ProficiencyIn(Schema):
    """A level on our 1-4 scale; another scale is refused rather than guessed."""

    value: Annotated[int, Field(ge=1, le=4)]
    minimumValue: Literal[1] = 1
    maximumValue: Literal[4] = 4


class CompetencyIn(Schema):
    competencyId: IdentifierIn
    name: text(300) = ""
    proficiencyLevel: ProficiencyIn | None = None


class WorkingHoursIn(Schema):
    minimum: Annotated[int, Field(ge=0, le=MAX_HOURS)] | None = None
    maximum: Annotated[int, Field(ge=0, le=MAX_HOURS)] | None = None

    @model_validator(mode="after")
    def low_before_high(self):
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(_("The least hours per week is more than the most."))
        return self


class TravelDistanceIn(Schema):
    value: Annotated[int, Field(ge=1, le=200)] | None = None
    unitCode: Literal["km"] = "km"


class EmploymentPreferencesIn(Schema):
    workingHours: WorkingHoursIn = WorkingHoursIn()
    offeringTypeCodes: Annotated[list[WorkType], Field(max_length=len(WorkType))] = []
    maximumTravelDistance: TravelDistanceIn | None = None
    drivingLicences: Annotated[list[DrivingLicence], Field(max_length=len(DrivingLicence))] = []


class LanguageIn(Schema):
    languageCode: text(60, 1)
    level: LanguageLevel


class CandidateProfileIn(Schema):
    employmentPreferences: EmploymentPreferencesIn = EmploymentPreferencesIn()
    competencies: Annotated[list[CompetencyIn], Field(max_length=MAX_COMPETENCIES)] = []
    desiredPositions: Annotated[list[IdentifierIn], Field(max_length=MAX_POSITIONS)] = []
    languages: Annotated[list[LanguageIn], Field(max_length=MAX_LANGUAGES)] = []


class CandidateIn(Schema):
    """An HR Open Candidate as `GET /me/profile` gives it: one profile, skills as ESCO URIs
    with a 1-4 level. Fields we do not hold (names, contact details, …) are ignored."""

    documentId: IdentifierIn | None = None
    profiles: Annotated[list[CandidateProfileIn], Field(min_length=1, max_length=1)]


@dataclass(frozen=True, slots=True)
class Skipped:
    """One skill or wanted work from the document that did not come along, and why."""

    field: str
    uri: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class CandidateImport:
    portfolio: PortfolioPage
    skills: int
    occupations: int
    languages: int
    skipped: list[Skipped] = field(default_factory=list)


def candidate_document_parse(content: bytes) -> CandidateIn:
    """A file's bytes as a checked Candidate; a ValidationError says what is wrong, per field."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is too big: at most 1 MB."))
    try:
        return CandidateIn.model_validate_json(content)
    except PydanticValidationError as error:
        raise pydantic_errors(error) from error


def _concepts(
    entries: list[tuple[str, IdentifierIn, str, T]], types: tuple[str, ...], found: dict
) -> tuple[list[tuple[Concept, T]], list[Skipped]]:
    """The entries whose URI names a concept of `types`, once each; the rest, with why."""
    kept, skipped, seen = [], [], set()
    for where, identifier, name, item in entries:
        concept = found.get(identifier.value)
        if concept is None or concept.concept_type not in types:
            reason = (
                _("We do not know this URI.")
                if concept is None
                else _("This URI is not a skill or kind of work here.")
            )
            skipped.append(Skipped(where, identifier.value, name, reason))
        elif concept.pk in seen:
            skipped.append(Skipped(where, identifier.value, name, _("Listed twice.")))
        else:
            seen.add(concept.pk)
            kept.append((concept, item))
    return kept, skipped


@transaction.atomic
def candidate_import(*, user: User, document: CandidateIn, via: str) -> CandidateImport:
    """Take `document` into `user`'s own portfolio as a new draft revision.

    Skills, wanted work, languages and wishes (hours, kinds of work, travel distance,
    driving licences) replace those of the newest draft; the rest of the portfolio, and
    a level training staff gave to a skill that stays, are kept. The published version
    and who may see it do not change until the person publishes.
    """
    if not portfolio_editor_allowed(user=user):
        raise PermissionDenied(_("Only a jobseeker imports into their own portfolio."))
    portfolio = portfolio_of(jobseeker=user) or portfolio_create(jobseeker=user)
    profile = document.profiles[0]
    found = concepts_by_uri(
        {item.competencyId.value for item in profile.competencies}
        | {item.value for item in profile.desiredPositions}
    )
    skills, skipped = _concepts(
        [
            (f"profiles.0.competencies.{n}", item.competencyId, item.name, item)
            for n, item in enumerate(profile.competencies)
        ],
        SKILL_TYPES,
        found,
    )
    occupations, skipped_work = _concepts(
        [
            (f"profiles.0.desiredPositions.{n}", item, "", item)
            for n, item in enumerate(profile.desiredPositions)
        ],
        (ConceptType.OCCUPATION,),
        found,
    )
    draft = portfolio_draft(portfolio)
    kept = {row.concept_id: row for row in draft.skills.all()}
    languages: dict[str, LanguageIn] = {}
    for item in profile.languages:
        languages.setdefault(" ".join(item.languageCode.split()).casefold(), item)
    preferences = profile.employmentPreferences
    travel = preferences.maximumTravelDistance
    portfolio_save_draft(
        portfolio=portfolio,
        by=user,
        fields={
            "hours_min": preferences.workingHours.minimum,
            "hours_max": preferences.workingHours.maximum,
            "work_types": list(dict.fromkeys(code.value for code in preferences.offeringTypeCodes)),
            "driving_licences": list(
                dict.fromkeys(code.value for code in preferences.drivingLicences)
            ),
            "max_travel_km": travel.value if travel is not None else None,
        },
        children={
            "skills": [
                {
                    "concept_id": concept.pk,
                    # Without a level, "with help": the person sets their own when they review.
                    "level": item.proficiencyLevel.value if item.proficiencyLevel else 2,
                    "staff_level": kept[concept.pk].staff_level if concept.pk in kept else None,
                    "note": kept[concept.pk].note if concept.pk in kept else "",
                    "sort_order": index,
                }
                for index, (concept, item) in enumerate(skills)
            ],
            "occupations": [
                {"concept_id": concept.pk, "sort_order": index}
                for index, (concept, _item) in enumerate(occupations)
            ],
            "languages": [
                {
                    "language": " ".join(item.languageCode.split()),
                    "level": item.level.value,
                    "sort_order": index,
                }
                for index, item in enumerate(languages.values())
            ],
        },
    )
    skipped = skipped + skipped_work
    audit_record(
        actor=user,
        action="portfolio.import",
        subject=user,
        target=portfolio,
        details={
            "via": via,
            "skills": len(skills),
            "occupations": len(occupations),
            "languages": len(languages),
            "skipped": [item.uri for item in skipped],
        },
    )
    return CandidateImport(
        portfolio=portfolio,
        skills=len(skills),
        occupations=len(occupations),
        languages=len(languages),
        skipped=skipped,
    )
