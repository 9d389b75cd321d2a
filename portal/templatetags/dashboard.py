from django import template

from portal.accounts.dashboard import DashboardLinks, dashboard_links

register = template.Library()


@register.simple_tag
def my_page_links(user, memberships) -> DashboardLinks:
    """The links of "My page" that `user` may follow, from the memberships the page holds."""
    return dashboard_links(user=user, memberships=memberships)
