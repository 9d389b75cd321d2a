"""Template helpers for links into the jobseeker's editor."""

from django import template

from portal.accounts.models import User

from ..permissions import portfolio_permission_policy

register = template.Library()


@register.simple_tag
def builds_own_portfolio(user: User, memberships) -> bool:
    """Whether to offer "My portfolio", from the memberships the page already holds (no query)."""
    return portfolio_permission_policy.builds_own(
        user, [membership.role for membership in memberships]
    )
