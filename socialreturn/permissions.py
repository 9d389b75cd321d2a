"""Who sees and acts on which obligation, and whose impact figures someone may read.

- The contracting authority: its organisation admins, coaches and recruiters (the people
  who manage its contracts) record obligations and accept or reject what is reported.
- The supplier: its recruiters and admins see their own obligations, and report toward
  them; never another supplier's.
- Network admins see every obligation; deciding stays with the two sides.
Everyone else gets nothing: lists leave the obligation out and its URLs answer 404.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from intermediaries.permissions import caseload_organisations, employer_organisations
from portal.accounts.models import User
from portal.organisations.models import Organisation
from portal.organisations.roles import authority_organisations, signed_in

from .models import Obligation


class Side:
    AUTHORITY = "authority"
    SUPPLIER = "supplier"


def supplier_organisations(user: User) -> QuerySet[Organisation]:
    """Employers where `user` is recruiter or admin: the suppliers they report for."""
    return employer_organisations(user)


class ObligationPermissionPolicy:
    """The one place that answers "which obligations may X see" and "on which side does X act"."""

    def _side_conditions(self, user: User) -> dict[str, Q]:
        return {
            Side.AUTHORITY: Q(authority__in=authority_organisations(user).values("pk")),
            Side.SUPPLIER: Q(supplier__in=supplier_organisations(user).values("pk")),
        }

    def visible_to(self, user: User) -> QuerySet[Obligation]:
        if not signed_in(user):
            return Obligation.objects.none()
        if user.is_network_admin:
            return Obligation.objects.all()
        conditions = self._side_conditions(user)
        return Obligation.objects.filter(conditions[Side.AUTHORITY] | conditions[Side.SUPPLIER])

    def sides(self, user: User, obligation: Obligation) -> set[str]:
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
