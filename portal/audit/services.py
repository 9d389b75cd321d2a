from typing import Any

from django.db import models

from portal.accounts.models import User

from .models import AuditEvent


def audit_record(
    *,
    actor: User | None,
    action: str,
    subject: User | None = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `target`, which concerns `subject`'s data.

    Call it inside the transaction of the change it describes, so a rolled-back
    change leaves no audit row behind and a committed one always has one.
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:255] if target is not None else "",
        details=details or {},
    )
