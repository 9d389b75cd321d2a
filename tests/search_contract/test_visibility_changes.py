"""What the jobseeker, their coach or their organisation changes reaches the index after commit."""

from django.db import transaction

from portal.organisations.models import Membership, Role
from portal.organisations.services import membership_create, membership_end
from portfolios.models import Audience
from portfolios.privacy import account_erase
from portfolios.services import (
    consent_set,
    consent_set_coach_approval,
    portfolio_publish,
    portfolio_unpublish,
)

from .conftest import concept, ids

COACH_ORG, NETWORK = Audience.COACH_ORGANISATION, Audience.NETWORK


def found_by(contract, vacancy, *users) -> list[list[int]]:
    return [ids(contract.candidates(user, vacancy)) for user in users]


def picking_vacancy(contract):
    return contract.vacancy(needs=[(concept("Orderpicken"), True, 2)])


def test_withdrawn_consent_hides_the_portfolio_from_that_audience_only(contract, world):
    person = contract.person("Sanne", audiences=(COACH_ORG, NETWORK))
    vacancy = picking_vacancy(contract)
    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[person.pk]] * 2

    with contract.committed():
        consent_set(portfolio=person, audience=COACH_ORG, granted=False, by=person.jobseeker)

    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[], [person.pk]]

    with contract.committed():
        consent_set(portfolio=person, audience=NETWORK, granted=False, by=person.jobseeker)

    coach, other = (contract.candidates(user, vacancy) for user in (world.coach, world.other_coach))
    assert (ids(coach), coach.total, ids(other), other.total) == ([], 0, [], 0)


def test_employers_lose_the_portfolio_when_the_coach_or_the_jobseeker_withdraws(contract, world):
    person = contract.person("Sanne", audiences=(Audience.EMPLOYERS_ANONYMOUS,), coach=world.coach)
    vacancy = picking_vacancy(contract)
    assert found_by(contract, vacancy, world.recruiter) == [[person.pk]]

    with contract.committed():
        consent_set_coach_approval(portfolio=person, approved=False, by=world.coach)
    assert found_by(contract, vacancy, world.recruiter) == [[]]

    with contract.committed():
        consent_set_coach_approval(portfolio=person, approved=True, by=world.coach)
    assert found_by(contract, vacancy, world.recruiter) == [[person.pk]]

    with contract.committed():
        consent_set(
            portfolio=person,
            audience=Audience.EMPLOYERS_ANONYMOUS,
            granted=False,
            by=person.jobseeker,
        )
    assert found_by(contract, vacancy, world.recruiter) == [[]]


def test_unpublished_portfolio_disappears_and_comes_back_when_published(contract, world):
    person = contract.person("Sanne", audiences=(COACH_ORG, NETWORK))
    vacancy = picking_vacancy(contract)

    with contract.committed():
        portfolio_unpublish(portfolio=person, by=person.jobseeker)
    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[], []]

    with contract.committed():
        portfolio_publish(portfolio=person, by=person.jobseeker)
    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[person.pk]] * 2


def test_erased_account_is_gone_from_the_index_for_everyone(contract, world):
    erased = contract.person(
        "Sanne",
        skills={concept("Orderpicken"): 3},
        postcode="9501",
        audiences=(COACH_ORG, NETWORK, Audience.EMPLOYERS_NAMED),
        coach=world.coach,
    )
    stays = contract.person("Mila", skills={concept("Orderpicken"): 3}, postcode="9671")
    vacancy = picking_vacancy(contract)
    assert found_by(contract, vacancy, world.coach, world.other_coach, world.recruiter) == [
        [stays.pk, erased.pk],
        [erased.pk],
        [erased.pk],
    ]

    with contract.committed():
        account_erase(user=erased.jobseeker, by=erased.jobseeker)

    pages = [
        contract.candidates(u, vacancy) for u in (world.coach, world.other_coach, world.recruiter)
    ]
    assert [ids(page) for page in pages] == [[stays.pk], [], []]
    assert [page.total for page in pages] == [1, 0, 0]
    coach_page = pages[0]
    assert [value.key for value in coach_page.facets["municipality"]] == ["Oldambt"]


def test_jobseeker_who_leaves_the_organisation_is_no_longer_found_by_its_coach(contract, world):
    person = contract.person("Sanne", audiences=(COACH_ORG,))
    vacancy = picking_vacancy(contract)
    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[person.pk], []]

    membership = Membership.objects.get(user=person.jobseeker, organisation=world.training_centre)
    with contract.committed():
        membership_end(membership=membership, by=world.organisation_admin)
    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[], []]

    # Joining another organisation shares the portfolio with that organisation's coaches.
    with contract.committed():
        membership_create(
            user=person.jobseeker, organisation=world.municipality, role=Role.JOBSEEKER
        )
    assert found_by(contract, vacancy, world.coach, world.other_coach) == [[], [person.pk]]


def test_a_rolled_back_change_never_reaches_the_index(contract, world):
    shown = contract.person("Sanne", audiences=(COACH_ORG,))
    draft = contract.person("Mila", audiences=(COACH_ORG,), publish=False)
    vacancy = picking_vacancy(contract)

    with contract.committed():
        try:
            with transaction.atomic():
                consent_set(portfolio=shown, audience=COACH_ORG, granted=False, by=shown.jobseeker)
                portfolio_publish(portfolio=draft, by=draft.jobseeker)
                raise RuntimeError("the request failed after the services ran")
        except RuntimeError:
            pass

    assert found_by(contract, vacancy, world.coach) == [[shown.pk]]

    with contract.committed():
        portfolio_publish(portfolio=draft, by=draft.jobseeker)
    # Equal scores: the most recently published first.
    assert found_by(contract, vacancy, world.coach) == [[draft.pk, shown.pk]]
