"""Who sees and acts on which obligation, and whose impact figures someone may read.

- The contracting authority: its organisation admins, coaches and recruiters (the people
  who manage its contracts) record obligations and accept or reject what is reported.
- The supplier: its recruiters and admins see their own obligations, and report toward
  them; never another supplier's.
- Network admins see every obligation; deciding stays with the two sides.
Everyone else gets nothing: lists leave the obligation out and its URLs answer 404.

The policy is on Wagtail's permission-policy interface (`BasePermissionPolicy`), with the
actions below; `sides` answers both instance actions in one query for pages that show both.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from intermediaries.permissions import caseload_organisations, employer_organisations
from portal.accounts.models import User
from portal.organisations.models import Organisation
from portal.organisations.roles import authority_organisations, signed_in
from portal.permissions import AnyUser

from .models import Obligation


class Side:
    AUTHORITY = "authority"
    SUPPLIER = "supplier"


VIEW = "view"  # see the obligation and its progress (model-wide: open the list of them)
ADD = "add"  # record an obligation on a supplier (model-wide only)
DECIDE = "decide"  # accept or reject what is reported: the contracting authority's side
REPORT = "report"  # report placements and activities toward it: the supplier's side
SIDE_OF = {DECIDE: Side.AUTHORITY, REPORT: Side.SUPPLIER}


def supplier_organisations(user: User) -> QuerySet[Organisation]:
    """Employers where `user` is recruiter or admin: the suppliers they report for."""
    return employer_organisations(user)


class ObligationPermissionPolicy(BasePermissionPolicy):
    """The one place that answers "which obligations may X see" and "on which side does X act"."""

    def __init__(self) -> None:
        super().__init__(Obligation)

    # --- Wagtail's permission-policy interface -----------------------------------------

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        """Model-wide: VIEW is the list (network admins, and staff of an authority or a
        supplier, with or without obligations yet); ADD is an authority's staff."""
        if not signed_in(user):
            return False
        if action == ADD:
            return authority_organisations(user).exists()
        if action == VIEW:
            return (
                user.is_network_admin
                or authority_organisations(user).exists()
                or supplier_organisations(user).exists()
            )
        return self.instances_user_has_permission_for(user, action).exists()

    def instances_user_has_permission_for(self, user: AnyUser, action: str) -> QuerySet:
        if action not in (VIEW, *SIDE_OF):
            raise ValueError(f"unknown obligation action {action!r}")
        if not signed_in(user):
            return Obligation.objects.none()
        if action == VIEW:
            if user.is_network_admin:
                return Obligation.objects.all()
            conditions = self._side_conditions(user)
            return Obligation.objects.filter(conditions[Side.AUTHORITY] | conditions[Side.SUPPLIER])
        return Obligation.objects.filter(self._side_conditions(user)[SIDE_OF[action]])

    def user_has_permission_for_instance(
        self, user: AnyUser, action: str, instance: Obligation
    ) -> bool:
        if action in SIDE_OF:
            return SIDE_OF[action] in self.sides(user, instance)
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    # --- The conditions, and the shortcuts the views and services read best by ----------

    def _side_conditions(self, user: AnyUser) -> dict[str, Q]:
        return {
            Side.AUTHORITY: Q(authority__in=authority_organisations(user).values("pk")),
            Side.SUPPLIER: Q(supplier__in=supplier_organisations(user).values("pk")),
        }

    def visible_to(self, user: AnyUser) -> QuerySet[Obligation]:
        return self.instances_user_has_permission_for(user, VIEW)

    def sides(self, user: AnyUser, obligation: Obligation) -> set[str]:
        """The sides `user` acts on for `obligation`, in one query."""
        if not signed_in(user):
            return set()
        conditions = self._side_conditions(user)
        row = (
            Obligation.objects.filter(pk=obligation.pk)
            .annotate(
                **{
                    f"as_{side}": ExpressionWrapper(condition, output_field=BooleanField())
                    for side, condition in conditions.items()
                }
            )
            .values(*(f"as_{side}" for side in conditions))
            .first()
        )
        return {side for side in conditions if row and row[f"as_{side}"]}


obligation_permission_policy = ObligationPermissionPolicy()


def may_read_impact(user: User) -> bool:
    """The impact dashboard: network admins, staff of an intermediary, and staff of an
    authority that set an obligation. Counts only, and small ones hidden (`schemes.shown_count`)."""
    if not signed_in(user):
        return False
    if user.is_network_admin or caseload_organisations(user).exists():
        return True
    return authority_organisations(user).filter(obligations_set__isnull=False).exists()


def own_placement_organisations(user: User) -> set[int]:
    """The intermediaries whose placements `user` sees unsuppressed: their own coaches' ones."""
    return set(caseload_organisations(user).values_list("pk", flat=True))
