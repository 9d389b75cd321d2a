"""How long `manage.py demo_data --size 10k` takes on an empty database (small network included)."""

import time

from django.core.management import call_command


def run(report: dict) -> None:
    """Time a 10k demo load into the benchmark's fresh database: report["demo_data_10k_seconds"]."""
    started = time.perf_counter()
    call_command("demo_data", size="10k", verbosity=0)
    report["demo_data_10k_seconds"] = round(time.perf_counter() - started, 2)
