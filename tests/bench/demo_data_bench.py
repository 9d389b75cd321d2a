"""How long `manage.py demo_data --size 10k` takes on an empty database (small network included)."""

import io
import time

from django.core.management import call_command


def run(report: dict) -> None:
    """Time a 10k demo load into the benchmark's fresh database: report["demo_data_10k_seconds"].

    The starter taxonomy goes in first, untimed, as `make run` does: without it the demo
    portfolios get no skills, and the benches after this one (cohorts, search) would
    measure data nobody has.
    """
    call_command("load_starter_taxonomy", quiet=True, stdout=io.StringIO())
    started = time.perf_counter()
    call_command("demo_data", size="10k", verbosity=0)
    report["demo_data_10k_seconds"] = round(time.perf_counter() - started, 2)
