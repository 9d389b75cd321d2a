"""Issue 19, item 7: a search engine that accepts connections but never answers.

The engine here is a local socket that listens and never replies. The first search
must give up within about the read timeout; once the circuit breaker is open, search
pages answer at once with the "unavailable" message, and /health/ says why.
"""

import logging
import socket
import threading
import time
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from search import selectors
from search.backends.elasticsearch import ElasticsearchBackend
from search.tests.test_views import _candidates_url, three_candidates  # noqa: F401

READ_TIMEOUT = 1.0


@dataclass
class SilentEngine:
    url: str
    # Every connection it accepted: a search that asks it opens one.
    accepted: list[socket.socket]


@pytest.fixture
def silent_engine():
    """A TCP server that accepts every connection and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield SilentEngine(url=f"http://127.0.0.1:{server.getsockname()[1]}", accepted=accepted)
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def hanging_search(settings, monkeypatch, silent_engine):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = silent_engine.url
    settings.ELASTICSEARCH_TIMEOUT = READ_TIMEOUT
    settings.SEARCH_BREAKER_FAILURES = 2
    settings.SEARCH_BREAKER_SECONDS = 60
    monkeypatch.setattr(selectors, "get_backend", ElasticsearchBackend)
    return silent_engine


def _timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_a_hanging_engine_costs_one_read_timeout_then_nothing(
    world,
    login,
    three_candidates,  # noqa: F811
    hanging_search,
    caplog,
):
    coach = login(world.coach)
    url = _candidates_url(three_candidates)

    with caplog.at_level(logging.INFO):
        first, first_seconds = _timed_get(coach, url)
    assert first.status_code == 200 and first.context["results"].unavailable
    assert first_seconds < READ_TIMEOUT + 1.0, first_seconds
    # One concise line for the failure, no traceback, nothing from the client itself.
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(noisy) == 1, [r.getMessage() for r in noisy]
    assert noisy[0].exc_info is None and "search engine failed" in noisy[0].getMessage()

    second, second_seconds = _timed_get(coach, url)  # the second failure opens the breaker
    assert second.context["results"].unavailable
    assert second_seconds < READ_TIMEOUT + 1.0
    asked = len(hanging_search.accepted)
    assert asked >= 2

    # Fail fast: the engine is not asked, so nothing waits on it. Counted, not timed: a
    # page on a loaded machine can take as long as the read timeout without asking.
    for _ in range(3):
        response = coach.get(url)
        assert response.status_code == 200
        assert "Search does not work right now" in response.content.decode()
    health = Client().get(reverse("health"))
    assert len(hanging_search.accepted) == asked
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    detail = health.json()["checks"]["search"]["detail"]
    assert "fail fast" in detail


def test_the_breaker_lets_one_probe_through_after_the_pause_and_closes_on_success():
    from portal.breaker import CircuitBreaker

    now = [0.0]
    breaker = CircuitBreaker(failures=2, seconds=30, clock=lambda: now[0])
    assert breaker.allow()
    assert breaker.failed() is False
    assert breaker.failed() is True  # opened: one log line says so
    assert not breaker.allow() and breaker.state().open

    now[0] = 31
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # only one at a time
    assert breaker.failed() is True  # the probe failed: open again
    assert not breaker.allow()

    now[0] = 62
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.allow() and not breaker.state().open


def _any_candidate_spec():
    from search.spec import Viewer
    from search.tests.test_database_backend import everyone_spec

    return everyone_spec(Viewer(is_intermediary=True))


def test_a_hanging_engine_holds_at_most_the_bulkheads_threads(hanging_search, settings):
    """While one search waits on a hanging engine, a second one in the same process
    gives up within the slot wait instead of holding a second thread for the whole
    read timeout; the refusal does not count as an engine failure."""
    settings.SEARCH_ENGINE_SLOTS = 1
    settings.SEARCH_ENGINE_SLOT_WAIT = 0.1
    backend = ElasticsearchBackend()
    spec = _any_candidate_spec()
    first_done = threading.Event()

    def first_search() -> None:
        with pytest.raises(selectors.SearchUnavailable):
            backend.candidates(spec)
        first_done.set()

    thread = threading.Thread(target=first_search)
    thread.start()
    time.sleep(0.2)  # the first search is waiting on the engine now
    started = time.monotonic()
    with pytest.raises(selectors.SearchUnavailable, match="slots busy"):
        backend.candidates(spec)
    assert time.monotonic() - started < 0.5
    assert not first_done.is_set()
    assert backend.breaker.state().failures == 0  # the refusal is not an engine failure
    thread.join()
    assert first_done.is_set()
    assert backend.breaker.state().failures == 1


def test_a_search_waits_briefly_for_a_slot_that_frees_in_time():
    from portal.bulkhead import Bulkhead, BulkheadFull

    bulkhead = Bulkhead(slots=1, wait=0.05)
    with bulkhead.slot(), pytest.raises(BulkheadFull), bulkhead.slot():
        pass
    with pytest.raises(ValueError), bulkhead.slot():
        raise ValueError
    with bulkhead.slot():  # the error above freed its slot
        pass

    # A healthy engine answers in milliseconds: a search queued behind it gets the slot.
    bulkhead.wait = 2.0
    holder = threading.Thread(target=lambda: _hold(bulkhead, 0.1))
    holder.start()
    time.sleep(0.02)
    started = time.monotonic()
    with bulkhead.slot():
        waited = time.monotonic() - started
    holder.join()
    assert 0.03 < waited < 1.0


def _hold(bulkhead, seconds: float) -> None:
    with bulkhead.slot():
        time.sleep(seconds)
