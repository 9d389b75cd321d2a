from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import notification_text


class Notification(models.Model):
    """Something that happened that concerns the recipient, shown in the portal and e-mailed.

    Only the kind and its params are stored, not the text: the text is built when it is
    shown, in the language of whoever reads it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=64)
    # The id of the object this is about; the kind says which model (a proposal for "proposal.*").
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    url_name = models.CharField(max_length=100, blank=True)
    url_args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set just before the e-mail goes out: a task run again never sends it twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            # The badge counts only unread ones, on every page.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return f"notification {self.pk}: {self.kind}"

    @property
    def text(self) -> str:
        return notification_text(self.kind, self.params)

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name or "dashboard", args=self.url_args)
        except NoReverseMatch:
            # Stored notifications outlive URLs: a screen that moved sends people to their page.
            return reverse("dashboard")


class SentEmail(models.Model):
    """An e-mail a task run sent (or was about to send) to one address.

    The sweep runs a task again when its worker died (`portal.jobs`): a run that finds
    its mark sends nothing, so every e-mail goes out at most once. Only a hash of the
    run and the address is kept, so the table holds no one's e-mail address.
    """

    key = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    wagtail_reference_index_ignore = True

    def __str__(self) -> str:
        return f"e-mail {self.key[:12]}"
