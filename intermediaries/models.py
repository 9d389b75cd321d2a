"""Proposals of a jobseeker for a vacancy, their states and placements, and coaches' caseloads.

A person always decides: the portal records what coaches, jobseekers and employers
did, and never proposes by itself (matching is high-risk automated ranking under
the EU AI Act, Annex III point 4).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import SkillLevel
from portal.generated_files import GeneratedFile
from portal.organisations.models import Organisation
from portal.validation import date_in_storable_range, datetime_in_storable_range
from portfolios.models import PortfolioPage
from vacancies.models import Vacancy


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    JOBSEEKER_AGREED = "jobseeker_agreed", _("Jobseeker agreed")
    JOBSEEKER_DECLINED = "jobseeker_declined", _("Jobseeker declined")
    EMPLOYER_INTERESTED = "employer_interested", _("Employer interested")
    EMPLOYER_DECLINED = "employer_declined", _("Employer declined")
    INTERVIEW_PLANNED = "interview_planned", _("Interview planned")
    PLACED = "placed", _("Placed")
    NOT_PLACED = "not_placed", _("Not placed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States a proposal can still move on from. A portfolio–vacancy pair has at most one.
OPEN_STATES = frozenset(
    {
        ProposalState.PROPOSED,
        ProposalState.JOBSEEKER_AGREED,
        ProposalState.EMPLOYER_INTERESTED,
        ProposalState.INTERVIEW_PLANNED,
    }
)
FINAL_STATES = frozenset(set(ProposalState) - OPEN_STATES)


class EmployerDeclineReason(models.TextChoices):
    SKILLS = "skills", _("The skills do not fit the work")
    EXPERIENCE = "experience", _("Not enough work experience")
    LANGUAGE = "language", _("The Dutch language level is not enough")
    HOURS = "hours", _("The hours do not fit")
    DISTANCE = "distance", _("The travel distance is too long")
    OTHER_CANDIDATE = "other_candidate", _("We chose another candidate")
    VACANCY_FILLED = "vacancy_filled", _("The vacancy is already filled")
    OTHER = "other", _("Another reason")


class ContractType(models.TextChoices):
    REGULAR = "regular", _("Regular contract")
    SECONDMENT = "secondment", _("Secondment (detachering)")
    BANENAFSPRAAK = "banenafspraak", _("Banenafspraak / garantiebaan")
    WORK_EXPERIENCE = "work_experience", _("Work-experience place")
    LEARNING_WORK = "learning_work", _("Learning-work place")
    TRIAL_PLACEMENT = "trial_placement", _("Trial placement")
    VOLUNTEERING = "volunteering", _("Volunteering")


class TargetGroup(models.TextChoices):
    """Which scheme or group the person came from. Entered by the coach; employers never see it.

    The values match what social return counts: an authority's valuation rows, the PSO
    weights and the network's yearly targets map onto them (`socialreturn.schemes`).
    The stored values of the first seven never change meaning, so old records stay right.
    """

    PARTICIPATIEWET = "participatiewet", _("Participatiewet (social assistance)")
    WW = "ww", _("UWV: WW (unemployment benefit)")
    WIA_WAO = "wia_wao", _("UWV: WIA or WAO (incapacity benefit)")
    WAJONG = "wajong", _("UWV: Wajong")
    DOELGROEPREGISTER = "doelgroepregister", _("Doelgroepregister (banenafspraak)")
    SHELTERED_WORK = "sheltered_work", _("Sheltered-work (SW) employee")
    SCHOOL_LEAVER = "school_leaver", _("School leaver PrO or VSO (practical or special education)")
    BBL = "bbl", _("BBL student (learning on the job)")
    BOL = "bol", _("BOL student (work placement)")
    NEWCOMER = "newcomer", _("Statushouder or newcomer")
    YOUNG = "young", _("Young person under 27")
    FIFTY_PLUS = "fifty_plus", _("50 or older")
    VIA_SERVICES = "via_services", _("Placed through services (e.g. a supplier's contract)")
    OTHER = "other", _("Other, no benefit")


# Students in a learning-work route: the only groups a placement records an MBO level for.
STUDENT_GROUPS = frozenset({TargetGroup.BBL, TargetGroup.BOL})


class MboLevel(models.IntegerChoices):
    """The MBO level of a BBL or BOL student: the PSO weighs level 1 and 2 differently."""

    LEVEL_1 = 1, _("MBO level 1 (entree)")
    LEVEL_2 = 2, _("MBO level 2")
    LEVEL_3 = 3, _("MBO level 3")
    LEVEL_4 = 4, _("MBO level 4")


class Proposal(models.Model):
    """A coach's proposal of a jobseeker's portfolio for a vacancy, followed through its states.

    Only the services in `intermediaries.services` change `state`; each change adds a
    ProposalEvent in the same transaction.
    """

    portfolio = models.ForeignKey(PortfolioPage, on_delete=models.CASCADE, related_name="proposals")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposals_made",
        verbose_name=_("proposed by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("proposing organisation"),
    )
    motivation = models.TextField(_("why this work fits"))
    # The match explanation as the coach saw it when proposing; the score may change later.
    explanation = models.JSONField(_("match explanation"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=32, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    state_changed_at = models.DateTimeField(default=timezone.now)
    # Set once when the jobseeker says yes; identity may be shared with the employer from then on.
    jobseeker_agreed_at = models.DateTimeField(null=True, blank=True)
    interview_at = models.DateTimeField(_("interview date and time"), null=True, blank=True)
    interview_place = models.CharField(_("interview place"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Where the proposal came from when no coach made it by hand, e.g. a mutual interest at
    # a Meet & Match event: a kind, an id in that kind, and a label to show. Plain values,
    # because the apps that make such proposals sit above this one.
    source = models.CharField(_("source"), max_length=32, blank=True)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    source_label = models.CharField(_("source"), max_length=200, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-state_changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=datetime_in_storable_range("interview_at"),
                name="proposal_interview_at_plausible",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "vacancy"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="one_open_proposal_per_portfolio_and_vacancy",
            ),
        ]
        indexes = [
            models.Index(fields=["vacancy", "-state_changed_at"]),
            models.Index(fields=["organisation", "-state_changed_at"]),
            models.Index(fields=["portfolio", "-state_changed_at"]),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} for {self.vacancy}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ProposalEvent(models.Model):
    """One transition of a proposal: who moved it from which state to which, when and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    # Empty for the event that created the proposal.
    from_state = models.CharField(max_length=32, choices=ProposalState.choices, blank=True)
    to_state = models.CharField(max_length=32, choices=ProposalState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposal_events",
    )
    note = models.TextField(_("note"), blank=True)
    reason = models.CharField(
        _("reason"), max_length=32, choices=EmployerDeclineReason.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state or '-'} → {self.to_state}"


