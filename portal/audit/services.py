from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from portal.accounts.models import User
from portal.organisations.selectors import active_organisation_names

from .models import AuditEvent


@dataclass(frozen=True, slots=True)
class AuditTarget:
    """What an audit row names, for bulk writes that hold values, not objects (building
    thousands of page objects only to name them costs more than the export they audit)."""

    object_type: str
    object_id: str
    object_repr: str

    @classmethod
    def of(cls, model: type[models.Model], pk: object, text: str) -> "AuditTarget":
        return cls(model._meta.label_lower, str(pk), text[:255])


def _row(
    actor: User | None,
    action: str,
    subject: User | int | None,
    target: models.Model | AuditTarget | None,
    details: dict[str, Any] | None,
) -> AuditEvent:
    if target is not None and not isinstance(target, AuditTarget):
        # __class__, not type(): request.user is a SimpleLazyObject that proxies __class__.
        target = AuditTarget.of(target.__class__, target.pk, str(target))
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject_id=subject.pk if isinstance(subject, User) else subject,
        action=action,
        object_type=target.object_type if target is not None else "",
        object_id=target.object_id if target is not None else "",
        object_repr=target.object_repr if target is not None else "",
        details=details or {},
    )


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
    event = _row(actor, action, subject, target, details)
    event.save()
    return event


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    targets: list[tuple[User | None, models.Model]],
    details: dict[str, Any] | None = None,
) -> None:
    """Record the same `action` on several (subject, target) pairs in one insert.

    For what a list page shows, so logging it costs the same for 1 row as for 50.
    """
    AuditEvent.objects.bulk_create(
        [_row(actor, action, subject, target, details) for subject, target in targets]
    )


def audit_record_names_seen(*, viewer: User, subject_ids: Collection[int], where: str) -> int:
    """Record that `viewer` saw these people's names on a list (`where`: "caseload",
    "search"), once per person, list and day; returns how many rows it wrote.

    A list shows many names at once and is opened many times a day: one line a day per
    person keeps "who looked at my data" readable and the table small, and still tells
    the person who saw their name, where and on which day.
    """
    ids = {pk for pk in subject_ids if pk != viewer.pk}
    if not ids:
        return 0
    action = f"person.name_seen:{where}"
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    already = set(
        AuditEvent.objects.filter(
            actor=viewer, action=action, subject_id__in=ids, created_at__gte=start_of_day
        ).values_list("subject_id", flat=True)
    )
    organisations = active_organisation_names(user=viewer)
    rows = [
        AuditEvent(
            actor=viewer,
            subject_id=pk,
            action=action,
            details={"organisations": organisations},
        )
        for pk in sorted(ids - already)
    ]
    AuditEvent.objects.bulk_create(rows)
    return len(rows)


def audit_record_each(
    *,
    actor: User | None,
    events: list[tuple[str, User | int | None, models.Model | AuditTarget, dict[str, Any] | None]],
) -> None:
    """Record several (action, subject, target, details) of one actor in one insert, in order.

    For bulk writes and exports, which must leave the same entries as one by one; they
    may name the subject by id and the target as an `AuditTarget`.
    """
    AuditEvent.objects.bulk_create(
        [
            _row(actor, action, subject, target, details)
            for action, subject, target, details in events
        ]
    )
