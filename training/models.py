"""Training centres: trajectories, development goals, modules, assessments and progress reports.

The tables keep the names they had when these models lived in `intermediaries`
(`db_table`): the move to this app changed Django's state only, so existing databases
kept every row, key and index without a rename (migration `training.0001_initial`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import SkillLevel
from portal.generated_files import GeneratedFile
from portal.organisations.models import Organisation
from portal.validation import date_in_storable_range


class TrajectoryStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    TRAINING = "training", _("Training")
    JOB_HUNTING = "job_hunting", _("Looking for work")
    PLACED = "placed", _("Placed")
    ENDED = "ended", _("Ended")


class Trajectory(models.Model):
    """A jobseeker's time at a training centre; a person may have several over the years."""

    # Null once the person erased their account: the trajectory stays, nameless and without
    # their words, so the centre's cohort figures do not change after the fact.
    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="trajectories",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("training centre"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_trajectories",
        verbose_name=_("coach"),
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.INTAKE,
    )
    ended_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        db_table = "intermediaries_trajectory"
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("start_date"),
                name="trajectory_start_date_plausible",
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("planned_end_date"),
                name="trajectory_planned_end_plausible",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(ended_reason=""),
                name="ended_trajectory_has_reason",
            ),
            # Two running trajectories at one centre would split one person's goals and status.
            models.UniqueConstraint(
                fields=["jobseeker", "organisation"],
                condition=~Q(status="ended"),
                name="one_running_trajectory_per_centre",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "start_date"]),
            models.Index(fields=["jobseeker", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker} @ {self.organisation} ({self.status})"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REACHED = "reached", _("Reached")
    DROPPED = "dropped", _("Dropped")


class DevelopmentGoal(models.Model):
    """A goal set together with the jobseeker, such as "I can drive a forklift on my own by March"."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    concept = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skill"),
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=SkillLevel.choices, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        db_table = "intermediaries_developmentgoal"
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("due_date"), name="goal_due_date_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class GoalComment(models.Model):
    """A remark on a goal, by the jobseeker or by staff."""

    goal = models.ForeignKey(DevelopmentGoal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        db_table = "intermediaries_goalcomment"
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment {self.pk} on goal {self.goal_id}"


class ModuleStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")


class TrainingModule(models.Model):
    """A course within a trajectory, planned and later completed."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="modules")
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    skills = models.ManyToManyField(
        "taxonomy.Concept", blank=True, related_name="+", verbose_name=_("skills")
    )
    certificate = models.BooleanField(_("gives a certificate"), default=False)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    completed_date = models.DateField(_("completed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ModuleStatus.choices, default=ModuleStatus.PLANNED
    )

    wagtail_reference_index_ignore = True

    class Meta:
        db_table = "intermediaries_trainingmodule"
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["planned_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("planned_date"),
                name="module_planned_date_plausible",
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("completed_date"),
                name="module_completed_date_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SkillAssessment(models.Model):
    """Staff's level for one skill on one day; the latest one counts for matching."""

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_assessments"
    )
    concept = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("assessed level"), choices=SkillLevel.choices)
    assessed_on = models.DateField(_("date"))
    observation = models.CharField(_("observation"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="skill_assessments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        db_table = "intermediaries_skillassessment"
        verbose_name = _("skill assessment")
        verbose_name_plural = _("skill assessments")
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("assessed_on"),
                name="skill_assessment_date_plausible",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="skill_assessment_level_1_to_4"
            ),
        ]
        indexes = [models.Index(fields=["jobseeker", "concept", "-assessed_on"])]

    def __str__(self) -> str:
        return f"{self.concept} = {self.level}"


class ProgressReport(GeneratedFile):
    """A progress report PDF of one person, rendered in the background for one requester.

    Staff ask for it at their training centre (`organisation`) and see only what happened
    there; the person asks for their own (`organisation` empty) and sees everything. The
    download checks the permission again, so a member who left can no longer fetch it.
    Kept as long as PDF CVs: both can be made again at any moment.
    """

    folder = "progress-reports"
    extension = "pdf"
    content_type = "application/pdf"
    keep_days_setting = "PORTFOLIO_DOCUMENT_KEEP_DAYS"
    owner_fields = ("jobseeker", "requested_by")

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_reports"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=8)

    class Meta:
        db_table = "intermediaries_progressreport"
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"progress report {self.public_id}"
