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
