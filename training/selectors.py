"""Reads for training-centre progress: the centre's trajectories and a person's timeline.

Each read costs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from intermediaries.models import Proposal
from intermediaries.selectors import proposals_about_jobseeker
from portal.accounts.models import User
from portal.choices import SkillLevel
from portal.organisations.models import Membership, Organisation, Role
from portal.organisations.roles import INTERMEDIARY_STAFF_ROLES
from portal.taxonomy.models import Concept
from portfolios.models import PortfolioSkill
from portfolios.permissions import portfolio_permission_policy

from .models import (
    DevelopmentGoal,
    GoalComment,
    GoalStatus,
    ModuleStatus,
    SkillAssessment,
    TrainingModule,
    Trajectory,
    TrajectoryStatus,
)
from .permissions import training_centres_of


@dataclass(frozen=True)
class Timeline:
    goals: list[DevelopmentGoal]
    modules: list[TrainingModule]
    assessments: list[SkillAssessment]
    proposals: list[Proposal]


def person_timeline(*, jobseeker: User, viewer: User) -> Timeline:
    """What `viewer` may see of `jobseeker`'s progress: all of it for the person themself,
    for staff only what happened in their own training centre (its trajectories, assessments
    and proposals).
    """
    trajectories = Trajectory.objects.filter(jobseeker=jobseeker)
    assessments = SkillAssessment.objects.filter(jobseeker=jobseeker)
    proposals = proposals_about_jobseeker(jobseeker=jobseeker)
    if viewer.pk != jobseeker.pk:
        centres = training_centres_of(viewer).values("pk")
        trajectories = trajectories.filter(organisation__in=centres)
        assessments = assessments.filter(organisation__in=centres)
        proposals = proposals_about_jobseeker(jobseeker=jobseeker, organisations=centres)
    goals = (
        DevelopmentGoal.objects.filter(trajectory__in=trajectories)
        .select_related("concept", "trajectory")
        .prefetch_related(
            Prefetch("comments", queryset=GoalComment.objects.select_related("author"))
        )
    )
    modules = TrainingModule.objects.filter(trajectory__in=trajectories).prefetch_related("skills")
    return Timeline(
        goals=list(goals),
        modules=list(modules),
        assessments=list(
            assessments.select_related("concept", "assessed_by", "organisation").order_by(
                "-assessed_on", "-id"
            )
        ),
        proposals=list(proposals.select_related("vacancy", "organisation")),
    )


# --- The centre's list of trajectories. ------------------------------------------------------


@dataclass(frozen=True)
class TrajectoryFilters:
    status: str = ""
    coach_id: int | None = None
    name: str = ""


def centre_trajectories(
    *, organisation: Organisation, filters: TrajectoryFilters
) -> QuerySet[Trajectory]:
    """The centre's trajectories, running ones first, with person, coach and goal counts."""
    rows = (
        Trajectory.objects.filter(organisation=organisation, jobseeker__isnull=False)
        .select_related("jobseeker", "coach")
        .annotate(
            goals_total=Count("goals", distinct=True),
            goals_reached=Count("goals", filter=Q(goals__status=GoalStatus.REACHED), distinct=True),
            is_ended=Q(status=TrajectoryStatus.ENDED),
        )
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.coach_id:
        rows = rows.filter(coach_id=filters.coach_id)
    for word in filters.name.split():
        rows = rows.filter(
            Q(jobseeker__first_name__icontains=word)
            | Q(jobseeker__last_name__icontains=word)
            | Q(jobseeker__email__icontains=word)
        )
    return rows.order_by("is_ended", "jobseeker__first_name", "jobseeker__last_name", "-pk")


def centre_staff(*, organisation: Organisation) -> QuerySet[User]:
    """Who may coach a trajectory here: the centre's training staff, coaches and admins."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.active()
        .filter(organisation=organisation, role__in=INTERMEDIARY_STAFF_ROLES)
        .values("user_id"),
    ).order_by("first_name", "last_name", "pk")


def enrolable_jobseekers(*, organisation: Organisation) -> QuerySet[User]:
    """Jobseekers of the centre without a running trajectory there."""
    running = Trajectory.objects.filter(
        jobseeker=OuterRef("pk"), organisation=organisation
    ).exclude(status=TrajectoryStatus.ENDED)
    return (
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active()
            .filter(organisation=organisation, role=Role.JOBSEEKER)
            .values("user_id"),
        )
        .exclude(Exists(running))
        .order_by("first_name", "last_name", "pk")
    )


def trajectories_of_person_at(*, jobseeker: User, organisation: Organisation) -> list[Trajectory]:
    """All of the person's trajectories at the centre, newest first: the history."""
    return list(
        Trajectory.objects.filter(jobseeker=jobseeker, organisation=organisation).select_related(
            "coach"
        )
    )


def trajectories_of_jobseeker(*, jobseeker: User) -> list[Trajectory]:
    """The person's own trajectories at every centre, running ones first."""
    return sorted(
        Trajectory.objects.filter(jobseeker=jobseeker).select_related("organisation", "coach"),
        key=lambda trajectory: trajectory.status == TrajectoryStatus.ENDED,
    )


# --- Self-assessed against staff-assessed levels. ---------------------------------------------


@dataclass
class SkillLevels:
    """One skill: the person's own level beside staff's latest, and staff's history."""

    concept: Concept
    self_level: int | None = None
    staff_level: int | None = None
    observation: str = ""
    assessed_on: date | None = None
    history: list[SkillAssessment] = field(default_factory=list)

    @property
    def self_label(self) -> str:
        return SkillLevel(self.self_level).label if self.self_level else ""

    @property
    def staff_label(self) -> str:
        return SkillLevel(self.staff_level).label if self.staff_level else ""

    @property
    def differs(self) -> bool:
        return None not in (self.self_level, self.staff_level) and (
            self.self_level != self.staff_level
        )


def published_skills(*, jobseeker: User, viewer: User) -> list[PortfolioSkill]:
    """The skills of the person's published portfolio with their own level, if `viewer` may
    see that portfolio (the person themself, or through the person's consent); one query.
    """
    visible = portfolio_permission_policy.visible_to(viewer).filter(jobseeker=jobseeker)
    return list(
        PortfolioSkill.objects.filter(page__in=visible.values("pk"))
        .select_related("concept")
        .order_by("sort_order", "pk")
    )


def skill_levels(
    *, assessments: list[SkillAssessment], portfolio_skills: list[PortfolioSkill]
) -> list[SkillLevels]:
    """Per skill: self-assessed level from the published portfolio and staff's latest level.

    Skills staff assessed come first, then the rest of the portfolio. `assessments` are
    newest first, as `person_timeline` gives them.
    """
    rows: dict[int, SkillLevels] = {}
    for assessment in assessments:
        row = rows.setdefault(assessment.concept_id, SkillLevels(concept=assessment.concept))
        if row.staff_level is None:
            row.staff_level = assessment.level
            row.observation = assessment.observation
            row.assessed_on = assessment.assessed_on
        row.history.insert(0, assessment)
    for skill in portfolio_skills:
        rows.setdefault(
            skill.concept_id, SkillLevels(concept=skill.concept)
        ).self_level = skill.level
    return list(rows.values())


# --- One person's timeline, by date. ---------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # "goal", "goal_due", "module", "module_done", "assessment", "proposal"
    subject: object


def timeline_entries(timeline: Timeline) -> list[TimelineEntry]:
    """Goals, modules, assessments and proposals as one list, newest first."""
    entries = []
    for goal in timeline.goals:
        entries.append(TimelineEntry(goal.created_at.date(), "goal", goal))
    for module in timeline.modules:
        if module.status == ModuleStatus.COMPLETED and module.completed_date:
            entries.append(TimelineEntry(module.completed_date, "module_done", module))
        elif module.planned_date:
            entries.append(TimelineEntry(module.planned_date, "module", module))
    for assessment in timeline.assessments:
        entries.append(TimelineEntry(assessment.assessed_on, "assessment", assessment))
    for proposal in timeline.proposals:
        entries.append(TimelineEntry(proposal.created_at.date(), "proposal", proposal))
    return sorted(entries, key=lambda entry: entry.day, reverse=True)
