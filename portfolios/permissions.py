"""Who may see which portfolio. Every list, page, file and search index asks this policy.

The rules (PRODUCT.md, "Data protection"): private by default; only the published
revision is seen by others; per audience consent; employers only when the jobseeker
switched employers on AND their coach approved, or they shared while they had no coach
organisation (`PortfolioConsent.employers_without_coach`). Membership joins
(`portal.organisations.roles`), not per-row checks, so a list of thousands costs one query.

The search index keeps, per portfolio, its audiences (`audiences`), and looks a searcher
up by their keys (`viewer_keys`); `search/tests/test_index_follows_policy.py` holds the two
equal to `instances_user_has_permission_for(user, VIEW)`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from portal.organisations import roles
from portal.organisations.models import Role
from portal.permissions import AnyUser

from .models import PortfolioPage

VIEW = "view"  # open the published portfolio (anonymised unless VIEW_IDENTITY)
VIEW_IDENTITY = "view_identity"  # see name, photo and contact details
COACH = "coach"  # suggest changes and approve sharing with employers
ACTIONS = (VIEW, VIEW_IDENTITY, COACH)

# What the person switched on, as conditions over portfolios: each audience defined once,
# for the querysets below and, as annotations, for the search index's audiences.
SHARED_WITH_COACH_ORGANISATION = Q(consent__coach_organisation=True)
SHARED_WITH_NETWORK = Q(consent__network=True)
EMPLOYERS_ALLOWED = Q(consent__coach_approves_employers=True) | Q(
    consent__employers_without_coach=True
)
SHARED_WITH_EMPLOYERS = EMPLOYERS_ALLOWED & (
    Q(consent__employers_anonymous=True) | Q(consent__employers_named=True)
)
NAMED_TO_EMPLOYERS = EMPLOYERS_ALLOWED & Q(consent__employers_named=True)


def coach_organisation_q(user: AnyUser) -> Q:
    """Portfolios of jobseekers in an organisation where `user` coaches or trains."""
    return Q(roles.jobseekers_of(roles.intermediary_staff_memberships(user).values("organisation")))


def _coached_by_q(user: AnyUser) -> Q:
    """Portfolios of jobseekers in an organisation where `user` is coach or admin."""
    coaching = roles.intermediary_staff_memberships(user, roles=roles.COACH_ROLES)
    return Q(roles.jobseekers_of(coaching.values("organisation")))


@dataclass(frozen=True, slots=True)
class Audiences:
    """Who may find one published portfolio, in the terms a search index keeps."""

    # The person's coach organisations (approved intermediaries where they are a jobseeker).
    member_organisation_ids: tuple[int, ...]
    # Shared with those coach organisations.
    coach_organisation: bool
    # Shared with the staff of the other intermediaries in the network.
    network: bool
    # Shared with approved employers.
    employers: bool


@dataclass(frozen=True, slots=True)
class ViewerKeys:
    """What a searcher may find, in the same terms: the audiences they belong to."""

    # Approved intermediaries where the viewer works with jobseekers.
    organisation_ids: frozenset[int] = frozenset()
    is_intermediary: bool = False
    is_employer: bool = False


class PortfolioPermissionPolicy(BasePermissionPolicy):
    """The one place that answers "may X see this portfolio" and "which portfolios may X see"."""

    def __init__(self) -> None:
        super().__init__(PortfolioPage)

    # --- Wagtail's permission-policy interface -----------------------------------------

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        """Model-wide: VIEW is searching people freely (intermediary staff within what is
        shared with their organisations or the network, approved employers within what is
        shared with employers; the VIEW queryset decides each result)."""
        if action == VIEW:
            return roles.signed_in(user) and (
                self.is_intermediary(user) or roles.employer_memberships(user).exists()
            )
        return self.instances_user_has_permission_for(user, action).exists()

    def instances_user_has_permission_for(self, user: AnyUser, action: str) -> QuerySet:
        if action not in ACTIONS:
            raise ValueError(f"unknown portfolio action {action!r}")
        if not roles.signed_in(user):
            return PortfolioPage.objects.none()
        # No exception for network admins: managing the network is not a reason to read
        # people's portfolios. They see one only through an audience, like anyone else.
        if action == COACH:
            # Also before the first publication: the coach helps build it.
            return PortfolioPage.objects.filter(_coached_by_q(user)).exclude(jobseeker=user)
        visible = PortfolioPage.objects.live().filter(self._view_q(user))
        if action == VIEW_IDENTITY:
            return visible.filter(self.identity_q(user))
        return visible

    def instances_user_has_any_permission_for(self, user: AnyUser, actions: Iterable[str]):
        found = PortfolioPage.objects.none()
        for action in actions:
            found |= self.instances_user_has_permission_for(user, action)
        return found

    def user_has_permission_for_instance(
        self, user: AnyUser, action: str, instance: PortfolioPage
    ) -> bool:
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    # --- The conditions, for lists that annotate or combine them -------------------------

    def _view_q(self, user: AnyUser) -> Q:
        allowed = Q(jobseeker=user)
        allowed |= SHARED_WITH_COACH_ORGANISATION & coach_organisation_q(user)
        # "Other intermediaries in the network" means other organisations: switching the own
        # coach's organisation off must shut it out even while the network is on.
        allowed |= (
            SHARED_WITH_NETWORK
            & Q(Exists(roles.intermediary_staff_memberships(user)))
            & ~coach_organisation_q(user)
        )
        allowed |= SHARED_WITH_EMPLOYERS & Q(Exists(roles.employer_memberships(user)))
        return allowed

    def identity_q(self, user: AnyUser) -> Q:
        """Who sees the name, as one condition over portfolios (on top of VIEW)."""
        condition = Q(jobseeker=user)
        condition |= SHARED_WITH_COACH_ORGANISATION & coach_organisation_q(user)
        condition |= SHARED_WITH_NETWORK & Q(Exists(roles.intermediary_staff_memberships(user)))
        condition |= NAMED_TO_EMPLOYERS
        return condition

    # --- Shortcuts the views and selectors read best by ----------------------------------

    def visible_to(self, user: AnyUser) -> QuerySet[PortfolioPage]:
        """Published portfolios `user` may open, as someone other than the owner."""
        return self.instances_user_has_permission_for(user, VIEW)

    def can_view(self, user: AnyUser, portfolio: PortfolioPage) -> bool:
        return self.user_has_permission_for_instance(user, VIEW, portfolio)

    def sees_identity(self, user: AnyUser, portfolio: PortfolioPage) -> bool:
        """Whether `user` sees the name, photo and contact details, or the anonymised version
        (on top of `can_view`, with the same condition as lists: `identity_q`)."""
        if not roles.signed_in(user):
            return False
        if user == portfolio.jobseeker:
            return True
        return PortfolioPage.objects.filter(pk=portfolio.pk).filter(self.identity_q(user)).exists()

    def sees_support_needs(self, user: AnyUser, portfolio: PortfolioPage) -> bool:
        """Support needs are for the jobseeker and their coach's organisation, while shared with it."""
        if user == portfolio.jobseeker:
            return True
        return portfolio.consent.coach_organisation and self.is_in_coach_organisation(
            user, portfolio
        )

    def is_in_coach_organisation(self, user: AnyUser, portfolio: PortfolioPage) -> bool:
        return (
            PortfolioPage.objects.filter(pk=portfolio.pk)
            .filter(coach_organisation_q(user))
            .exists()
        )

    def can_coach(self, user: AnyUser, portfolio: PortfolioPage) -> bool:
        """Coaches of the jobseeker's own organisation may suggest and approve employer sharing."""
        return self.user_has_permission_for_instance(user, COACH, portfolio)

    def is_intermediary(self, user: AnyUser) -> bool:
        return roles.intermediary_staff_memberships(user).exists()

    def may_search_freely(self, user: AnyUser) -> bool:
        return self.user_has_permission(user, VIEW)

    def has_coach_organisation(self, jobseeker: AnyUser) -> bool:
        """Whether a coach must approve before employers see this person's portfolio."""
        return roles.jobseeker_memberships([jobseeker.pk]).exists()

    # --- A portfolio of one's own ------------------------------------------------------------

    def builds_own(self, user: AnyUser, member_roles: Iterable[str]) -> bool:
        """Whether someone with these membership roles builds a portfolio of their own.

        Jobseekers do, and so do people without any organisation (they signed up
        themselves). Coaches, staff, recruiters and network admins do not.
        """
        if not user.is_authenticated or user.is_superuser or user.is_staff:
            return False
        member_roles = set(member_roles)
        return not member_roles or Role.JOBSEEKER in member_roles

    def may_build_own(self, user: AnyUser) -> bool:
        """`builds_own` with the person's active memberships (one query)."""
        if not user.is_authenticated:
            return False
        return self.builds_own(user, roles.active_memberships(user).values_list("role", flat=True))

    def may_keep_evidence(self, user: AnyUser) -> bool:
        """Proof files are for people with a portfolio, or jobseekers about to make one."""
        return (
            PortfolioPage.objects.filter(jobseeker=user).exists()
            or roles.active_memberships(user).filter(role=Role.JOBSEEKER).exists()
        )

    # --- What a search index needs ---------------------------------------------------------

    def with_audiences(self, portfolios: QuerySet[PortfolioPage]) -> QuerySet[PortfolioPage]:
        """`portfolios` annotated with what the person shared, for `audiences` (no extra query)."""
        return portfolios.annotate(
            shared_coach_organisation=_boolean(SHARED_WITH_COACH_ORGANISATION),
            shared_network=_boolean(SHARED_WITH_NETWORK),
            shared_employers=_boolean(SHARED_WITH_EMPLOYERS),
        )

    def audiences(self, portfolios: Sequence[PortfolioPage]) -> dict[int, Audiences]:
        """Per portfolio (annotated by `with_audiences`), who may find it: one query.

        The same rules as VIEW for everyone but the owner: an index built from these and
        searched with `viewer_keys` finds exactly `instances_user_has_permission_for`.
        """
        member_of: dict[int, list[int]] = {}
        for user_id, organisation_id in (
            roles.jobseeker_memberships(page.jobseeker_id for page in portfolios)
            .order_by("organisation_id")
            .values_list("user_id", "organisation_id")
        ):
            member_of.setdefault(user_id, []).append(organisation_id)
        return {
            page.pk: Audiences(
                member_organisation_ids=tuple(member_of.get(page.jobseeker_id, ())),
                coach_organisation=page.shared_coach_organisation,
                network=page.shared_network,
                employers=page.shared_employers,
            )
            for page in portfolios
        }

    def viewer_keys(self, user: AnyUser) -> ViewerKeys:
        """The audiences `user` belongs to, in one query."""
        if not roles.signed_in(user):
            return ViewerKeys()
        organisation_ids: set[int] = set()
        is_employer = False
        for membership in roles.active_memberships(user).select_related("organisation"):
            if roles.works_with_jobseekers(membership):
                organisation_ids.add(membership.organisation_id)
            is_employer = is_employer or roles.acts_for_employer(membership)
        return ViewerKeys(
            organisation_ids=frozenset(organisation_ids),
            is_intermediary=bool(organisation_ids),
            is_employer=is_employer,
        )


def _boolean(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


portfolio_permission_policy = PortfolioPermissionPolicy()
