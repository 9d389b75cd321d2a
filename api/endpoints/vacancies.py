"""An employer's vacancies through the API, the network's open ones, and candidates for one.

Which vacancies a key may see or change is `vacancies.permissions` (the key's member
account holds a role in its organisation, like a person); every write is the screens'
own service, so the same rules, signals and audit rows follow.
"""

import json
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Expression, QuerySet, TextField
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, UploadedFile
from pydantic import ValidationError as PydanticValidationError

from portal.choices import WorkType
from portal.organisations.models import Organisation
from portal.taxonomy.models import Concept, preferred_label
from search import selectors as search_selectors
from search.spec import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, CandidateFilters
from vacancies import services
from vacancies.models import Vacancy, VacancySkill, VacancyStatus
from vacancies.permissions import CHANGE, VIEW, employer_organisations_for
from vacancies.selectors import VacancyFilters, network_vacancies, vacancy_for, visible_vacancy

from .. import vacancy_import as vacancy_import_limits
from ..auth import require_scope
from ..exchange import PositionOpening, position_opening, vacancy_fields_from
from ..idempotency import idempotent_create
from ..models import Scope
from ..pagination import (
    MAX_POSITION,
    Cursor,
    decode_cursor,
    encode_cursor,
    fingerprint,
    search_anchor,
    search_cursor,
)
from ..problems import ERRORS, PAGED_ERRORS, Problem, problem, pydantic_errors
from ..schemas import (
    CandidateList,
    CloseIn,
    ImportReportOut,
    VacancyFields,
    VacancyIn,
    VacancyList,
    VacancyOut,
    VacancyPatch,
    text,
)
from ..vacancy_import import vacancy_import as import_vacancies
from ..vacancy_input import vacancy_save
from .candidates import candidate_page

router = Router(tags=["vacancies"])

Id = Annotated[int, Path(ge=1, le=MAX_POSITION)]
Limit = Annotated[int, Query(ge=1, le=100)]
# What a vacancy answer shows, read as values: no model objects for a list of 25.
OUT_FIELDS = (
    "id",
    "title",
    "description",
    "state",
    "work_type",
    "hours_min",
    "hours_max",
    "postcode",
    "place",
    "start_date",
    "closing_date",
    "places",
    "driving_licences",
    "certificates",
    "dutch_level",
    "occupation__uri",
    "show_to_jobseekers",
    "created_at",
    "updated_at",
    "published_at",
    "closed_at",
)


class SkillsAsJson(Expression):
    """Every skill of the row's vacancy as one JSON array of [uri, labels, required,
    min_level, id], from a subquery: the rows and their skills in one round trip."""

    output_field = TextField()
    SQL = {
        "postgresql": "(SELECT COALESCE(json_agg(json_build_array(c.uri, c.preferred_labels, "
        "s.required, s.min_level, s.id)), '[]'::json)::text FROM {skill} s "
        "JOIN {concept} c ON c.id = s.concept_id WHERE s.vacancy_id = {vacancy}.id)",
        "sqlite": "(SELECT json_group_array(json_array(c.uri, json(c.preferred_labels), "
        "s.required, s.min_level, s.id)) FROM {skill} s "
        "JOIN {concept} c ON c.id = s.concept_id WHERE s.vacancy_id = {vacancy}.id)",
    }

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        sql = self.SQL[connection.vendor].format(
            skill=quote(VacancySkill._meta.db_table),
            concept=quote(Concept._meta.db_table),
            vacancy=compiler.quote_name_unless_alias(compiler.query.base_table),
        )
        return sql, []


def _skills_out(found: str, language: str) -> list[dict[str, Any]]:
    skills = sorted(json.loads(found), key=lambda skill: (not skill[2], skill[4]))
    return [
        {
            "uri": uri,
            "label": preferred_label(labels or {}, uri, language),
            "required": bool(required),
            "min_level": min_level,
        }
        for uri, labels, required, min_level, _id in skills
    ]


def out_many(vacancies: QuerySet[Vacancy], limit: int | None = None) -> list[dict[str, Any]]:
    """The vacancies as the API shows them, with their skills, in one query."""
    rows = vacancies.select_related(None).with_state().values(*OUT_FIELDS, found=SkillsAsJson())
    rows = list(rows[:limit] if limit is not None else rows)
    language = translation.get_language() or "nl"
    for row in rows:
        row["skills"] = _skills_out(row.pop("found"), language)
        row["status"] = row.pop("state")
        row["occupation_uri"] = row.pop("occupation__uri")
        row["driving_licences"] = list(row["driving_licences"] or ())
        row["certificates"] = list(row["certificates"] or ())
    return rows


def out(vacancy_id: int) -> dict[str, Any]:
    return out_many(Vacancy.objects.filter(pk=vacancy_id))[0]


