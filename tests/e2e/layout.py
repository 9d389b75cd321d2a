"""Every page of a role's journey, at phone and desktop widths: no sideways scrolling, no word
split inside, axe-core clean down to "moderate", and (with SCREENSHOTS=dir) a PNG per width.

The journey is found by following the links a person sees, from where they start, so a new
page is checked without being listed here. One page per URL shape (ids replaced by N) is enough.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from playwright.sync_api import Page

from tests.e2e import DESKTOP, assert_no_page_problems, wait_for_animations

WIDTHS = (320, 360, 1280)
# axe-core at 320 px finds what it finds at 360 px (colours, names and roles do not change), so it
# runs at 360 and 1280 px; overflow and split words are checked at every width.
AXE_WIDTHS = (360, 1280)
# Pages that look the same whatever the role (content pages, account settings): checked once.
SHARED = re.compile(
    r"^/($|over-talentbrug/|privacy/|toegankelijkheid/|accounts/|mijn/gegevens/|"
    r"mijn/account-verwijderen/|mijn/meldingen/|mijn/inzage/)"
)
MODERATE_OR_WORSE = {"moderate", "serious", "critical"}

# Not pages: files, downloads, the admin, switches that answer with a redirect, other sites.
NOT_A_PAGE = re.compile(
    r"^/(cms|django-admin|api|static|media|health|taal|documents|_util)/"
    r"|/download/|^/bewijs/|^/accounts/logout/|^/taxonomie/"
)


def shape(path: str) -> str:
    """One page per URL shape: ids, uuids and slugs of people and things become placeholders."""
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27,}", "U", path)
    path = re.sub(r"/\d+(?=/)", "/N", path)
    return path


def journey(
    page: Page,
    starts: list[str],
    *,
    limit: int = 150,
    shared: set[str] | None = None,
    on_page: Callable[[str], None] | None = None,
) -> list[str]:
    """The pages a person reaches by following links from `starts`, one per shape, in order.

    `shared` holds the shapes of role-independent pages already found in another journey.
    `on_page(path)` is called while the browser is still on each new page, so a check needs no
    second visit. A start may carry a query string (a search with criteria); links followed
    from pages never do."""
    origin = None
    seen_shapes: set[str] = set()
    shared = set() if shared is None else shared
    found: list[str] = []
    queue = deque(starts)
    while queue and len(found) < limit:
        path = queue.popleft()
        if shape(path) in seen_shapes or NOT_A_PAGE.search(path):
            continue
        seen_shapes.add(shape(path))
        response = page.goto(path, wait_until="load")
        landed = urlparse(page.url)
        if response is None or response.status != 200 or _full_path(landed) != path:
            continue  # a redirect (e.g. to the login page) is checked where it lands
        if SHARED.search(path):
            if shape(path) in shared:
                continue
            shared.add(shape(path))
        found.append(path)
        origin = origin or landed.netloc
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        if on_page is not None:
            on_page(path)
        for href in links:
            url = urlparse(urldefrag(href)[0])
            if url.netloc == origin and url.path and not url.query:
                queue.append(url.path)
    return found


def _full_path(url) -> str:
    return url.path + (f"?{url.query}" if url.query else "")


def overflow(page: Page) -> list[str]:
    """Sideways scrolling, and the elements that stick out of the screen (for the message)."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const culprits = [];
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const scroller = el.closest('.table-wrap, [role=region]');
                    if (scroller && scroller !== el) continue;  // inside a scroll region: fine
                    culprits.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '')
                        + ' right=' + Math.round(box.right));
                }
            }
            return ['scrollWidth ' + document.documentElement.scrollWidth + ' > ' + width, ...culprits.slice(0, 8)];
        }"""
    )


def broken_words(page: Page) -> list[str]:
    """Headings, labels, legends, buttons and table cells whose words do not fit: a word wider
    than its box is split inside by the browser (or sticks out). Long unbroken strings that are
    not words (e-mail addresses, web addresses, file names) may wrap anywhere."""
    return page.evaluate(
        """() => {
            const found = [];
            const selector = 'h1, h2, h3, h4, label, legend, th, td, button, .utrecht-button-link, dt, dd, .utrecht-status-badge, summary, .chip';
            for (const el of document.querySelectorAll(selector)) {
                if (!el.offsetParent) continue;
                const range = document.createRange();
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode())) {
                    const re = /[\\p{L}\\p{N}'’]+/gu;
                    let match;
                    while ((match = re.exec(node.data))) {
                        const word = match[0];
                        if (word.length < 4 || /[@\\/.]/.test(node.data.slice(Math.max(0, match.index - 1), match.index + word.length + 1))) continue;
                        // Split inside: its first and last letter sit on different lines.
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + 1);
                        const first = range.getBoundingClientRect();
                        range.setStart(node, match.index + word.length - 1);
                        range.setEnd(node, match.index + word.length);
                        const last = range.getBoundingClientRect();
                        if (last.top > first.bottom - 2) {
                            found.push(el.tagName.toLowerCase() + ': ' + word);
                        }
                    }
                }
            }
            return found.slice(0, 10);
        }"""
    )


def cut_off_captions(page: Page) -> list[str]:
    """Captions of tables that scroll sideways must stay readable on the screen: a caption as
    wide as the table runs past the screen's edge, and a phone user reads half a sentence."""
    return page.evaluate(
        """() => {
            const found = [];
            for (const caption of document.querySelectorAll('caption')) {
                if (!caption.offsetParent) continue;
                const box = caption.getBoundingClientRect();
                if (box.left < -1 || box.right > window.innerWidth + 1) {
                    found.push('caption: ' + caption.textContent.trim().slice(0, 60));
                }
            }
            return found;
        }"""
    )


@cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # reads axe-core's script once


def axe_findings(page: Page) -> list[str]:
    results = _axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") in MODERATE_OR_WORSE:
            targets = "; ".join(", ".join(map(str, n["target"])) for n in violation["nodes"][:4])
            lines.append(
                f"axe {violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
            )
    return lines


def settle(page: Page) -> None:
    """Let the browser lay the page out again (after a resize) and finish its fade-ins."""
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    wait_for_animations(page)


def check_here(page: Page, path: str, *, who: str, widths=WIDTHS, axe: bool = True) -> list[str]:
    """Check the page the browser shows now at each width, widest first, resizing the window
    instead of loading the page again; return what is wrong (empty when all is well)."""
    shots = os.environ.get("SCREENSHOTS")
    problems: list[str] = []
    assert_no_page_problems(page)
    for width in sorted(widths, reverse=True):
        page.set_viewport_size({"width": width, "height": 800 if width > 600 else 740})
        settle(page)
        where = f"{who} {path} at {width} px"
        problems += [f"{where}: overflow: {line}" for line in overflow(page)]
        problems += [f"{where}: word split: {line}" for line in broken_words(page)]
        problems += [f"{where}: cut off: {line}" for line in cut_off_captions(page)]
        if axe and width in AXE_WIDTHS:
            problems += [f"{where}: {line}" for line in axe_findings(page)]
        if shots:
            name = re.sub(r"[^a-z0-9]+", "-", f"{who}{shape(path)}".lower()).strip("-")
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(Path(shots) / f"{name}--{width}.png"),
                full_page=True,
                animations="disabled",
            )
    page.set_viewport_size(DESKTOP)
    assert_no_page_problems(page)
    return problems


def check_page(page: Page, path: str, *, who: str, widths=WIDTHS, axe: bool = True) -> list[str]:
    """Open `path` once and check it at each width; return what is wrong (empty when all is well)."""
    page.goto(path, wait_until="load")
    return check_here(page, path, who=who, widths=widths, axe=axe)
