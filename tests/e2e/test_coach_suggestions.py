"""A coach leaves a skill suggestion on the portfolio page; the jobseeker accepts it on a phone
with the keyboard only. Every page on the way is checked by `arrived` (axe-core, CSP)."""

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.models import Concept
from portal.taxonomy.services import taxonomy_import
from portfolios.factories import make_portfolio
from portfolios.models import Audience, CoachSuggestion, PortfolioPage, SuggestionState
from portfolios.selectors import portfolio_draft_for_editor
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, tab_to, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ESCO_SMALL = Path(__file__).resolve().parents[2] / "portal/taxonomy/tests/fixtures/esco_small"
TIP = "Je reed twee jaar heftruck bij de Jumbo. Zet dat erbij!"


def test_coach_suggests_a_skill_and_the_jobseeker_accepts_it_on_a_phone(world, new_page):
    cache.clear()
    reset_index()
    taxonomy_import(directory=ESCO_SMALL)
    forklift = Concept.objects.get(uri__endswith="/skill/heftruck")
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.COACH_ORGANISATION,))

    # The coach finds the skill with the picker (suggestions while typing), picks a level.
    coach = new_page()
    log_in(coach, world.coach.email, PASSWORD)
    visit(coach, f"/portfolio/{portfolio.public_id}/")
    coach.locator("#suggest-heading ~ .picker input[name=q]").fill("heftruk")
    with coach.expect_navigation():
        coach.locator(f"[data-picker-results] a[href^='?kies={forklift.pk}']").first.click()
    arrived(coach)
    coach.locator("input[name=skill_level][value='3']").check()
    coach.locator("textarea[name=text]").fill(TIP)
    with coach.expect_navigation():
        coach.locator(".coach-suggest form[method=post] button[type=submit]").click()
    arrived(coach)
    expect(coach.locator("#my-suggestions-heading + .editor-list")).to_contain_text(TIP)

    # The jobseeker sees it on the step, at 360 px, and accepts it with the keyboard.
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.jobseeker.email, PASSWORD)
    visit(phone, "/mijn/portfolio/goed-in/")
    expect(
        phone.locator(".editor-progress [aria-current=step] .editor-progress__tips")
    ).to_be_visible()
    expect(phone.locator(".coach-tips")).to_contain_text(TIP)
    assert has_no_horizontal_scroll(phone), "the coach's tip scrolls sideways at 360 px"
    tab_to(phone, ".coach-tip button[value=accept]", limit=60)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    arrived(phone)
    expect(phone.locator(".coach-tips")).to_have_count(0)
    expect(phone.locator("#my-skills-heading + .editor-list")).to_contain_text(forklift.label("nl"))

    # In the draft, not in the published version.
    assert CoachSuggestion.objects.get().state == SuggestionState.ACCEPTED
    draft = portfolio_draft_for_editor(portfolio=PortfolioPage.objects.get(pk=portfolio.pk))
    assert forklift.pk in {skill.concept_id for skill in draft.skills.all()}
    published = PortfolioPage.objects.get(pk=portfolio.pk)
    assert forklift.pk not in {skill.concept_id for skill in published.skills.all()}
