"""Project-wide test set-up.

Tests read in English: the test client asks for English and code outside a
request runs in English. Tests about the Dutch default ask for Dutch explicitly.
"""

import pytest
from django.test import Client
from django.utils import translation

from tests.conftest import login, world  # noqa: F401


@pytest.fixture(autouse=True)
def _no_remembered_skill_bridges():
    # Each test has its own taxonomy (rolled back after it); bridges looked up in one
    # test must not answer for another.
    from search import bridges

    bridges.forget()


@pytest.fixture(autouse=True)
def _no_remembered_api_keys():
    # Keys are rows of one test's database; one test's key must not answer for another's.
    from api import key_cache

    key_cache.forget_all()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})
