from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.links import site_url

from .models import Notification
from .tasks import send_notification_email


def notification_create(
    *,
    recipient: User,
    kind: str,
    subject_id: int | None = None,
    params: dict | None = None,
    url_name: str = "",
    url_args: Sequence[str | int] = (),
    created_at: datetime | None = None,
    email: bool = True,
) -> Notification:
    """Tell `recipient` about something in the portal, and by e-mail unless they switched it off.

    `email=False`: only in the portal (an alert whose owner chose so).

    `kind` must be registered with `register_notification_kinds`; `params` (JSON-ready)
    fill its text. `created_at` is when it happened, now unless given. The e-mail is
    sent by the worker after commit, in the recipient's preferred language.
    """
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject_id=subject_id,
        params=params or {},
        url_name=url_name,
        url_args=list(url_args),
        created_at=created_at or timezone.now(),
    )
    if email and recipient.email_notifications:
        site = site_url()  # taken now: the worker has no request to build links from
        transaction.on_commit(
            lambda: send_notification_email.enqueue(notification_id=notification.pk, site=site)
        )
    return notification


def notification_coalesce(
    *,
    recipient: User,
    kind: str,
    subject_id: int,
    params: dict,
    merge: Callable[[dict, dict], dict] | None = None,
    url_name: str = "",
    url_args: Sequence[str | int] = (),
) -> Notification:
    """Tell `recipient` as `notification_create` does, unless they have not yet read an
    earlier one of the same kind about the same subject: then that one is brought up to
    date instead (its time now, its params `merge(earlier, params)`, or `params`), and no
    second e-mail goes out. For news that can come many times in an hour (an event's
    schedule changing at every check-in): one message until it is read, never a flood."""
    earlier = (
        Notification.objects.select_for_update()
        .filter(recipient=recipient, kind=kind, subject_id=subject_id, read_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if earlier is None:
        return notification_create(
            recipient=recipient,
            kind=kind,
            subject_id=subject_id,
            params=params,
            url_name=url_name,
            url_args=url_args,
        )
    earlier.params = merge(earlier.params, params) if merge else params
    earlier.created_at = timezone.now()
    earlier.save(update_fields=["params", "created_at"])
    return earlier


def notifications_mark_read(*, recipient: User, ids: Sequence[int] | None = None) -> int:
    """Mark the recipient's unread notifications read (only `ids`, when given); returns how many."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
