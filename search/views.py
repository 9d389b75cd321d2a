"""The intermediary's search screens: candidates for a vacancy, vacancies for a candidate.

Only staff of approved intermediaries search (others get 403 before anything is
looked up); a vacancy or portfolio the searcher may not open answers 404, so it
cannot be probed. The selectors do the work; the views parse and render.
"""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vacancies.selectors import visible_vacancy

from . import selectors
from .forms import CandidateSearchForm, VacancySearchForm, page_number

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
        }
        for name, param, legend, multiple in facets
        if results.facets.get(name)
    ]


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


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
    form = CandidateSearchForm(request.GET, skill_ids=[skill.concept_id for skill in skills])
    form.is_valid()
    results = selectors.candidate_results(
        user=request.user,
        vacancy=vacancy,
        filters=form.filters(),
        text=form.text,
        page=page_number(request.GET),
    )
    return render(
        request,
        "search/vacancy_candidates.html",
        {
            "vacancy": vacancy,
            "required_skills": [skill for skill in skills if skill.required],
            "nice_skills": [skill for skill in skills if not skill.required],
            "form": form,
            "results": results,
            "facets": _panel(CANDIDATE_FACETS, results),
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
    return render(
        request,
        "search/candidate_vacancies.html",
        {
            "portfolio": portfolio,
            "form": form,
            "results": results,
            "facets": _panel(VACANCY_FACETS, results),
            "filter_query": _query_without_page(request),
        },
    )
