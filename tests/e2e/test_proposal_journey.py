"""A proposal from start to placement, across four roles: the coach proposes a candidate from
the search results, the jobseeker says yes on a phone with the keyboard, the employer invites
them and records the placement, and the coach records the target group. Every page on the
way is checked by `arrived` (axe-core, CSP)."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from intermediaries.models import ContractType, Placement, Proposal, ProposalState, TargetGroup
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import Audience
from search.indexing import rebuild
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, tab_to, visit
from vacancies.factories import VacancyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MOTIVATION = "Reed twee jaar heftruck bij de Jumbo en wil graag 32 uur werken."


def _seed(world):
    """Sanne shares her portfolio with her coach's organisation and, with her name, with
    employers (her coach approved that): so the employer may see it, but only after her yes."""
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3},
        audiences=(Audience.COACH_ORGANISATION, Audience.EMPLOYERS_NAMED),
        coach=world.coach,
        postcode="9671",
        hours_min=24,
        hours_max=32,
        work_types=["paid_job"],
    )
    vacancy = VacancyFactory(
        organisation=world.employer,
        open=True,
        title="Heftruckchauffeur",
        postcode="9671",
        skills=[(skill_concept("heftruck rijden"), True, 3)],
    )
    rebuild()
    return vacancy


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()
    arrived(page)


def test_a_proposal_goes_from_the_coach_to_the_jobseeker_to_the_employer_and_back(world, new_page):
    vacancy = _seed(world)

    # 1. The coach finds Sanne for the vacancy and proposes her, with a motivation.
    coach = new_page()
    log_in(coach, world.coach.email, PASSWORD)
    visit(coach, reverse("search_vacancy_candidates", args=[vacancy.pk]))
    expect(coach.locator(".result")).to_have_count(1)
    expect(coach.locator(".result__title")).to_have_text("Sanne")
    _submit(coach, coach.locator(".result a.utrecht-button-link[href*='/voorstellen/']"))
    coach.locator("textarea[name=motivation]").fill(MOTIVATION)
    _submit(coach, coach.get_by_role("button", name=nl("Make the proposal")))
    proposals_url = reverse("organisation_proposals", args=[world.training_centre.slug])
    assert urlparse(coach.url).path == proposals_url
    proposal = Proposal.objects.get()
    assert proposal.state == ProposalState.PROPOSED
    assert proposal.motivation == MOTIVATION

    # 2. Before her yes, the employer sees why she fits, but not who she is.
    employer = new_page()
    log_in(employer, world.recruiter.email, PASSWORD)
    visit(employer, reverse("vacancy_manage", args=[vacancy.pk]))
    inbox_url = reverse("vacancy_proposals", args=[world.employer.slug, vacancy.pk])
    _submit(employer, employer.locator(f"main a[href='{inbox_url}']"))
    row = employer.locator(f"#voorstel-{proposal.pk}")
    expect(row.locator("h2")).to_contain_text(nl("Candidate %(number)s") % {"number": proposal.pk})
    expect(row).not_to_contain_text("Sanne")
    expect(row.locator(".proposal__motivation")).to_have_text(MOTIVATION)
    expect(row.locator("a[href^='/portfolio/']")).to_have_count(0)
    expect(row.locator("form")).to_have_count(0)

    # 3. Sanne reads it on her phone and says yes, with the keyboard only.
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.jobseeker.email, PASSWORD)
    visit(phone, reverse("my_proposals"))
    mine = phone.locator(f"#voorstel-{proposal.pk}")
    expect(mine.locator("h2")).to_have_text("Heftruckchauffeur")
    expect(mine.locator(".proposal__motivation")).to_have_text(MOTIVATION)
    assert has_no_horizontal_scroll(phone), "the proposals scroll sideways at 360 px"
    agree = reverse("my_proposal_agree", args=[proposal.pk])
    tab_to(phone, f"form[action='{agree}'] button[type=submit]", limit=60)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    arrived(phone)
    expect(mine.locator(".proposal__state")).to_contain_text(
        nl("You said yes. The employer will look at it.")
    )
    expect(mine.locator("form")).to_have_count(0)
    assert has_no_horizontal_scroll(phone), "the answered proposal scrolls sideways at 360 px"

    # 4. Now the employer sees her name and portfolio, invites her and records the placement.
    visit(employer, inbox_url)
    expect(row.locator("h2")).to_have_text("Sanne")
    expect(row.locator("a[href^='/portfolio/']")).to_have_count(1)
    interview = timezone.localdate() + timedelta(days=7)
    invite = row.locator("form[action$='/uitnodigen/']")
    invite.locator("input[type=date]").fill(interview.isoformat())
    invite.locator("input[type=time]").fill("10:30")
    invite.locator("input[name$=place]").fill("Industrieweg 4, Winschoten")
    _submit(employer, invite.get_by_role("button"))
    expect(row.locator(".proposal__state")).to_contain_text("Industrieweg 4, Winschoten")

    start = interview + timedelta(days=14)
    placed = row.locator("form[action$='/aangenomen/']")
    placed.locator("input[type=date]").fill(start.isoformat())
    placed.locator("select").select_option(ContractType.choices[0][0])
    placed.locator("input[name$=hours_per_week]").fill("32")
    _submit(employer, placed.get_by_role("button"))
    expect(row.locator(".facts")).to_contain_text("32")
    placement = Placement.objects.get(proposal=proposal)
    assert (placement.start_date, placement.hours_per_week) == (start, 32)
    assert placement.contract_type == ContractType.choices[0][0]
    assert not placement.target_group
    visit(phone, reverse("my_proposals"))
    expect(mine.locator(".proposal__state")).to_have_text(nl("You got the job. Congratulations!"))

    # 5. The coach records the target group on the organisation's list of proposals.
    visit(coach, proposals_url)
    card = coach.locator(f"[data-proposal='{proposal.pk}']")
    expect(card.locator(".badge")).to_have_text(nl(ProposalState.PLACED.label))
    card.locator("select[name=target_group]").select_option(TargetGroup.WAJONG)
    _submit(coach, card.locator("form[action$='/doelgroep/'] button"))
    placement.refresh_from_db()
    assert placement.target_group == TargetGroup.WAJONG
    expect(card.locator(".facts")).to_contain_text(nl(TargetGroup.WAJONG.label))
