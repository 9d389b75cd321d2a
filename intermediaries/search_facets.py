"""The candidate search's facets that only the recording organisation may use.

A trajectory status belongs to the training centre where the person is enrolled, a
target group to the organisation that put the person on a coach's caseload (issue 8):
`search.extensions` keeps each value with its organisation, so another organisation's
staff and employers never count or filter on it. Registered from
`IntermediariesConfig.ready()`; the index follows every change after commit.
"""

from collections.abc import Collection
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from search.extensions import OrganisationFacet, register_organisation_facet, reindex_people

from .models import CaseloadAssignment, TargetGroup, Trajectory, TrajectoryStatus

TRAJECTORY_STATUS = "trajectory_status"
TARGET_GROUP = "target_group"


def trajectory_statuses(jobseeker_ids: Collection[int]) -> dict[int, list[tuple[int, str]]]:
    """Per person, each centre's status: the running trajectory's, else the latest one's."""
    rows = (
        Trajectory.objects.filter(jobseeker_id__in=jobseeker_ids)
        .annotate(
            finished=Case(
                When(status=TrajectoryStatus.ENDED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("jobseeker_id", "organisation_id", "finished", "-start_date", "-id")
        .values_list("jobseeker_id", "organisation_id", "status")
    )
    found: dict[int, list[tuple[int, str]]] = {}
    seen: set[tuple[int, int]] = set()
    for jobseeker_id, organisation_id, status in rows:
        if (jobseeker_id, organisation_id) not in seen:
            seen.add((jobseeker_id, organisation_id))
            found.setdefault(jobseeker_id, []).append((organisation_id, status))
    return found


def target_groups(jobseeker_ids: Collection[int]) -> dict[int, list[tuple[int, str]]]:
    """Per person, the target group each organisation recorded on its current caseload."""
    found: dict[int, list[tuple[int, str]]] = {}
    for jobseeker_id, organisation_id, target_group in (
        CaseloadAssignment.objects.filter(jobseeker_id__in=jobseeker_ids, ended_at__isnull=True)
        .exclude(target_group="")
        .order_by("jobseeker_id", "organisation_id")
        .values_list("jobseeker_id", "organisation_id", "target_group")
    ):
        found.setdefault(jobseeker_id, []).append((organisation_id, target_group))
    return found


def register() -> None:
    """Add both facets to the candidate search (called once the apps are ready)."""
    register_organisation_facet(
        OrganisationFacet(
            name=TRAJECTORY_STATUS,
            param="traject",
            legend=_("Trajectory at our centre"),
            choices=tuple(TrajectoryStatus.choices),
            provider=trajectory_statuses,
        )
    )
    register_organisation_facet(
        OrganisationFacet(
            name=TARGET_GROUP,
            param="doelgroep",
            legend=_("Target group (our organisation)"),
            choices=tuple(TargetGroup.choices),
            provider=target_groups,
        )
    )


def trajectory_was_changed(sender: Any, *, jobseeker_id: int, **kwargs: Any) -> None:
    """A trajectory started or changed status (sent after commit): index the person again."""
    reindex_people([jobseeker_id])


def target_group_changed(jobseeker_id: int) -> None:
    """The person's target group changed on a caseload: index them again after commit."""
    reindex_people([jobseeker_id])
