from django.http import HttpRequest

from portal.organisations.models import Role
from portal.organisations.selectors import memberships_of

# Roles that work with jobseekers' portfolios in an intermediary organisation.
_STAFF_ROLES = {Role.COACH, Role.TRAINING_STAFF, Role.ORGANISATION_ADMIN}


def navigation(request: HttpRequest) -> dict:
    """The signed-in person's active memberships, fetched once per request for the menu.

    `works_with_jobseekers`: staff of an approved intermediary, who get the matching
    search links; the search screens check the same rule again.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_memberships": [], "works_with_jobseekers": False}
    memberships = memberships_of(user=user)
    return {
        "my_memberships": memberships,
        "works_with_jobseekers": any(
            m.role in _STAFF_ROLES and m.organisation.is_intermediary and m.organisation.is_approved
            for m in memberships
        ),
    }
