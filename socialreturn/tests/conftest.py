"""The world of the permission tests, with the municipality as contracting authority and the
world's employer as its supplier."""

from dataclasses import dataclass

import pytest

from intermediaries.models import Placement, TargetGroup
from socialreturn.factories import make_obligation, make_placement, make_table
from socialreturn.models import Obligation, ValuationTable
from tests.conftest import World


@dataclass
class Setting:
    world: World
    obligation: Obligation
    table: ValuationTable
    placement: Placement


@pytest.fixture
def setting(world: World) -> Setting:
    """The municipality (other_coach works there) has an obligation on the employer
    (recruiter); the centre's coach placed the jobseeker there, in the doelgroepregister."""
    table = make_table(authority=world.municipality)
    obligation = make_obligation(
        authority=world.municipality, supplier=world.employer, by=world.other_coach
    )
    placement = make_placement(
        coach=world.coach,
        jobseeker=world.jobseeker,
        recruiter=world.recruiter,
        employer=world.employer,
        target_group=TargetGroup.DOELGROEPREGISTER,
    )
    return Setting(world=world, obligation=obligation, table=table, placement=placement)
