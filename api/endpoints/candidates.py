"""The free candidate search (`/zoeken/kandidaten/`) for other systems, and how a candidate row
is written, for it and for the candidates of a vacancy.

The query is checked twice over: by type and range here, then by the screen's own form
(`search.forms.FreeSearchForm`), so the API asks exactly what the screen may ask. The search,
who may see whom, the anonymisation, the explanation and the "names seen" audit are the
search app's and the audit's own, as on screen.
"""

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router

from portal.audit.services import audit_record_names_seen
from portal.choices import DrivingLicence, WorkType
from portal.taxonomy.models import ConceptType
from portal.taxonomy.selectors import concepts_by_uri
from search import selectors as search_selectors
from search.backends.base import HOURS_STEPS
from search.forms import (
    MAX_FREE_SKILLS,
    MAX_PLACE_LENGTH,
    MAX_RADIUS_KM,
    MAX_TEXT_LENGTH,
    FreeSearchForm,
)
from search.spec import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

from ..auth import require_scope
from ..models import Scope
from ..pagination import Cursor, fingerprint, search_anchor, search_cursor
from ..problems import PAGED_ERRORS, Problem, problem
from ..schemas import CandidateList, text

router = Router(tags=["candidates"])

KIND = "candidates.search"
SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)
# The screen form's field names, as the API calls them.
API_NAMES = {
    "vaardigheid": "skill",
    "beroep": "occupation",
    "plaats": "place",
    "straal": "radius_km",
    "uren": "hours",
    "soort": "work_type",
    "rijbewijs": "driving_licence",
    "compleet": "complete",
    "tekst": "text",
}


def candidate_out(row: search_selectors.CandidateRow) -> dict[str, Any]:
    """A result row as the API shows it: the screen's row, with its explanation."""
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
            "missing_musts": [str(must) for must in explanation.missing],
            "missing_certificates": list(explanation.missing_certificates),
            "missing_dutch": explanation.missing_dutch,
        },
    }


def candidate_page(
    request: HttpRequest, results: search_selectors.Slice, *, next_cursor: str | None
) -> dict[str, Any]:
    """One page of results; the names it shows are recorded as seen, as on screen."""
    audit_record_names_seen(
        viewer=request.user,
        subject_ids=search_selectors.named_people(results.rows),
        where="search",
    )
    return {
        "items": [candidate_out(row) for row in results.rows],
        "total": results.total,
        "next_cursor": next_cursor,
    }


def _concept_ids(
    uris: list[str], types: tuple[str, ...], field: str, message: str
) -> tuple[list[str], dict[str, list[str]]]:
    found = concepts_by_uri(uris)
    ids, errors = [], {}
    for number, uri in enumerate(uris):
        concept = found.get(uri)
        if concept is None or concept.concept_type not in types:
            errors[f"{field}.{number}"] = [message]
        else:
            ids.append(str(concept.pk))
    return ids, errors


def _form(skill: list[str], occupation: str | None, query: dict[str, Any]) -> FreeSearchForm:
    """The screen's form filled with the API's query; its errors are the API's 422."""
    data = QueryDict(mutable=True)
    skill_ids, errors = _concept_ids(
        skill, SKILL_TYPES, "skill", _("There is no skill with this URI.")
    )
    occupation_ids, occupation_errors = _concept_ids(
        [occupation] if occupation else [],
        (ConceptType.OCCUPATION,),
        "occupation",
        _("There is no occupation with this URI."),
    )
    if occupation_errors:
        errors["occupation"] = occupation_errors["occupation.0"]
    if errors:
        raise ValidationError(errors)
    data.setlist("vaardigheid", skill_ids)
    data.setlist("beroep", occupation_ids)
    for name, value in query.items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    form = FreeSearchForm(data)
    if not form.is_valid():
        raise ValidationError(
            {API_NAMES.get(name, "body"): list(messages) for name, messages in form.errors.items()}
        )
    return form


@router.get(
    "/search",
    response={200: CandidateList, 304: None, 503: Problem, **PAGED_ERRORS},
    url_name="candidate_search",
)
def candidate_search(
    request: HttpRequest,
    skill: Annotated[
        list[text(255, 1)] | None,
        Query(max_length=MAX_FREE_SKILLS, description="Skills the person has, as ESCO URIs."),
    ] = None,
    occupation: Annotated[
        text(255, 1) | None, Query(description="Work the person wants, as an ESCO URI.")
    ] = None,
    place: Annotated[
        text(MAX_PLACE_LENGTH) | None, Query(description="Near a postcode (1234) or town.")
    ] = None,
    radius_km: Annotated[
        int | None, Query(ge=1, le=MAX_RADIUS_KM, description="At most this far from `place`.")
    ] = None,
    hours: Annotated[
        int | None,
        Query(
            ge=min(HOURS_STEPS),
            le=max(HOURS_STEPS),
            description="Can work at least this many hours a week: one of "
            + ", ".join(str(step) for step in HOURS_STEPS)
            + ".",
        ),
    ] = None,
    work_type: Annotated[list[WorkType] | None, Query(max_length=len(WorkType))] = None,
    driving_licence: Annotated[
        list[DrivingLicence] | None, Query(max_length=len(DrivingLicence))
    ] = None,
    complete: Annotated[bool, Query(description="Only people with every skill asked.")] = False,
    text_: Annotated[text(MAX_TEXT_LENGTH) | None, Query(alias="text")] = None,
    limit: Annotated[
        int,
        Query(ge=1, le=MAX_PAGE_SIZE, description="People per page; it may change while paging."),
    ] = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
):
    """The free candidate search of the screens, without a vacancy: people ranked and explained
    as candidates for a vacancy are. Staff of an approved intermediary see the people shared
    with their organisation; staff of an approved employer only those who shared with
    employers, anonymised unless the person agreed to show their name. Each name shown is
    recorded in that person's "who saw my data"."""
    require_scope(request, Scope.CANDIDATES_READ)
    if not search_selectors.may_search_freely(request.user):
        raise PermissionDenied(
            _("Only staff of an approved intermediary or employer search people.")
        )
    query = {
        "plaats": place,
        "straal": radius_km,
        "uren": hours,
        "soort": [choice.value for choice in work_type or ()],
        "rijbewijs": [choice.value for choice in driving_licence or ()],
        "compleet": complete,
        "tekst": text_,
    }
    form = _form(skill or [], occupation, query)
    # A cursor continues the search it was made for, whatever `limit` asks now.
    question = fingerprint({**query, "skill": skill or [], "beroep": occupation})
    results = search_selectors.free_candidate_slice(
        user=request.user,
        criteria=form.criteria(),
        filters=form.filters(),
        after=search_anchor(KIND, question, cursor),
        limit=limit,
    )
    if results.unavailable:
        return problem(request, 503, _("Search is not available at the moment. Try again later."))
    return candidate_page(
        request,
        results,
        next_cursor=search_cursor(KIND, question, results.next) if results.next else None,
    )
