"""An employer's vacancies through the API, the network's open ones, and candidates for one.

Which vacancies a key may see or change is `vacancies.permissions` (the key's member
account holds a role in its organisation, like a person); every write is the screens'
own service, so the same rules, signals and audit rows follow.
"""

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from portal.choices import WorkType
from portal.taxonomy.autocomplete import concept_autocomplete, normalize
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portal.taxonomy.selectors import concepts_by_uri
from search import selectors as search_selectors
from search.spec import CandidateFilters
from vacancies import services
from vacancies.models import Vacancy, VacancySkill, VacancyStatus
from vacancies.permissions import CHANGE, VIEW, employer_organisations_for
from vacancies.selectors import VacancyFilters, network_vacancies, vacancy_for, visible_vacancy

from ..auth import require_scope
from ..idempotency import idempotent_create
from ..models import Scope
from ..pagination import MAX_POSITION, decode_cursor, encode_cursor
from ..problems import ERRORS, Problem, problem
from ..schemas import (
    CandidateList,
    CloseIn,
    VacancyFields,
    VacancyIn,
    VacancyList,
    VacancyOut,
    VacancyPatch,
    text,
)

router = Router(tags=["vacancies"])

Id = Annotated[int, Path(ge=1, le=MAX_POSITION)]
Cursor = Annotated[text(64) | None, Query()]
Limit = Annotated[int, Query(ge=1, le=100)]
# Fields a client may leave out or send as null to keep (the model stores no null for them).
NOT_NULL = frozenset(
    {
        "title",
        "description",
        "work_type",
        "postcode",
        "places",
        "driving_licences",
        "sroi_contract",
        "support_job_coach",
        "support_adapted_workstation",
        "support_flexible_hours",
        "support_buddy",
        "banenafspraak",
        "counts_for_sroi",
        "offered_under_pso",
        "show_to_jobseekers",
    }
)
SKILLS = Prefetch("skills", queryset=VacancySkill.objects.select_related("concept"))


def out(vacancy: Vacancy) -> dict[str, Any]:
    language = translation.get_language() or "nl"
    return {
        "id": vacancy.pk,
        "title": vacancy.title,
        "description": vacancy.description,
        "status": vacancy.effective_status,
        "work_type": vacancy.work_type,
        "hours_min": vacancy.hours_min,
        "hours_max": vacancy.hours_max,
        "postcode": vacancy.postcode,
        "place": vacancy.place,
        "start_date": vacancy.start_date,
        "closing_date": vacancy.closing_date,
        "places": vacancy.places,
        "driving_licences": list(vacancy.driving_licences or ()),
        "occupation_uri": vacancy.occupation.uri if vacancy.occupation_id else None,
        "skills": [
            {
                "uri": skill.concept.uri,
                "label": skill.concept.label(language),
                "required": skill.required,
                "min_level": skill.min_level,
            }
            for skill in vacancy.skills.all()
        ],
        "show_to_jobseekers": vacancy.show_to_jobseekers,
        "created_at": vacancy.created_at,
        "updated_at": vacancy.updated_at,
        "published_at": vacancy.published_at,
        "closed_at": vacancy.closed_at,
    }


def _page(vacancies: QuerySet[Vacancy], cursor, limit) -> dict[str, Any]:
    after = decode_cursor(cursor)
    if after is not None:
        vacancies = vacancies.filter(pk__lt=after)
    rows = list(
        vacancies.select_related("occupation").prefetch_related(SKILLS).order_by("-pk")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [out(row) for row in rows],
        "next_cursor": encode_cursor(rows[-1].pk) if more else None,
    }


# --- Skills and occupation by URI or label -----------------------------------------------


