"""The person's portfolio pages on "My page" (`portal.accounts.dashboard`), by the portfolio policy."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import PERSON, DashboardLink, dashboard_link_register

from .permissions import portfolio_permission_policy

dashboard_link_register(
    DashboardLink(
        "portfolio_editor",
        _("Go to my portfolio"),
        "portfolio_editor",
        PERSON,
        allowed=portfolio_permission_policy.may_build_own,
    ),
    DashboardLink(
        "evidence_list",
        _("My proof: photos, certificates and references"),
        "evidence_list",
        PERSON,
        allowed=portfolio_permission_policy.may_keep_evidence,
    ),
)
