"""End-to-end journeys in Debian's Chromium, with axe-core and the CSP checked on every page.

The helpers live here so the journeys can import them; the fixtures (browser,
pages, live server) live in conftest.py.
"""

from __future__ import annotations

import re

from django.utils import translation
from playwright.sync_api import Page, Response

SERIOUS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def nl(text: str) -> str:
    """A user-interface text as a Dutch user sees it (from the project's translations)."""
    with translation.override("nl"):
        return translation.gettext(text)


def nl_label(text: str) -> re.Pattern:
    """A field label as a Dutch user sees it, matched whole (with Django's trailing colon), so
    "E-mailadres" does not also find "E-mailadres van de contactpersoon"."""
    return re.compile(rf"^\s*{re.escape(nl(text))}:?\s*$")


_problems: dict[Page, list[str]] = {}


def watch(page: Page) -> Page:
    """Record CSP violations, JavaScript errors and sub-resources that fail to load."""
    problems = _problems.setdefault(page, [])

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    def on_response(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    def on_request_failed(request) -> None:
        # A request the browser itself cancels because the page navigated on (a favicon
        # still loading when the form is submitted) is not a fault of the page.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    page.on("close", lambda _page: _problems.pop(page, None))
    return page


def wait_for_animations(page: Page) -> None:
    """Jump fade-ins to their end, so axe-core measures colour contrast on the final colours."""
    page.evaluate(
        """() => document.getAnimations().forEach((animation) => {
            try { animation.finish(); } catch (endless) { /* an endless spinner: leave it */ }
        })"""
    )


def assert_accessible(page: Page) -> None:
    """Fail on every axe-core violation with impact "serious" or "critical"."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    if violations:
        lines = [f"axe-core found {len(violations)} serious/critical violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}")
                checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
                lines.extend(f"      {check['message']}" for check in checks[:1])
        raise AssertionError("\n".join(lines))


def assert_no_page_problems(page: Page) -> None:
    """No Content-Security-Policy violation (e.g. an inline script) and no JavaScript error."""
    problems = _problems.get(page, [])  # filled by the listeners of `watch`
    found, problems[:] = list(problems), []
    assert not found, f"problems in the browser on {page.url}:\n" + "\n".join(found)


def arrived(page: Page) -> Page:
    """After a navigation (a link, a submitted form): wait for the page, then check it."""
    page.wait_for_load_state("load")
    wait_for_animations(page)
    assert_no_page_problems(page)
    assert_accessible(page)
    return page


def visit(page: Page, url: str, *, status: int = 200) -> Response:
    """Open `url`, check the status, the CSP and axe-core; return the response."""
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"GET {url}: {response.status}, expected {status}"
    arrived(page)
    return response


def has_no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def focused(page: Page, expression: str = "") -> str:
    """A property of the focused element (e.g. "id", "name"), or its outer tag for a message."""
    if expression:
        return page.evaluate(f"document.activeElement && document.activeElement.{expression}")
    return page.evaluate("document.activeElement ? document.activeElement.outerHTML : ''")


def tab_to(page: Page, selector: str, *, limit: int = 40) -> int:
    """Press Tab until the element matching `selector` has focus; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} × Tab on {page.url}")


def log_in(page: Page, email: str, password: str) -> Page:
    """Log in through the real login form (allauth: fields `login` and `password`)."""
    visit(page, "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    return arrived(page)
