"""A coach proposes one person for one vacancy, from a search result.

Search shows the results; proposing is this app's: the search pages offer "Propose"
through `search.extensions.result_actions` (`propose_actions` below), so search needs
nothing of this app. From a vacancy's candidates or a person's vacancies the pair is
known; from the free search the coach first chooses the vacancy (`propose_choose`).
Only coaches and admins of an approved intermediary propose (others get 403); a
person or vacancy they may not open answers 404, so it cannot be probed.
"""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.validation import page_number
from portfolios.models import PortfolioPage
from search import selectors as search_selectors
from search.extensions import ResultAction
from search.spec import VacancyFilters
from vacancies.models import Vacancy
from vacancies.selectors import visible_vacancy

from .permissions import coach_organisations
from .proposal_forms import ChooseVacancyForm, ProposeForm
from .selectors import OpenProposal, open_proposals_between
from .services import proposal_create

# `?van=zoeken` on the propose page: the coach came from the free search's vacancy choice.
FROM_FREE_SEARCH = "zoeken"
ALREADY_PROPOSED = _("Already proposed for this vacancy")


def _proposed_note(proposed: OpenProposal) -> str:
    if proposed.own:
        return gettext("Your organisation proposed this person. Status: %(state)s.") % {
            "state": proposed.state_label
        }
    return gettext(
        "Another organisation proposed this person. One open proposal per person and vacancy."
    )


def propose_actions(
    user: User, pairs: Collection[tuple[int | None, Any]]
) -> dict[tuple[int | None, str], ResultAction]:
    """ "Propose" for each search result a coach may propose from, or instead the mark that
    the person is already proposed for that vacancy. Nothing for anyone else (employers,
    training staff). Two queries whatever the number of results."""
    if not coach_organisations(user).exists():
        return {}
    proposed = open_proposals_between(
        viewer=user,
        vacancy_ids={vacancy_id for vacancy_id, _ in pairs if vacancy_id is not None},
        public_ids={public_id for _, public_id in pairs},
    )
    actions = {}
    for vacancy_id, public_id in pairs:
        key = (vacancy_id, str(public_id))
        if vacancy_id is None:
            actions[key] = ResultAction(
                url=reverse("propose_choose", args=[public_id]),
                label=gettext("Propose for a vacancy"),
            )
        elif key in proposed:
            actions[key] = ResultAction(
                badge=str(ALREADY_PROPOSED), note=_proposed_note(proposed[key])
            )
        else:
            actions[key] = ResultAction(
                url=reverse("propose", args=[vacancy_id, public_id]), label=gettext("Propose")
            )
    return actions


def _only_coaches(request: HttpRequest):
    organisations = coach_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


@login_required
def propose_choose(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """From the free search: the vacancies this person could be proposed for, best fit
    first, each with why; the coach chooses one and writes the motivation next."""
    _only_coaches(request)
    portfolio = search_selectors.portfolio_for_search(user=request.user, public_id=public_id)
    if portfolio is None:
        raise Http404
    results = search_selectors.vacancy_results(
        user=request.user,
        portfolio=portfolio,
        filters=VacancyFilters(),
        page=page_number(request.GET),
    )
    proposed = open_proposals_between(
        viewer=request.user,
        vacancy_ids=[row.vacancy.pk for row in results.rows],
        public_ids=[portfolio.public_id],
    )
    key = str(portfolio.public_id)
    open_rows = [row for row in results.rows if (row.vacancy.pk, key) not in proposed]
    form = ChooseVacancyForm(
        request.GET if "vacature" in request.GET else None,
        vacancies=[(row.vacancy.pk, row.vacancy.title) for row in open_rows],
    )
    if form.is_bound and form.is_valid():
        url = reverse("propose", args=[form.cleaned_data["vacature"], portfolio.public_id])
        return redirect(f"{url}?{urlencode({'van': FROM_FREE_SEARCH})}")
    rows = [
        (
            row,
            None
            if (row.vacancy.pk, key) not in proposed
            else ResultAction(
                badge=str(ALREADY_PROPOSED), note=_proposed_note(proposed[(row.vacancy.pk, key)])
            ),
        )
        for row in results.rows
    ]
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("vacature", None)
    return render(
        request,
        "intermediaries/propose_choose.html",
        {
            "portfolio": portfolio,
            "form": form,
            "results": results,
            "rows": rows,
            "filter_query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def propose(request: HttpRequest, pk: int, public_id: UUID) -> HttpResponse:
    """A coach proposes one person for one vacancy, with a motivation and the explanation.

    The person decides nothing here: the proposal waits for their yes or no. GET shows
    why they fit, computed fresh; POST leaves every rule to `proposal_create`, so a
    refusal (already proposed, no longer shared, vacancy closed) shows its message and
    keeps what the coach wrote.
    """
    organisations = _only_coaches(request)
    if request.method != "POST":
        vacancy = visible_vacancy(user=request.user, pk=pk)
        match = (
            search_selectors.proposal_match(user=request.user, vacancy=vacancy, public_id=public_id)
            if vacancy is not None
            else None
        )
        if match is None:
            raise Http404
        form = ProposeForm(organisations=organisations)
        return _propose_page(request, vacancy, public_id, match, form)
    # Posted: the vacancy may have closed or the consent been withdrawn since the form
    # was shown; the service says so. Unknown ids are 404 as before.
    vacancy = Vacancy.objects.select_related("organisation").filter(pk=pk).first()
    portfolio = PortfolioPage.objects.filter(public_id=public_id).first()
    if vacancy is None or portfolio is None:
        raise Http404
    match = search_selectors.proposal_match(user=request.user, vacancy=vacancy, public_id=public_id)
    form = ProposeForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            proposal = proposal_create(
                portfolio=portfolio,
                vacancy=vacancy,
                by=request.user,
                motivation=form.cleaned_data["motivation"],
                explanation=match.snapshot if match is not None else {},
                organisation=form.cleaned_data["organisation"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages_of = error.messages if isinstance(error, ValidationError) else [str(error)]
            for message in messages_of:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                gettext("Your proposal is made. The jobseeker answers it first."),
            )
            return redirect("organisation_proposals", slug=proposal.organisation.slug)
    return _propose_page(request, vacancy, public_id, match, form)


def _propose_page(
    request: HttpRequest,
    vacancy: Vacancy,
    public_id: UUID,
    match: search_selectors.ProposalMatch | None,
    form: ProposeForm,
) -> HttpResponse:
    from_free_search = request.GET.get("van") == FROM_FREE_SEARCH
    return render(
        request,
        "intermediaries/propose.html",
        {
            "vacancy": vacancy,
            "match": match,
            "row": match.row if match is not None else None,
            "form": form,
            "back_url": reverse("propose_choose", args=[public_id])
            if from_free_search
            else reverse("search_vacancy_candidates", args=[vacancy.pk]),
            "back_label": gettext("Back to the vacancies for this person")
            if from_free_search
            else gettext("Back to the candidates"),
        },
    )
