"""Who may see and move which proposal. Services and selectors ask this module, never memberships.

Three sides take part in a proposal, each through an active membership (joins, so a
list costs one query whatever its length):
- the intermediary: coaches and admins of the approved intermediary that proposed;
- the jobseeker who owns the portfolio;
- the employer: recruiters and admins of the organisation that owns the vacancy.
Network admins get no exception: running the network is no reason to decide about
someone's work.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from portal.accounts.models import User
from portal.organisations.models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)
from vacancies.permissions import EMPLOYER_ROLES

from .models import Proposal

# Who proposes, withdraws and keeps a caseload: coaches (matchers) and their admins.
COACH_ROLES = (Role.COACH, Role.ORGANISATION_ADMIN)
# Training staff work with the same people, so they read the caseload; changing it stays with coaches.
CASELOAD_ROLES = (*COACH_ROLES, Role.TRAINING_STAFF)


class Side:
    INTERMEDIARY = "intermediary"
    JOBSEEKER = "jobseeker"
    EMPLOYER = "employer"


def _signed_in(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _intermediaries_where(user: User, roles: tuple[str, ...]) -> QuerySet[Organisation]:
    if not _signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind__in=INTERMEDIARY_KINDS,
        status=OrganisationStatus.APPROVED,
    ).filter(
        Exists(
            Membership.objects.active().filter(
                organisation=OuterRef("pk"), user=user, role__in=roles
            )
        )
    )


def coach_organisations(user: User) -> QuerySet[Organisation]:
    """Approved intermediaries where `user` is coach or admin."""
    return _intermediaries_where(user, COACH_ROLES)


def caseload_organisations(user: User) -> QuerySet[Organisation]:
    """Approved intermediaries whose caseload `user` may read: coaches, admins, training staff."""
    return _intermediaries_where(user, CASELOAD_ROLES)


def employer_organisations(user: User) -> QuerySet[Organisation]:
    """Employers where `user` is recruiter or admin."""
    if not _signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(kind__in=EMPLOYER_KINDS).filter(
        Exists(
            Membership.objects.active().filter(
                organisation=OuterRef("pk"), user=user, role__in=EMPLOYER_ROLES
            )
        )
    )


def is_coach_of(user: User, organisation: Organisation) -> bool:
    return coach_organisations(user).filter(pk=organisation.pk).exists()


def is_jobseeker_member(user: User, organisation: Organisation) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation=organisation, role=Role.JOBSEEKER)
        .exists()
    )


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
        if not _signed_in(user):
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
        if not _signed_in(user):
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


# Who works on trajectories: training staff, coaches and admins of the training centre itself.
TRAINING_ROLES = (Role.TRAINING_STAFF, Role.COACH, Role.ORGANISATION_ADMIN)


def training_centres_of(user: User) -> QuerySet[Organisation]:
    """Approved training centres where `user` is training staff, coach or admin."""
    return _intermediaries_where(user, TRAINING_ROLES).filter(kind=OrganisationKind.TRAINING_CENTRE)


def is_training_staff_of(user: User, organisation: Organisation) -> bool:
    return training_centres_of(user).filter(pk=organisation.pk).exists()
