"""Latency and query counts of the main pages, through Django's full request stack."""

from django.test import Client

from portal.pages.services import site_pages_ensure
from tests.bench.timing import measure


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
