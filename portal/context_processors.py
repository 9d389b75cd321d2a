from django.http import HttpRequest

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
            "works_with_jobseekers": False,
            "has_coach_organisation": False,
        }
    memberships = memberships_of(user=user)
    return {
        "my_memberships": memberships,
        "works_with_jobseekers": any(works_with_jobseekers(m) for m in memberships),
        "has_coach_organisation": any(coaches_person(m) for m in memberships),
    }
