"""The typed shapes at the edge of the API: every input is checked for type and range here."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BaseModel, Field, model_validator

from portal.choices import Certificate, DrivingLicence, DutchLevel, WorkType
from vacancies.services import MAX_HOURS_PER_WEEK as MAX_HOURS

MAX_PLACES = 999
MAX_SKILLS = 50
MAX_DESCRIPTION = 10_000


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL and lone surrogates: refuse them here, as a 422, not a 500.
    if "\x00" in value:
        raise ValueError(_("Text may not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("Text must be valid UTF-8.")) from None
    return value


def text(max_length: int, min_length: int = 0):
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length), AfterValidator(_storable)
    ]


Hours = Annotated[int, Field(ge=1, le=MAX_HOURS)]
Level = Annotated[int, Field(ge=1, le=4)]


# Answers built from dicts are plain pydantic models: ninja's `Schema` reads every field
# of every nested object through its Django-aware getter, which costs a list of 25
# vacancies with their skills more than its two queries.
class Page(BaseModel):
    """A cursor to the next page, or null on the last one."""

    next_cursor: str | None


# --- Taxonomy -------------------------------------------------------------------------


class ConceptOut(Schema):
    uri: str
    type: str
    label: str
    labels: dict[str, str]
    status: str


class ConceptHit(Schema):
    uri: str
    type: str
    label: str
    matched: str


class ConceptHits(Schema):
    items: list[ConceptHit]


# --- Vacancies ------------------------------------------------------------------------


class VacancySkillIn(Schema):
    """A skill by its ESCO URI, or by a label that names exactly one skill."""

    uri: text(255, 1) | None = None
    label: text(200, 1) | None = None
    required: bool = True
    min_level: Level = 2

    @model_validator(mode="after")
    def one_way_to_name_it(self):
        if (self.uri is None) == (self.label is None):
            raise ValueError(_("Give either the URI or the label of the skill."))
        return self


class VacancySkillOut(BaseModel):
    uri: str
    label: str
    required: bool
    min_level: int


class VacancyFields(Schema):
    description: text(MAX_DESCRIPTION) | None = None
    work_type: WorkType | None = None
    hours_min: Hours | None = None
    hours_max: Hours | None = None
    postcode: text(7) | None = None
    start_date: date | None = None
    closing_date: date | None = None
    places: Annotated[int, Field(ge=1, le=MAX_PLACES)] | None = None
    driving_licences: Annotated[list[DrivingLicence], Field(max_length=10)] | None = None
    certificates: Annotated[list[Certificate], Field(max_length=20)] | None = None
    # The least level of Dutch the work needs; "" asks none.
    dutch_level: DutchLevel | Literal[""] | None = None
    support_job_coach: bool | None = None
    support_adapted_workstation: bool | None = None
    support_flexible_hours: bool | None = None
    support_buddy: bool | None = None
    banenafspraak: bool | None = None
    counts_for_sroi: bool | None = None
    sroi_contract: text(200) | None = None
    offered_under_pso: bool | None = None
    show_to_jobseekers: bool | None = None
    occupation_uri: text(255) | None = None
    skills: Annotated[list[VacancySkillIn], Field(max_length=MAX_SKILLS)] | None = None


class VacancyIn(VacancyFields):
    title: text(150, 1)
    work_type: WorkType


class VacancyPatch(VacancyFields):
    title: text(150, 1) | None = None


class VacancyOut(BaseModel):
    id: int
    title: str
    description: str
    status: str
    work_type: str
    hours_min: int | None
    hours_max: int | None
    postcode: str
    place: str
    start_date: date | None
    closing_date: date | None
    places: int | None
    driving_licences: list[str]
    certificates: list[str]
    dutch_level: str
    occupation_uri: str | None
    skills: list[VacancySkillOut]
    show_to_jobseekers: bool
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    closed_at: datetime | None


class VacancyList(Page):
    items: list[VacancyOut]


class CloseIn(Schema):
    filled: bool = False


# --- Candidates -----------------------------------------------------------------------


class SkillFitOut(Schema):
    label: str
    via_label: str
    required: bool
    need: int
    have: int | None
    met: bool
    related: bool
    assessed_by_staff: bool
    points: int


class ExplanationOut(Schema):
    score: int
    complete: bool
    skills: list[SkillFitOut]
    distance_km: float | None
    reach_km: int | None
    within_reach: bool
    hours_fit: bool
    work_type_wished: bool
    occupation_wished: bool
    words_found: bool
    missing_licences: list[str]
    # Every must the person misses ("licences", "certificates", "dutch", "reach", "hours",
    # "work_type"): only in a widened search; complete matches come first.
    missing_musts: list[str]
    missing_certificates: list[str]
    missing_dutch: str


class CandidateOut(Schema):
    rank: int
    public_id: UUID
    # Empty when the portfolio is shared anonymously: then only the region is known.
    name: str
    municipality: str
    region: str
    explanation: ExplanationOut


class CandidateList(Page):
    items: list[CandidateOut]
    total: int


# --- Proposals ------------------------------------------------------------------------


class ProposalOut(Schema):
    id: int
    state: str
    state_label: str
    vacancy_id: int
    vacancy_title: str
    organisation: str
    created_at: datetime
    state_changed_at: datetime
    interview_at: datetime | None
    interview_place: str
    # The steps the calling key may take now, by the same rules as the screens.
    allowed_actions: list[str]


class ProposalList(Page):
    items: list[ProposalOut]


class TransitionIn(Schema):
    action: text(32, 1)
    note: text(2000) = ""
    reason: text(64) = ""
    interview_at: datetime | None = None
    place: text(200) = ""
    start_date: date | None = None
    contract_type: text(32) = ""
    hours_per_week: Hours | None = None


# --- Bulk import ----------------------------------------------------------------------


class ImportProblem(Schema):
    field: str
    message: str


class ImportRowOut(Schema):
    # Where in the file: "name.csv:7".
    where: str
    line: int
    ok: bool
    errors: list[ImportProblem]
    vacancy_id: int | None


class ImportReportOut(Schema):
    file: str
    dry_run: bool
    valid: int
    invalid: int
    written: int
    rows: list[ImportRowOut]


# --- Portfolio import -------------------------------------------------------------------


class SkippedOut(Schema):
    """A skill or wanted work from the document that was not taken over, and why."""

    field: str
    uri: str
    name: str
    reason: str


class CandidateImportOut(Schema):
    """What an import put in your new draft; publish it yourself at `review_url`."""

    draft: bool
    skills: int
    occupations: int
    languages: int
    skipped: list[SkippedOut]
    review_url: str
