"""Reads for the key screens. Who may manage keys is the organisation's own policy."""

from collections.abc import Iterator

from django.db.models import QuerySet

from portal.accounts.models import User
from portal.organisations.models import Organisation
from portal.organisations.permissions import managed_by
from portfolios.models import PortfolioPage
from portfolios.permissions import coach_organisation_q, portfolio_permission_policy
from vacancies.permissions import CHANGE, employer_organisations_for

from .models import ApiKey, KeyKind, Webhook, WebhookDelivery


def organisation_for_keys(*, user: User, slug: str) -> Organisation | None:
    """The organisation if `user` may manage its members, and so its keys; else None.

    A key is a member account, so making one is managing members.
    """
    return managed_by(user).filter(slug=slug).first()


def organisation_keys(*, organisation: Organisation) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(
        organisation=organisation, kind=KeyKind.ORGANISATION
    ).select_related("created_by")


def personal_tokens(*, user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user, kind=KeyKind.PERSONAL)


def organisation_webhooks(*, organisation: Organisation) -> QuerySet[Webhook]:
    return Webhook.objects.filter(organisation=organisation)


def recent_deliveries(*, organisation: Organisation, limit: int = 50) -> list[WebhookDelivery]:
    """The organisation's latest deliveries with their status, for the webhook page (one query)."""
    return list(
        WebhookDelivery.objects.filter(webhook__organisation=organisation)
        .select_related("webhook")
        .order_by("-created_at", "-pk")[:limit]
    )


def employer_for_import(*, user: User, slug: str) -> Organisation | None:
    """The employer `slug` if `user` may change its vacancies (the vacancies policy), else None."""
    return employer_organisations_for(user, CHANGE).filter(slug=slug).first()


def caseload_portfolio_chunks(*, user: User, size: int) -> Iterator[QuerySet[PortfolioPage]]:
    """`caseload_portfolios` in chunks of at most `size`, oldest first.

    The caseload's ids come first from one join; the policy's conditions (ORed subqueries,
    which the database checks row by row) then run on one chunk of ids at a time.
    """
    ids = list(
        PortfolioPage.objects.live()
        .filter(coach_organisation_q(user))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), size):
        yield caseload_portfolios(user=user).filter(pk__in=ids[start : start + size])


def caseload_portfolios(*, user: User) -> QuerySet[PortfolioPage]:
    """Published portfolios of jobseekers in `user`'s own organisations that they shared with
    it: what `user` may see (the portfolio policy) within their own caseload, oldest first."""
    return (
        portfolio_permission_policy.visible_to(user)
        .filter(coach_organisation_q(user))
        .select_related("jobseeker")
        .order_by("pk")
    )
