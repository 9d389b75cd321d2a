from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .permissions import portfolio_permission_policy as policy


@login_required
def portfolio_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The published portfolio as someone with access sees it; every look is logged for the owner."""
    portfolio = selectors.portfolio_for_viewer(viewer=request.user, public_id=public_id)
    if portfolio is None:
        raise Http404
    services.portfolio_record_view(portfolio=portfolio, viewer=request.user)
    return render(
        request,
        "portfolios/portfolio_detail.html",
        {
            "portfolio": portfolio,
            "show_identity": policy.sees_identity(request.user, portfolio),
            "show_support_needs": policy.sees_support_needs(request.user, portfolio),
            "can_coach": policy.can_coach(request.user, portfolio),
        },
    )


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
