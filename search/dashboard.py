"""The search pages on "My page" (`portal.accounts.dashboard`), by the policies their views ask."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import PERSON, WORK, DashboardLink, dashboard_link_register
from portfolios.permissions import portfolio_permission_policy

from .permissions import saved_search_policy
from .selectors import may_search_freely

dashboard_link_register(
    DashboardLink(
        "search_free", _("Search people"), "search_free", WORK, allowed=may_search_freely, order=50
    ),
    DashboardLink(
        "search_saved_list",
        _("My saved searches"),
        "search_saved_list",
        WORK,
        allowed=saved_search_policy.may_save,
        order=51,
    ),
    # Vacancies for you: for who builds a portfolio of their own (the view's check).
    DashboardLink(
        "search_vacancy_alert",
        _("Switch this on or off"),
        "search_vacancy_alert",
        PERSON,
        allowed=portfolio_permission_policy.may_build_own,
    ),
)
