"""Who may do what with vacancies.

A vacancy belongs to an employer organisation; its recruiters and organisation
admins share all of its vacancies and never reach another employer's. The right
follows the active membership, so it is a join on `Membership` (no per-vacancy
guardian rows to keep in step when someone joins or leaves). Publishing also
needs the organisation to be approved by a network admin. Views ask this policy
and never look at memberships themselves; list pages get a filtered queryset.
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Exists, Q
from wagtail.permission_policies.base import BasePermissionPolicy

from portal.organisations import roles
from portal.organisations.models import EMPLOYER_KINDS, Organisation, OrganisationStatus
from portal.permissions import AnyUser

from .models import Vacancy

VIEW = "view"  # see the vacancy in the employer's screens, in any state
CHANGE = "change"  # edit, duplicate, close
PUBLISH = "publish"  # make it open; only for approved employers
ACTIONS = (VIEW, CHANGE, PUBLISH)


def employer_organisations_for(user: AnyUser, action: str = VIEW) -> models.QuerySet[Organisation]:
    """The employer organisations whose vacancies `user` may `action` (one query when evaluated)."""
    if not roles.signed_in(user):
        return Organisation.objects.none()
    if user.is_network_admin:
        organisations = Organisation.objects.filter(kind__in=EMPLOYER_KINDS)
    else:
        organisations = roles.employer_organisations(user)
    if action == PUBLISH:
        # Not even a network admin publishes for an employer that is not approved.
        organisations = organisations.filter(status=OrganisationStatus.APPROVED)
    return organisations


def is_intermediary_staff(user: AnyUser) -> bool:
    """Coach, training staff or admin of an approved intermediary: sees the network's open vacancies."""
    if not roles.signed_in(user):
        return False
    if user.is_network_admin:
        return True
    return roles.intermediary_staff_memberships(user).exists()


def network_vacancy_q(user: AnyUser) -> Q:
    """Which open vacancies of the network a signed-in `user` sees: all of them for
    intermediary staff (`is_intermediary_staff`), else those the employer shows to
    jobseekers. A condition for the list's own query, so asking costs no query of its own."""
    if user.is_network_admin:
        return Q()
    return Q(show_to_jobseekers=True) | Q(Exists(roles.intermediary_staff_memberships(user)))


class VacancyPermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission-policy interface over employer memberships."""

    def __init__(self) -> None:
        super().__init__(Vacancy)

    def _held(self, user: AnyUser, action: str) -> models.Q:
        if action not in ACTIONS:
            raise ValueError(f"unknown vacancy action {action!r}")
        organisations = employer_organisations_for(user, action)
        return models.Q(organisation__in=organisations.values("pk"))

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        return employer_organisations_for(user, action).exists()

    def instances_user_has_any_permission_for(self, user: AnyUser, actions: Iterable[str]):
        if not roles.signed_in(user):
            return Vacancy.objects.none()
        condition = models.Q(pk__in=[])
        for action in actions:
            condition |= self._held(user, action)
        return Vacancy.objects.filter(condition)

    def instances_user_has_permission_for(self, user: AnyUser, action: str):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_permission_for_instance(self, user: AnyUser, action: str, instance) -> bool:
        return employer_organisations_for(user, action).filter(pk=instance.organisation_id).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def actions_for_instance(self, user: AnyUser, instance: Vacancy) -> set[str]:
        """Every action `user` may take on `instance`, in one query."""
        if not roles.signed_in(user):
            return set()
        row = (
            employer_organisations_for(user, VIEW)
            .filter(pk=instance.organisation_id)
            .values("status")
            .first()
        )
        if row is None:
            return set()
        actions = {VIEW, CHANGE}
        if row["status"] == OrganisationStatus.APPROVED:
            actions.add(PUBLISH)
        return actions


vacancy_permission_policy = VacancyPermissionPolicy()
