"""Latency and query counts of the main pages, through Django's full request stack, and
what each page weighs on a phone (issue 14: ≤ 150 kB compressed, CSS and JS included)."""

import gzip
import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from portal.pages.services import site_pages_ensure
from tests.bench.timing import measure

# What a browser fetches besides the HTML: stylesheets, scripts, images and icons.
ASSET_RE = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon|preload)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"'
)
# What one page may weigh on a phone, compressed, HTML, CSS and JS together (issue 14).
PHONE_BUDGET_KB = 150
WEIGHED_PAGES = (
    ("home", "/", None),
    ("login", "/accounts/login/", None),
    ("signup", "/accounts/signup/", None),
    ("privacy", "/privacy/", None),
    ("jobseeker_dashboard", "dashboard", "jobseeker"),
    ("jobseeker_profile", "profile", "jobseeker"),
)


def run(report: dict) -> None:
    site_pages_ensure()
    client = Client(headers={"Accept-Language": "nl"})
    for name, path in (("home", "/"), ("login", "/accounts/login/")):

        def get(path: str = path) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        figures = measure(get, repeat=200)
        report[f"page_{name}_p50_ms"] = figures["p50_ms"]
        report[f"page_{name}_p95_ms"] = figures["p95_ms"]
        report[f"page_{name}_queries"] = figures["queries"]
    _weigh(report)


def _compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _asset_bytes(url: str) -> bytes:
    path = url.split("?", 1)[0].removeprefix("/static/")
    found = finders.find(path)
    assert found, f"{url} is linked but not found"
    with open(found, "rb") as file:
        return file.read()


def _weigh(report: dict) -> None:
    """Compressed bytes per page: the HTML plus every asset it links (a cold cache)."""
    from portal.accounts.factories import UserFactory

    jobseeker = UserFactory(first_name="Sanne")
    heaviest = heaviest_css_js = 0
    for name, path, who in WEIGHED_PAGES:
        client = Client(headers={"Accept-Language": "nl"})
        if who:
            client.force_login(jobseeker, backend="django.contrib.auth.backends.ModelBackend")
            path = reverse(path)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.content
        assets = {url for url in ASSET_RE.findall(html.decode()) if url.startswith("/static/")}
        css_js = sum(_compressed(_asset_bytes(url)) for url in assets)
        total = _compressed(html) + css_js
        report[f"page_weight_{name}_kb"] = round(total / 1024, 1)
        report[f"page_weight_{name}_css_js_kb"] = round(css_js / 1024, 1)
        heaviest = max(heaviest, total)
        heaviest_css_js = max(heaviest_css_js, css_js)
    report["page_weight_heaviest_kb"] = round(heaviest / 1024, 1)
    report["page_weight_css_js_heaviest_kb"] = round(heaviest_css_js / 1024, 1)
    report["page_weight_budget_kb"] = PHONE_BUDGET_KB
    report["page_weight_within_budget"] = heaviest / 1024 <= PHONE_BUDGET_KB
