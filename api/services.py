"""Writes for API keys and personal tokens. Callers check who may manage keys; these keep the rules."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.organisations.models import Membership, Organisation, Role, roles_for_kind
from portal.organisations.services import membership_create, membership_end
from portal.validation import YEAR, DateWindow

from . import key_cache
from .models import ORGANISATION_SCOPES, PERSONAL_SCOPES, ApiKey, KeyKind

KEY_START = "tb"
# The roles a key's member account may hold: work with vacancies, candidates and proposals,
# never manage members (so a leaked key cannot make more keys or admins).
KEY_ROLES = (Role.RECRUITER, Role.COACH, Role.TRAINING_STAFF)
# A key works up to and including its last day, at most a year ahead.
KEY_EXPIRY_WINDOW = DateWindow(past_days=0, future_days=YEAR)
DEFAULT_VALID_DAYS = 90
# Writing "last used" at most once a minute per key keeps a busy key from writing on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def key_roles_for(organisation: Organisation) -> list[Role]:
    """The roles a key of `organisation` may act in, in the order of the form."""
    allowed = roles_for_kind(organisation.kind)
    return [role for role in KEY_ROLES if role in allowed]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str, str]:
    """(prefix, secret, full key). 32 random bytes make guessing hopeless, so one SHA-256 suffices."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return prefix, secret, f"{KEY_START}_{prefix}_{secret}"


@dataclass(frozen=True)
class NewKey:
    """A key just made, with its full text: shown once and never stored."""

    key: ApiKey
    plaintext: str


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _check(*, name: str, scopes: list[str], allowed: tuple[str, ...], expires_on: date) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the key a name, so you know what it is for.")]
    if not scopes:
        errors["scopes"] = [_("Choose at least one thing the key may do.")]
    elif not set(scopes) <= set(allowed):
        errors["scopes"] = [_("Choose from the list.")]
    try:
        KEY_EXPIRY_WINDOW.check(expires_on)
    except ValidationError as error:
        errors["expires_on"] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_key_create(
    *,
    organisation: Organisation,
    name: str,
    role: str,
    scopes: list[str],
    expires_on: date,
    by: User | None,
) -> NewKey:
    """Make an organisation key acting as a new member of `organisation` in `role`.

    The member account has no password and gets no e-mail; revoking the key ends its
    membership, so from then on every policy refuses it, whatever the API layer does.
    """
    _check(name=name, scopes=scopes, allowed=ORGANISATION_SCOPES, expires_on=expires_on)
    if role not in key_roles_for(organisation):
        raise ValidationError({"role": [_("Choose a role from the list.")]})
    prefix, secret, plaintext = _new_secret()
    account = User.objects.create_user(
        # Short enough to fit a phone screen where member lists show e-mail addresses.
        email=f"api-{prefix}@keys.invalid",
        password=None,
        first_name=_("API key"),
        last_name=f"{name.strip()[:100]} ({organisation.name})"[:150],
        email_notifications=False,
    )
    membership_create(user=account, organisation=organisation, role=role, by=by)
    key = ApiKey.objects.create(
        kind=KeyKind.ORGANISATION,
        name=name.strip(),
        organisation=organisation,
        user=account,
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        created_by=by,
        expires_at=_end_of(expires_on),
    )
    audit_record(
        actor=by,
        action="api_key.create",
        target=key,
        details={"organisation_id": organisation.pk, "role": role, "scopes": key.scopes},
    )
    return NewKey(key=key, plaintext=plaintext)


@transaction.atomic
def personal_token_create(*, user: User, name: str, scopes: list[str], expires_on: date) -> NewKey:
    """Make a token with which `user` reads or takes away their own data."""
    _check(name=name, scopes=scopes, allowed=PERSONAL_SCOPES, expires_on=expires_on)
    prefix, secret, plaintext = _new_secret()
    key = ApiKey.objects.create(
        kind=KeyKind.PERSONAL,
        name=name.strip(),
        user=user,
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        created_by=user,
        expires_at=_end_of(expires_on),
    )
    audit_record(
        actor=user,
        action="api_key.create",
        subject=user,
        target=key,
        details={"scopes": key.scopes},
    )
    return NewKey(key=key, plaintext=plaintext)


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by: User | None) -> ApiKey:
    """Stop the key at once; an organisation key's member account loses its membership too."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    # This process stops accepting it now, even before the transaction commits (a rollback
    # only costs one read); the others within `API_KEY_CACHE_SECONDS` (`key_cache`).
    key_cache.forget(key.prefix)
    transaction.on_commit(lambda: key_cache.forget(key.prefix))
    if key.kind == KeyKind.ORGANISATION:
        for membership in Membership.objects.filter(user=key.user, is_active=True):
            membership_end(membership=membership, by=by)
        User.objects.filter(pk=key.user_id).update(is_active=False)
    audit_record(
        actor=by,
        action="api_key.revoke",
        subject=key.user if key.kind == KeyKind.PERSONAL else None,
        target=key,
    )
    return key


def api_key_authenticate(plaintext: str) -> ApiKey | None:
    """The usable key this text belongs to, or None. Constant-time on the secret.

    A key met in the last `API_KEY_CACHE_SECONDS` is not read again (`key_cache`): a busy
    key costs no query, and "last used" is written at most once a minute.
    """
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_START or not parts[1] or len(parts[1]) > 16:
        return None
    key = key_cache.remembered(parts[1])
    if key is None:
        key = ApiKey.objects.select_related("user", "organisation").filter(prefix=parts[1]).first()
        if key is None:
            # Hash anyway, so an unknown prefix takes as long as a wrong secret.
            hmac.compare_digest(_hash(parts[2]), "0" * 64)
            return None
        key_cache.remember(key)
    if not hmac.compare_digest(_hash(parts[2]), key.secret_hash):
        return None
    now = timezone.now()
    if not key.is_usable(now) or not key.user.is_active:
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
        key_cache.remember(key, fresh=False)
    return key