def _resolve_skills(items) -> list[services.SkillChoice]:
    """Each skill by its URI, or by a label that names exactly one skill; every problem at once."""
    language = translation.get_language() or "nl"
    by_uri = concepts_by_uri(item.uri for item in items if item.uri)
    choices, errors = [], {}
    for number, item in enumerate(items):
        concept = None
        if item.uri:
            concept = by_uri.get(item.uri)
            if concept is None or concept.concept_type not in services.SKILL_TYPES:
                errors[f"skills.{number}.uri"] = [_("There is no skill with this URI.")]
        else:
            hits = concept_autocomplete(
                query=item.label, language=language, types=list(services.SKILL_TYPES), limit=5
            )
            wanted = normalize(item.label)
            exact = [
                hit for hit in hits if wanted in (normalize(hit.label), normalize(hit.matched))
            ]
            if exact:
                concept = Concept(pk=exact[0].id)
            elif hits:
                errors[f"skills.{number}.label"] = [
                    _("No skill has exactly this label. Did you mean: %(labels)s?")
                    % {"labels": "; ".join(f"{hit.label} ({hit.uri})" for hit in hits)}
                ]
            else:
                errors[f"skills.{number}.label"] = [_("No skill has this label.")]
        if concept is not None:
            choices.append(
                services.SkillChoice(
                    concept_id=concept.pk, required=item.required, min_level=item.min_level
                )
            )
    if errors:
        raise ValidationError(errors)
    return choices


def _fields(payload: VacancyFields) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True, exclude={"skills", "occupation_uri"})
    fields = {
        name: value for name, value in data.items() if value is not None or name not in NOT_NULL
    }
    if "work_type" in fields:
        fields["work_type"] = WorkType(fields["work_type"]).value
    if "driving_licences" in fields:
        fields["driving_licences"] = [
            str(getattr(code, "value", code)) for code in fields["driving_licences"]
        ]
    if "occupation_uri" in payload.model_fields_set:
        uri = payload.occupation_uri
        occupation = None
        if uri:
            occupation = Concept.objects.filter(
                uri=uri, concept_type=ConceptType.OCCUPATION, status=ConceptStatus.RELEASED
            ).first()
            if occupation is None:
                raise ValidationError(
                    {"occupation_uri": [_("There is no occupation with this URI.")]}
                )
        fields["occupation"] = occupation
    return fields


def _save(request: HttpRequest, payload: VacancyFields, vacancy: Vacancy | None) -> Vacancy:
    fields = _fields(payload)
    skills = _resolve_skills(payload.skills) if payload.skills is not None else None
    with transaction.atomic():
        if vacancy is None:
            organisation = (
                employer_organisations_for(request.user, CHANGE)
                .filter(pk=request.auth.organisation_id)
                .first()
            )
            if organisation is None:
                raise PermissionDenied(_("Only keys of an employer make vacancies."))
            vacancy = services.vacancy_create(organisation=organisation, by=request.user, **fields)
        else:
            services.vacancy_update(vacancy=vacancy, by=request.user, **fields)
        if skills is not None:
            services.vacancy_set_skills(vacancy=vacancy, skills=skills, by=request.user)
    return _own(request, vacancy.pk, VIEW)


def _own(request: HttpRequest, vacancy_id: int, action: str) -> Vacancy:
    vacancy = vacancy_for(user=request.user, pk=vacancy_id, action=action)
    if vacancy is None:
        raise Http404
    return Vacancy.objects.select_related("occupation").prefetch_related(SKILLS).get(pk=vacancy.pk)


# --- Operations ------------------------------------------------------------------------


@router.get("", response={200: VacancyList, 304: None, **ERRORS}, url_name="vacancy_list")
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
    return _page(vacancies, cursor, limit)


