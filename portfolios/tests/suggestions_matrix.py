"""Objects the permission-matrix rows of coach suggestions need (tests/test_permission_matrix.py)."""

from portfolios.factories import make_portfolio
from portfolios.models import Audience, PortfolioPage
from portfolios.suggestions import suggestion_create
from tests.conftest import World


def shared_with_coaches(world: World) -> PortfolioPage:
    """The jobseeker's published portfolio, shared with their coach's organisation."""
    return make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.COACH_ORGANISATION,))


def suggestion_id(world: World) -> int:
    """An open suggestion of the jobseeker's coach on the jobseeker's portfolio."""
    suggestion = suggestion_create(
        portfolio=shared_with_coaches(world),
        by=world.coach,
        step="about",
        text="Vertel over je werk bij de bakkerij.",
    )
    return suggestion.pk