def _page(kind: str, vacancies: QuerySet[Vacancy], cursor, limit) -> dict[str, Any]:
    """A page of `vacancies`, newest first, after the cursor's vacancy (keyset on the id)."""
    before = decode_cursor(kind, cursor)
    if before is not None:
        vacancies = vacancies.filter(pk__lt=before)
    rows = out_many(vacancies.order_by("-pk"), limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": rows,
        "next_cursor": encode_cursor(kind, rows[-1]["id"]) if more else None,
    }


def _key_employer(request: HttpRequest) -> Organisation:
    """The key's organisation, if its account may work with that employer's vacancies."""
    organisation = (
        employer_organisations_for(request.user, CHANGE)
        .filter(pk=request.auth.organisation_id)
        .first()
    )
    if organisation is None:
        raise PermissionDenied(_("Only keys of an employer make vacancies."))
    return organisation


def _save(request: HttpRequest, payload: VacancyFields, vacancy: Vacancy | None) -> Vacancy:
    organisation = _key_employer(request) if vacancy is None else vacancy.organisation
    saved = vacancy_save(
        user=request.user, organisation=organisation, payload=payload, vacancy=vacancy
    )
    return _own(request, saved.pk, VIEW)


def _own(request: HttpRequest, vacancy_id: int, action: str) -> Vacancy:
    vacancy = vacancy_for(user=request.user, pk=vacancy_id, action=action)
    if vacancy is None:
        raise Http404
    return vacancy


# --- Operations ------------------------------------------------------------------------


@router.get("", response={200: VacancyList, 304: None, **PAGED_ERRORS}, url_name="vacancy_list")
def vacancy_list(
    request: HttpRequest,
    cursor: Cursor = None,
    limit: Limit = 25,
    status: Annotated[VacancyStatus | None, Query()] = None,
):
    """The vacancies of the key's own employer, in every state, newest first."""
    require_scope(request, Scope.VACANCIES_READ)
    vacancies = Vacancy.objects.filter(
        organisation__in=employer_organisations_for(request.user, VIEW).values("pk")
    )
    if status is not None:
        vacancies = vacancies.with_state().filter(state=status)
    return _page("vacancies", vacancies, cursor, limit)


@router.get(
    "/network",
    response={200: VacancyList, 304: None, **PAGED_ERRORS},
    url_name="vacancy_network",
)
def vacancy_network(
    request: HttpRequest,
    cursor: Cursor = None,
    limit: Limit = 25,
    work_type: Annotated[WorkType | None, Query()] = None,
    place: Annotated[text(100) | None, Query()] = None,
    hours: Annotated[int | None, Query(ge=1, le=80)] = None,
):
    """Open vacancies of the network the key may see, as on the vacancy list screen."""
    require_scope(request, Scope.VACANCIES_READ)
    filters = VacancyFilters(
        work_type=work_type.value if work_type else "", place=(place or "").strip(), hours=hours
    )
    return _page(
        "vacancies.network", network_vacancies(user=request.user, filters=filters), cursor, limit
    )


@router.post("", response={201: VacancyOut, 409: Problem, **ERRORS}, url_name="vacancy_create")
def vacancy_create(request: HttpRequest, payload: VacancyIn):
    """Start a vacancy as a draft of the key's employer. Send `Idempotency-Key` to retry safely."""
    require_scope(request, Scope.VACANCIES_WRITE)
    body = payload.model_dump(mode="json", exclude_unset=True)

    def create() -> dict[str, Any]:
        return VacancyOut.model_validate(out(_save(request, payload, None).pk)).model_dump(
            mode="json"
        )

    return idempotent_create(request, body, create)


@router.post("/import", response={200: ImportReportOut, **ERRORS}, url_name="vacancy_import")
def vacancy_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
    accept_valid_part: Form[bool] = False,
):
    """Import vacancies (drafts) from a file, one per row. Columns: title, work_type,
    description, hours_min, hours_max, postcode, start_date, closing_date, places,
    occupation_uri, required_skills, nice_to_have_skills (URIs or labels, split by |),
    show_to_jobseekers. A dry run (the default) only reports; a real run keeps nothing
    unless every row is valid or `accept_valid_part` is set."""
    require_scope(request, Scope.VACANCIES_WRITE)
    name = (file.name or "import.csv")[:200]
    report = import_vacancies(
        organisation=_key_employer(request),
        by=request.user,
        name=name,
        content=file.read(vacancy_import_limits.MAX_BYTES + 1),
        dry_run=dry_run,
        accept_valid_part=accept_valid_part,
    )
    return {
        "file": report.file,
        "dry_run": report.dry_run,
        "valid": report.valid,
        "invalid": report.invalid,
        "written": report.written,
        "rows": [
            {
                "where": f"{report.file}:{row.line}",
                "line": row.line,
                "ok": not row.errors,
                "errors": row.errors,
                "vacancy_id": row.vacancy_id,
            }
            for row in report.rows
        ],
    }


