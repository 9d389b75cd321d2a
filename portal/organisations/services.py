from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.services import audit_record

from .models import Membership, Organisation, OrganisationStatus, Role, roles_for_kind
from .permissions import ROLE_ACTIONS, organisation_permission_policy


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "organisatie"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    status: str = OrganisationStatus.PENDING,
    created_by: User | None = None,
    **fields,
) -> Organisation:
    """Create an organisation; employers start pending until a network admin approves them."""
    organisation = Organisation.objects.create(
        name=name,
        slug=fields.pop("slug", None) or _unique_slug(name),
        kind=kind,
        status=status,
        approved_at=timezone.now() if status == OrganisationStatus.APPROVED else None,
        **fields,
    )
    audit_record(actor=created_by, action="organisation.create", target=organisation)
    return organisation


@transaction.atomic
def organisation_set_status(*, organisation: Organisation, status: str, by: User) -> Organisation:
    """Approve or reject an organisation (network admins only; the caller checks that)."""
    organisation.status = status
    organisation.approved_at = timezone.now() if status == OrganisationStatus.APPROVED else None
    organisation.save(update_fields=["status", "approved_at"])
    audit_record(actor=by, action=f"organisation.{status}", target=organisation)
    return organisation


def _sync_role_permissions(membership: Membership) -> None:
    policy = organisation_permission_policy
    policy.revoke_all(membership.user, membership.organisation)
    if membership.is_active:
        policy.grant(membership.user, ROLE_ACTIONS[membership.role], membership.organisation)


@transaction.atomic
def membership_create(
    *, user: User, organisation: Organisation, role: str, by: User | None = None
) -> Membership:
    """Make `user` a member of `organisation` with `role` and grant that role's permissions.

    An earlier, ended membership of the same pair is reactivated with the new role.
    """
    if role not in roles_for_kind(organisation.kind):
        raise ValidationError(
            _("An organisation of this kind cannot have members with the role “%(role)s”.")
            % {"role": role}
        )
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": role, "is_active": True, "ended_at": None},
    )
    _sync_role_permissions(membership)
    audit_record(
        actor=by, action="membership.create", subject=user, target=membership, details={"role": role}
    )
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Give a member another role in the same organisation; permissions follow at once."""
    if role not in roles_for_kind(membership.organisation.kind):
        raise ValidationError(_("An organisation of this kind cannot have members with this role."))
    _refuse_removing_last_admin(membership, new_role=role, active=True)
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _sync_role_permissions(membership)
    audit_record(
        actor=by,
        action="membership.change_role",
        subject=membership.user,
        target=membership,
        details={"from": old_role, "to": role},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by: User) -> Membership:
    """End a membership: the person keeps their account but loses every right in this organisation."""
    _refuse_removing_last_admin(membership, new_role=membership.role, active=False)
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at"])
    _sync_role_permissions(membership)
    audit_record(actor=by, action="membership.end", subject=membership.user, target=membership)
    return membership


def _refuse_removing_last_admin(membership: Membership, *, new_role: str, active: bool) -> None:
    stays_admin = active and new_role == Role.ORGANISATION_ADMIN
    if membership.role != Role.ORGANISATION_ADMIN or stays_admin:
        return
    other_admins = (
        Membership.objects.active()
        .filter(organisation=membership.organisation, role=Role.ORGANISATION_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not other_admins.exists():
        raise ValidationError(
            _("An organisation needs at least one organisation admin. Make someone else admin first.")
        )
