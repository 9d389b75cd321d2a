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


def test_portfolio_page_query_count_does_not_grow_with_skills(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.organisations.models import Role
    from portal.organisations.services import membership_create
    from tests.conftest import make_user

    # Two jobseekers of the same organisation, so the coach's view takes the same path.
    second = make_user("tweede@example.nl", "Bram")
    membership_create(user=second, organisation=world.training_centre, role=Role.JOBSEEKER)
    counts = []
    for jobseeker, count in ((world.jobseeker, 1), (second, 30)):
        portfolio = make_portfolio(
            jobseeker=jobseeker,
            skills={f"Vaardigheid {n}": 1 + n % 4 for n in range(count)},
            audiences=COACH_ORG,
        )
        client = login(world.coach)
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


def test_switching_the_coach_organisation_off_shuts_it_out_even_with_network_on(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.NETWORK,),
        support_needs="Ik heb een vaste werkplek nodig.",
    )
    assert login(world.coach).get(url(portfolio)).status_code == 404
    assert policy.can_view(world.other_coach, portfolio)
    assert not policy.sees_support_needs(world.other_coach, portfolio)


def test_staff_of_a_rejected_or_pending_organisation_see_no_portfolio(world):
    from portal.organisations.services import organisation_set_status

    portfolio = make_portfolio(jobseeker=world.other_jobseeker, audiences=(Audience.NETWORK,))
    assert policy.can_view(world.coach, portfolio)
    for status in ("rejected", "pending"):
        organisation_set_status(
            organisation=world.training_centre, status=status, by=world.network_admin
        )
        assert not policy.can_view(world.coach, portfolio), status


def test_network_admin_cannot_list_edit_or_publish_portfolios_in_wagtail_admin(world, login):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=COACH_ORG)
    portfolio_save_draft(portfolio=portfolio, by=world.jobseeker, fields={"headline": "Concept"})
    client = login(world.network_admin)
    index = portfolio.get_parent()
    assert "Sanne" not in client.get(f"/cms/pages/{index.pk}/").content.decode()
    assert client.get(f"/cms/pages/{portfolio.pk}/edit/").status_code in (302, 403, 404)
    client.post(f"/cms/pages/{portfolio.pk}/edit/", {"action-publish": "1", "title": "x"})
    portfolio.refresh_from_db()
    assert portfolio.headline == "Ik werk graag met mijn handen"
    assert client.post(f"/cms/pages/{portfolio.pk}/delete/").status_code in (302, 403, 404)
    assert PortfolioPage.objects.filter(pk=portfolio.pk).exists()
    root_listing = client.get("/cms/pages/").content.decode()
    assert f"/cms/pages/{index.pk}/" not in root_listing


def test_portfolio_page_titles_do_not_carry_the_name(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    assert "Sanne" not in portfolio.title


def test_anonymised_page_blanks_the_name_the_jobseeker_typed(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.EMPLOYERS_ANONYMOUS,),
        coach=world.coach,
        about_me="Ik ben Sanne uit Winschoten en ik werk graag buiten.",
    )
    html = login(world.recruiter).get(url(portfolio)).content.decode()
    assert "ik werk graag buiten" in html
    assert "Sanne" not in html


def test_anonymised_page_keeps_running_text_when_the_surname_has_a_particle(world, login):
    world.jobseeker.last_name = "de Boer"
    world.jobseeker.save()
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.EMPLOYERS_ANONYMOUS,),
        coach=world.coach,
        about_me="Ik ben Sanne de Boer. Aan het eind van de dag ben ik blij. Groet, Sanne's moeder",
    )
    html = login(world.recruiter).get(url(portfolio)).content.decode()
    assert "Aan het eind van de dag ben ik blij." in html
    assert "de Boer" not in html
    assert "Sanne" not in html
