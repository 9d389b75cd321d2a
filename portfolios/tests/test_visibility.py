import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portfolios.factories import make_portfolio
from portfolios.models import Audience, ConsentEvent, PortfolioPage
from portfolios.permissions import portfolio_permission_policy as policy
from portfolios.services import consent_set, portfolio_save_draft

COACH_ORG = (Audience.COACH_ORGANISATION,)


def url(portfolio):
    return reverse("portfolio_detail", args=[portfolio.public_id])


def test_new_portfolio_is_private_by_default(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"Heftruck rijden": 3})
    for role in ("coach", "other_coach", "training_staff", "recruiter", "other_jobseeker"):
        assert not policy.can_view(getattr(world, role), portfolio), role


def test_coach_of_own_organisation_sees_portfolio_shared_with_it(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker, skills={"Heftruck rijden": 3}, audiences=COACH_ORG
    )
    response = login(world.coach).get(url(portfolio))
    assert response.status_code == 200
    assert "Heftruck rijden" in response.content.decode()
    assert "Sanne" in response.content.decode()


def test_coach_cannot_see_unshared_portfolio(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    assert login(world.coach).get(url(portfolio)).status_code == 404


def test_coach_of_another_organisation_cannot_see_coach_org_portfolio(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=COACH_ORG)
    assert login(world.other_coach).get(url(portfolio)).status_code == 404


def test_network_consent_opens_it_to_other_intermediaries_not_employers(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.NETWORK,))
    assert policy.can_view(world.other_coach, portfolio)
    assert not policy.can_view(world.recruiter, portfolio)
    assert not policy.can_view(world.other_jobseeker, portfolio)


def test_employer_needs_both_jobseeker_and_coach_switches(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.EMPLOYERS_ANONYMOUS,))
    assert not policy.can_view(world.recruiter, portfolio)
    both = make_portfolio(
        jobseeker=world.other_jobseeker,
        audiences=(Audience.EMPLOYERS_ANONYMOUS,),
        coach=world.other_coach,
    )
    assert policy.can_view(world.recruiter, both)


def test_coach_switch_alone_does_not_open_it_to_employers(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, coach=world.coach)
    assert not policy.can_view(world.recruiter, portfolio)


def test_employer_sees_anonymised_portfolio_without_name_or_support_needs(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Schoonmaken": 3},
        audiences=(Audience.EMPLOYERS_ANONYMOUS,),
        coach=world.coach,
        support_needs="Ik heb een vaste werkplek nodig.",
    )
    html = login(world.recruiter).get(url(portfolio)).content.decode()
    assert "Schoonmaken" in html
    assert "Sanne" not in html
    assert world.jobseeker.email not in html
    assert "vaste werkplek" not in html


def test_coach_organisation_sees_support_needs_network_does_not(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.COACH_ORGANISATION, Audience.NETWORK),
        support_needs="Ik heb een vaste werkplek nodig.",
    )
    assert "vaste werkplek" in login(world.coach).get(url(portfolio)).content.decode()
    assert "vaste werkplek" not in login(world.other_coach).get(url(portfolio)).content.decode()


def test_pending_employer_sees_nothing(world):
    world.employer.status = "pending"
    world.employer.save()
    portfolio = make_portfolio(
        jobseeker=world.jobseeker, audiences=(Audience.EMPLOYERS_NAMED,), coach=world.coach
    )
    assert not policy.can_view(world.recruiter, portfolio)


def test_others_see_only_the_published_version(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"Koken": 2}, audiences=COACH_ORG)
    portfolio_save_draft(
        portfolio=portfolio, by=world.jobseeker, fields={"headline": "Nog niet klaar"}
    )
    html = login(world.coach).get(url(portfolio)).content.decode()
    assert "Nog niet klaar" not in html
    assert "Ik werk graag met mijn handen" in html


def test_unpublished_draft_is_seen_by_nobody_else(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, publish=False, audiences=COACH_ORG)
    assert login(world.coach).get(url(portfolio)).status_code == 404


def test_withdrawing_consent_takes_effect_at_once(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=COACH_ORG)
    consent_set(
        portfolio=portfolio,
        audience=Audience.COACH_ORGANISATION,
        granted=False,
        by=world.jobseeker,
    )
    assert login(world.coach).get(url(portfolio)).status_code == 404
    event = ConsentEvent.objects.filter(portfolio=portfolio).first()
    assert event.granted is False
    assert "coaches of my organisation" in event.text_shown


def test_every_look_by_someone_else_is_logged_for_the_owner(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=COACH_ORG)
    login(world.coach).get(url(portfolio))
    event = AuditEvent.objects.get(action="portfolio.view")
    assert event.actor == world.coach
    assert event.subject == world.jobseeker
    assert event.details["organisations"] == ["Leerwerkcentrum Oldambt"]
    assert event.details["revision_id"] == portfolio.live_revision_id


def test_only_the_jobseeker_changes_consent(world):
    from django.core.exceptions import PermissionDenied

    portfolio = make_portfolio(jobseeker=world.jobseeker)
    with pytest.raises(PermissionDenied):
        consent_set(portfolio=portfolio, audience=Audience.NETWORK, granted=True, by=world.coach)


def test_wagtail_never_serves_a_portfolio(world, client):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.NETWORK,))
    assert portfolio.live
    assert client.get(f"/portfolios/{portfolio.slug}/").status_code == 404
    assert PortfolioPage.objects.live().filter(pk=portfolio.pk).exists()


def test_portfolio_page_query_count_does_not_grow_with_skills(
    world, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for jobseeker, count in ((world.jobseeker, 1), (world.other_jobseeker, 30)):
        portfolio = make_portfolio(
            jobseeker=jobseeker,
            skills={f"Vaardigheid {n}": 1 + n % 4 for n in range(count)},
            audiences=(Audience.NETWORK,),
        )
        client = login(world.other_coach)
        client.get(url(portfolio))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(portfolio)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def approve_url(portfolio):
    return reverse("coach_employer_approval", args=[portfolio.public_id])


def test_coach_gives_their_half_of_employer_sharing_from_the_portfolio_page(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.COACH_ORGANISATION, Audience.EMPLOYERS_ANONYMOUS),
    )
    client = login(world.coach)
    assert approve_url(portfolio) in client.get(url(portfolio)).content.decode()
    assert client.post(approve_url(portfolio), {"approved": "1"}).status_code == 302
    assert policy.can_view(world.recruiter, portfolio)
    client.post(approve_url(portfolio), {"approved": "0"})
    assert not policy.can_view(world.recruiter, portfolio)
    assert ConsentEvent.objects.filter(audience="coach_approves_employers").count() == 2


def test_training_staff_and_other_coaches_cannot_approve_employer_sharing(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.COACH_ORGANISATION, Audience.NETWORK, Audience.EMPLOYERS_NAMED),
    )
    for role in ("training_staff", "other_coach", "jobseeker", "recruiter"):
        response = login(getattr(world, role)).post(approve_url(portfolio), {"approved": "1"})
        assert response.status_code == 404, role
    assert not policy.can_view(world.recruiter, portfolio)
