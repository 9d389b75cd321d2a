"""`make bench`: measure, print one JSON object of figures on stdout.

Runs against a throw-away test database (PostgreSQL when DATABASE_URL points at
one, else SQLite) so it never touches real data. Progress goes to stderr.
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from tests.bench import (
        api_bench,
        demo_data_bench,
        events_bench,
        geo_bench,
        pages_bench,
        portfolio_bench,
        quality_bench,
        search_bench,
        search_es_bench,
        socialreturn_bench,
        taxonomy_bench,
        trajectory_bench,
    )
    from tests.bench.timing import machine_reference

    def search(report: dict) -> None:
        search_bench.run(report, also=[search_es_bench.at_size])
        if connection.vendor == "postgresql" and not only_search_sqlite:
            report.update(_search_on_sqlite())

    # BENCH_ONLY=search runs only the search figures (a comma list picks several, e.g.
    # "demo_data,trajectory" for the cohort page); "search-sqlite" is the child process.
    only = os.environ.get("BENCH_ONLY", "")
    only_search_sqlite = only == "search-sqlite"
    benches = [
        ("pages", pages_bench),
        ("taxonomy", taxonomy_bench),
        ("quality", quality_bench),
        ("geo", geo_bench),
        ("demo_data", demo_data_bench),
        ("portfolio", portfolio_bench),
        ("trajectory", trajectory_bench),
        ("socialreturn", socialreturn_bench),
        ("search", search),
        ("events", events_bench),
        ("api", api_bench),
    ]
    if only_search_sqlite:
        benches = [("search", search_bench.run)]
    elif only:
        wanted = set(only.split(","))
        benches = [(name, bench) for name, bench in benches if name in wanted]

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    report: dict = {
        "database": connection.vendor,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **machine_reference(),
    }
    try:
        for name, bench in benches:
            print(f"bench: {name} …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            (bench if callable(bench) else bench.run)(report)
            print(f"bench: {name} took {time.perf_counter() - started:.1f}s", file=sys.stderr)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(report, indent=2, sort_keys=True))
    return 0


def _search_on_sqlite() -> dict:
    """The database backend on SQLite at 10k, in a child process with its own database,
    so one `make bench` on PostgreSQL reports both."""
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            "BENCH_ONLY": "search-sqlite",
        }
        print("bench: search on SQLite (child process) …", file=sys.stderr, flush=True)
        child = subprocess.run(
            [sys.executable, "-m", "tests.bench"],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    if child.returncode != 0:
        return {"search_database_sqlite_error": child.stderr[-2000:]}
    # The figures are the last thing the child prints.
    output = "\n" + child.stdout
    figures = json.loads(output[output.rindex("\n{") + 1 :])
    return {key: value for key, value in figures.items() if key.startswith("search_database_")}


if __name__ == "__main__":
    sys.exit(main())
