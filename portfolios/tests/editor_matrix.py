"""Objects the permission-matrix rows of the jobseeker's editor need (tests/test_permission_matrix.py)."""

from portal.accounts.models import User
from portfolios.services import portfolio_create, portfolio_narrative_save
from tests.conftest import World


def _jobseeker(world: World) -> User:
    return world.jobseeker


def block_id(world: World) -> str:
    """An experience entry in the jobseeker's (not the other jobseeker's) draft."""
    portfolio = portfolio_create(jobseeker=_jobseeker(world))
    draft = portfolio_narrative_save(
        portfolio=portfolio,
        by=world.jobseeker,
        block_type="experience",
        value={
            "kind": "work",
            "title": "Orderpicker",
            "place": "",
            "period": "",
            "description": "",
        },
    )
    return draft.narrative[-1].id


def revision_id(world: World) -> int:
    """The first revision of the jobseeker's portfolio (there is a newer one after it)."""
    portfolio = portfolio_create(jobseeker=_jobseeker(world))
    first = portfolio.latest_revision_id
    portfolio_narrative_save(
        portfolio=portfolio,
        by=world.jobseeker,
        block_type="education",
        value={"name": "VCA", "school": "", "year": "", "certificate": True},
    )
    return first
