from django.db.models import QuerySet

from portal.accounts.models import User

from .models import AuditEvent


def audit_events_about(*, subject: User) -> QuerySet[AuditEvent]:
    """Everything others did with `subject`'s data, newest first, for their own "who looked" page."""
    return (
        AuditEvent.objects.filter(subject=subject)
        .exclude(actor=subject)
        .select_related("actor")
        .order_by("-created_at")
    )
