"""The intermediary's search screens: candidates for a vacancy, vacancies for a candidate.

Only staff of approved intermediaries search (others get 403 before anything is
looked up); a vacancy or portfolio the searcher may not open answers 404, so it
cannot be probed. The selectors do the work; the views parse and render.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import audit_record_names_seen
from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.models import ConceptType
from portal.validation import page_number
from portfolios.selectors import portfolio_editor_allowed
from vacancies.selectors import visible_vacancy

from . import selectors, services
from .backends.base import FACET_VALUES
from .extensions import organisation_facets, result_actions
from .forms import (
    CandidateSearchForm,
    FreeSearchForm,
    SavedSearchForm,
    VacancyAlertForm,
    VacancySearchForm,
    criteria_query,
    stored_criteria,
)
from .models import SavedSearch, VacancyAlert
from .permissions import saved_search_policy
from .spec import FreeCriteria, Must

# The facet panel: which facet, which query parameter, its legend, one or many choices.
CANDIDATE_FACETS = (
    ("skills", "vaardigheid", _("Has the skill"), True),
    ("municipality", "gemeente", _("Lives in"), True),
    ("hours", "uren", _("Can work per week"), False),
    ("driving_licences", "rijbewijs", _("Driving licence"), True),
    ("work_types", "soort", _("Wants this type of work"), True),
)
VACANCY_FACETS = (
    ("municipality", "gemeente", _("Municipality"), True),
    ("work_types", "soort", _("Type of work"), True),
)


def _panel(facets, results: selectors.Results) -> list[dict]:
    return [
        {
            "param": param,
            "legend": legend,
            "multiple": multiple,
            "options": results.facets[name],
            "chosen": any(option.selected for option in results.facets[name]),
            # The engines list the FACET_VALUES values most found; the panel says so.
            "most_found": FACET_VALUES
            if sum(1 for option in results.facets[name] if option.count) >= FACET_VALUES
            else None,
        }
        for name, param, legend, multiple in facets
        if results.facets.get(name)
    ]


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _complete_first(rows: list[tuple]) -> dict[str, list[tuple]]:
    """The page's rows as complete matches ("rows") and near misses after them
    ("near_misses"): the engines rank every complete match first, the page shows the
    line between them."""
    return {
        "rows": [pair for pair in rows if pair[0].explanation.meets_musts],
        "near_misses": [pair for pair in rows if not pair[0].explanation.meets_musts],
    }


def _only_searchers(request: HttpRequest) -> None:
    if not selectors.may_search(request.user):
        raise PermissionDenied


@login_required
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranked candidates for an open vacancy, explained, with facets to narrow them."""
    _only_searchers(request)
    vacancy = visible_vacancy(user=request.user, pk=pk)
    if vacancy is None:
        raise Http404
    skills = list(vacancy.skills.all())
    musts = selectors.must_words(vacancy)
    form = CandidateSearchForm(
        request.GET, skill_ids=[skill.concept_id for skill in skills], musts=musts
    )
    form.is_valid()
    filters = form.filters()
    if filters.available_by is not None:
        musts[Must.AVAILABILITY] = selectors.start_words(filters.available_by)
    widened = filters.widen
    results = selectors.candidate_results(
        user=request.user,
        vacancy=vacancy,
        filters=form.filters(),
        text=form.text,
        page=page_number(request.GET),
    )
    audit_record_names_seen(
        viewer=request.user, subject_ids=selectors.named_people(results.rows), where="search"
    )
    actions = result_actions(request.user, [(vacancy.pk, row.public_id) for row in results.rows])
    return render(
        request,
        "search/vacancy_candidates.html",
        {
            "vacancy": vacancy,
            "musts": [words for must, words in musts.items() if must not in widened],
            "widened_musts": [words for must, words in musts.items() if must in widened],
            "required_skills": [skill for skill in skills if skill.required],
            "nice_skills": [skill for skill in skills if not skill.required],
            "form": form,
            "results": results,
            **_complete_first(
                [(row, actions.get((vacancy.pk, str(row.public_id)))) for row in results.rows]
            ),
            "facets": _panel(
                CANDIDATE_FACETS
                + tuple((f.name, f.param, f.legend, True) for f in organisation_facets()),
                results,
            ),
            "filter_query": _query_without_page(request),
        },
    )


