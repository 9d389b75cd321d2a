from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import Notification


@task()
def send_notification_email(*, notification_id: int, site: str = "") -> None:
    """E-mail one notification to its recipient, in their language; runs in the worker after commit."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None:
        return  # the account was erased meanwhile
    recipient = notification.recipient
    # Checked again here: the person may have switched e-mail off, or already read it
    # in the portal, before the worker got to this task.
    if not (recipient.is_active and recipient.email_notifications) or notification.read_at:
        return
    # At most once: mark it sent first. A run that dies between this and the send
    # loses the e-mail (the notification stays in the portal); a run again sends nothing.
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return
    base = (site or settings.SITE_URL).rstrip("/")
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "first_name": recipient.first_name,
            "text": notification.text,
            "link": base + notification.url,
            "settings_link": base + reverse("profile"),
            "site_url": base + "/",
        }
        subject = render_to_string("notifications/email/subject.txt", context).strip()
        body = render_to_string("notifications/email/body.txt", context)
    # One Message-ID per notification: should a mail of it ever go out twice, the
    # reader's mail program shows it once, and support can trace it to the notification.
    domain = urlsplit(base).hostname or "localhost"
    EmailMessage(
        subject,
        body,
        None,
        [recipient.email],
        headers={"Message-ID": f"<notification.{notification.pk}@{domain}>"},
    ).send()