# Before "/{vacancy_id}", which would take "hr-open" for an id.
@router.post(
    "/hr-open",
    response={201: PositionOpening, 409: Problem, **ERRORS},
    url_name="vacancy_create_hr_open",
)
def vacancy_create_hr_open(request: HttpRequest, document: PositionOpening):
    """Start a draft from HR Open's PositionOpening (what `GET /{id}/hr-open` gives): skills by
    ESCO URI, checked like `POST /vacancies`. Send `Idempotency-Key` to retry safely."""
    require_scope(request, Scope.VACANCIES_WRITE)
    try:
        payload = VacancyIn.model_validate(vacancy_fields_from(document))
    except PydanticValidationError as error:
        raise pydantic_errors(error) from error

    def create() -> dict[str, Any]:
        saved = _save(request, payload, None)
        return position_opening(saved).model_dump(mode="json")

    return idempotent_create(request, document.model_dump(mode="json"), create)


@router.get(
    "/{vacancy_id}", response={200: VacancyOut, 304: None, **ERRORS}, url_name="vacancy_detail"
)
def vacancy_detail(request: HttpRequest, vacancy_id: Id):
    """One vacancy: the employer's own in any state, or an open one of the network."""
    require_scope(request, Scope.VACANCIES_READ)
    vacancy = vacancy_for(user=request.user, pk=vacancy_id, action=VIEW) or visible_vacancy(
        user=request.user, pk=vacancy_id
    )
    if vacancy is None:
        raise Http404
    return out(vacancy.pk)


@router.get(
    "/{vacancy_id}/hr-open",
    response={200: PositionOpening, 304: None, **ERRORS},
    url_name="vacancy_hr_open",
)
def vacancy_hr_open(request: HttpRequest, vacancy_id: Id):
    """The vacancy as HR Open's PositionOpening (VUM's vacancy profile), skills as ESCO URIs."""
    require_scope(request, Scope.VACANCIES_READ)
    vacancy = vacancy_for(user=request.user, pk=vacancy_id, action=VIEW) or visible_vacancy(
        user=request.user, pk=vacancy_id
    )
    if vacancy is None:
        raise Http404
    return position_opening(vacancy)


@router.patch("/{vacancy_id}", response={200: VacancyOut, **ERRORS}, url_name="vacancy_update")
def vacancy_update(request: HttpRequest, vacancy_id: Id, payload: VacancyPatch):
    """Change what the vacancy says; `skills`, when sent, replaces all its skills."""
    require_scope(request, Scope.VACANCIES_WRITE)
    return out(_save(request, payload, _own(request, vacancy_id, CHANGE)).pk)


@router.post(
    "/{vacancy_id}/publish", response={200: VacancyOut, **ERRORS}, url_name="vacancy_publish"
)
def vacancy_publish(request: HttpRequest, vacancy_id: Id):
    """Open the vacancy: refused (422, with what is missing) until it is complete and the employer approved."""
    require_scope(request, Scope.VACANCIES_WRITE)
    services.vacancy_publish(vacancy=_own(request, vacancy_id, CHANGE), by=request.user)
    return out(_own(request, vacancy_id, VIEW).pk)


@router.post("/{vacancy_id}/close", response={200: VacancyOut, **ERRORS}, url_name="vacancy_close")
def vacancy_close(request: HttpRequest, vacancy_id: Id, payload: CloseIn):
    """Close the vacancy, or mark it filled."""
    require_scope(request, Scope.VACANCIES_WRITE)
    services.vacancy_close(
        vacancy=_own(request, vacancy_id, CHANGE), by=request.user, filled=payload.filled
    )
    return out(_own(request, vacancy_id, VIEW).pk)


@router.get(
    "/{vacancy_id}/candidates",
    response={200: CandidateList, 304: None, 503: Problem, **PAGED_ERRORS},
    url_name="vacancy_candidates",
)
def vacancy_candidates(
    request: HttpRequest,
    vacancy_id: Id,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="People per page.")] = (
        DEFAULT_PAGE_SIZE
    ),
):
    """Ranked candidates for an open vacancy, anonymised and explained exactly as on screen."""
    require_scope(request, Scope.CANDIDATES_READ)
    if not search_selectors.may_search(request.user):
        raise PermissionDenied(_("Only staff of an approved intermediary search candidates."))
    vacancy = visible_vacancy(user=request.user, pk=vacancy_id)
    if vacancy is None:
        raise Http404
    question = fingerprint({"vacancy": vacancy.pk})
    results = search_selectors.candidate_slice(
        user=request.user,
        vacancy=vacancy,
        filters=CandidateFilters(),
        after=search_anchor("candidates.vacancy", question, cursor),
        limit=limit,
    )
    if results.unavailable:
        return problem(request, 503, _("Search is not available at the moment. Try again later."))
    return candidate_page(
        request,
        results,
        next_cursor=search_cursor("candidates.vacancy", question, results.next)
        if results.next
        else None,
    )
