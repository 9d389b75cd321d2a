"""Reads for a training centre's cohorts: who started when, and where they are now.

A cohort is the trajectories of one training centre that started in a period,
optionally narrowed to one coach or one status. Each read costs a fixed number of
queries, whatever the number of trajectories: the counting happens in SQL.
"""

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from portal.accounts.models import User
from portal.organisations.models import Membership, Organisation
from portal.organisations.roles import INTERMEDIARY_STAFF_ROLES

from .models import DevelopmentGoal, GoalStatus, Trajectory, TrajectoryStatus


@dataclass(frozen=True)
class CohortCounts:
    started: int
    reached_a_goal: int
    job_hunting: int
    placed: int
    in_training: int = 0
    ended: int = 0
    at_intake: int = 0


@dataclass(frozen=True)
class MonthCounts:
    """The trajectories that started in one month, and where they are now."""

    month: date
    counts: CohortCounts


def _counting() -> dict:
    return {
        "started": Count("pk"),
        "reached_a_goal": Count("pk", filter=Q(reached=True)),
        "at_intake": Count("pk", filter=Q(status=TrajectoryStatus.INTAKE)),
        "job_hunting": Count("pk", filter=Q(status=TrajectoryStatus.JOB_HUNTING)),
        "placed": Count("pk", filter=Q(status=TrajectoryStatus.PLACED)),
        "in_training": Count("pk", filter=Q(status=TrajectoryStatus.TRAINING)),
        "ended": Count("pk", filter=Q(status=TrajectoryStatus.ENDED)),
    }


def cohort_trajectories(
    *,
    organisation: Organisation,
    started_from: date,
    started_to: date,
    coach: User | None = None,
    status: str = "",
) -> QuerySet[Trajectory]:
    """Trajectories at `organisation` started in [started_from, started_to], narrowed as asked."""
    trajectories = Trajectory.objects.filter(
        organisation=organisation, start_date__gte=started_from, start_date__lte=started_to
    )
    if coach is not None:
        trajectories = trajectories.filter(coach=coach)
    if status:
        trajectories = trajectories.filter(status=status)
    return trajectories


def _with_reached(trajectories: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    reached = Exists(
        DevelopmentGoal.objects.filter(trajectory=OuterRef("pk"), status=GoalStatus.REACHED)
    )
    return trajectories.annotate(reached=reached)


def cohort_counts(
    *,
    organisation: Organisation,
    started_from: date,
    started_to: date,
    coach: User | None = None,
    status: str = "",
) -> CohortCounts:
    """How many of the cohort started, reached at least one goal, are training, looking for
    work, placed or ended; in one query.
    """
    trajectories = cohort_trajectories(
        organisation=organisation,
        started_from=started_from,
        started_to=started_to,
        coach=coach,
        status=status,
    )
    return CohortCounts(**_with_reached(trajectories).aggregate(**_counting()))


def cohort_by_month(
    *,
    organisation: Organisation,
    months: list[date],
    coach: User | None = None,
    status: str = "",
) -> list[MonthCounts]:
    """The counts per start month for each of `months` (first days), in one query;
    months in which nobody started count zero.
    """
    if not months:
        return []
    last = months[-1]
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    trajectories = cohort_trajectories(
        organisation=organisation,
        started_from=months[0],
        started_to=date.fromordinal(end.toordinal() - 1),
        coach=coach,
        status=status,
    )
    rows = (
        _with_reached(trajectories)
        .annotate(month=TruncMonth("start_date"))
        .order_by()
        .values("month")
        .annotate(**_counting())
    )
    names = [field.name for field in fields(CohortCounts)]
    found = {row["month"]: CohortCounts(**{name: row[name] for name in names}) for row in rows}
    empty = CohortCounts(**dict.fromkeys(names, 0))
    return [MonthCounts(month=month, counts=found.get(month, empty)) for month in months]


def cohort_people(
    *,
    organisation: Organisation,
    started_from: date,
    started_to: date,
    coach: User | None = None,
    status: str = "",
) -> QuerySet[Trajectory]:
    """The cohort's trajectories with person, coach and goals reached/total, by name.

    Trajectories of people who erased their account count in the figures, not in this list.
    """
    return (
        cohort_trajectories(
            organisation=organisation,
            started_from=started_from,
            started_to=started_to,
            coach=coach,
            status=status,
        )
        .filter(jobseeker__isnull=False)
        .select_related("jobseeker", "coach")
        .annotate(
            goals_total=Count("goals", filter=~Q(goals__status=GoalStatus.DROPPED)),
            goals_reached=Count("goals", filter=Q(goals__status=GoalStatus.REACHED)),
        )
        .order_by("jobseeker__first_name", "jobseeker__last_name", "jobseeker__pk", "-start_date")
    )


def cohort_coaches(*, organisation: Organisation) -> QuerySet[User]:
    """The people who coach trajectories at `organisation`: its training staff, coaches, admins."""
    return User.objects.filter(
        Exists(
            Membership.objects.active().filter(
                user=OuterRef("pk"), organisation=organisation, role__in=INTERMEDIARY_STAFF_ROLES
            )
        )
    ).order_by("first_name", "last_name", "pk")
