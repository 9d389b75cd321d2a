"""Who may see and move which proposal. Services and selectors ask this module, never memberships.

Three sides take part in a proposal, each through an active membership (joins, so a
list costs one query whatever its length):
- the intermediary: coaches and admins of the approved intermediary that proposed;
- the jobseeker who owns the portfolio;
- the employer: recruiters and admins of the organisation that owns the vacancy.
Network admins get no exception: running the network is no reason to decide about
someone's work.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from portal.accounts.models import User
from portal.organisations import roles
from portal.organisations.models import Organisation
from portal.organisations.roles import (
    coach_organisations,
    employer_organisations,
)

from .models import Proposal

# Training staff work with the same people as coaches, so they read the caseload (their
# trajectories are in `training`); proposing and changing the caseload stays with coaches
# (`roles.COACH_ROLES`).
caseload_organisations = roles.intermediary_organisations

__all__ = ["caseload_organisations", "coach_organisations", "employer_organisations"]


class Side:
    INTERMEDIARY = "intermediary"
    JOBSEEKER = "jobseeker"
    EMPLOYER = "employer"


def is_coach_of(user: User, organisation: Organisation) -> bool:
    return coach_organisations(user).filter(pk=organisation.pk).exists()


class ProposalPermissionPolicy:
    """The one place that answers "which proposals may X see" and "on which side does X act"."""

    def _side_conditions(self, user: User) -> dict[str, Q]:
        return {
            Side.INTERMEDIARY: Q(organisation__in=coach_organisations(user).values("pk")),
            Side.JOBSEEKER: Q(portfolio__jobseeker=user),
            Side.EMPLOYER: Q(vacancy__organisation__in=employer_organisations(user).values("pk")),
        }

    def visible_to(self, user: User) -> QuerySet[Proposal]:
        """Every proposal `user` takes part in, on any side."""
        if not roles.signed_in(user):
            return Proposal.objects.none()
        condition = Q(pk__in=[])
        for side_condition in self._side_conditions(user).values():
            condition |= side_condition
        return Proposal.objects.filter(condition)

    def with_sides(self, user: User, proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
        """`proposals` annotated with one boolean per side (`side_<name>`), for lists that
        show what `user` may do with each row without a query per row."""
        return proposals.annotate(
            **{
                f"side_{side}": ExpressionWrapper(condition, output_field=BooleanField())
                for side, condition in self._side_conditions(user).items()
            }
        )

    def sides(self, user: User, proposal: Proposal) -> set[str]:
        """The sides `user` acts on for `proposal`, in one query."""
        if not roles.signed_in(user):
            return set()
        conditions = self._side_conditions(user)
        row = (
            Proposal.objects.filter(pk=proposal.pk)
            .annotate(
                **{
                    side: ExpressionWrapper(condition, output_field=BooleanField())
                    for side, condition in conditions.items()
                }
            )
            .values(*conditions)
            .first()
        )
        return {side for side, holds in (row or {}).items() if holds}


proposal_permission_policy = ProposalPermissionPolicy()
