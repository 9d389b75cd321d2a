from django.db.models import Prefetch

from portal.accounts.models import User

from .models import PortfolioConsent, PortfolioPage, PortfolioSkill
from .permissions import portfolio_permission_policy


def portfolio_of(*, jobseeker: User) -> PortfolioPage | None:
    return PortfolioPage.objects.filter(jobseeker=jobseeker).first()


def portfolio_for_viewer(*, viewer: User, public_id: str) -> PortfolioPage | None:
    """The published portfolio with everything its page shows, or None when `viewer` may not see it.

    A fixed number of queries, however many skills the portfolio has.
    """
    return (
        portfolio_permission_policy.visible_to(viewer)
        .filter(public_id=public_id)
        .select_related("jobseeker", "consent")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=PortfolioSkill.objects.select_related("concept").order_by(
                    "-level", "sort_order"
                ),
            ),
            "occupations__concept",
            "languages",
        )
        .first()
    )


def consent_of(*, portfolio: PortfolioPage) -> PortfolioConsent:
    return PortfolioConsent.objects.get_or_create(portfolio=portfolio)[0]
