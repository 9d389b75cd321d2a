"""Keys for tests and demo data, made through the services like a person would."""

from datetime import timedelta

from django.utils import timezone

from portal.accounts.models import User
from portal.organisations.models import Organisation

from .models import ORGANISATION_SCOPES, PERSONAL_SCOPES, ApiKey
from .services import NewKey, api_key_create, api_key_revoke, personal_token_create


def make_key(
    *,
    organisation: Organisation,
    role: str,
    by: User | None,
    scopes=ORGANISATION_SCOPES,
    name: str = "Test system",
    state: str = "active",
) -> NewKey:
    """An organisation key; `state` "revoked" or "expired" for keys that must no longer work."""
    new = api_key_create(
        organisation=organisation,
        name=name,
        role=role,
        scopes=[str(scope) for scope in scopes],
        expires_on=timezone.localdate() + timedelta(days=30),
        by=by,
    )
    _age(new, state, by)
    return new


def make_token(*, user: User, scopes=PERSONAL_SCOPES, state: str = "active") -> NewKey:
    new = personal_token_create(
        user=user,
        name="My app",
        scopes=[str(scope) for scope in scopes],
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    _age(new, state, user)
    return new


def _age(new: NewKey, state: str, by: User | None) -> None:
    if state == "revoked":
        api_key_revoke(key=new.key, by=by)
    elif state == "expired":
        ApiKey.objects.filter(pk=new.key.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
