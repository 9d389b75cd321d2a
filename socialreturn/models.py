"""Social return: obligations on suppliers, the authorities' valuation tables, what suppliers
report toward an obligation, and the figures that must outlive a person's erasure.

Amounts are euros in Decimal. A counted contribution keeps the table version it was valued
with and the value it got, so a new or edited table never rewrites old figures.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from intermediaries.models import ContractType, MboLevel, Placement, TargetGroup
from portal.generated_files import GeneratedFile
from portal.organisations.models import Organisation
from portal.validation import date_in_storable_range

from . import valuation
from .schemes import Bonus, StartingPosition
from .valuation import ActivityKind

MONEY = {"max_digits": 14, "decimal_places": 2}


def _euros(**extra):
    return {**MONEY, "validators": [MinValueValidator(Decimal("0"))], **extra}


class ValuationTable(ClusterableModel):
    """One version of an authority's table of "bouwblokken", valid for a period.

    A table without an authority is a shipped example: never used to value anything,
    there to copy. A new version is a new table with a later start.
    """

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="valuation_tables",
        verbose_name=_("contracting authority"),
        help_text=_("Leave empty for an example that values nothing."),
    )
    name = models.CharField(_("name"), max_length=200)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Shown as an example, never as a real table.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    full_time_hours = models.DecimalField(
        _("hours a week of one FTE"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("36"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    minimum_hours = models.DecimalField(
        _("minimum hours a week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
        help_text=_("A hire with fewer hours a week counts for nothing."),
    )
    hourly_rate = models.DecimalField(
        _("value of an employee-hour"),
        **_euros(default=Decimal("0")),
        help_text=_("For internships, guest lessons and coaching hours."),
    )
    bonus_fifty_plus = models.DecimalField(_("bonus: 50 or older"), **_euros(default=0))
    bonus_statushouder = models.DecimalField(_("bonus: statushouder"), **_euros(default=0))
    bonus_language_gap = models.DecimalField(_("bonus: language gap"), **_euros(default=0))
    bonus_permanent_contract = models.DecimalField(
        _("bonus: permanent contract"), **_euros(default=0)
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    panels = [
        FieldPanel("authority"),
        FieldPanel("name"),
        FieldPanel("is_example"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldRowPanel(
            [FieldPanel("full_time_hours"), FieldPanel("minimum_hours"), FieldPanel("hourly_rate")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("bonus_fifty_plus"),
                FieldPanel("bonus_statushouder"),
                FieldPanel("bonus_language_gap"),
                FieldPanel("bonus_permanent_contract"),
            ],
            heading=_("Bonuses per FTE-year"),
        ),
        InlinePanel("rows", heading=_("Value per FTE-year by starting position"), min_num=1),
        FieldPanel("source"),
    ]

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("valuation table")
        verbose_name_plural = _("valuation tables")
        ordering = ["authority__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="valuation_table_period_in_order",
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("valid_from"),
                name="valuation_table_from_plausible",
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("valid_to"),
                name="valuation_table_to_plausible",
            ),
            models.CheckConstraint(
                condition=Q(authority__isnull=False) | Q(is_example=True),
                name="valuation_table_without_authority_is_example",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.authority_id is None and not self.is_example:
            raise ValidationError(
                {"is_example": _("A table without an authority can only be an example.")}
            )
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end lies before the start.")})
        if self.authority_id is None:
            return
        overlapping = ValuationTable.objects.filter(authority_id=self.authority_id).exclude(
            pk=self.pk
        )
        overlapping = overlapping.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        if overlapping.exists():
            raise ValidationError(
                _("Another table of this authority is valid in part of this period: end it first.")
            )

    def rules(self) -> valuation.Table:
        """This version as the plain table the valuation rules read."""
        return valuation.Table(
            full_time_hours=self.full_time_hours,
            minimum_hours=self.minimum_hours,
            hourly_rate=self.hourly_rate,
            rows={row.starting_position: row.value for row in self.rows.all()},
            bonuses={
                Bonus.FIFTY_PLUS: self.bonus_fifty_plus,
                Bonus.STATUSHOUDER: self.bonus_statushouder,
                Bonus.LANGUAGE_GAP: self.bonus_language_gap,
                Bonus.PERMANENT_CONTRACT: self.bonus_permanent_contract,
            },
        )


class ValuationRow(Orderable):
    table = ParentalKey(ValuationTable, on_delete=models.CASCADE, related_name="rows")
    starting_position = models.CharField(
        _("starting position"), max_length=32, choices=StartingPosition.choices
    )
    value = models.DecimalField(_("value per FTE-year"), **_euros())

    wagtail_reference_index_ignore = True

    class Meta(Orderable.Meta):
        verbose_name = _("valuation row")
        verbose_name_plural = _("valuation rows")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "starting_position"], name="one_row_per_starting_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_starting_position_display()}: {self.value}"


class ReportingRhythm(models.IntegerChoices):
    """How often the supplier reports, in months."""

    QUARTERLY = 3, _("Every quarter")
    HALF_YEARLY = 6, _("Every half year")
    YEARLY = 12, _("Every year")


class Obligation(models.Model):
    """A contracting authority's social-return obligation on a supplier, for one contract."""

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="obligations_set",
        verbose_name=_("contracting authority"),
    )
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="obligations_held",
        verbose_name=_("supplier"),
    )
    contract_reference = models.CharField(_("contract reference"), max_length=64)
    title = models.CharField(_("contract title"), max_length=200)
    contract_value = models.DecimalField(_("contract value"), **_euros())
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    fixed_amount = models.DecimalField(_("fixed amount"), **_euros(null=True, blank=True))
    start_date = models.DateField(_("start of the period"))
    end_date = models.DateField(_("end of the period"))
    reporting_rhythm = models.PositiveSmallIntegerField(
        _("reporting rhythm"), choices=ReportingRhythm.choices, default=ReportingRhythm.QUARTERLY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The due day the supplier was last reminded of: a reminder goes out once per due day.
    reminded_for = models.DateField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("social-return obligation")
        verbose_name_plural = _("social-return obligations")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__isnull=True, fixed_amount__isnull=False)
                | Q(percentage__isnull=False, fixed_amount__isnull=True),
                name="obligation_percentage_or_fixed_amount",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="obligation_period_in_order",
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("start_date") & date_in_storable_range("end_date"),
                name="obligation_period_plausible",
            ),
            models.CheckConstraint(
                condition=~Q(authority=models.F("supplier")),
                name="obligation_on_another_organisation",
            ),
            models.UniqueConstraint(
                fields=["authority", "contract_reference"], name="one_obligation_per_contract"
            ),
        ]
        indexes = [models.Index(fields=["supplier", "-start_date"])]

    def __str__(self) -> str:
        return f"{self.contract_reference} {self.title}"

    @property
    def required(self) -> Decimal:
        return valuation.required_amount(
            contract_value=self.contract_value,
            percentage=self.percentage,
            fixed_amount=self.fixed_amount,
        )


