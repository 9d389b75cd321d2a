from django.http import HttpRequest

from portal.organisations.permissions import ROLE_ACTIONS, VIEW_MEMBERS
from portal.organisations.roles import coaches_person, works_with_jobseekers
from portal.organisations.selectors import memberships_of


def navigation(request: HttpRequest) -> dict:
    """The signed-in person's active memberships, fetched once per request for the menu.

    `works_with_jobseekers`: staff of an approved intermediary, who get the matching
    search links; the search screens ask the portfolio policy again.
    `has_coach_organisation`: whether a coach's yes is needed before employers see the
    person's portfolio (the consent screen explains the rule that applies).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "my_memberships": [],
            "members_seen_in": [],
            "works_with_jobseekers": False,
            "has_coach_organisation": False,
        }
    memberships = memberships_of(user=user)
    return {
        "my_memberships": memberships,
        # The organisations whose members page opens: the role's grants (`ROLE_ACTIONS`,
        # what the organisation policy holds for it), without another query on every page.
        "members_seen_in": [m for m in memberships if VIEW_MEMBERS in ROLE_ACTIONS[m.role]],
        "works_with_jobseekers": any(works_with_jobseekers(m) for m in memberships),
        "has_coach_organisation": any(coaches_person(m) for m in memberships),
    }
