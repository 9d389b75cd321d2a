from django.http import HttpRequest

from portal.organisations.selectors import memberships_of


def navigation(request: HttpRequest) -> dict:
    """The signed-in person's active memberships, fetched once per request for the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_memberships": []}
    return {"my_memberships": memberships_of(user=user)}
