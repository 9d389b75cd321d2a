"""The public site pages: Dutch first, English one click away, accessible on a phone and a desk."""

import pytest
from playwright.sync_api import expect

from tests.e2e import DESKTOP, PHONE, arrived, has_no_horizontal_scroll, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SITE_PAGES = ["/", "/over-talentbrug/", "/privacy/", "/toegankelijkheid/"]


def test_language_switch_shows_english_and_back(e2e_site, page):
    html = page.locator("html")
    header = page.locator(".site-header")
    visit(page, "/")
    expect(html).to_have_attribute("lang", "nl")
    expect(header.get_by_role("link", name="Inloggen")).to_be_visible()
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_attached()

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    arrived(page)
    assert page.url.rstrip("/") == page.url.split("/", 3)[0] + "//" + page.url.split("/")[2]
    expect(html).to_have_attribute("lang", "en")
    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.get_by_role("link", name="Make your portfolio")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("Talentbrug: show what you can do")

    # The choice sticks while browsing, and the way back is labelled in Dutch.
    visit(page, "/privacy/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Privacy statement")
    back = page.get_by_role("button", name="Nederlands")
    expect(back).to_have_attribute("lang", "nl")
    with page.expect_navigation():
        back.click()
    arrived(page)
    assert page.url.endswith("/privacy/")
    expect(html).to_have_attribute("lang", "nl")
    expect(page.locator("main h1")).to_have_text("Privacyverklaring")
    expect(header.get_by_role("link", name="Inloggen")).to_be_visible()


def test_site_pages_pass_axe_on_phone_and_desktop(e2e_site, new_page):
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport, phone=viewport is PHONE)
        for url in SITE_PAGES:
            visit(page, url)  # axe-core and the CSP are checked on every visit
            expect(page.locator("main h1")).to_have_count(1)
            width = viewport["width"]
            assert has_no_horizontal_scroll(page), f"{url} scrolls sideways at {width} px"
