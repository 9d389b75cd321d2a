"""A small circuit breaker: after a few failures in a row, stop asking a service for a while.

A search engine that accepts connections but never answers would otherwise hold a
web thread for the whole read timeout on every search, until no thread is left for
anyone. After `failures` failures in a row the breaker opens: calls fail at once for
`seconds`. Then one call is let through as a probe; its success closes the breaker,
its failure opens it again for another `seconds`.

The state lives in the process (one breaker per service address, shared by its
threads). Each gunicorn process learns of an outage by itself, after `failures`
slow answers at most, which keeps this simple and never wrong about another process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BreakerState:
    open: bool
    failures: int
    seconds_left: float


class CircuitBreaker:
    def __init__(
        self, *, failures: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ):
        self.threshold = max(1, failures)
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._open_until = 0.0
        self._probing = False

    def allow(self) -> bool:
        """May a call go to the service now? While open, only one probe after the pause."""
        with self._lock:
            if self._failures < self.threshold:
                return True
            if self._probing or self._clock() < self._open_until:
                return False
            self._probing = True
            return True

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._probing = False

    def failed(self) -> bool:
        """Count a failure; True when this one opened the breaker (worth one log line)."""
        with self._lock:
            was_probe = self._probing
            self._probing = False
            self._failures += 1
            if self._failures >= self.threshold:
                self._open_until = self._clock() + self.seconds
                return was_probe or self._failures == self.threshold
            return False

    def state(self) -> BreakerState:
        with self._lock:
            left = max(0.0, self._open_until - self._clock())
            is_open = self._failures >= self.threshold and (left > 0 or self._probing)
            return BreakerState(open=is_open, failures=self._failures, seconds_left=left)
