"""The training centre's pages on "My page" (`portal.accounts.dashboard`), by the organisations
their views accept."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import ORGANISATION, DashboardLink, dashboard_link_register

from .permissions import training_centres_of

dashboard_link_register(
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
