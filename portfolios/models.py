import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PagePermissionTester

from portal.choices import DutchLevel, SkillLevel
from portal.generated_files import GeneratedFile
from portal.storage import private_storage
from portal.validation import date_in_storable_range

from .blocks import NarrativeBlock


class NoAdminAccess(PagePermissionTester):
    """Wagtail's page permissions for portfolios: nobody may do anything through the admin,
    superusers included. Our services act with skip_permission_checks after our own policy."""

    def _no(self, *args, **kwargs) -> bool:
        return False

    can_add_subpage = can_edit = can_delete = can_unpublish = can_publish = _no
    can_submit_for_moderation = can_set_view_restrictions = can_unschedule = _no
    can_lock = can_unlock = can_publish_subpage = can_reorder_children = _no
    can_move = can_copy = can_move_to = can_copy_to = can_view_revisions = _no


class PortfolioIndexPage(Page):
    """Holds every portfolio. It lives outside the site's page tree, so Wagtail never routes to it."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portfolios.PortfolioPage"]

    class Meta:
        verbose_name = _("portfolio index")

    def route(self, request, path_components):
        raise Http404

    def serve(self, request, *args, **kwargs):
        raise Http404

    def permissions_for_user(self, user):
        return NoAdminAccess(user, self)


class PortfolioPage(Page):
    """One jobseeker's own portfolio: "what am I good at, what do I want".

    A Wagtail page for drafts, revisions and publishing, but never served by
    Wagtail: our views check the permission policy and render it themselves.
    What matching uses is relational (skills, wishes) and revisioned with the page.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: a cascade would delete the page behind the page tree's back; erasure
    # (portfolios.privacy) deletes the page properly first, then the person.
    jobseeker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="portfolio",
        verbose_name=_("jobseeker"),
    )
    # About me
    headline = models.CharField(_("In one sentence: who are you?"), max_length=160, blank=True)
    about_me = models.TextField(_("About me"), blank=True)
    photo_evidence = models.ForeignKey(
        "portfolios.Evidence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What I've done
    narrative = StreamField(
        NarrativeBlock(), blank=True, verbose_name=_("experience and education")
    )
    # What I want
    hours_min = models.PositiveSmallIntegerField(
        _("hours per week, at least"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    hours_max = models.PositiveSmallIntegerField(
        _("hours per week, at most"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    days_available = models.JSONField(_("days I can work"), default=list, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    max_travel_km = models.PositiveSmallIntegerField(
        _("how far I can travel (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    transport = models.JSONField(_("how I travel"), default=list, blank=True)
    driving_licences = models.JSONField(_("driving licences"), default=list, blank=True)
    # `portal.choices.Certificate` codes; a vacancy may require some of them.
    certificates = models.JSONField(_("certificates"), default=list, blank=True)
    dutch_level = models.CharField(
        _("how well I speak Dutch"), max_length=2, choices=DutchLevel.choices, blank=True
    )
    work_types = models.JSONField(_("kinds of work"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    earliest_start = models.DateField(_("I can start from"), null=True, blank=True)
    # Private to the jobseeker and their coach's organisation; never shown to employers.
    support_needs = models.TextField(_("What helps me at work"), blank=True)

    parent_page_types = ["portfolios.PortfolioIndexPage"]
    subpage_types: list[str] = []
    # Portfolios never appear in Wagtail's own search: matching has its own, permissioned search.
    search_fields: list = []

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("earliest_start"),
                name="portfolio_earliest_start_plausible",
            ),
        ]

    def route(self, request, path_components):
        raise Http404

    def serve(self, request, *args, **kwargs):
        raise Http404

    def permissions_for_user(self, user):
        return NoAdminAccess(user, self)

    def serve_preview(self, request, mode_name):
        raise Http404

    def get_sitemap_urls(self, request=None):
        return []


class PortfolioSkill(Orderable):
    page = ParentalKey(PortfolioPage, on_delete=models.CASCADE, related_name="skills")
    concept = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    # Kept beside the self-assessment, never instead of it; set by training staff.
    staff_level = models.PositiveSmallIntegerField(
        _("level assessed by staff"), choices=SkillLevel.choices, null=True, blank=True
    )
    note = models.CharField(_("example or proof in words"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("skill")
        constraints = [
            models.UniqueConstraint(fields=["page", "concept"], name="one_row_per_portfolio_skill")
        ]

    def __str__(self) -> str:
        return f"{self.concept} ({self.level})"


class PortfolioOccupation(Orderable):
    """An occupation the jobseeker wants to do."""

    page = ParentalKey(PortfolioPage, on_delete=models.CASCADE, related_name="occupations")
    concept = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("work")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("wanted work")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "concept"], name="one_row_per_portfolio_occupation"
            )
        ]

    def __str__(self) -> str:
        return str(self.concept)


class LanguageLevel(models.TextChoices):
    BEGINNER = "beginner", _("A little")
    REASONABLE = "reasonable", _("Reasonably well")
    GOOD = "good", _("Well")
    NATIVE = "native", _("It is my mother tongue")


class PortfolioLanguage(Orderable):
    page = ParentalKey(PortfolioPage, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=60)
    level = models.CharField(_("how well"), max_length=16, choices=LanguageLevel.choices)

    class Meta(Orderable.Meta):
        verbose_name = _("language")

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    CERTIFICATE = "certificate", _("Certificate")
    REFERENCE = "reference", _("Reference")


EVIDENCE_FOLDER = "evidence"


def evidence_folder(owner_id: int) -> str:
    """Where one person's evidence files lie; erasure empties it, strays included."""
    return f"{EVIDENCE_FOLDER}/{owner_id}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # The stored name says nothing about the person or the original file name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{evidence_folder(instance.owner_id)}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """A file or reference text that backs up a skill. Files live in private storage only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence"
    )
    concept = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skill"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=150, blank=True)
    text = models.TextField(_("reference text"), blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, storage=private_storage)
    content_type = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Audience(models.TextChoices):
    COACH_ORGANISATION = "coach_organisation", _("My coach's organisation")
    NETWORK = "network", _("Other intermediaries in the network")
    EMPLOYERS_ANONYMOUS = "employers_anonymous", _("Employers, without my name")
    EMPLOYERS_NAMED = "employers_named", _("Employers, with my name")


class PortfolioConsent(models.Model):
    """Who may see the published portfolio now. Not revisioned: a withdrawal counts at once.

    Employers see a portfolio when the jobseeker switched them on AND their coach approved,
    or when the jobseeker shared with employers while they had no coach organisation
    (`employers_without_coach`). That is recorded here when it happens, not derived from the
    memberships at each search, so the index follows from this row alone: it stays when the
    person joins a coach organisation later, until they stop sharing with employers or
    their coach withdraws it (`portfolios.services.consent_set*`).
    """

    portfolio = models.OneToOneField(
        PortfolioPage, on_delete=models.CASCADE, related_name="consent", primary_key=True
    )
    coach_organisation = models.BooleanField(default=False)
    network = models.BooleanField(default=False)
    employers_anonymous = models.BooleanField(default=False)
    employers_named = models.BooleanField(default=False)
    coach_approves_employers = models.BooleanField(default=False)
    employers_without_coach = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        indexes = [
            models.Index(fields=["network"], name="consent_network_idx"),
            models.Index(fields=["coach_organisation"], name="consent_coach_org_idx"),
        ]

    def __str__(self) -> str:
        return f"consent of {self.portfolio_id}"

    @property
    def employers_allowed(self) -> bool:
        """The second half of sharing with employers: the coach's yes, or no coach to ask."""
        return self.coach_approves_employers or self.employers_without_coach

    @property
    def employers_may_see(self) -> bool:
        return self.employers_allowed and (self.employers_anonymous or self.employers_named)

    @property
    def employers_see_name(self) -> bool:
        return self.employers_allowed and self.employers_named


class ConsentEvent(models.Model):
    """Every switch, as it happened: who, which audience, on or off, when, and the text shown."""

    portfolio = models.ForeignKey(
        PortfolioPage, on_delete=models.CASCADE, related_name="consent_events"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audience = models.CharField(max_length=32)
    granted = models.BooleanField()
    text_shown = models.TextField()
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consent change")

    def __str__(self) -> str:
        return f"{self.audience}={'on' if self.granted else 'off'}"


class DocumentVersion(models.TextChoices):
    FULL = "full", _("Full, with name and contact details")
    ANONYMISED = "anonymised", _("Anonymised, without name, photo or contact details")


class PortfolioDocument(GeneratedFile):
    """A PDF CV of one portfolio revision, rendered in the background for one requester.

    The download checks the permission policy again: a withdrawn consent closes it at once.
    """

    folder = "cv"
    extension = "pdf"
    content_type = "application/pdf"
    keep_days_setting = "PORTFOLIO_DOCUMENT_KEEP_DAYS"
    owner_fields = ("requested_by", "portfolio__jobseeker")

    portfolio = models.ForeignKey(PortfolioPage, on_delete=models.CASCADE, related_name="documents")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    version = models.CharField(max_length=16, choices=DocumentVersion.choices)
    language = models.CharField(max_length=8)
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("PDF CV")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"cv {self.public_id} ({self.version})"


class DataExport(GeneratedFile):
    """ "Everything held about me" as one zip, built in the background, for its owner only."""

    folder = "exports"
    extension = "zip"
    content_type = "application/zip"
    keep_days_setting = "DATA_EXPORT_KEEP_DAYS"
    owner_fields = ("user",)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )

    class Meta:
        verbose_name = _("data export")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.public_id}"


class EditorStep(models.TextChoices):
    """The five steps of the jobseeker's editor a coach can leave a suggestion on."""

    ABOUT = "about", _("About me")
    SKILLS = "skills", _("What I am good at")
    DONE = "done", _("What I have done")
    WISHES = "wishes", _("What I want")
    CONSENT = "consent", _("Who may see it")


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    IGNORED = "ignored", _("Ignored")


class CoachSuggestion(models.Model):
    """A coach's suggestion on one step of a jobseeker's portfolio; only the jobseeker acts on it.

    It is about the jobseeker, so it is their data: it goes with their portfolio
    when it is erased and into their export. A skill or occupation in it is added
    to the jobseeker's draft only when they accept it; a coach never edits or
    publishes the portfolio.
    """

    portfolio = models.ForeignKey(
        PortfolioPage, on_delete=models.CASCADE, related_name="coach_suggestions"
    )
    step = models.CharField(_("step"), max_length=16, choices=EditorStep.choices)
    # SET_NULL: a coach who leaves takes their account, not the jobseeker's suggestions.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("suggestion"), blank=True)
    skill = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skill"),
    )
    skill_level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, null=True, blank=True
    )
    occupation = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work"),
    )
    state = models.CharField(
        max_length=16, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("coach's suggestion")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["portfolio", "state"], name="suggestion_portfolio_state")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(skill__isnull=True) | models.Q(step="skills"),
                name="suggestion_skill_on_skills_step",
            ),
            models.CheckConstraint(
                condition=models.Q(skill__isnull=True, skill_level__isnull=True)
                | models.Q(skill__isnull=False, skill_level__isnull=False),
                name="suggestion_skill_with_level",
            ),
            models.CheckConstraint(
                condition=models.Q(occupation__isnull=True) | models.Q(step="wishes"),
                name="suggestion_occupation_on_wishes_step",
            ),
        ]

    def __str__(self) -> str:
        # Neutral: audit rows and logs may show this, so no text and no names.
        return f"suggestion {self.pk} ({self.step}, {self.state})"