class Placement(models.Model):
    """A jobseeker started work through a proposal. What later reports count."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="placement")
    start_date = models.DateField(_("start date"))
    contract_type = models.CharField(
        _("kind of contract"), max_length=32, choices=ContractType.choices
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # Sensitive: only the proposing organisation's coaches enter and see it, never the employer.
    target_group = models.CharField(
        _("target group"), max_length=32, choices=TargetGroup.choices, null=True, blank=True
    )
    # Only for a BBL or BOL student, entered with the target group and as sensitive.
    mbo_level = models.PositiveSmallIntegerField(
        _("MBO level"), choices=MboLevel.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=60),
                name="placement_hours_1_to_60",
            ),
            models.CheckConstraint(
                condition=date_in_storable_range("start_date"),
                name="placement_start_date_plausible",
            ),
            models.CheckConstraint(
                condition=Q(mbo_level__isnull=True)
                | Q(mbo_level__gte=1, mbo_level__lte=4, target_group__in=["bbl", "bol"]),
                name="placement_mbo_level_of_a_student",
            ),
        ]

    def __str__(self) -> str:
        return f"placement of {self.proposal}"


class CaseloadAssignment(models.Model):
    """A jobseeker on a coach's caseload within an organisation; a hand-over ends one, starts the next."""

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_assignments"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="caseload_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="caseload_assignments_made",
    )
    # The scheme the person came from, as this organisation recorded it; it stays with the
    # organisation (a hand-over carries it on) and only its own staff see or filter on it.
    target_group = models.CharField(
        _("target group"), max_length=32, choices=TargetGroup.choices, blank=True
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("caseload assignment")
        verbose_name_plural = _("caseload assignments")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobseeker", "organisation"],
                condition=Q(ended_at__isnull=True),
                name="one_current_coach_per_jobseeker_and_organisation",
            ),
        ]
        indexes = [models.Index(fields=["coach", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.jobseeker} → {self.coach} @ {self.organisation}"


# --- Training centres: trajectories, development goals, modules and assessments. ------


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


# --- Training centres: progress reports for review meetings. -----------------------------


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
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"progress report {self.public_id}"