@router.get(
    "/network", response={200: VacancyList, 304: None, **ERRORS}, url_name="vacancy_network"
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
    return _page(network_vacancies(user=request.user, filters=filters), cursor, limit)


@router.post("", response={201: VacancyOut, 409: Problem, **ERRORS}, url_name="vacancy_create")
def vacancy_create(request: HttpRequest, payload: VacancyIn):
    """Start a vacancy as a draft of the key's employer. Send `Idempotency-Key` to retry safely."""
    require_scope(request, Scope.VACANCIES_WRITE)
    body = payload.model_dump(mode="json", exclude_unset=True)

    def create() -> dict[str, Any]:
        return VacancyOut.model_validate(out(_save(request, payload, None))).model_dump(mode="json")

    return idempotent_create(request, body, create)


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
    return out(
        Vacancy.objects.select_related("occupation").prefetch_related(SKILLS).get(pk=vacancy.pk)
    )


@router.patch("/{vacancy_id}", response={200: VacancyOut, **ERRORS}, url_name="vacancy_update")
def vacancy_update(request: HttpRequest, vacancy_id: Id, payload: VacancyPatch):
    """Change what the vacancy says; `skills`, when sent, replaces all its skills."""
    require_scope(request, Scope.VACANCIES_WRITE)
    return out(_save(request, payload, _own(request, vacancy_id, CHANGE)))


@router.post(
    "/{vacancy_id}/publish", response={200: VacancyOut, **ERRORS}, url_name="vacancy_publish"
)
def vacancy_publish(request: HttpRequest, vacancy_id: Id):
    """Open the vacancy: refused (422, with what is missing) until it is complete and the employer approved."""
    require_scope(request, Scope.VACANCIES_WRITE)
    services.vacancy_publish(vacancy=_own(request, vacancy_id, CHANGE), by=request.user)
    return out(_own(request, vacancy_id, VIEW))


@router.post("/{vacancy_id}/close", response={200: VacancyOut, **ERRORS}, url_name="vacancy_close")
def vacancy_close(request: HttpRequest, vacancy_id: Id, payload: CloseIn):
    """Close the vacancy, or mark it filled."""
    require_scope(request, Scope.VACANCIES_WRITE)
    services.vacancy_close(
        vacancy=_own(request, vacancy_id, CHANGE), by=request.user, filled=payload.filled
    )
    return out(_own(request, vacancy_id, VIEW))


@router.get(
    "/{vacancy_id}/candidates",
    response={200: CandidateList, 304: None, 503: Problem, **ERRORS},
    url_name="vacancy_candidates",
)
def vacancy_candidates(request: HttpRequest, vacancy_id: Id, cursor: Cursor = None):
    """Ranked candidates for an open vacancy, anonymised and explained exactly as on screen."""
    require_scope(request, Scope.CANDIDATES_READ)
    if not search_selectors.may_search(request.user):
        raise PermissionDenied(_("Only staff of an approved intermediary search candidates."))
    vacancy = visible_vacancy(user=request.user, pk=vacancy_id)
    if vacancy is None:
        raise Http404
    page = decode_cursor(cursor) or 1
    results = search_selectors.candidate_results(
        user=request.user, vacancy=vacancy, filters=CandidateFilters(), page=min(page, 10_000)
    )
    if results.unavailable:
        return problem(request, 503, _("Search is not available at the moment. Try again later."))
    return {
        "items": [_candidate(row) for row in results.rows],
        "total": results.total,
        "next_cursor": encode_cursor(results.page + 1) if results.has_next else None,
    }


def _candidate(row: search_selectors.CandidateRow) -> dict[str, Any]:
    explanation = row.explanation
    return {
        "rank": row.rank,
        "public_id": row.public_id,
        "name": row.name,
        "municipality": row.municipality,
        "region": row.region,
        "explanation": {
            "score": explanation.score,
            "complete": explanation.complete,
            "skills": [
                {
                    "label": chip.label,
                    "via_label": chip.via_label,
                    "required": chip.fit.required,
                    "need": chip.fit.need,
                    "have": chip.fit.have,
                    "met": chip.fit.met,
                    "related": chip.fit.related,
                    "assessed_by_staff": chip.fit.assessed_by_staff,
                    "points": chip.fit.points,
                }
                for chip in row.skills
            ],
            "distance_km": round(explanation.distance_km, 1)
            if explanation.distance_km is not None
            else None,
            "reach_km": explanation.reach_km,
            "within_reach": explanation.within_reach,
            "hours_fit": explanation.hours_fit,
            "work_type_wished": explanation.work_type_wished,
            "occupation_wished": explanation.occupation_wished,
            "words_found": explanation.words_found,
            "missing_licences": list(explanation.missing_licences),
        },
    }
