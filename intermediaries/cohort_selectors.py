"""Reads for a training centre's cohorts: who started when, and where they are now.

Each costs a fixed number of queries, whatever the number of trajectories.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from portal.organisations.models import Organisation

from .models import DevelopmentGoal, GoalStatus, Trajectory, TrajectoryStatus


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
