"""Portfolios do not exist in the Wagtail admin: not listed, not searchable, not openable.

A portfolio is a Wagtail page (for drafts and revisions), but it is a person's own
data, and the network admin is a superuser in Wagtail, for whom every admin list
(the explorer, page search, the reports, site history, page-type usage, the
admin API that drives the menus) shows every page with its history and authors.
Filtering each of those views one by one leaves the next one Wagtail adds open.
So, on two levels:

1. While the admin is answering a GET (or HEAD), Wagtail's page, revision and page
   log managers leave portfolio pages out (`hidden_from_admin`). Every admin list
   is built on those managers. Writes (POST) see the whole tree, so the page tree's
   own bookkeeping (paths, child counts) stays right; a POST to a portfolio is
   refused by the next step anyway.
2. Any admin URL that names a portfolio page (its id, or the portfolio page types)
   answers 404, whatever the method (`PortfolioAdminGuardMiddleware`).

Only our own services change a portfolio, after our own permission policy.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

# Set while the admin answers a read: only then do the managers leave portfolios out.
_hiding: ContextVar[bool] = ContextVar("portfolios_hidden_from_admin", default=False)

HIDDEN_APP = "portfolios"
HIDDEN_MODELS = ("portfoliopage", "portfolioindexpage")
# Admin URL arguments that name a page.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
# Admin URL namespaces where a bare `pk` or `object_id` is a page.
PAGE_NAMESPACES = ("wagtailadmin_pages", "wagtailadmin_api")


def hidden_content_type_ids() -> list[int]:
    from .models import PortfolioIndexPage, PortfolioPage

    types = ContentType.objects.get_for_models(
        PortfolioIndexPage, PortfolioPage, for_concrete_models=False
    )
    return [content_type.pk for content_type in types.values()]


def hidden_from_admin() -> bool:
    return _hiding.get()


def _hiding_manager(get_queryset: Callable) -> Callable:
    def get_queryset_without_portfolios(self):
        queryset = get_queryset(self)
        if _hiding.get():
            queryset = queryset.exclude(content_type__in=hidden_content_type_ids())
        return queryset

    get_queryset_without_portfolios.hides_portfolios = True  # type: ignore[attr-defined]
    return get_queryset_without_portfolios


def install() -> None:
    """Teach Wagtail's page, revision and page log managers to leave portfolios out of admin reads."""
    from wagtail.models import PageLogEntryManager, RevisionsManager
    from wagtail.models.pages import BasePageManager

    for manager in (BasePageManager, RevisionsManager, PageLogEntryManager):
        if not getattr(manager.get_queryset, "hides_portfolios", False):
            manager.get_queryset = _hiding_manager(manager.get_queryset)


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def _names_a_portfolio(request: HttpRequest, view_kwargs: dict) -> bool:
    from wagtail.models import Page

    match = request.resolver_match
    namespaces = set(match.namespaces) if match else set()
    if view_kwargs.get("content_type_app_name") == HIDDEN_APP or (
        view_kwargs.get("app_label") == HIDDEN_APP
    ):
        return True
    candidates = [view_kwargs.get(name) for name in PAGE_ARGUMENTS]
    if namespaces & set(PAGE_NAMESPACES):
        candidates += [view_kwargs.get("pk"), view_kwargs.get("object_id")]
    if view_kwargs.get("app_label") == "wagtailcore" and view_kwargs.get("model_name") == "page":
        candidates += request.GET.getlist("id")  # bulk actions name their pages so
    ids = [int(value) for value in candidates if str(value or "").isdecimal()]
    ids = [value for value in ids if value < 2**63]
    if not ids:
        return False
    # The unfiltered base manager: the check must see what the lists hide.
    return Page._base_manager.filter(
        pk__in=ids, content_type__in=hidden_content_type_ids()
    ).exists()


class PortfolioAdminGuardMiddleware:
    """Hide portfolios from admin reads, and answer 404 to any admin URL that names one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_admin_prefix()):
            return self.get_response(request)
        token = _hiding.set(request.method in ("GET", "HEAD"))
        try:
            return self.get_response(request)
        finally:
            _hiding.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.path.startswith(_admin_prefix()) and _names_a_portfolio(request, view_kwargs):
            raise Http404
        return None
