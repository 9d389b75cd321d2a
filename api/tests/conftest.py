from dataclasses import dataclass

import pytest
from django.test import Client

from api.factories import make_key, make_token
from portal.organisations.models import Role
from vacancies.factories import VacancyFactory
from vacancies.tests.conftest import fresh_autocomplete_index, taxonomy  # noqa: F401


@dataclass
class Keys:
    employer: str
    coach: str
    other_coach: str
    jobseeker: str


@pytest.fixture
def keys(world) -> Keys:
    by = world.network_admin
    return Keys(
        employer=make_key(organisation=world.employer, role=Role.RECRUITER, by=by).plaintext,
        coach=make_key(organisation=world.training_centre, role=Role.COACH, by=by).plaintext,
        other_coach=make_key(organisation=world.municipality, role=Role.COACH, by=by).plaintext,
        jobseeker=make_token(user=world.jobseeker).plaintext,
    )


@pytest.fixture
def call():
    """Call the API with a key (or none), in English unless told otherwise."""

    def _call(method: str, path: str, key: str | None = None, *, json=None, headers=None, **query):
        client = Client()
        extra = {"Accept-Language": "en", **(headers or {})}
        if key is not None:
            extra["Authorization"] = f"Bearer {key}"
        url = f"/api/v1{path}"
        if method == "get":
            return client.get(url, query, headers=extra)
        return getattr(client, method)(
            url, json or {}, content_type="application/json", headers=extra
        )

    return _call


@pytest.fixture
def own_vacancy(world):
    return VacancyFactory(organisation=world.employer, open=True)
