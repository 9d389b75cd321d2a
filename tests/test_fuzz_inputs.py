"""No input breaks a page: generated values for every form field and query parameter.

Every row of the permission matrix that some role may use is replayed as that role
with hostile values: text with NUL and control characters, digits `int()` refuses,
numbers beyond every database's integers, impossible and far-away dates, lists
where one value is expected. A page may refuse the input, never answer 5xx; and a
refused form leaves the database as it was. The fields come from the row's own data
and from the names of the fields the page itself renders, so a new field is fuzzed
without being listed here.

`make test` runs this on PostgreSQL and again on SQLite; the number of examples per
page is bounded (`FUZZ_EXAMPLES`, default 3, after one sweep of every hostile value) to keep the suite fast.
"""

from __future__ import annotations

import os
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROLES, World
from tests.test_permission_matrix import ALL_ROWS, DONE, OK, Context, Row

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))

HOSTILE = [
    "",
    " ",
    "²",
    "١٢",
    "9" * 30,
    "-9" + "9" * 25,
    "-1",
    "0",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "00:00",
    "25:61",
    "\x00",
    "Veen\x00dam",
    "\x01\x1f\x7f",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    "a" * 5000,
    "😀" * 10,
    "https://example.org/\x00",
]
# One of each kind for the sweep; the random part draws from all of HOSTILE.
SWEEP = ["", "²", "9" * 30, "-1", "0001-01-01", "2026-02-30", "25:61", "Veen\x00dam", "a" * 5000]
ONE_AT_A_TIME = ["²", "9" * 30, "0001-01-01", "9999-12-31", "a\x00b"]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3),
)

# Fields the portal never reads from a form, and those whose value makes the request
# something else (a CSRF token, a file).
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
FIELD_NAME = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"", re.I)
# Where people's and organisations' data lives (bookkeeping such as "who looked at a
# page" may be written by a refused form, so the audit app is left out).
USER_DATA_APPS = {
    "accounts",
    "organisations",
    "taxonomy",
    "portfolios",
    "vacancies",
    "intermediaries",
    "socialreturn",
    "search",
    "wagtailcore",
    "account",
    "guardian",
    "pages",
}


def _role_for(row: Row) -> str | None:
    wanted = OK if row.method == "get" else DONE
    return next((role for role in ROLES if row.expect.get(role) == wanted), None)


FUZZ_ROWS = [
    pytest.param(row, role, id=row.id)
    for row in ALL_ROWS
    if (role := _role_for(row)) is not None and row.case != "log out"
]


def _client(world: World, role: str) -> Client:
    client = Client(headers={"Accept-Language": "nl"})
    user = world.user(role)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _field_names(client: Client, path: str) -> list[str]:
    response = client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    return sorted(set(FIELD_NAME.findall(response.content.decode())) - SKIPPED_FIELDS)


def _data_fingerprint() -> tuple[int, ...]:
    """Row counts of every table holding people's or organisations' data, in one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in USER_DATA_APPS and model._meta.managed
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT count(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


@pytest.mark.parametrize(("row", "role"), FUZZ_ROWS)
def test_no_generated_input_answers_5xx_or_writes_when_refused(
    row: Row, role: str, world: World, django_capture_on_commit_callbacks
):
    path = row.path(Context(world))
    client = _client(world, role)
    # Page numbers and searches ride in links rather than fields: always try them.
    names = sorted({"pagina", "q"} | set(row.data) | set(_field_names(client, path.split("?")[0])))
    base = {key: value for key, value in row.data.items() if key not in SKIPPED_FIELDS}

    def send(data: dict) -> None:
        before = _data_fingerprint() if row.method == "post" else None
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, row.method)(path, data)
        assert response.status_code < 500, (row.id, data, response.status_code)
        if row.method == "post" and response.status_code in (200, 400):
            assert _data_fingerprint() == before, (row.id, data)

    # Every hostile value in every field at once; in a form, the values that once got
    # through also one field at a time beside valid ones; then random mixes.
    for value in SWEEP:
        send({**base, **dict.fromkeys(names, value)})
    if row.method == "post":
        for name in names:
            for value in ONE_AT_A_TIME:
                send({**base, name: value})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(changes=st.dictionaries(st.sampled_from(names), VALUES, min_size=1, max_size=3))
    def replay(changes: dict) -> None:
        send({**base, **changes})

    replay()
