from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class OrganisationKind(models.TextChoices):
    TRAINING_CENTRE = "training_centre", _("Training centre")
    MUNICIPALITY = "municipality", _("Municipality")
    SHELTERED_WORK = "sheltered_work", _("Sheltered-work company")
    SCHOOL = "school", _("School")
    BENEFITS_AGENCY = "benefits_agency", _("Benefits agency")
    EMPLOYER = "employer", _("Employer")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    SELF_ORGANISATION = "self_organisation", _("Self-organisation")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Role(models.TextChoices):
    JOBSEEKER = "jobseeker", _("Jobseeker")
    COACH = "coach", _("Coach / matcher")
    TRAINING_STAFF = "training_staff", _("Training staff")
    RECRUITER = "recruiter", _("Employer recruiter")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")


# Which roles an organisation of a given kind can have. Employers have
# recruiters, never jobseekers or coaches; intermediaries have no recruiters.
INTERMEDIARY_KINDS = frozenset(
    {
        OrganisationKind.TRAINING_CENTRE,
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.SHELTERED_WORK,
        OrganisationKind.SCHOOL,
        OrganisationKind.BENEFITS_AGENCY,
        OrganisationKind.SOCIAL_ENTERPRISE,
        OrganisationKind.SELF_ORGANISATION,
    }
)
EMPLOYER_KINDS = frozenset({OrganisationKind.EMPLOYER, OrganisationKind.SOCIAL_ENTERPRISE})


def roles_for_kind(kind: str) -> list[Role]:
    roles = [Role.ORGANISATION_ADMIN]
    if kind in INTERMEDIARY_KINDS:
        roles += [Role.COACH, Role.JOBSEEKER]
    if kind == OrganisationKind.TRAINING_CENTRE:
        roles.append(Role.TRAINING_STAFF)
    if kind in EMPLOYER_KINDS:
        roles.append(Role.RECRUITER)
    return roles


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
        db_index=True,
    )
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    # Nothing links to organisations from page content; skip Wagtail's reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [
            ("manage_members", _("Can manage the members of the organisation")),
            ("invite_jobseekers", _("Can invite jobseekers to the organisation")),
            ("view_members", _("Can see the members of the organisation")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == OrganisationStatus.APPROVED

    @property
    def is_employer(self) -> bool:
        return self.kind in EMPLOYER_KINDS

    @property
    def is_intermediary(self) -> bool:
        return self.kind in INTERMEDIARY_KINDS

    @property
    def is_training_centre(self) -> bool:
        return self.kind == OrganisationKind.TRAINING_CENTRE


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_organisation"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table, so "which organisations may X manage" is one join."""

    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("organisation user permission")


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("organisation group permission")
