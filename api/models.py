"""API keys and tokens, and the answers remembered for idempotent creates.

A key is shown once and stored only as a prefix (to find it) and a SHA-256 hash of its
high-entropy secret (to check it). An organisation key acts through its own member
account of the organisation, so every call meets the same permission policies, services
and audit log as the screens; a personal token acts as the jobseeker themselves.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    TAXONOMY_READ = "taxonomy:read", _("Read the skill taxonomy")
    VACANCIES_READ = "vacancies:read", _("Read vacancies")
    VACANCIES_WRITE = "vacancies:write", _("Create, change, publish and close vacancies")
    CANDIDATES_READ = "candidates:read", _("Search candidates, for a vacancy or freely")
    PROPOSALS_READ = "proposals:read", _("Read proposals")
    PROPOSALS_WRITE = "proposals:write", _("Move proposals to their next state")
    SOCIALRETURN_READ = "socialreturn:read", _("Read social-return obligations and contributions")
    PORTFOLIO_READ = "portfolio:read", _("Read my own portfolio")
    PORTFOLIO_EXPORT = "portfolio:export", _("Export all my data")
    PORTFOLIO_WRITE = "portfolio:write", _("Import a portfolio into my own portfolio, as a draft")


ORGANISATION_SCOPES = (
    Scope.TAXONOMY_READ,
    Scope.VACANCIES_READ,
    Scope.VACANCIES_WRITE,
    Scope.CANDIDATES_READ,
    Scope.PROPOSALS_READ,
    Scope.PROPOSALS_WRITE,
    Scope.SOCIALRETURN_READ,
)
PERSONAL_SCOPES = (
    Scope.TAXONOMY_READ,
    Scope.PORTFOLIO_READ,
    Scope.PORTFOLIO_EXPORT,
    Scope.PORTFOLIO_WRITE,
)


class KeyKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation key")
    PERSONAL = "personal", _("Personal token")


class ApiKey(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=KeyKind.choices)
    name = models.CharField(_("name"), max_length=100)
    # Organisation keys only; personal tokens belong to `user` alone.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
        verbose_name=_("organisation"),
    )
    # Who the key acts as: the key's own member account, or the jobseeker.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("acts as"),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_usable() else "expired"

    def get_status_display(self) -> str:
        return {"revoked": _("Revoked"), "active": _("Active"), "expired": _("Expired")}[
            self.status
        ]

    def scope_labels(self) -> list[str]:
        return [Scope(scope).label for scope in self.scopes if scope in Scope.values]


class IdempotentResponse(models.Model):
    """The first answer to a create with an `Idempotency-Key`, replayed for repeats."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "key"], name="one_answer_per_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.api_key_id}: {self.key}"


class WebhookEvent(models.TextChoices):
    PROPOSAL_CHANGED = "proposal.changed", _("A proposal changed state")
    VACANCY_CLOSED = "vacancy.closed", _("A vacancy closed")
    PLACEMENT_RECORDED = "placement.recorded", _("A placement was recorded")


class Webhook(models.Model):
    """An organisation's subscription: events are POSTed to `url`, signed with `secret`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # The HMAC key: it signs every delivery, so it is kept (shown once, like a key).
    secret = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        return [WebhookEvent(event).label for event in self.events if event in WebhookEvent.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one webhook, tried until delivered or given up (see api.webhooks)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"
