"""Demo portfolios: every stage is there, with evidence, and a second run adds nothing."""

from django.core.management import call_command

from demo import DEMO_LOGINS
from demo.portfolios import load_demo_portfolios
from demo.small import load_small
from portfolios.models import Evidence, PortfolioPage
from portfolios.permissions import portfolio_permission_policy as policy


def test_demo_portfolios_at_every_stage_with_skills_from_the_starter_taxonomy(
    db,
    tmp_private_storage,
):
    call_command("load_starter_taxonomy", "--quiet")
    load_small()
    portfolios = PortfolioPage.objects.select_related("consent", "jobseeker")
    sanne = portfolios.get(jobseeker__email=DEMO_LOGINS["jobseeker"])
    assert sanne.live and sanne.skills.count() >= 5 and sanne.photo_evidence is not None
    assert sanne.consent.coach_organisation and sanne.consent.employers_may_see
    anouk = portfolios.get(jobseeker__email=DEMO_LOGINS["jobseeker2"])
    assert not anouk.live and anouk.get_latest_revision_as_object().skills.count() == 2
    assert portfolios.filter(live=False, latest_revision__isnull=False).count() >= 2
    assert portfolios.filter(
        live=True, consent__coach_organisation=False, consent__network=False
    ).exists()
    assert portfolios.filter(live=True, consent__employers_named=True).exists()
    assert Evidence.objects.filter(kind="photo").exists()
    assert Evidence.objects.filter(kind="certificate", content_type="application/pdf").exists()
    # The demo recruiter sees Sanne anonymised: jobseeker and coach both switched employers on.
    from portal.accounts.models import User

    recruiter = User.objects.get(email=DEMO_LOGINS["recruiter"])
    assert policy.can_view(recruiter, sanne) and not policy.sees_identity(recruiter, sanne)
    before = (PortfolioPage.objects.count(), Evidence.objects.count())
    assert load_demo_portfolios() == 0
    assert (PortfolioPage.objects.count(), Evidence.objects.count()) == before


def test_demo_portfolios_without_a_taxonomy_have_no_skills_but_load(db, tmp_private_storage):
    load_small()
    sanne = PortfolioPage.objects.get(jobseeker__email=DEMO_LOGINS["jobseeker"])
    assert sanne.live and sanne.skills.count() == 0
