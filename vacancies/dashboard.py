"""The employer's pages on "My page" (`portal.accounts.dashboard`), by the vacancy policy."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import (
    ORGANISATION,
    WORK,
    DashboardLink,
    dashboard_link_register,
)
from portal.organisations.roles import signed_in

from .permissions import VIEW, employer_organisations_for


def vacancies_seen_by(user):
    """Employers whose vacancies `user` works with (`selectors.employer_organisation_for`)."""
    return employer_organisations_for(user, VIEW)


def profiles_seen_by(user):
    """The same employers, where they have their details page."""
    return vacancies_seen_by(user).filter(employer_profile__isnull=False)


dashboard_link_register(
    DashboardLink(
        "employer_vacancies",
        _("Our vacancies"),
        "employer_vacancies",
        ORGANISATION,
        organisations=vacancies_seen_by,
        order=30,
    ),
    DashboardLink(
        "employer_profile",
        _("Employer details"),
        "employer_profile",
        ORGANISATION,
        organisations=profiles_seen_by,
        order=33,
    ),
    # Every signed-in person may look through the network's open vacancies.
    DashboardLink(
        "vacancy_list",
        _("Open vacancies in the network"),
        "vacancy_list",
        WORK,
        allowed=signed_in,
        order=60,
    ),
)
