from django.db.models import QuerySet

from portal.accounts.models import User

from .models import Notification


def notifications_for(*, recipient: User) -> QuerySet[Notification]:
    """The recipient's notifications, newest first."""
    return Notification.objects.filter(recipient=recipient)


def unread_count(*, recipient: User) -> int:
    """How many notifications the recipient has not read yet (one query)."""
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()