@login_required
def candidate_vacancies(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Ranked open vacancies for one person whose portfolio the searcher may open."""
    _only_searchers(request)
    portfolio = selectors.portfolio_for_search(user=request.user, public_id=public_id)
    if portfolio is None:
        raise Http404
    form = VacancySearchForm(request.GET)
    form.is_valid()
    results = selectors.vacancy_results(
        user=request.user,
        portfolio=portfolio,
        filters=form.filters(),
        text=form.text,
        page=page_number(request.GET),
    )
    actions = result_actions(
        request.user, [(row.vacancy.pk, portfolio.public_id) for row in results.rows]
    )
    return render(
        request,
        "search/candidate_vacancies.html",
        {
            "portfolio": portfolio,
            "form": form,
            "results": results,
            **_complete_first(
                [
                    (row, actions.get((row.vacancy.pk, str(portfolio.public_id))))
                    for row in results.rows
                ]
            ),
            "facets": _panel(VACANCY_FACETS, results),
            "filter_query": _query_without_page(request),
        },
    )


# --- Free candidate search and saved searches ----------------------------------------------

# The free search's facet panel: the other choices are fields of its own form.
FREE_FACETS = (("municipality", "gemeente", _("Lives in"), True),)
# Typed words that only offer concepts to tick; not part of a search or a saved one.
SUGGESTION_PARAMS = ("vaardigheid_zoek", "beroep_zoek", "pagina")
SUGGESTIONS = 8


def _only_free_searchers(request: HttpRequest) -> None:
    if not selectors.may_search_freely(request.user):
        raise PermissionDenied


def _suggestions(form: FreeSearchForm, name: str, types, chosen: set[int]) -> list:
    words = form.cleaned_data.get(name) or ""
    if not words.strip():
        return []
    found = concept_autocomplete(
        query=words, language=translation.get_language() or "nl", types=types, limit=SUGGESTIONS
    )
    return [suggestion for suggestion in found if suggestion.id not in chosen]


def _free_search_page(
    request: HttpRequest, form: FreeSearchForm, save_form: SavedSearchForm, status: int = 200
) -> HttpResponse:
    criteria = form.criteria()
    filters = form.filters()
    context = {
        "form": form,
        "save_form": save_form,
        "skill_options": _suggestions(
            form,
            "vaardigheid_zoek",
            [ConceptType.SKILL, ConceptType.KNOWLEDGE],
            set(criteria.skill_ids),
        ),
        "occupation_options": _suggestions(
            form, "beroep_zoek", [ConceptType.OCCUPATION], {criteria.occupation_id}
        ),
        "may_save": saved_search_policy.may_save(request.user),
        # Nothing asked yet: no list of everyone with "Score 0", but how searching works.
        "searched": criteria != FreeCriteria() or bool(filters.municipalities),
    }
    if not context["searched"]:
        return render(request, "search/free_search.html", context, status=status)
    results = selectors.free_candidate_results(
        user=request.user, criteria=criteria, filters=filters, page=page_number(request.GET)
    )
    audit_record_names_seen(
        viewer=request.user, subject_ids=selectors.named_people(results.rows), where="search"
    )
    actions = result_actions(request.user, [(None, row.public_id) for row in results.rows])
    kept = request.GET.copy()
    for name in SUGGESTION_PARAMS:
        kept.pop(name, None)
    return render(
        request,
        "search/free_search.html",
        {
            **context,
            "results": results,
            **_complete_first(
                [(row, actions.get((None, str(row.public_id)))) for row in results.rows]
            ),
            "facets": _panel(FREE_FACETS, results),
            "filter_query": _query_without_page(request),
            "kept_query": kept,
        },
        status=status,
    )


@login_required
def free_search(request: HttpRequest) -> HttpResponse:
    """Search people without a vacancy: skills, work, place and distance, hours, type of work,
    driving licences; ranked and explained as candidates for a vacancy are."""
    _only_free_searchers(request)
    form = FreeSearchForm(request.GET)
    form.is_valid()
    for notice in form.notices:
        messages.warning(request, notice)
    return _free_search_page(request, form, SavedSearchForm())


@login_required
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """Save the free search shown (its criteria come along in the query string) under a name."""
    if not saved_search_policy.may_save(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("search_free")
    form = FreeSearchForm(request.GET)
    form.is_valid()
    save_form = SavedSearchForm(request.POST)
    if not save_form.is_valid():
        return _free_search_page(request, form, save_form, status=422)
    services.saved_search_create(
        owner=request.user,
        name=save_form.cleaned_data["name"],
        criteria=stored_criteria(form),
        alerts=save_form.cleaned_data["alerts"],
        alert_email=save_form.cleaned_data["alert_email"],
    )
    messages.success(request, gettext("Your search is saved."))
    return redirect("search_saved_list")


def _own_saved_search(request: HttpRequest, pk: int) -> SavedSearch:
    if not saved_search_policy.may_save(request.user):
        raise PermissionDenied
    saved_search = saved_search_policy.owned_by(request.user).filter(pk=pk).first()
    if saved_search is None:
        raise Http404
    return saved_search


def _open_url(saved_search: SavedSearch) -> str:
    query = criteria_query(saved_search.criteria).urlencode()
    return reverse("search_free") + (f"?{query}" if query else "")


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """The searcher's own saved searches, with their alerts."""
    if not saved_search_policy.may_save(request.user):
        raise PermissionDenied
    saved = list(saved_search_policy.owned_by(request.user))
    return render(
        request,
        "search/saved_search_list.html",
        {"saved": [(saved_search, _open_url(saved_search)) for saved_search in saved]},
    )


@login_required
def saved_search_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a saved search, or switch its alert and e-mail."""
    saved_search = _own_saved_search(request, pk)
    form = SavedSearchForm(request.POST or None, instance=saved_search)
    if request.method == "POST" and form.is_valid():
        services.saved_search_update(
            saved_search=saved_search,
            by=request.user,
            name=form.cleaned_data["name"],
            alerts=form.cleaned_data["alerts"],
            alert_email=form.cleaned_data["alert_email"],
        )
        messages.success(request, gettext("Your saved search is changed."))
        return redirect("search_saved_list")
    return render(
        request,
        "search/saved_search_edit.html",
        {"saved_search": saved_search, "form": form, "open_url": _open_url(saved_search)},
        status=422 if form.errors else 200,
    )


@login_required
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete a saved search."""
    saved_search = _own_saved_search(request, pk)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved_search, by=request.user)
        messages.success(request, gettext("Your saved search is deleted."))
        return redirect("search_saved_list")
    return render(request, "search/saved_search_delete.html", {"saved_search": saved_search})


@login_required
def vacancy_alert(request: HttpRequest) -> HttpResponse:
    """A jobseeker's "new vacancies for you": on or off, and by e-mail or not."""
    if not portfolio_editor_allowed(user=request.user):
        raise PermissionDenied
    current = VacancyAlert.objects.filter(user=request.user).first()
    form = VacancyAlertForm(
        request.POST or None,
        initial={"aan": current is not None, "email": current.email if current else True},
    )
    if request.method == "POST" and form.is_valid():
        services.vacancy_alert_set(
            user=request.user, on=form.cleaned_data["aan"], email=form.cleaned_data["email"]
        )
        messages.success(
            request,
            gettext("We tell you about new vacancies that fit you.")
            if form.cleaned_data["aan"]
            else gettext("We no longer tell you about new vacancies."),
        )
        return redirect("search_vacancy_alert")
    return render(request, "search/vacancy_alert.html", {"form": form, "alert": current})
