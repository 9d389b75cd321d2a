"""Reads for training-centre progress: a person's timeline.

It costs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from portal.accounts.models import User

from .models import (
    DevelopmentGoal,
    GoalComment,
    Proposal,
    SkillAssessment,
    TrainingModule,
    Trajectory,
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
