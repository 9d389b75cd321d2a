"""Every page of every role's journey works from 320 px to desktop (issue 14).

On the realistic demo network (`demo_data --size small`), each demo login follows the links it
sees from where it starts; every page found (one per URL shape) is checked at 1280, 360 and 320 px
and must not scroll sideways, must not split a word inside a heading, label, badge or table cell,
and must pass axe-core down to findings of "moderate" impact (at 360 and 1280 px). Pages that
look the same for every role (content pages, account settings) are checked once. `make screenshots` runs this with
SCREENSHOTS=var/screenshots and keeps a PNG of every page at every width for review, and the
list of pages per role in `pages.txt`.

Each role logs in once and keeps one browser window; each page is loaded once and checked at
every width by resizing the window, so the whole round stays within minutes on a busy machine.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.e2e import log_in, nl
from tests.e2e.layout import WIDTHS, check_here, journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAILS = {account.key: account.email for account in DEMO_ACCOUNTS}
# A page on a busy machine (2 cores, other work) may take seconds; a stuck one still fails.
PAGE_TIMEOUT_MS = 45_000


@pytest.fixture
def demo_network(e2e_site):
    call_command("load_starter_taxonomy", "--quiet")
    call_command("demo_data", size="small", verbosity=0)
    call_command("search_rebuild", "--quiet")


# Pages a journey reaches only by pressing a button: (a page of the journey, the button's text).
AFTER_A_BUTTON = {
    "sroi_supplier": [(r"/sociaal-rendement/verplichtingen/\d+/", "Make the PDF")],
}


def journeys() -> dict[str, list[str]]:
    """Where each person starts; the rest of the journey is found by following links. A page
    reached only through a search with criteria (a query string) starts a journey of its own."""
    from demo.events import UPCOMING
    from events.models import Event
    from portal.taxonomy.models import Concept
    from portfolios.models import PortfolioSkill

    skill = (
        Concept.objects.filter(pk__in=PortfolioSkill.objects.values("concept"))
        .order_by("pk")
        .first()
    )
    searched = [reverse("search_free") + f"?vaardigheid={skill.pk}"] if skill else []
    # The coming event first: its organiser reaches the day's check-in and the cancel page.
    coming = [
        reverse("event_detail", args=[pk])
        for pk in Event.objects.filter(title=UPCOMING).values_list("pk", flat=True)[:1]
    ]
    return {
        "anonymous": [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/werkgever/aanmelden/",
        ],
        "jobseeker": ["/mijn/", "/mijn/portfolio/", "/mijn/voorstellen/", "/mijn/voortgang/"],
        "coach": [*coming, "/mijn/", *searched],
        "training_staff": ["/mijn/"],
        "recruiter": ["/mijn/", *searched],
        "organisation_admin": ["/mijn/"],
        "jobseeker2": ["/mijn/", "/mijn/portfolio/"],
        "coach2": ["/mijn/", *searched],
        # Social return in the Den Bosch network: the contracting authority, a supplier, a coach.
        "sroi_authority": ["/mijn/"],
        "sroi_supplier": ["/mijn/"],
        "sroi_coach": ["/mijn/"],
    }


def test_every_page_of_every_journey_fits_320_360_and_1280_px(demo_network, new_page):
    from demo.socialreturn import LOGINS as SROI_LOGINS

    emails = EMAILS | {f"sroi_{key}": email for key, email in SROI_LOGINS.items()}
    listing = os.environ.get("LAYOUT_LIST") == "1"  # only list the pages: no checks, no images
    problems: list[str] = []
    visited: dict[str, list[str]] = {}
    shared: set[str] = set()
    for who, starts in journeys().items():
        page = new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        if who != "anonymous":
            log_in(page, emails[who], DEMO_PASSWORD)

        def check(path: str, who=who, page=page) -> None:
            if not listing:
                problems.extend(check_here(page, path, who=who, widths=WIDTHS))

        visited[who] = journey(page, starts, shared=shared, on_page=check)
        for path, button in AFTER_A_BUTTON.get(who, ()):
            # Pages that only a form leads to: press its button, check where it lands.
            start = next((p for p in visited[who] if re.fullmatch(path, p)), None)
            assert start, f"{who}: no page like {path} in the journey"
            page.goto(start, wait_until="load")
            with page.expect_navigation(wait_until="load"):
                page.get_by_role("button", name=nl(button)).click()
            landed = urlparse(page.url).path
            visited[who].append(landed)
            check(landed)
        assert visited[who], f"{who}: no page reached from {starts}"
        page.context.close()
    summary = "\n".join(f"{who}: {' '.join(paths)}" for who, paths in visited.items())
    print(summary)
    if os.environ.get("SCREENSHOTS"):
        Path(os.environ["SCREENSHOTS"], "pages.txt").write_text(summary + "\n")
    total = sum(map(len, visited.values()))
    assert total > 120, f"only {total} pages visited:\n{summary}"
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
