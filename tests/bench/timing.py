"""Small helpers the benchmarks share: percentiles and timed requests with query counts."""

import statistics
import time
from collections.abc import Callable

from django.core.signals import request_started
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(call: Callable[[], object], *, repeat: int, warmup: int = 3) -> dict[str, float]:
    """Run `call` repeatedly; p50/p95/mean in milliseconds and the query count of one call."""
    for _ in range(warmup):
        call()
    # Django empties the query log when a request starts; keep it for the one counted call.
    request_started.disconnect(reset_queries)
    try:
        with CaptureQueriesContext(connection) as queries:
            call()
        # Count now: the context reads the connection's log lazily, and later requests empty it.
        query_count = len(queries)
    finally:
        request_started.connect(reset_queries)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(percentile(samples, 0.50), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "queries": query_count,
    }


# A fixed statement both databases run the same way: counting to 200,000 in SQL.
_REFERENCE_SQL = (
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000)"
    " SELECT SUM(i) FROM c"
)


def machine_reference() -> dict:
    """How fast this machine is at fixed work, so that figures from sessions on different
    machines can be compared: the same code measured 2.5 times slower on one than on
    another. Median of 5 runs each, in milliseconds."""

    def python_loop() -> None:
        total = 0
        for number in range(1_000_000):
            total += number

    def database() -> None:
        with connection.cursor() as cursor:
            cursor.execute(_REFERENCE_SQL)
            cursor.fetchall()

    figures = {}
    for name, work in (("python_loop", python_loop), ("database_count", database)):
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            work()
            samples.append((time.perf_counter() - started) * 1000)
        figures[f"machine_{name}_ms"] = round(statistics.median(samples), 1)
    return figures
