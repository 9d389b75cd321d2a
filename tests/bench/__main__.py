"""`make bench`: measure, print one JSON object of figures on stdout.

Runs against a throw-away test database (PostgreSQL when DATABASE_URL points at
one, else SQLite) so it never touches real data. Progress goes to stderr.
"""

import json
import os
import platform
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from tests.bench import demo_data_bench, pages_bench, taxonomy_bench

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    report: dict = {
        "database": connection.vendor,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        for name, bench in (
            ("pages", pages_bench),
            ("taxonomy", taxonomy_bench),
            ("demo_data", demo_data_bench),
            ("portfolio", __import__("tests.bench.portfolio_bench", fromlist=["run"])),
        ):
            print(f"bench: {name} …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            bench.run(report)
            print(f"bench: {name} took {time.perf_counter() - started:.1f}s", file=sys.stderr)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(report, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
