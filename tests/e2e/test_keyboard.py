"""Someone who uses only a keyboard can skip the menu and log in."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e import arrived, focused, tab_to, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_keyboard_user_can_skip_to_content_and_log_in(world, e2e_site, page):
    visit(page, "/")

    # The first Tab lands on the skip link, which is then visible.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    # Enter moves the focus to the main content, past the menu.
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # From there, the next Tab reaches the first link in the content, not the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        focused(page)
    )

    # To the login page and through its form with the keyboard only.
    tab_to(page, "main a[href='/accounts/login/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived(page)
    assert urlparse(page.url).path == "/accounts/login/"
    tab_to(page, "input[name=login]")
    page.keyboard.type(world.jobseeker.email)
    # Past the "forgot your password?" link in the field's help text.
    tab_to(page, "input[name=password]", limit=3)
    page.keyboard.type(PASSWORD)
    tab_to(page, "main button[type=submit]", limit=5)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived(page)
    assert urlparse(page.url).path == "/mijn/"
    expect(page.locator("h1")).to_contain_text(world.jobseeker.first_name)
