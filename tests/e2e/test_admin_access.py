"""Wagtail's admin (/cms/) is for network admins; members are sent away."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e import arrived, log_in, nl, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_network_admin_reaches_wagtail_admin_and_member_does_not(world, e2e_site, new_page):
    admin = new_page()
    log_in(admin, world.network_admin.email, PASSWORD)
    assert urlparse(admin.url).path == "/cms/"  # where the admin's work is, as README says
    visit(admin, "/mijn/")
    with admin.expect_navigation():
        admin.locator(".site-nav").get_by_role("link", name=nl("Network admin")).click()
    arrived(admin)
    assert urlparse(admin.url).path == "/cms/"
    expect(admin.locator("#wagtail-sidebar")).to_be_attached()
    # Not /cms/pages/ here: its date filters use Wagtail's inline <script> (upstream
    # wagtail/wagtail#12940), which our CSP blocks; the matrix checks it answers 200.

    coach = new_page()
    log_in(coach, world.coach.email, PASSWORD)
    expect(coach.locator(".site-nav").get_by_role("link", name=nl("Network admin"))).to_have_count(
        0
    )
    for url in ("/cms/", "/cms/pages/"):
        visit(coach, url)  # redirected to the admin's login page, which must be accessible too
        assert urlparse(coach.url).path == "/cms/login/", coach.url
        expect(coach.locator("#wagtail-sidebar")).to_have_count(0)
