"""The API's pages on "My page" (`portal.accounts.dashboard`), by the policies their views ask."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import (
    ORGANISATION,
    PERSON,
    DashboardLink,
    dashboard_link_register,
)
from portal.organisations.permissions import managed_by
from portfolios.permissions import portfolio_permission_policy
from vacancies.permissions import CHANGE, employer_organisations_for


def vacancies_changed_by(user):
    """Employers whose vacancies `user` may change: the vacancy import's check."""
    return employer_organisations_for(user, CHANGE)


dashboard_link_register(
    # A key is a member account, so its screens are for who manages members.
    DashboardLink(
        "api_keys", _("API keys"), "api_key_list", ORGANISATION, organisations=managed_by, order=20
    ),
    DashboardLink(
        "vacancy_import",
        _("Import vacancies"),
        "vacancy_import",
        ORGANISATION,
        organisations=vacancies_changed_by,
        order=32,
    ),
    # The person's own: import a portfolio, codes for other apps (the portfolio editor's rule).
    DashboardLink(
        "portfolio_import",
        _("Import my portfolio from another system"),
        "portfolio_import",
        PERSON,
        allowed=portfolio_permission_policy.may_build_own,
    ),
    DashboardLink(
        "api_token_list",
        _("Your portfolio in another app"),
        "api_token_list",
        PERSON,
        allowed=portfolio_permission_policy.may_build_own,
    ),
)
