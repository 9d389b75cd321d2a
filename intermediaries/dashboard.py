"""The intermediary's pages on "My page" (`portal.accounts.dashboard`), by the organisations
their views accept. (The training centre's links are in `training.dashboard`.)"""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import ORGANISATION, DashboardLink, dashboard_link_register

from .permissions import caseload_organisations, coach_organisations

dashboard_link_register(
    DashboardLink(
        "caseload",
        _("Caseload"),
        "caseload",
        ORGANISATION,
        organisations=caseload_organisations,
        order=40,
    ),
    DashboardLink(
        "organisation_proposals",
        _("Proposals of our organisation"),
        "organisation_proposals",
        ORGANISATION,
        organisations=coach_organisations,
        order=41,
    ),
)
