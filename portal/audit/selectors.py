from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page
from django.db.models import QuerySet

from portal.accounts.models import User
from portal.organisations.models import Membership

from .labels import Label, action_label, describe_targets
from .models import AuditEvent


def audit_events_about(*, subject: User) -> QuerySet[AuditEvent]:
    """Everything others did with `subject`'s data, newest first, for their own "who looked" page."""
    return (
        AuditEvent.objects.filter(subject=subject)
        .exclude(actor=subject)
        .select_related("actor")
        .order_by("-created_at")
    )


def audit_targets_recorded(
    *, actor: User, action: str, object_type: str, ids: list[str]
) -> set[str]:
    """Which of `ids` already have an `action` row by `actor` (to log a sighting only once)."""
    return set(
        AuditEvent.objects.filter(
            actor=actor, action=action, object_type=object_type, object_id__in=ids
        ).values_list("object_id", flat=True)
    )


@dataclass(frozen=True)
class AccessRow:
    """One line of "who looked at my data", in words: no ids, no codes."""

    when: datetime
    who: str  # empty: Talentbrug itself did it
    organisations: tuple[str, ...]
    what: Label
    about: str


def access_rows(events: Page | list[AuditEvent]) -> list[AccessRow]:
    """The events of one page as the person reads them, with who did it and for which organisation."""
    events = list(events)
    actor_ids = {event.actor_id for event in events if event.actor_id}
    organisations: dict[int, list[str]] = {}
    for user_id, name in (
        Membership.objects.filter(user_id__in=actor_ids, is_active=True)
        .order_by("organisation__name")
        .values_list("user_id", "organisation__name")
    ):
        organisations.setdefault(user_id, []).append(name)
    about = describe_targets((event.object_type, event.object_id) for event in events)
    rows = []
    for event in events:
        details = event.details if isinstance(event.details, dict) else {}
        # An organisation named at the time of the event wins over today's memberships.
        named = details.get("organisations")
        rows.append(
            AccessRow(
                when=event.created_at,
                who=event.actor.get_full_name() or event.actor.email if event.actor else "",
                organisations=tuple(
                    named if isinstance(named, list) else organisations.get(event.actor_id, ())
                ),
                what=action_label(event.action, str(details.get("what", ""))),
                about=about.get((event.object_type, event.object_id), ""),
            )
        )
    return rows
