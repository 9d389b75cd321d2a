from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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
        },
    )
