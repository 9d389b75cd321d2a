"""`/health/`: what load balancers, the compose healthcheck and ops read."""

import pytest
from django.urls import reverse


def database_down() -> tuple[str, bool, str]:
    """The database check as it reads when PostgreSQL refuses connections."""
    return "database", False, "OperationalError"


# A port nothing listens on (the old "discard" service): the connection is
# refused at once, so the check fails fast without reaching any real host.
CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.mark.django_db
def test_health_is_ok_with_the_database_search_backend(client, settings):
    settings.SEARCH_BACKEND = "database"

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"] == {"ok": True, "detail": "database"}


@pytest.mark.django_db
def test_health_is_degraded_but_serving_when_elasticsearch_does_not_answer(client, settings):
    # Every page but the searches still works: a proxy must keep sending traffic.
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL

    response = client.get(reverse("health"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"]["ok"] is False
    assert body["checks"]["search"]["detail"].startswith("elasticsearch")


@pytest.mark.django_db
def test_health_is_degraded_when_elasticsearch_is_chosen_without_an_address(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["search"]["ok"] is False


@pytest.mark.django_db
def test_health_is_unavailable_when_the_database_does_not_answer(client, settings):
    settings.HEALTH_CHECKS = ["tests.test_health.database_down", "search.health.engine_status"]

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_health_is_never_cached_and_answers_get_only(client):
    response = client.get(reverse("health"))
    assert "no-cache" in response["Cache-Control"]

    assert client.post(reverse("health")).status_code == 405
