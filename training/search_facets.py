"""The candidate search's trajectory status facet, which only the training centre may use.

A trajectory status belongs to the training centre where the person is enrolled:
`search.extensions` keeps each value with its organisation, so another organisation's
staff and employers never count or filter on it. Registered from `TrainingConfig.ready()`;
the index follows every change after commit.
"""

from collections.abc import Collection
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from search.extensions import OrganisationFacet, register_organisation_facet, reindex_people

from .models import Trajectory, TrajectoryStatus

TRAJECTORY_STATUS = "trajectory_status"


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


def register() -> None:
    """Add the facet to the candidate search (called once the apps are ready)."""
    register_organisation_facet(
        OrganisationFacet(
            name=TRAJECTORY_STATUS,
            param="traject",
            legend=_("Trajectory at our centre"),
            choices=tuple(TrajectoryStatus.choices),
            provider=trajectory_statuses,
        )
    )


def trajectory_was_changed(sender: Any, *, jobseeker_id: int, **kwargs: Any) -> None:
    """A trajectory started or changed status (sent after commit): index the person again."""
    reindex_people([jobseeker_id])
