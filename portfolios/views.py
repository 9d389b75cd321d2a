from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType

from . import selectors, services, suggestions
from .forms import SuggestionForm, SuggestionSearchForm
from .models import PortfolioPage
from .permissions import portfolio_permission_policy as policy

# What a coach may suggest from the picker: a skill (step 2) or work (step 4).
SUGGESTION_CONCEPT_TYPES = [ConceptType.SKILL, ConceptType.KNOWLEDGE, ConceptType.OCCUPATION]
SEARCH_LIMIT = 10


@login_required
def portfolio_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The published portfolio as someone with access sees it; every look is logged for the owner.

    A coach of the jobseeker's own organisation also leaves suggestions here (POST);
    the picker's search and choice are GET parameters, so it works without JavaScript.
    """
    portfolio = selectors.portfolio_for_viewer(viewer=request.user, public_id=public_id)
    if portfolio is None:
        raise Http404
    can_coach = policy.can_coach(request.user, portfolio)
    if request.method == "POST" and not can_coach:
        raise Http404
    coach_context, status = {}, 200
    if can_coach:
        if request.method == "POST":
            concept = _suggested_concept(request.POST.get("concept"))
            form = SuggestionForm(request.POST, concept=concept)
            if form.is_valid():
                try:
                    suggestions.suggestion_create(
                        portfolio=portfolio, by=request.user, **form.suggestion_fields()
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("Your suggestion is sent. The jobseeker decides what to do with it."),
                    )
                    url = reverse("portfolio_detail", args=[portfolio.public_id])
                    return redirect(f"{url}#my-suggestions-heading")
            status = 400
        else:
            concept = _suggested_concept(request.GET.get("kies"))
            form = SuggestionForm(concept=concept)
        coach_context = _coach_context(request, portfolio, form=form, concept=concept)
    services.portfolio_record_view(portfolio=portfolio, viewer=request.user)
    return render(
        request,
        "portfolios/portfolio_detail.html",
        {
            "portfolio": portfolio,
            "show_identity": policy.sees_identity(request.user, portfolio),
            "show_support_needs": policy.sees_support_needs(request.user, portfolio),
            "can_coach": can_coach,
            **coach_context,
        },
        status=status,
    )


def _suggested_concept(value: str | None) -> Concept | None:
    """The skill or work picked for a suggestion; an unknown id is a 404, like in the editor."""
    if not value:
        return None
    try:
        concept_id = int(value)
    except ValueError as error:
        raise Http404 from error
    return get_object_or_404(
        Concept,
        pk=concept_id,
        concept_type__in=SUGGESTION_CONCEPT_TYPES,
        status=ConceptStatus.RELEASED,
    )


def _coach_context(
    request: HttpRequest, portfolio: PortfolioPage, *, form: SuggestionForm, concept: Concept | None
) -> dict:
    search_form = SuggestionSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    results = []
    if concept is None and query.strip():
        results = concept_autocomplete(
            query=query,
            language=translation.get_language() or "nl",
            types=SUGGESTION_CONCEPT_TYPES,
            limit=SEARCH_LIMIT,
        )
    return {
        "suggestion_form": form,
        "chosen": concept,
        "search_form": search_form,
        "query": query,
        "results": results,
        "my_suggestions": suggestions.suggestions_by_author(
            portfolio=portfolio, author=request.user
        ),
    }


@login_required
@require_POST
def coach_employer_approval(request: HttpRequest, public_id: str) -> HttpResponse:
    """The coach's half of sharing with employers: employers see it only when both said yes."""
    portfolio = selectors.portfolio_for_viewer(viewer=request.user, public_id=public_id)
    if portfolio is None or not policy.can_coach(request.user, portfolio):
        raise Http404
    approved = request.POST.get("approved") == "1"
    services.consent_set_coach_approval(portfolio=portfolio, approved=approved, by=request.user)
    if approved:
        messages.success(
            request, _("You agreed. Employers see this portfolio if the jobseeker also says yes.")
        )
    else:
        messages.success(request, _("Employers no longer see this portfolio."))
    return redirect("portfolio_detail", public_id=portfolio.public_id)
