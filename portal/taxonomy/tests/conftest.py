from pathlib import Path

import pytest
from django.core.cache import cache

from portal.accounts.models import User
from portal.taxonomy.autocomplete import reset_index

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def esco_dir() -> Path:
    """A small ESCO download in the official layout (two languages, some broken rows)."""
    return FIXTURES / "esco_small"


@pytest.fixture(autouse=True)
def fresh_autocomplete_index():
    """Each test sees an index built from its own database."""
    cache.clear()
    reset_index()
    yield
    reset_index()


@pytest.fixture
def jobseeker(db) -> User:
    return User.objects.create_user(
        email="sanne@example.nl", password="geheim-wachtwoord-1", first_name="Sanne"
    )


@pytest.fixture
def jobseeker_client(client, jobseeker):
    client.force_login(jobseeker)
    return client
