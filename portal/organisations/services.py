import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.accounts.models import Invitation, User, active_language
from portal.audit.services import audit_record
from portal.links import site_url

from .models import Membership, Organisation, OrganisationStatus, Role, roles_for_kind
from .permissions import ROLE_ACTIONS, organisation_permission_policy
from .signals import membership_changed, organisation_changed
from .tasks import send_invitation_email, send_organisation_status_email


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
    """Approve or reject an organisation (network admins only; the caller checks that).

    When the decision changes, the organisation's admins and recruiters get an
    e-mail after commit, from the background worker.
    """
    previous = (
        Organisation.objects.filter(pk=organisation.pk).values_list("status", flat=True).first()
    )
    organisation.status = status
    organisation.approved_at = timezone.now() if status == OrganisationStatus.APPROVED else None
    organisation.save(update_fields=["status", "approved_at"])
    audit_record(actor=by, action=f"organisation.{status}", target=organisation)
    _reindex_after_commit(organisation)
    if status != previous and status in (OrganisationStatus.APPROVED, OrganisationStatus.REJECTED):
        site = site_url()  # taken now: the worker has no request to build links from
        transaction.on_commit(
            lambda: send_organisation_status_email.enqueue(
                organisation_id=organisation.pk, status=status, site=site
            )
        )
    return organisation


# What an admin may edit besides the status, which has its own service and e-mails.
EDITABLE_FIELDS = (
    "name",
    "kind",
    "street_address",
    "postcode",
    "city",
    "email",
    "phone",
    "website",
)


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **fields) -> Organisation:
    """Change an organisation's details (network admins only; the caller checks that).

    Audited with the names of the fields that changed. A new kind changes who the
    members may see and where its jobseekers are shown, so the search index follows
    after commit.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    details = {"fields": sorted(changed)}
    if "kind" in changed:
        details["kind"] = {"from": current.kind, "to": changed["kind"]}
    for name, value in changed.items():
        setattr(current, name, value)
    current.save(update_fields=list(changed))
    audit_record(actor=by, action="organisation.update", target=current, details=details)
    if "kind" in changed:
        _reindex_after_commit(current)
    return current


def _reindex_after_commit(organisation: Organisation) -> None:
    organisation_id = organisation.pk
    transaction.on_commit(
        lambda: organisation_changed.send(sender=Organisation, organisation_id=organisation_id)
    )


def _sync_role_permissions(membership: Membership) -> None:
    # Every membership write passes here, and each can change who may see the member's portfolio.
    user_id = membership.user_id
    transaction.on_commit(lambda: membership_changed.send(sender=Membership, user_id=user_id))
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
        actor=by,
        action="membership.create",
        subject=user,
        target=membership,
        details={"role": role},
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
            _(
                "An organisation needs at least one organisation admin. Make someone else admin first."
            )
        )


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User, first_name: str = ""
) -> Invitation:
    """Invite someone by e-mail to join `organisation` with `role`.

    The link's token is made by the background task that sends the e-mail
    (`send_invitation_email`), after commit, and only its hash is stored: task
    arguments are kept in the task table, so they carry ids only. Until the
    task ran, the invitation holds the hash of a token nobody knows. An earlier
    open invitation for the same address and organisation is revoked, so only
    the newest link works.
    """
    email = email.strip().lower()
    if role not in roles_for_kind(organisation.kind):
        raise ValidationError(_("An organisation of this kind cannot have members with this role."))
    if Membership.objects.active().filter(organisation=organisation, user__email=email).exists():
        raise ValidationError(
            _("This person is already a member of %(organisation)s.")
            % {"organisation": organisation.name}
        )
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name.strip(),
        organisation=organisation,
        role=role,
        token_hash=_hash_token(secrets.token_urlsafe(32)),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        actor=invited_by, action="invitation.create", target=invitation, details={"role": role}
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    site = site_url()
    transaction.on_commit(
        lambda: send_invitation_email.enqueue(
            invitation_id=invitation.pk, language=language, site=site
        )
    )
    return invitation


def invitation_new_token(*, invitation_id: int) -> str | None:
    """A fresh secret for the invitation's link, or None when it can no longer be used.

    Stores only the hash, so any earlier link of this invitation stops working.
    The caller puts the token in the e-mail and nowhere else.
    """
    token = secrets.token_urlsafe(32)
    updated = Invitation.objects.filter(
        pk=invitation_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(token_hash=_hash_token(token))
    return token if updated else None


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation behind a link, usable or not (the view explains which), or None."""
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_hash_token(token))
        .first()
    )


def _check_usable(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn. Ask for a new one."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask for a new one."))


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> Membership:
    """Use an invitation: join its organisation, creating the account if there is none yet.

    The invitation row is locked, so a link clicked twice at once joins once.
    The e-mail address counts as verified: the person clicked a link sent to it.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=_hash_token(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    _check_usable(invitation)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("There is already an account for this e-mail address. Log in first.")
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            preferred_language=active_language(),
        )
    elif user.email.lower() != invitation.email:
        raise ValidationError(
            _("This invitation is for %(email)s. Log in with that address.")
            % {"email": invitation.email}
        )
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    membership = membership_create(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        by=invitation.invited_by,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, action="invitation.accept", subject=user, target=invitation)
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an invitation that has not been used yet; its link stops working at once."""
    _check_usable(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="invitation.revoke", target=invitation)
    return invitation


def invitation_valid_days() -> int:
    return settings.INVITATION_VALID_DAYS


def invitation_problem(invitation: Invitation | None) -> str:
    """Why a link cannot be used, in the user's language, or "" when it can."""
    if invitation is None:
        return _("This invitation link is not valid.")
    try:
        _check_usable(invitation)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""
