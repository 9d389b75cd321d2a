"""Social return's pages on "My page" (`portal.accounts.dashboard`), by its policies."""

from django.utils.translation import gettext_lazy as _

from intermediaries.permissions import coach_organisations
from portal.accounts.dashboard import (
    ORGANISATION,
    WORK,
    DashboardLink,
    dashboard_link_register,
)

from .permissions import (
    VIEW,
    may_read_impact,
    obligation_permission_policy,
    supplier_organisations,
)


def sees_obligations(user) -> bool:
    """The list of obligations: network admins, authorities' and suppliers' staff."""
    return obligation_permission_policy.user_has_permission(user, VIEW)


dashboard_link_register(
    DashboardLink(
        "employer_impact",
        _("Banenafspraak and PSO"),
        "sroi_employer_impact",
        ORGANISATION,
        organisations=supplier_organisations,
        order=35,
    ),
    DashboardLink(
        "follow_ups",
        _("Follow-up of placements"),
        "sroi_follow_ups",
        ORGANISATION,
        organisations=coach_organisations,
        order=42,
    ),
    DashboardLink(
        "confirmations",
        _("Hires to confirm"),
        "sroi_confirmations",
        ORGANISATION,
        organisations=coach_organisations,
        order=43,
    ),
    DashboardLink(
        "obligations",
        _("Social return"),
        "sroi_obligations",
        WORK,
        allowed=sees_obligations,
        order=55,
    ),
    DashboardLink(
        "impact", _("Impact dashboard"), "sroi_impact", WORK, allowed=may_read_impact, order=56
    ),
)
