"""Reads for training-centre progress: a person's timeline and a cohort's counts.

Both cost a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from portal.accounts.models import User
from portal.organisations.models import Organisation

from .models import (
    DevelopmentGoal,
    GoalComment,
    GoalStatus,
    Proposal,
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
    proposals = Proposal.objects.filter(portfolio__jobseeker=jobseeker)
    if viewer.pk != jobseeker.pk:
        centres = training_centres_of(viewer).values("pk")
        trajectories = trajectories.filter(organisation__in=centres)
        assessments = assessments.filter(organisation__in=centres)
        proposals = proposals.filter(organisation__in=centres)
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
        assessments=list(assessments.select_related("concept", "assessed_by")),
        proposals=list(proposals.select_related("vacancy", "organisation")),
    )


@dataclass(frozen=True)
class CohortCounts:
    started: int
    reached_a_goal: int
    job_hunting: int
    placed: int


def cohort_counts(
    *, organisation: Organisation, started_from: date, started_to: date
) -> CohortCounts:
    """Trajectories at `organisation` started in [started_from, started_to], in one query:
    how many reached at least one goal, are looking for work, or were placed.
    """
    reached = Exists(
        DevelopmentGoal.objects.filter(trajectory=OuterRef("pk"), status=GoalStatus.REACHED)
    )
    row = (
        Trajectory.objects.filter(
            organisation=organisation, start_date__gte=started_from, start_date__lte=started_to
        )
        .annotate(reached=reached)
        .aggregate(
            started=Count("pk"),
            reached_a_goal=Count("pk", filter=Q(reached=True)),
            job_hunting=Count("pk", filter=Q(status=TrajectoryStatus.JOB_HUNTING)),
            placed=Count("pk", filter=Q(status=TrajectoryStatus.PLACED)),
        )
    )
    return CohortCounts(**row)