class ContributionKind(models.TextChoices):
    PLACEMENT = "placement", _("Placement")
    OUTSIDE_HIRE = "outside_hire", _("Hire from outside the portal")
    ACTIVITY = "activity", _("Other activity")


class ContributionStatus(models.TextChoices):
    AWAITING_COACH = "awaiting_coach", _("Waiting for a coach to confirm")
    REPORTED = "reported", _("Waiting for the authority")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Contribution(models.Model):
    """A placement or other activity a supplier reports toward an obligation.

    Only accepted ones count, with the table version and value fixed at acceptance. A
    placement's facts are copied here, so the figure stays when the person erases their
    account and the link to the placement goes.
    """

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContributionKind.choices)
    placement = models.ForeignKey(
        Placement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placement"),
    )
    date = models.DateField(_("date"))
    # A placement: what it is valued by. The starting position comes from the coach's
    # target group, which the supplier never sees.
    starting_position = models.CharField(
        max_length=32, choices=StartingPosition.choices, blank=True
    )
    bonuses = models.JSONField(default=list, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    months = models.PositiveSmallIntegerField(
        _("months"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    permanent_contract = models.BooleanField(_("permanent contract"), default=False)
    # A hire from outside the portal: a coach of this intermediary confirms it first.
    confirming_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirming organisation"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # An activity.
    activity_kind = models.CharField(
        _("activity"), max_length=32, choices=ActivityKind.choices, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100000"))],
    )
    cost = models.DecimalField(_("costs"), **_euros(null=True, blank=True))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ContributionStatus.choices,
        default=ContributionStatus.REPORTED,
    )
    reason = models.TextField(_("reason"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    table = models.ForeignKey(
        ValuationTable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("valuation table"),
    )
    value = models.DecimalField(_("value"), **MONEY, null=True, blank=True)
    value_note = models.CharField(max_length=32, choices=valuation.Note.choices, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("date"), name="contribution_date_plausible"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="rejected_contribution_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(value__isnull=False, table__isnull=False),
                name="accepted_contribution_keeps_its_value_and_table",
            ),
            models.CheckConstraint(
                condition=~Q(kind="outside_hire") | Q(confirming_organisation__isnull=False),
                name="outside_hire_names_who_confirms",
            ),
            # A placement counts toward one obligation at most once while not rejected.
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(placement__isnull=False) & ~Q(status="rejected"),
                name="placement_counts_once",
            ),
        ]
        indexes = [models.Index(fields=["obligation", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} for {self.obligation_id}"

    @property
    def counts(self) -> bool:
        return self.status == ContributionStatus.ACCEPTED


class ImpactTarget(models.Model):
    """How many placements of a target group an organisation aims for in a year."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="impact_targets",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_group = models.CharField(_("target group"), max_length=32, choices=TargetGroup.choices)
    number = models.PositiveIntegerField(_("number of placements"))

    panels = [
        FieldPanel("organisation"),
        FieldPanel("year"),
        FieldPanel("target_group"),
        FieldPanel("number"),
    ]

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["organisation__name", "-year", "target_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "target_group"], name="one_target_per_group_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.get_target_group_display()}: {self.number}"


class EmployerFte(models.Model):
    """The total FTE an employer states for a year: the denominator of its PSO estimate."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stated_fte"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    total_fte = models.DecimalField(
        _("total FTE"),
        max_digits=9,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1000000"))],
    )
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    stated_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("stated FTE")
        verbose_name_plural = _("stated FTE")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_fte_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.total_fte}"


class PlacementFollowUp(models.Model):
    """Whether a placed person still works there after 6 and 12 months, as the coach heard."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="follow_up")
    working_after_6_months = models.BooleanField(_("still working after 6 months"), null=True)
    working_after_12_months = models.BooleanField(_("still working after 12 months"), null=True)
    # The coach was reminded to ask, once per milestone.
    reminded_6_months = models.BooleanField(default=False)
    reminded_12_months = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("follow-up of a placement")
        verbose_name_plural = _("follow-ups of placements")

    def __str__(self) -> str:
        return f"follow-up of placement {self.placement_id}"


class AnonymousPlacement(models.Model):
    """A placement of a person who erased their account: the figures, nobody's name.

    Erasure copies what the impact figures count and nothing else (no person, proposal
    or text), so every report stays the same afterwards.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("coach's organisation"),
    )
    employer = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("employer")
    )
    sector = models.CharField(max_length=32, blank=True)
    start_date = models.DateField()
    contract_type = models.CharField(max_length=32, choices=ContractType.choices)
    hours_per_week = models.PositiveSmallIntegerField()
    target_group = models.CharField(
        max_length=32, choices=TargetGroup.choices, null=True, blank=True
    )
    mbo_level = models.PositiveSmallIntegerField(choices=MboLevel.choices, null=True, blank=True)
    working_after_6_months = models.BooleanField(null=True)
    working_after_12_months = models.BooleanField(null=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("anonymous placement")
        verbose_name_plural = _("anonymous placements")
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("start_date"),
                name="anonymous_placement_start_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"anonymous placement {self.pk}"


class ImpactMonth(models.Model):
    """Placements added up per coach's organisation, employer, target group, contract and month.

    What the impact dashboard reads, so it costs the same whatever the number of placements.
    Never edited by hand: `impact_summary` recounts a month from the placements whenever one
    of its placements changes, in the same transaction, and `manage.py sroi_rebuild_impact`
    recounts everything. Placements of erased people (`AnonymousPlacement`) count as `kept`,
    with the sector they had; for live ones the sector is the employer's current one.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kept = models.BooleanField(default=False)
    sector = models.CharField(max_length=32, blank=True)
    # Empty: the coach did not record the target group yet.
    target_group = models.CharField(max_length=32, blank=True)
    contract_type = models.CharField(max_length=32)
    month = models.DateField()
    people = models.PositiveIntegerField()
    hours = models.PositiveIntegerField()
    after_6 = models.PositiveIntegerField()
    after_12 = models.PositiveIntegerField()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("impact figures of a month")
        verbose_name_plural = _("impact figures per month")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organisation",
                    "month",
                    "employer",
                    "kept",
                    "sector",
                    "target_group",
                    "contract_type",
                ],
                name="one_impact_cell",
            )
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m}: {self.people}"


class ImpactReport(GeneratedFile):
    """The impact dashboard as a PDF, rendered in the background for the one who asked.

    It keeps the filters it was asked with; the figures are counted when it is made, with
    the small-cell rule of the requester. The download checks again that they may read
    the figures, as the progress report does. Kept as long as PDF CVs.
    """

    folder = "impact-reports"
    extension = "pdf"
    content_type = "application/pdf"
    keep_days_setting = "PORTFOLIO_DOCUMENT_KEEP_DAYS"
    owner_fields = ("requested_by",)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filters = models.JSONField(default=dict)
    language = models.CharField(max_length=8)

    class Meta:
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"impact report {self.public_id}"


class ObligationReport(GeneratedFile):
    """One obligation's progress as a PDF, rendered in the background for the one who asked.

    Counted when it is made, as the obligation's page shows it to the requester; the
    download checks again that they may still see the obligation. Kept as long as PDF CVs.
    """

    folder = "obligation-reports"
    extension = "pdf"
    content_type = "application/pdf"
    keep_days_setting = "PORTFOLIO_DOCUMENT_KEEP_DAYS"
    owner_fields = ("requested_by",)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(max_length=8)

    class Meta:
        verbose_name = _("obligation progress report")
        verbose_name_plural = _("obligation progress reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"obligation report {self.public_id}"


class PlacementExport(GeneratedFile):
    """Every placement of one's own organisation as an XLSX workbook, made in the background
    (100,000 placements take seconds). Keeps the dashboard's filters; the download checks
    again that the organisation is still the requester's own. Kept as long as PDF CVs."""

    folder = "placement-exports"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    keep_days_setting = "PORTFOLIO_DOCUMENT_KEEP_DAYS"
    owner_fields = ("requested_by",)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filters = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("placements export")
        verbose_name_plural = _("placements exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"placements export {self.public_id}"
