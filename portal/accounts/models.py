from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# The network admin is a role: this group (made by the data migration
# accounts/0004_network_admin_group, with Wagtail admin access and the model permissions
# the admin's network screens need) on a staff account.
# A superuser counts too, for operations; managing the network needs no superuser.
NETWORK_ADMIN_GROUP = "Netwerkbeheer"
# As a condition over users, for queries such as "whom to tell".
NETWORK_ADMIN_Q = Q(is_active=True) & (
    Q(is_superuser=True) | Q(is_staff=True, groups__name=NETWORK_ADMIN_GROUP)
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def network_admins(self):
        return self.filter(NETWORK_ADMIN_Q).distinct()

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with their e-mail address.

    Network admins are staff users in the network admins' group (`NETWORK_ADMIN_GROUP`);
    every other role comes from a Membership of an organisation.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="nl",
        choices=[("nl", "Nederlands"), ("en", "English")],
    )
    email_notifications = models.BooleanField(_("e-mail me about notifications"), default=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def is_network_admin(self) -> bool:
        """Whether the person holds the network admin role (`NETWORK_ADMIN_Q`); a query only
        for staff accounts, so pages cost the same for everyone else."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.is_staff and self.groups.filter(name=NETWORK_ADMIN_GROUP).exists()


class Invitation(models.Model):
    """A single-use, expiring e-mail link that makes someone a member of an organisation.

    Only a hash of the token is stored, so a leaked database does not leak live links.
    """

    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=32)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations_accepted"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        # No e-mail address: this text lands in audit rows that outlive an erased account.
        return f"invitation {self.pk} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


def active_language() -> str:
    """The language the person is using right now, as stored on their account (nl or en)."""
    from django.conf import settings

    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
