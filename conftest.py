"""Makes the shared role fixtures of tests/conftest.py available to the apps' own tests too."""

from tests.conftest import login, world  # noqa: F401
