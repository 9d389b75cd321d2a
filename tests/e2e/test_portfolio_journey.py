"""A new jobseeker accepts an invite and builds a portfolio on a phone, with the keyboard only.

Every page on the way is checked by `arrived`: no CSP violation or JavaScript
error, and no serious or critical axe-core finding. (The PDF CV download belongs
to the documents journey.)
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from portal.accounts.factories import invite_with_link
from portal.organisations.models import Role
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.services import taxonomy_import
from portfolios.models import PortfolioPage
from portfolios.permissions import portfolio_permission_policy as policy
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, nl, tab_to, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ESCO_SMALL = Path(__file__).resolve().parents[2] / "portal/taxonomy/tests/fixtures/esco_small"
EMAIL = "fatima.elamrani@example.nl"
PASSWORD = "Groenvoorziening-Winschoten-7"


def type_into(page: Page, selector: str, text: str, *, limit: int = 40) -> None:
    tab_to(page, selector, limit=limit)
    page.keyboard.type(text)


def press_enter_on(page: Page, selector: str, *, limit: int = 40) -> Page:
    """Tab to a link or button, press Enter, and check the page it leads to."""
    tab_to(page, selector, limit=limit)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived(page)
    assert has_no_horizontal_scroll(page), f"{page.url} scrolls sideways: {too_wide(page)}"
    return page


def too_wide(page: Page) -> list[str]:
    """The first elements that stick out on the right, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5).map((e) => `${e.tagName}.${e.className}`)"""
    )


def on_step(page: Page, path: str) -> None:
    assert urlparse(page.url).path == path, page.url
    expect(page.locator(".editor-progress [aria-current=step]")).to_have_attribute("href", path)


def test_new_jobseeker_builds_and_publishes_a_portfolio_on_a_phone_by_keyboard(
    world, e2e_site, new_page
):
    cache.clear()
    reset_index()
    taxonomy_import(directory=ESCO_SMALL)
    _invitation, token = invite_with_link(
        organisation=world.training_centre,
        email=EMAIL,
        role=Role.JOBSEEKER,
        invited_by=world.coach,
        first_name="Fatima",
    )
    phone = new_page(viewport=PHONE, phone=True)

    # The invitation: make an account.
    visit(phone, f"/uitnodiging/{token}/")
    tab_to(phone, "input[name=first_name]")
    phone.keyboard.press("Control+A")
    phone.keyboard.type("Fatima")
    type_into(phone, "input[name=last_name]", "El Amrani")
    type_into(phone, "input[name=password1]", PASSWORD)
    type_into(phone, "input[name=password2]", PASSWORD)
    press_enter_on(phone, "main button[type=submit]")
    assert urlparse(phone.url).path == "/mijn/"

    # The dashboard card leads to the editor, which starts at step 1.
    press_enter_on(phone, "[data-card=portfolio] a")
    on_step(phone, "/mijn/portfolio/over-mij/")

    # 1. About me.
    type_into(phone, "#id_headline", "Ik werk graag met mijn handen.")
    type_into(phone, "#id_about_me", "Ik woon in Winschoten en fiets overal heen.")
    press_enter_on(phone, "main .editor-form button[type=submit]")
    on_step(phone, "/mijn/portfolio/goed-in/")

    # 2. What I'm good at: suggestions appear while typing (editor.js), even with a typo.
    type_into(phone, "input[name=q]", "heftruk")
    expect(phone.locator("[data-picker-status]")).not_to_be_empty()
    expect(phone.locator("[data-picker-results] a").first).to_be_visible()
    press_enter_on(phone, "[data-picker-results] a")
    tab_to(phone, "input[name=level]")
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    expect(phone.locator("input[name=level][value='3']")).to_be_checked()
    type_into(phone, "input[name=note]", "Twee jaar in het magazijn van de Jumbo.")
    press_enter_on(phone, "button[value=set]")
    expect(phone.locator("#my-skills-heading + .editor-list")).to_contain_text(
        nl("I can do it on my own")
    )
    press_enter_on(phone, ".editor-step-nav a[href='/mijn/portfolio/gedaan/']", limit=60)
    on_step(phone, "/mijn/portfolio/gedaan/")

    # 3. What I've done.
    press_enter_on(phone, "a[href='/mijn/portfolio/gedaan/nieuw/experience/']")
    tab_to(phone, "input[name=kind]")
    phone.keyboard.press("Space")
    type_into(phone, "input[name=title]", "Orderpicker")
    type_into(phone, "input[name=place]", "Jumbo distributiecentrum")
    press_enter_on(phone, "main .editor-form button[type=submit]")
    expect(phone.locator("#entries-heading + .editor-list")).to_contain_text("Orderpicker")
    press_enter_on(phone, ".editor-step-nav a[href='/mijn/portfolio/wat-ik-wil/']", limit=60)
    on_step(phone, "/mijn/portfolio/wat-ik-wil/")

    # 4. What I want: the work from the taxonomy (the search button works too), then hours.
    type_into(phone, "input[name=q]", "orderpicker")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    arrived(phone)
    press_enter_on(phone, "[data-picker-results] button[value=add_occupation]")
    tab_to(phone, "input[name=work_types][value=paid_job]", limit=80)
    phone.keyboard.press("Space")
    type_into(phone, "#id_hours_min", "16")
    type_into(phone, "#id_hours_max", "24")
    type_into(phone, "#id_postcode", "9671 AB", limit=60)
    type_into(phone, "#id_max_travel_km", "15")
    press_enter_on(phone, "button[value=save]", limit=80)
    on_step(phone, "/mijn/portfolio/wie-mag-kijken/")

    # 5. Who may see it: my coach's organisation.
    tab_to(phone, "input[name=coach_organisation]")
    phone.keyboard.press("Space")
    press_enter_on(phone, "main .editor-form button[type=submit]")
    on_step(phone, "/mijn/portfolio/klaar/")
    expect(phone.locator(".editor-progress")).not_to_contain_text(nl("still empty"))

    # Look as a coach would, then publish.
    press_enter_on(phone, "a[href='/mijn/portfolio/bekijken/coach/']")
    expect(phone.locator(".preview-frame")).to_contain_text("Fatima El Amrani")
    expect(phone.locator(".preview-frame")).to_contain_text("Orderpicker")
    press_enter_on(phone, "main a[href='/mijn/portfolio/klaar/'].utrecht-button-link", limit=60)
    press_enter_on(phone, "button[value=publish]")
    expect(phone.locator(".messages")).to_be_visible()

    portfolio = PortfolioPage.objects.get(jobseeker__email=EMAIL)
    assert portfolio.live
    assert policy.can_view(world.coach, portfolio)
    assert not policy.can_view(world.other_coach, portfolio)
    assert not policy.can_view(world.recruiter, portfolio)

    # Download the CV: made in the background, then offered on the status page.
    visit(phone, f"/portfolio/{portfolio.public_id}/cv/")
    tab_to(phone, "main form button[type=submit]", limit=60)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    arrived(phone)
    download_link = phone.locator("a[href$='/download/']")
    expect(download_link).to_be_visible()
    with phone.expect_download() as download_info:
        download_link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
