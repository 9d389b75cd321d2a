"""Every page of every role's journey works from 320 px to desktop (issue 14).

On the realistic demo network (`demo_data --size small`), each demo login follows the links it
sees from where it starts; every page found (one per URL shape) is opened at 320, 360 and 1280 px
and must not scroll sideways, must not split a word inside a heading, label, badge or table cell,
and must pass axe-core down to findings of "moderate" impact (at 360 and 1280 px). Pages that
look the same for every role (content pages, account settings) are checked once. `make screenshots` runs this with
SCREENSHOTS=var/screenshots and keeps a PNG of every page at every width for review.
"""

import pytest
from django.core.management import call_command

from demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.e2e import log_in
from tests.e2e.layout import WIDTHS, check_page, journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAILS = {account.key: account.email for account in DEMO_ACCOUNTS}
# Where each person starts; the rest of the journey is found by following links.
JOURNEYS = {
    "anonymous": [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/werkgever/aanmelden/",
    ],
    "jobseeker": ["/mijn/", "/mijn/portfolio/", "/mijn/voorstellen/", "/mijn/voortgang/"],
    "coach": ["/mijn/"],
    "training_staff": ["/mijn/"],
    "recruiter": ["/mijn/"],
    "organisation_admin": ["/mijn/"],
    "jobseeker2": ["/mijn/", "/mijn/portfolio/"],
    "coach2": ["/mijn/"],
}


@pytest.fixture
def demo_network(e2e_site):
    call_command("load_starter_taxonomy", "--quiet")
    call_command("demo_data", size="small", verbosity=0)
    call_command("search_rebuild", "--quiet")


def test_every_page_of_every_journey_fits_320_360_and_1280_px(demo_network, new_page):
    problems: list[str] = []
    visited = 0
    shared: set[str] = set()
    for who, starts in JOURNEYS.items():
        page = new_page()
        if who != "anonymous":
            log_in(page, EMAILS[who], DEMO_PASSWORD)
        paths = journey(page, starts, shared=shared)
        assert len(paths) >= 1, f"{who}: only {paths} reached"
        for path in paths:
            problems += check_page(page, path, who=who, widths=WIDTHS)
        visited += len(paths)
    assert visited > 80, f"only {visited} pages visited"
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
