"""Template helpers for links into the jobseeker's editor."""

from django import template

from portal.accounts.models import User

from ..selectors import roles_allow_portfolio

register = template.Library()


@register.simple_tag
def builds_own_portfolio(user: User, memberships) -> bool:
    """Whether to offer "My portfolio", from the memberships the page already holds (no query)."""
    return roles_allow_portfolio(user=user, roles=[membership.role for membership in memberships])
