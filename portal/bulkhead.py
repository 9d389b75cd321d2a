"""A bulkhead: a bounded number of threads per process that may wait on one service.

The circuit breaker (`portal.breaker`) stops asking a hanging service only after a
few failures; until then each search waits out the whole read timeout and holds a
web thread. With two threads per gunicorn process, two such searches hold every
thread and ordinary pages queue behind them (the soak measured p99 2.5 s for other
pages). The bulkhead keeps at least one thread for everything else: at most
`slots` threads wait on the service at once, and a call that cannot get a slot
within `wait` seconds gives up instead of joining the queue. With a healthy service
a slot frees within milliseconds, so the short wait costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BulkheadFull(Exception):
    """Every slot stayed taken for the whole wait."""


class Bulkhead:
    def __init__(self, *, slots: int, wait: float):
        self.slots = max(1, slots)
        self.wait = max(0.0, wait)
        self._semaphore = threading.BoundedSemaphore(self.slots)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for the duration of the block, or raise `BulkheadFull`."""
        if not self._semaphore.acquire(timeout=self.wait):
            raise BulkheadFull(f"all {self.slots} slots busy for {self.wait:.2f} s")
        try:
            yield
        finally:
            self._semaphore.release()
