"""The intermediary's pages on "My page" (`portal.accounts.dashboard`), by the organisations
their views accept. (The training-centre links move with the trajectories and cohorts.)"""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import ORGANISATION, DashboardLink, dashboard_link_register

from .permissions import caseload_organisations, coach_organisations, training_centres_of

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
    DashboardLink(
        "trajectories",
        _("Trajectories"),
        "trajectory_list",
        ORGANISATION,
        organisations=training_centres_of,
        order=70,
    ),
    DashboardLink(
        "cohorts",
        _("Cohorts"),
        "cohorts",
        ORGANISATION,
        organisations=training_centres_of,
        order=71,
    ),
)
