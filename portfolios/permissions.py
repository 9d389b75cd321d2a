"""Who may see which portfolio. Every list and search filters with these querysets.

The rules (PRODUCT.md, "Data protection"): private by default; only the published
revision is seen by others; per audience consent; employers only when the
jobseeker AND their coach switched employers on. Membership joins, not
per-row checks, so a list of thousands costs one query.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.accounts.models import User
from portal.organisations.models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Membership,
    OrganisationStatus,
    Role,
)

from .models import PortfolioPage

# Roles of an intermediary organisation that work with jobseekers' portfolios.
INTERMEDIARY_ROLES = (Role.COACH, Role.TRAINING_STAFF, Role.ORGANISATION_ADMIN)
EMPLOYER_ROLES = (Role.RECRUITER, Role.ORGANISATION_ADMIN)


def _active_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user)


def _intermediary_memberships(user: User, roles=INTERMEDIARY_ROLES) -> QuerySet[Membership]:
    """Where `user` works with jobseekers: approved intermediary organisations only, so staff
    of a pending or rejected organisation see no one."""
    return _active_memberships(user).filter(
        role__in=roles,
        organisation__kind__in=INTERMEDIARY_KINDS,
        organisation__status=OrganisationStatus.APPROVED,
    )


def _employer_memberships(user: User) -> QuerySet[Membership]:
    return _active_memberships(user).filter(
        role__in=EMPLOYER_ROLES,
        organisation__kind__in=EMPLOYER_KINDS,
        organisation__status=OrganisationStatus.APPROVED,
    )


def coach_organisation_q(user: User) -> Q:
    """Portfolios of jobseekers in an organisation where `user` coaches or trains."""
    jobseekers_of_my_organisations = Membership.objects.active().filter(
        user=OuterRef("jobseeker"),
        role=Role.JOBSEEKER,
        organisation__in=_intermediary_memberships(user).values("organisation"),
    )
    return Q(Exists(jobseekers_of_my_organisations))


class PortfolioPermissionPolicy:
    """The one place that answers "may X see this portfolio" and "which portfolios may X see"."""

    def is_intermediary(self, user: User) -> bool:
        return _intermediary_memberships(user).exists()

    def is_employer(self, user: User) -> bool:
        """A recruiter or admin of an approved employer: sees what people shared with employers."""
        return _employer_memberships(user).exists()

    def may_search_freely(self, user: User) -> bool:
        """Who may search people without a vacancy: intermediaries' staff, within what is
        shared with their organisations or the network, and approved employers, within what
        is shared with employers (`visible_to` decides each result)."""
        return user.is_authenticated and (self.is_intermediary(user) or self.is_employer(user))

    def visible_to(self, user: User) -> QuerySet[PortfolioPage]:
        """Published portfolios `user` may open, as someone other than the owner."""
        if not user.is_authenticated or not user.is_active:
            return PortfolioPage.objects.none()
        # No exception for network admins: managing the network is not a reason to read
        # people's portfolios. They see one only through an audience, like anyone else.
        published = PortfolioPage.objects.live()
        is_intermediary = _intermediary_memberships(user)
        is_employer = _employer_memberships(user)
        allowed = Q(jobseeker=user)
        allowed |= Q(consent__coach_organisation=True) & coach_organisation_q(user)
        # "Other intermediaries in the network" means other organisations: switching the own
        # coach's organisation off must shut it out even while the network is on.
        allowed |= (
            Q(consent__network=True) & Q(Exists(is_intermediary)) & ~coach_organisation_q(user)
        )
        allowed |= (
            Q(consent__coach_approves_employers=True)
            & (Q(consent__employers_anonymous=True) | Q(consent__employers_named=True))
            & Q(Exists(is_employer))
        )
        return published.filter(allowed)

    def can_view(self, user: User, portfolio: PortfolioPage) -> bool:
        return self.visible_to(user).filter(pk=portfolio.pk).exists()

    def sees_identity(self, user: User, portfolio: PortfolioPage) -> bool:
        """Whether `user` sees the name, photo and contact details, or the anonymised version.

        Applies on top of `can_view`; the rule itself is `identity_q`, so a list and a
        single page can never disagree.
        """
        if not user.is_authenticated:
            return False
        if user == portfolio.jobseeker:
            return True
        return PortfolioPage.objects.filter(pk=portfolio.pk).filter(self.identity_q(user)).exists()

    def identity_q(self, user: User) -> Q:
        """Who sees the name, as one condition over portfolios (on top of `visible_to`)."""
        condition = Q(jobseeker=user)
        condition |= Q(consent__coach_organisation=True) & coach_organisation_q(user)
        condition |= Q(consent__network=True) & Q(Exists(_intermediary_memberships(user)))
        condition |= Q(consent__coach_approves_employers=True, consent__employers_named=True)
        return condition

    def is_in_coach_organisation(self, user: User, portfolio: PortfolioPage) -> bool:
        return (
            PortfolioPage.objects.filter(pk=portfolio.pk)
            .filter(coach_organisation_q(user))
            .exists()
        )

    def sees_support_needs(self, user: User, portfolio: PortfolioPage) -> bool:
        """Support needs are for the jobseeker and their coach's organisation, while shared with it."""
        if user == portfolio.jobseeker:
            return True
        return portfolio.consent.coach_organisation and self.is_in_coach_organisation(
            user, portfolio
        )

    def can_coach(self, user: User, portfolio: PortfolioPage) -> bool:
        """Coaches of the jobseeker's own organisation may suggest and approve employer sharing."""
        return (
            user.is_authenticated
            and user != portfolio.jobseeker
            and PortfolioPage.objects.filter(pk=portfolio.pk)
            .filter(
                Exists(
                    Membership.objects.active().filter(
                        user=OuterRef("jobseeker"),
                        role=Role.JOBSEEKER,
                        organisation__in=_intermediary_memberships(
                            user, roles=(Role.COACH, Role.ORGANISATION_ADMIN)
                        ).values("organisation"),
                    )
                )
            )
            .exists()
        )


portfolio_permission_policy = PortfolioPermissionPolicy()
