"""Proposal counts for pages outside this app (the dashboard), without those apps importing it."""

from django import template

from portal.accounts.models import User

from ..selectors import proposals_waiting_for_jobseeker

register = template.Library()


@register.simple_tag
def waiting_proposals(user: User) -> int:
    """How many proposals wait for `user`'s answer as a jobseeker."""
    return proposals_waiting_for_jobseeker(jobseeker=user)
