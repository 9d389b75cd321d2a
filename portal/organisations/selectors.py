from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from portal import geo
from portal.accounts.models import Invitation, User

from .models import INTERMEDIARY_KINDS, Membership, Organisation, OrganisationStatus
from .permissions import MANAGE_MEMBERS, organisation_permission_policy


def memberships_of(*, user: User) -> list[Membership]:
    """The user's active memberships with their organisations, in one query."""
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def active_organisation_names(*, user: User) -> list[str]:
    """The names of the organisations `user` is an active member of, by name: what an
    audit row says they acted for, as it was at that moment."""
    return list(
        user.memberships.filter(is_active=True)
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )


def organisations_user_can_manage(*, user: User) -> QuerySet[Organisation]:
    return organisation_permission_policy.instances_user_has_permission_for(user, MANAGE_MEMBERS)


def organisation_members(
    *, organisation: Organisation, role: str | None = None
) -> QuerySet[Membership]:
    """Members of one organisation with their users, for list pages (one query)."""
    members = Membership.objects.filter(organisation=organisation).select_related("user")
    if role:
        members = members.filter(role=role)
    return members.order_by("-is_active", "user__first_name", "user__last_name")


def open_invitations(*, organisation: Organisation) -> list[Invitation]:
    """Invitations of this organisation that can still be used, newest first."""
    return list(
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class NearbyOrganisation:
    organisation: Organisation
    distance_km: int | None  # None: the organisation has no place on the map


def coaching_organisations_near(
    *, latitude: float | None, longitude: float | None, limit: int = 5
) -> list[NearbyOrganisation]:
    """Approved organisations with coaches, nearest first (by name without a place).

    For a jobseeker who signed up alone: these can become their coach's organisation,
    and only a coach opens the way to employers. One query.
    """
    organisations = Organisation.objects.filter(
        kind__in=sorted(INTERMEDIARY_KINDS), status=OrganisationStatus.APPROVED
    ).order_by("name")
    found = []
    for organisation in organisations:
        distance = None
        there = (organisation.latitude, organisation.longitude)
        if None in there and (place := geo.locate(organisation.postcode)):
            there = (place.latitude, place.longitude)  # the postcode area's centre
        if latitude is not None and longitude is not None and None not in there:
            distance = round(geo.distance_km(latitude, longitude, *there))
        found.append(NearbyOrganisation(organisation=organisation, distance_km=distance))
    found.sort(key=lambda near: (near.distance_km is None, near.distance_km or 0))
    return found[:limit]
