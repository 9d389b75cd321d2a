"""Employers' own data and their vacancies, on the same skill taxonomy as portfolios."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import Certificate, DutchLevel, Sector, WorkType
from portal.organisations.models import Organisation
from portal.taxonomy.models import Concept
from portal.validation import date_in_storable_range

kvk_validator = RegexValidator(r"^[0-9]{8}$", _("A KvK number has exactly 8 digits."))


class PsoLevel(models.IntegerChoices):
    """Prestatieladder Socialer Ondernemen: 0 = no certificate, 1–3 = its steps."""

    NONE = 0, _("No PSO certificate")
    STEP_1 = 1, _("PSO step 1")
    STEP_2 = 2, _("PSO step 2")
    STEP_3 = 3, _("PSO step 3")


class EmployerProfile(models.Model):
    """What only employers have: KvK number, sector, contact person and social-return profile."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="employer_profile",
        verbose_name=_("organisation"),
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, validators=[kvk_validator])
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("e-mail of the contact person"))
    contact_phone = models.CharField(_("phone of the contact person"), max_length=32, blank=True)
    pso_level = models.PositiveSmallIntegerField(
        _("PSO level"), choices=PsoLevel.choices, default=PsoLevel.NONE
    )
    banenafspraak = models.BooleanField(_("takes part in the banenafspraak"), default=False)
    has_sroi_obligations = models.BooleanField(
        _("has social-return (SROI) obligations"), default=False
    )
    sroi_reference = models.CharField(_("SROI reference"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FILLED = "filled", _("Filled")


class SkillLevel(models.IntegerChoices):
    """The same 4-step scale jobseekers use for themselves."""

    LEARNING = 1, _("1 – is learning it")
    WITH_HELP = 2, _("2 – can do it with help")
    ON_OWN = 3, _("3 – can do it alone")
    CAN_TEACH = 4, _("4 – can teach it")


# What support the workplace offers: field name → label, in the order shown.
SUPPORT_FIELDS = {
    "support_job_coach": _("Job coach"),
    "support_adapted_workstation": _("Adapted workstation"),
    "support_flexible_hours": _("Flexible hours"),
    "support_buddy": _("Buddy"),
}


class VacancyQuerySet(models.QuerySet):
    def open(self, *, today=None):
        """Open now: published and not past the closing date, even if the closing job has not run."""
        today = today or timezone.localdate()
        return self.filter(status=VacancyStatus.OPEN).exclude(closing_date__lt=today)

    def with_state(self, *, today=None):
        """Annotate `state`: the status, but "closed" for open vacancies past their closing date."""
        today = today or timezone.localdate()
        return self.annotate(
            state=Case(
                When(
                    Q(status=VacancyStatus.OPEN, closing_date__lt=today),
                    then=Value(VacancyStatus.CLOSED.value),
                ),
                default="status",
                output_field=models.CharField(),
            )
        )


class Vacancy(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="vacancies"
    )
    title = models.CharField(_("title"), max_length=150)
    occupation = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="vacancies",
        null=True,
        blank=True,
        verbose_name=_("occupation"),
    )
    description = models.TextField(_("description"), blank=True)
    work_type = models.CharField(_("type of work"), max_length=32, choices=WorkType.choices)
    hours_min = models.PositiveSmallIntegerField(
        _("hours per week, at least"), null=True, blank=True
    )
    hours_max = models.PositiveSmallIntegerField(
        _("hours per week, at most"), null=True, blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1)]
    )
    # A must: only people holding every one of these are candidates (unless a coach widens).
    driving_licences = models.JSONField(_("driving licences required"), default=list, blank=True)
    # Musts as well (`portal.choices.Certificate` codes; a CEFR level or "" for none).
    certificates = models.JSONField(_("certificates required"), default=list, blank=True)
    dutch_level = models.CharField(
        _("Dutch at least"), max_length=2, choices=DutchLevel.choices, blank=True
    )
    support_job_coach = models.BooleanField(_("job coach"), default=False)
    support_adapted_workstation = models.BooleanField(_("adapted workstation"), default=False)
    support_flexible_hours = models.BooleanField(_("flexible hours"), default=False)
    support_buddy = models.BooleanField(_("buddy"), default=False)
    banenafspraak = models.BooleanField(_("suitable for the banenafspraak"), default=False)
    counts_for_sroi = models.BooleanField(_("counts toward an SROI obligation"), default=False)
    sroi_contract = models.CharField(_("SROI contract"), max_length=200, blank=True)
    offered_under_pso = models.BooleanField(_("offered under PSO"), default=False)
    show_to_jobseekers = models.BooleanField(_("show to jobseekers"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=VacancyStatus.choices,
        default=VacancyStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vacancies_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = VacancyQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["status", "closing_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("start_date"), name="vacancy_start_date_plausible"
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("closing_date"),
                name="vacancy_closing_date_plausible",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__isnull=True)
                | Q(hours_max__isnull=True)
                | Q(hours_min__lte=models.F("hours_max")),
                name="vacancy_hours_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def certificate_labels(self) -> list[str]:
        """The required certificates' names in the active language."""
        labels = dict(Certificate.choices)
        return [str(labels[code]) for code in self.certificates if code in labels]

    @property
    def effective_status(self) -> str:
        """The status as people see it: an open vacancy past its closing date is closed."""
        if (
            self.status == VacancyStatus.OPEN
            and self.closing_date is not None
            and self.closing_date < timezone.localdate()
        ):
            return VacancyStatus.CLOSED
        return self.status

    def get_effective_status_display(self) -> str:
        return VacancyStatus(self.effective_status).label

    @property
    def support_labels(self) -> list[str]:
        return [str(label) for name, label in SUPPORT_FIELDS.items() if getattr(self, name)]


class VacancySkill(models.Model):
    """A skill the vacancy asks for: required or nice to have, with a minimum level."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")
    concept = models.ForeignKey(
        Concept, on_delete=models.PROTECT, related_name="vacancy_skills", verbose_name=_("skill")
    )
    required = models.BooleanField(_("required"), default=True)
    min_level = models.PositiveSmallIntegerField(
        _("minimum level"),
        choices=SkillLevel.choices,
        default=SkillLevel.WITH_HELP,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("vacancy skill")
        verbose_name_plural = _("vacancy skills")
        ordering = ["-required", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "concept"], name="one_row_per_vacancy_skill"
            ),
            models.CheckConstraint(
                condition=Q(min_level__gte=1, min_level__lte=4), name="vacancy_skill_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} – {self.concept}"
