"""Issue 19: a request whose database connection drops gets "try again", not the generic 500.

The connection is really cut: a second connection terminates the request's PostgreSQL
backend during the request, as a restart or failover of the database does. The request
runs in a thread of its own, with its own connection, so the test's connection (and the
flush after a transactional test) is never the one cut. Like the other transactional
tests it restores the migrated data (Wagtail's root page, content types) afterwards.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse


def _cut_connection_at_first_query():
    """An execute wrapper that has the server drop this connection before its first query."""
    import psycopg

    settings = connection.settings_dict
    victim = {}

    def wrapper(execute, sql, params, many, context):
        if not victim:
            victim["pid"] = connection.connection.info.backend_pid
            with psycopg.connect(
                host=settings["HOST"],
                port=settings["PORT"] or 5432,
                user=settings["USER"],
                dbname=settings["NAME"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [victim["pid"]])
        return execute(sql, params, many, context)

    return wrapper


def _get_in_own_thread(client: Client, path: str, *, cut: bool):
    answer = {}

    def run() -> None:
        try:
            if cut:
                with connection.execute_wrapper(_cut_connection_at_first_query()):
                    answer["response"] = client.get(path)
            else:
                answer["response"] = client.get(path)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return answer["response"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="cuts a PostgreSQL backend")
def test_a_dropped_database_connection_answers_503_with_try_again_in_both_languages(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.coach)
    path = reverse("dashboard")

    response = _get_in_own_thread(client, path, cut=True)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Even niet bereikbaar" in html and "Briefly unavailable" in html
    assert f'href="{path}"' in html  # "try again" asks for the same page
    assert "site-header" in html  # the portal's own look, not a bare error

    # The next request reconnects and works.
    assert _get_in_own_thread(client, path, cut=False).status_code == 200


@pytest.mark.django_db
def test_other_errors_still_get_the_500_page(world, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client = Client(raise_request_exception=False)

    response = client.get("/fails/")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
