"""The candidate search's facet that only the recording organisation may use.

A target group belongs to the organisation that put the person on a coach's caseload
(issue 8; the training centre's trajectory status facet is in `training.search_facets`):
`search.extensions` keeps each value with its organisation, so another organisation's
staff and employers never count or filter on it. Registered from
`IntermediariesConfig.ready()`; the index follows every change after commit.
"""

from collections.abc import Collection

from django.utils.translation import gettext_lazy as _

from search.extensions import OrganisationFacet, register_organisation_facet, reindex_people

from .models import CaseloadAssignment, TargetGroup

TARGET_GROUP = "target_group"


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
    """Add the facet to the candidate search (called once the apps are ready)."""
    register_organisation_facet(
        OrganisationFacet(
            name=TARGET_GROUP,
            param="doelgroep",
            legend=_("Target group (our organisation)"),
            choices=tuple(TargetGroup.choices),
            provider=target_groups,
        )
    )


def target_group_changed(jobseeker_id: int) -> None:
    """The person's target group changed on a caseload: index them again after commit."""
    reindex_people([jobseeker_id])
