"""Who acts for which organisation: the role sets and membership joins every policy builds on.

A role counts only through an active membership of an active person. Staff of an
intermediary count only while their organisation is approved, so the staff of a pending or
rejected organisation see no one. Each permission policy (`*/permissions.py`) builds its
rules from these joins and never filters memberships itself; everything else asks a policy.
These are querysets, not lists, so a policy can put them in a subquery: a list of
thousands still costs one query.
"""

from collections.abc import Collection, Iterable

from django.db.models import Exists, OuterRef, QuerySet

from portal.accounts.models import User
from portal.permissions import AnyUser

from .models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)

# Staff of an intermediary who work with jobseekers: read the portfolios shared with their
# organisation, the caseload and the network's open vacancies, and work on trajectories.
INTERMEDIARY_STAFF_ROLES = (Role.COACH, Role.TRAINING_STAFF, Role.ORGANISATION_ADMIN)
# Who proposes, keeps a caseload, organises events and approves sharing with employers:
# coaches (matchers) and their admins. Training staff read along but do not decide.
COACH_ROLES = (Role.COACH, Role.ORGANISATION_ADMIN)
# Who acts for an employer: its vacancies, its proposals, its social-return reports.
EMPLOYER_ROLES = (Role.RECRUITER, Role.ORGANISATION_ADMIN)
# Who manages a contracting authority's social-return contracts.
AUTHORITY_ROLES = (Role.ORGANISATION_ADMIN, Role.COACH, Role.RECRUITER)


def signed_in(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def active_memberships(user: AnyUser) -> QuerySet[Membership]:
    if not signed_in(user):
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user)


def intermediary_staff_memberships(
    user: AnyUser, roles: Collection[str] = INTERMEDIARY_STAFF_ROLES
) -> QuerySet[Membership]:
    """Where `user` works with jobseekers in one of `roles`: approved intermediaries only."""
    return active_memberships(user).filter(
        role__in=roles,
        organisation__kind__in=INTERMEDIARY_KINDS,
        organisation__status=OrganisationStatus.APPROVED,
    )


def employer_memberships(user: AnyUser) -> QuerySet[Membership]:
    """Where `user` acts for an approved employer: sees what people shared with employers."""
    return active_memberships(user).filter(
        role__in=EMPLOYER_ROLES,
        organisation__kind__in=EMPLOYER_KINDS,
        organisation__status=OrganisationStatus.APPROVED,
    )


def _organisations_with(user: AnyUser, roles: Collection[str]) -> QuerySet[Organisation]:
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Exists(
            Membership.objects.active().filter(
                organisation=OuterRef("pk"), user=user, role__in=roles
            )
        )
    )


def intermediary_organisations(
    user: AnyUser, roles: Collection[str] = INTERMEDIARY_STAFF_ROLES
) -> QuerySet[Organisation]:
    """Approved intermediaries where `user` holds one of `roles`."""
    return _organisations_with(user, roles).filter(
        kind__in=INTERMEDIARY_KINDS, status=OrganisationStatus.APPROVED
    )


def coach_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Approved intermediaries where `user` is coach or admin."""
    return intermediary_organisations(user, COACH_ROLES)


def training_centres(user: AnyUser) -> QuerySet[Organisation]:
    """Approved training centres where `user` is training staff, coach or admin."""
    return intermediary_organisations(user).filter(kind=OrganisationKind.TRAINING_CENTRE)


def employer_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Employers where `user` is recruiter or admin, approved or not: an employer prepares
    its vacancies and answers its proposals while it waits for approval."""
    return _organisations_with(user, EMPLOYER_ROLES).filter(kind__in=EMPLOYER_KINDS)


def authority_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Approved organisations whose social-return contracts `user` manages."""
    return _organisations_with(user, AUTHORITY_ROLES).filter(status=OrganisationStatus.APPROVED)


def jobseeker_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Approved organisations where `user` is a jobseeker member: their coach organisations."""
    return _organisations_with(user, (Role.JOBSEEKER,)).filter(status=OrganisationStatus.APPROVED)


def jobseeker_memberships(user_ids: Iterable[int]) -> QuerySet[Membership]:
    """The coach organisations of these people: active jobseeker memberships of approved
    intermediaries."""
    return Membership.objects.active().filter(
        user_id__in=list(user_ids),
        role=Role.JOBSEEKER,
        organisation__kind__in=INTERMEDIARY_KINDS,
        organisation__status=OrganisationStatus.APPROVED,
    )


def is_jobseeker_member(user: User, organisation: Organisation) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation=organisation, role=Role.JOBSEEKER)
        .exists()
    )


def jobseekers_of(organisation_ids: QuerySet, *, person: str = "jobseeker") -> Exists:
    """A condition over rows whose field `person` is a jobseeker member of one of the
    organisations `organisation_ids` (a one-column queryset) lists."""
    return Exists(
        Membership.objects.active().filter(
            user=OuterRef(person), role=Role.JOBSEEKER, organisation__in=organisation_ids
        )
    )


def works_with_jobseekers(membership: Membership) -> bool:
    """The same rule as `intermediary_staff_memberships`, for a membership already loaded
    with its organisation (the menu reads the person's memberships once per request)."""
    return (
        membership.role in INTERMEDIARY_STAFF_ROLES
        and membership.organisation.is_intermediary
        and membership.organisation.is_approved
    )


def acts_for_employer(membership: Membership) -> bool:
    """The same rule as `employer_memberships`, for a membership already loaded."""
    return (
        membership.role in EMPLOYER_ROLES
        and membership.organisation.is_employer
        and membership.organisation.is_approved
    )


def coaches_person(membership: Membership) -> bool:
    """The same rule as `jobseeker_memberships`, for a membership already loaded: the
    organisation is the person's coach organisation."""
    return (
        membership.role == Role.JOBSEEKER
        and membership.organisation.is_intermediary
        and membership.organisation.is_approved
    )
