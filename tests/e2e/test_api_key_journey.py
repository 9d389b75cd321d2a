"""An organisation admin makes an API key on screen, sees it once, and the key works
against the API (and only for what it may do)."""

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e import arrived, log_in, nl, nl_label, visit
from vacancies.factories import VacancyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_organisation_admin_makes_a_key_that_is_shown_once_and_then_works(world, page, live_server):
    vacancy = VacancyFactory(organisation=world.employer, open=True)
    log_in(page, world.organisation_admin.email, PASSWORD)

    visit(page, f"/organisaties/{world.training_centre.slug}/api-sleutels/nieuw/")
    page.get_by_label(nl_label("Name")).fill("Ons volgsysteem")
    page.get_by_label(nl_label("Acts as")).select_option("coach")
    page.get_by_label(nl("Read vacancies")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Make the key")).click()
    arrived(page)
    key = page.locator("#new-key").input_value()
    assert key.startswith("tb_")

    with page.expect_navigation():
        page.get_by_role("link", name=nl("Done, I copied it")).click()
    arrived(page)
    expect(page.locator("td[data-label]").first).to_contain_text("Ons volgsysteem")
    assert key not in page.content()
    page.reload()
    assert key not in page.content()

    headers = {"Authorization": f"Bearer {key}", "Accept-Language": "nl"}
    network = requests.get(
        f"{live_server.url}/api/v1/vacancies/network", headers=headers, timeout=10
    )
    assert network.status_code == 200
    assert [item["id"] for item in network.json()["items"]] == [vacancy.pk]
    proposals = requests.get(f"{live_server.url}/api/v1/proposals", headers=headers, timeout=10)
    assert proposals.status_code == 403
    assert proposals.headers["Content-Type"] == "application/problem+json"
