"""Fixtures for the end-to-end journeys: Debian's Chromium, the live server, phone and desktop pages.

Without /usr/bin/chromium the journeys are skipped, loudly (a line in the terminal
summary); with CI=true a missing Chromium fails them instead.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e import DESKTOP, watch

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
IN_CI = os.environ.get("CI", "").lower() == "true"
MISSING = (
    f"END-TO-END TESTS NOT RUN: Debian's Chromium is missing ({CHROMIUM}). "
    "Install it with `apt-get install chromium` (or run `make test` as root)."
)
TIMEOUT_MS = 10_000

_e2e_collected = pytest.StashKey[int]()


def pytest_collection_modifyitems(config, items):
    config.stash[_e2e_collected] = sum(1 for item in items if item.get_closest_marker("e2e"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not CHROMIUM.exists() and config.stash.get(_e2e_collected, 0):
        outcome = "FAILED (CI=true)" if IN_CI else "SKIPPED"
        terminalreporter.write_sep("!", f"{outcome}: {MISSING}", red=True, bold=True)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Chromium, for the tests of this package only.

    Playwright's sync API keeps an asyncio loop "running" in the main thread while
    it is started. So that the rest of the test session never sees that loop,
    the browser lives only as long as this package's tests, and so does the
    DJANGO_ALLOW_ASYNC_UNSAFE switch they need to use the ORM meanwhile (set for
    the whole session, it would leak into subprocesses such as `check --deploy`).
    """
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{MISSING} CI=true, so this fails instead of skipping.", pytrace=False)
        pytest.skip(MISSING)
    from django.db import connections

    # With the loop running, asgiref would also hand this thread new database
    # connections: without the data serialized for serialized_rollback and, on
    # SQLite, not the in-memory connection the live server shares. Keep Django's own.
    originals = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in originals.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server, settings) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies): desktop unless told otherwise."""
    # Links in e-mails are built from this base URL; point them at the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    contexts: list[BrowserContext] = []

    def _new_page(*, viewport: dict = DESKTOP, locale: str = "nl-NL", phone: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale=locale,
            is_mobile=phone,
            has_touch=phone,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return watch(context.new_page())

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture
def e2e_site(site_pages):
    """The site's home and content pages, for journeys that start on them."""
    return site_pages
