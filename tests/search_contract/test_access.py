"""Access control is part of the query: each viewer finds exactly the portfolios shared with them.

A portfolio a viewer may not see shows up nowhere: not in the hits, not in the
total, not in any facet count.
"""

from collections import Counter
from dataclasses import dataclass

import pytest

from portal.choices import WorkType
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create
from portfolios.models import Audience, PortfolioPage
from search.backends.base import CANDIDATE_FACETS, HOURS_STEPS
from tests.conftest import make_user

from .conftest import WIDE, concept, facet, ids, place

COACH_ORG, NETWORK = Audience.COACH_ORGANISATION, Audience.NETWORK
EMPLOYERS_ANONYMOUS, EMPLOYERS_NAMED = Audience.EMPLOYERS_ANONYMOUS, Audience.EMPLOYERS_NAMED


@dataclass
class Shared:
    """One portfolio: how it is shared, and what makes it countable in every facet."""

    portfolio: PortfolioPage
    skill_id: int
    municipality: str
    hours_max: int
    licence: str
    work_type: str


@pytest.fixture
def shared(contract, world) -> dict[str, Shared]:
    """Portfolios of the training centre (and one of the municipality), shared in every way.

    Each has its own skill and municipality, so a facet count gives away anyone
    who should not be there.
    """
    cases = {
        # key: (organisation, audiences, coach approves employers, published, postcode)
        "coach_org": (world.training_centre, (COACH_ORG,), False, True, "9671"),
        "network": (world.training_centre, (NETWORK,), False, True, "9641"),
        "coach_org_and_network": (
            world.training_centre,
            (COACH_ORG, NETWORK),
            False,
            True,
            "9711",
        ),
        "employers": (world.training_centre, (EMPLOYERS_ANONYMOUS,), True, True, "9501"),
        "employers_without_coach": (world.training_centre, (EMPLOYERS_NAMED,), False, True, "9601"),
        "coach_approval_only": (world.training_centre, (), True, True, "9931"),
        "no_consent": (world.training_centre, (), False, True, "9401"),
        "unpublished": (world.training_centre, (COACH_ORG, NETWORK), False, False, "7811"),
        "municipality_coach_org": (world.municipality, (COACH_ORG,), False, True, "9663"),
    }
    licences = ["AM", "B", "BE", "C", "CE", "D", "T"]
    work_types = list(WorkType.values)
    result = {}
    for index, (key, (organisation, audiences, approved, published, postcode)) in enumerate(
        cases.items()
    ):
        skill = concept(f"Vaardigheid {key}")
        hours_max = 8 + 4 * index
        result[key] = Shared(
            portfolio=contract.person(
                key.replace("_", " ").title(),
                organisation=organisation,
                skills={skill: 2},
                postcode=postcode,
                max_travel_km=20,
                hours=(4, hours_max),
                driving_licences=(licences[index % len(licences)],),
                work_types=(work_types[index % len(work_types)],),
                audiences=audiences,
                coach=world.coach if approved else None,
                publish=published,
            ),
            skill_id=skill.pk,
            municipality=place(postcode).municipality,
            hours_max=hours_max,
            licence=licences[index % len(licences)],
            work_type=work_types[index % len(work_types)],
        )
    return result


def expected_facets(visible: list[Shared]) -> dict[str, list]:
    hours = {str(step): sum(1 for s in visible if s.hours_max >= step) for step in HOURS_STEPS}
    return {
        "skills": facet({str(s.skill_id): 1 for s in visible}),
        "municipality": facet(Counter(s.municipality for s in visible)),
        "hours": facet({key: count for key, count in hours.items() if count}),
        "driving_licences": facet(Counter(s.licence for s in visible)),
        "work_types": facet(Counter(s.work_type for s in visible)),
    }


def test_each_viewer_finds_exactly_the_portfolios_shared_with_them(contract, world, shared):
    pending = contract.new_organisation(
        "Werkplaats in oprichting",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.PENDING,
    )
    rejected = contract.new_organisation("Afgewezen", status=OrganisationStatus.REJECTED)
    pending_employer = contract.new_organisation(
        "Nog niet goedgekeurd bv",
        kind=OrganisationKind.EMPLOYER,
        status=OrganisationStatus.PENDING,
    )
    viewers = {
        "coach": world.coach,
        "training_staff": world.training_staff,
        "organisation_admin": world.organisation_admin,
        "other_coach": world.other_coach,
        "recruiter": world.recruiter,
        "coach_of_pending_organisation": contract.member("Petra", pending, Role.COACH),
        "coach_of_rejected_organisation": contract.member("Rik", rejected, Role.COACH),
        "recruiter_of_pending_employer": contract.member("Wim", pending_employer, Role.RECRUITER),
        "jobseeker": world.jobseeker,
        "without_membership": make_user("nora@example.nl", "Nora"),
        "anonymous": None,
    }
    own_organisation = {"coach_org", "coach_org_and_network"}
    expected = {
        "coach": own_organisation,
        "training_staff": own_organisation,
        "organisation_admin": own_organisation,
        # Other intermediaries: network consent of someone not in their organisation,
        # and their own jobseeker shared with their organisation.
        "other_coach": {"network", "coach_org_and_network", "municipality_coach_org"},
        # Employers only when the jobseeker AND the coach switched employers on.
        "recruiter": {"employers"},
        "coach_of_pending_organisation": set(),
        "coach_of_rejected_organisation": set(),
        "recruiter_of_pending_employer": set(),
        "jobseeker": set(),
        "without_membership": set(),
        "anonymous": set(),
    }
    vacancy = contract.vacancy(needs=[(concept(f"Vaardigheid {key}"), False, 1) for key in shared])
    by_id = {s.portfolio.pk: key for key, s in shared.items()}

    found, totals, facets = {}, {}, {}
    for name, user in viewers.items():
        # Widened: access alone decides, whatever their own reach, hours and work type.
        page = contract.candidates(user, vacancy, filters=WIDE)
        found[name] = {by_id.get(pk, pk) for pk in ids(page)}
        totals[name] = page.total
        facets[name] = {key: page.facets.get(key, []) for key in CANDIDATE_FACETS}

    assert found == expected
    assert totals == {name: len(keys) for name, keys in expected.items()}
    assert facets == {
        name: expected_facets([shared[key] for key in sorted(keys)])
        for name, keys in expected.items()
    }


def test_network_consent_does_not_reach_the_own_organisation(contract, world):
    # Shared with the network only: the municipality's coach finds it, the own coach does not.
    person = contract.person("Yara", audiences=(NETWORK,), postcode="9671")
    vacancy = contract.vacancy(needs=[(concept("Orderpicken"), True, 2)])

    own = contract.candidates(world.coach, vacancy)
    other = contract.candidates(world.other_coach, vacancy)

    assert (ids(own), own.total) == ([], 0)
    assert (ids(other), other.total) == ([person.pk], 1)


def test_a_member_of_both_organisations_does_not_find_a_network_only_portfolio(contract, world):
    # The jobseeker's own organisation is excluded from "network" even when the viewer
    # also works for another intermediary.
    person = contract.person("Zoë", audiences=(NETWORK,))
    vacancy = contract.vacancy(needs=[(concept("Orderpicken"), True, 2)])
    with contract.committed():
        membership_create(
            user=world.other_coach, organisation=world.training_centre, role=Role.COACH
        )

    both = contract.candidates(world.other_coach, vacancy)

    assert person.pk not in ids(both)
    assert both.total == 0
