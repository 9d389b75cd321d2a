"""Keep portfolios out of the Wagtail admin: they are people's own pages, not site content.

Network admins are superusers there, and Wagtail would otherwise list every
portfolio (titles, drafts, history) and let them edit or publish one. Only our
services change a portfolio, and only for its owner.
"""

from wagtail import hooks

from .models import PortfolioIndexPage, PortfolioPage


@hooks.register("construct_explorer_page_queryset")
def hide_portfolios_from_the_explorer(parent_page, pages, request):
    return pages.not_type(PortfolioIndexPage, PortfolioPage)


@hooks.register("construct_page_chooser_queryset")
def hide_portfolios_from_the_page_chooser(pages, request):
    return pages.not_type(PortfolioIndexPage, PortfolioPage)
