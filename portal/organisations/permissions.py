"""Who may do what to which organisation. Roles grant object permissions on the organisation."""

from django.db.models import QuerySet

from portal.permissions import ObjectPermissionPolicy

from .models import (
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
    Role,
    roles_for_kind,
)

MANAGE_MEMBERS = "manage_members"
INVITE_JOBSEEKERS = "invite_jobseekers"
VIEW_MEMBERS = "view_members"

# What each role may do in its own organisation. Kept here, beside the policy,
# so a role change in the services re-grants exactly this.
ROLE_ACTIONS: dict[str, tuple[str, ...]] = {
    Role.ORGANISATION_ADMIN: (MANAGE_MEMBERS, INVITE_JOBSEEKERS, VIEW_MEMBERS),
    Role.COACH: (INVITE_JOBSEEKERS, VIEW_MEMBERS),
    Role.TRAINING_STAFF: (VIEW_MEMBERS,),
    Role.RECRUITER: (VIEW_MEMBERS,),
    Role.JOBSEEKER: (),
}

organisation_permission_policy = ObjectPermissionPolicy(
    Organisation,
    user_permission_model=OrganisationUserObjectPermission,
    group_permission_model=OrganisationGroupObjectPermission,
)


def managed_by(user) -> QuerySet[Organisation]:
    """The organisations whose members `user` manages (and so their keys and webhooks)."""
    return organisation_permission_policy.instances_user_has_permission_for(user, MANAGE_MEMBERS)


def invitable_roles(actions: set[str], organisation: Organisation) -> list[Role]:
    """The roles someone holding `actions` on `organisation` may invite people into."""
    if MANAGE_MEMBERS in actions:
        return roles_for_kind(organisation.kind)
    if INVITE_JOBSEEKERS in actions and Role.JOBSEEKER in roles_for_kind(organisation.kind):
        return [Role.JOBSEEKER]
    return []
