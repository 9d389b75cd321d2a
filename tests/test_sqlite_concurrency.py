"""`make run` on SQLite: the web server and the worker write at once without "database is locked"."""

import threading

import pytest
from django.db import connections, transaction

from portal.settings.base import SQLITE_OPTIONS

ALIASES = ("sqlite-request", "sqlite-worker")


@pytest.fixture
def two_connections(tmp_path, django_db_blocker):
    """Two connections to one SQLite file with the settings `make run` uses."""
    path = tmp_path / "talentbrug.sqlite3"
    for alias in ALIASES:
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {**SQLITE_OPTIONS, "timeout": 5},
        }
        configured = connections.configure_settings({"default": dict(database), alias: database})
        connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        with connections[ALIASES[0]].cursor() as cursor:
            cursor.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT)")
            cursor.execute("INSERT INTO jobs (state) VALUES ('queued')")
        yield
        for alias in ALIASES:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def test_a_request_that_reads_then_writes_waits_for_the_worker_instead_of_failing(
    two_connections,
):
    # The request reads first and writes later in one transaction; meanwhile the worker
    # writes. With deferred transactions the request's write fails at once.
    request_has_read, errors = threading.Event(), []

    def request() -> None:
        try:
            with (
                transaction.atomic(using="sqlite-request"),
                connections["sqlite-request"].cursor() as cursor,
            ):
                cursor.execute("SELECT count(*) FROM jobs")
                request_has_read.set()
                threading.Event().wait(0.3)  # the worker tries to write now
                cursor.execute("INSERT INTO jobs (state) VALUES ('from the request')")
        except Exception as error:  # the failure this test is about
            errors.append(error)
            request_has_read.set()
        finally:
            connections["sqlite-request"].close()

    def worker() -> None:
        request_has_read.wait(5)
        try:
            with (
                transaction.atomic(using="sqlite-worker"),
                connections["sqlite-worker"].cursor() as cursor,
            ):
                cursor.execute("UPDATE jobs SET state = 'running' WHERE id = 1")
        except Exception as error:
            errors.append(error)
        finally:
            connections["sqlite-worker"].close()

    threads = [threading.Thread(target=request), threading.Thread(target=worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert errors == []
    with connections["sqlite-request"].cursor() as cursor:
        cursor.execute("SELECT state FROM jobs ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["running", "from the request"]
