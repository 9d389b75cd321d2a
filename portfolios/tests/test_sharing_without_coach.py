"""A jobseeker without a coach organisation shares with employers on their own (issue 14).

The rule: employers see a portfolio when the person shared with employers AND their coach
approved, or they shared while they had no coach organisation. That second case is
recorded in the consent (with a consent event and its date), so it stays when the person
joins a coach organisation later, until the person stops sharing or a coach says no.
"""

import pytest
from django.urls import reverse

from portal.organisations.models import OrganisationStatus, Role
from portal.organisations.services import membership_create, membership_end, organisation_create
from portfolios.factories import make_portfolio
from portfolios.models import Audience, ConsentEvent, PortfolioConsent
from portfolios.permissions import portfolio_permission_policy as policy
from portfolios.services import consent_set, consent_set_coach_approval
from tests.conftest import make_user

ANONYMOUS, NAMED = Audience.EMPLOYERS_ANONYMOUS, Audience.EMPLOYERS_NAMED


@pytest.fixture
def alone(world):
    """Someone who signed up alone, with a published portfolio shared with nobody yet."""
    person = make_user("alleen@example.nl", "Ilse")
    return make_portfolio(jobseeker=person, skills={"Snoeien": 3})


def _consent(portfolio) -> PortfolioConsent:
    return PortfolioConsent.objects.get(portfolio=portfolio)


def test_employer_sees_the_portfolio_of_someone_without_a_coach_who_shared(world, alone):
    consent_set(portfolio=alone, audience=ANONYMOUS, granted=True, by=alone.jobseeker)

    assert policy.can_view(world.recruiter, alone)
    assert not policy.sees_identity(world.recruiter, alone)
    assert _consent(alone).employers_without_coach
    event = ConsentEvent.objects.get(portfolio=alone, audience="employers_without_coach")
    assert event.granted and event.created_at is not None and event.changed_by == alone.jobseeker
    assert "no coach" in event.text_shown or "geen coach" in event.text_shown


def test_employer_sees_the_name_only_when_shared_with_name(world, alone):
    consent_set(portfolio=alone, audience=NAMED, granted=True, by=alone.jobseeker)

    assert policy.sees_identity(world.recruiter, alone)


def test_employer_sees_nothing_while_the_coach_has_not_approved(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(ANONYMOUS, NAMED))

    assert not policy.can_view(world.recruiter, portfolio)
    assert not _consent(portfolio).employers_without_coach

    consent_set_coach_approval(portfolio=portfolio, approved=True, by=world.coach)
    assert policy.can_view(world.recruiter, portfolio)


def test_a_pending_organisation_is_no_coach_organisation(world):
    pending = organisation_create(
        name="Nog niet goedgekeurd", kind="municipality", status=OrganisationStatus.PENDING
    )
    person = make_user("wachtend@example.nl", "Bas")
    membership_create(user=person, organisation=pending, role=Role.JOBSEEKER)
    portfolio = make_portfolio(jobseeker=person, audiences=(ANONYMOUS,))

    assert policy.can_view(world.recruiter, portfolio)


def test_sharing_stays_after_joining_a_coach_organisation_until_the_coach_says_no(world, alone):
    consent_set(portfolio=alone, audience=ANONYMOUS, granted=True, by=alone.jobseeker)
    membership_create(user=alone.jobseeker, organisation=world.training_centre, role=Role.JOBSEEKER)
    # Another switch by the person does not end it either.
    consent_set(portfolio=alone, audience=Audience.NETWORK, granted=True, by=alone.jobseeker)

    assert policy.can_view(world.recruiter, alone)
    assert policy.can_coach(world.coach, alone)

    consent_set_coach_approval(portfolio=alone, approved=False, by=world.coach)

    assert not policy.can_view(world.recruiter, alone)
    assert not _consent(alone).employers_without_coach
    ended = ConsentEvent.objects.get(
        portfolio=alone, audience="employers_without_coach", granted=False
    )
    assert ended.changed_by == world.coach


def test_switching_employers_off_ends_it_and_with_a_coach_it_needs_their_yes(world, alone):
    consent_set(portfolio=alone, audience=ANONYMOUS, granted=True, by=alone.jobseeker)
    membership_create(user=alone.jobseeker, organisation=world.training_centre, role=Role.JOBSEEKER)
    consent_set(portfolio=alone, audience=ANONYMOUS, granted=False, by=alone.jobseeker)
    assert not policy.can_view(world.recruiter, alone)

    consent_set(portfolio=alone, audience=ANONYMOUS, granted=True, by=alone.jobseeker)

    assert not policy.can_view(world.recruiter, alone)
    assert not _consent(alone).employers_without_coach


def test_leaving_the_coach_organisation_counts_at_the_next_choice(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(ANONYMOUS,))
    membership_end(membership=world.jobseeker.memberships.get(), by=world.organisation_admin)
    assert not policy.can_view(world.recruiter, portfolio)

    consent_set(portfolio=portfolio, audience=ANONYMOUS, granted=True, by=world.jobseeker)
    consent_set(portfolio=portfolio, audience=NAMED, granted=False, by=world.jobseeker)

    assert policy.can_view(world.recruiter, portfolio)


def test_the_consent_screen_explains_the_rule_that_applies(world, alone, login):
    client = login(alone.jobseeker)
    page = client.get(reverse("portfolio_edit_consent")).content.decode()
    assert 'data-rule="without-coach"' in page

    consent_set(portfolio=alone, audience=ANONYMOUS, granted=True, by=alone.jobseeker)
    membership_create(user=alone.jobseeker, organisation=world.training_centre, role=Role.JOBSEEKER)
    page = client.get(reverse("portfolio_edit_consent")).content.decode()
    assert 'data-rule="shared-without-coach"' in page

    client = login(world.jobseeker)
    make_portfolio(jobseeker=world.jobseeker)
    page = client.get(reverse("portfolio_edit_consent")).content.decode()
    assert 'data-rule="coach-says-yes"' in page
    assert 'data-rule="without-coach"' not in page


def test_first_steps_tell_a_jobseeker_without_a_coach_how_to_share_alone(world, login):
    person = make_user("nieuw@example.nl", "Noor")
    page = login(person).get(reverse("dashboard")).content.decode()
    assert 'data-rule="without-coach"' in page

    page = login(world.jobseeker).get(reverse("dashboard")).content.decode()
    assert 'data-rule="without-coach"' not in page
