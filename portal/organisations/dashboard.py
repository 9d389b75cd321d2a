"""The organisation pages on "My page" (`portal.accounts.dashboard`), by the organisation policy."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.accounts.dashboard import ORGANISATION, DashboardLink, dashboard_link_register

from .models import INTERMEDIARY_KINDS, Organisation
from .permissions import (
    INVITE_JOBSEEKERS,
    MANAGE_MEMBERS,
    VIEW_MEMBERS,
    managed_by,
    organisation_permission_policy,
)


def invite_jobseekers_only(user) -> QuerySet[Organisation]:
    """Where `user` invites jobseekers but does not manage members (`invitable_roles`)."""
    return (
        organisation_permission_policy.instances_user_has_permission_for(user, INVITE_JOBSEEKERS)
        .filter(kind__in=INTERMEDIARY_KINDS)
        .exclude(pk__in=managed_by(user).values("pk"))
    )


def members_only(user) -> QuerySet[Organisation]:
    """Where `user` sees the members, and neither manages them nor invites anyone."""
    policy = organisation_permission_policy
    return policy.instances_user_has_permission_for(user, VIEW_MEMBERS).exclude(
        pk__in=policy.instances_user_has_any_permission_for(
            user, [INVITE_JOBSEEKERS, MANAGE_MEMBERS]
        ).values("pk")
    )


dashboard_link_register(
    DashboardLink(
        "my_jobseekers",
        _("My jobseekers"),
        "organisation_detail",
        ORGANISATION,
        organisations=invite_jobseekers_only,
        query="?rol=jobseeker",
        order=10,
    ),
    DashboardLink(
        "invite_jobseeker",
        _("Invite a jobseeker"),
        "invitation_create",
        ORGANISATION,
        organisations=invite_jobseekers_only,
        order=11,
    ),
    DashboardLink(
        "manage_members",
        _("Manage members"),
        "organisation_detail",
        ORGANISATION,
        organisations=managed_by,
        order=12,
    ),
    DashboardLink(
        "invite_someone",
        _("Invite someone"),
        "invitation_create",
        ORGANISATION,
        organisations=managed_by,
        order=13,
    ),
    DashboardLink(
        "members",
        _("Members of this organisation"),
        "organisation_detail",
        ORGANISATION,
        organisations=members_only,
        order=14,
    ),
)
