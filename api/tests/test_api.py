"""The API's edge: schema and docs, problem details, keys, limits, ETags and idempotency."""

from django.test import override_settings

from api.factories import make_key
from api.models import ApiKey, Scope
from portal.audit.models import AuditEvent
from portal.organisations.models import Role


def test_openapi_document_is_served_without_a_key(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/vacancies" in schema["paths"]
    problem = schema["paths"]["/api/v1/vacancies"]["get"]["responses"]["401"]
    assert "application/problem+json" in problem["content"]


def test_docs_page_loads_its_scripts_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_call_without_key_is_a_problem_in_the_callers_language(call, db):
    english = call("get", "/vacancies")
    dutch = call("get", "/vacancies", headers={"Accept-Language": "nl"})

    assert english.status_code == 401
    assert english["Content-Type"] == "application/problem+json"
    assert english.json()["title"] == "No valid API key"
    assert english["WWW-Authenticate"].startswith("Bearer")
    assert dutch.json()["title"] == "Geen geldige API-sleutel"


def test_wrong_secret_with_a_real_prefix_is_refused(call, keys):
    prefix = keys.employer.rsplit("_", 1)[0]

    assert call("get", "/vacancies", f"{prefix}_wrong-secret").status_code == 401


def test_revoked_and_expired_keys_stop_working(call, world):
    for state in ("revoked", "expired"):
        key = make_key(
            organisation=world.employer, role=Role.RECRUITER, by=world.recruiter, state=state
        )

        assert call("get", "/vacancies", key.plaintext).status_code == 401


def test_key_is_stored_only_as_prefix_and_hash(keys):
    stored = ApiKey.objects.get(prefix=keys.employer.split("_")[1])

    assert keys.employer.split("_", 2)[2] not in stored.secret_hash
    assert len(stored.secret_hash) == 64


def test_a_call_records_when_the_key_was_last_used(call, keys):
    call("get", "/vacancies", keys.employer)

    assert ApiKey.objects.get(prefix=keys.employer.split("_")[1]).last_used_at is not None


def test_invalid_input_is_a_422_with_the_field_and_never_a_500(call, keys):
    response = call(
        "post", "/vacancies", keys.employer, json={"title": "Hovenier\x00", "work_type": "x"}
    )

    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"title", "work_type"} <= fields


def test_a_bad_cursor_is_a_422(call, keys):
    response = call("get", "/vacancies", keys.employer, cursor="not-a-cursor")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


@override_settings(API_RATE_LIMIT="3/m")
def test_too_many_calls_get_429_with_retry_after(call, keys):
    answers = [call("get", "/vacancies", keys.employer) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1
    assert answers[-1]["Content-Type"] == "application/problem+json"
    # The limit is per key: another key still gets through.
    assert call("get", "/proposals", keys.coach).status_code == 200


def test_reads_answer_304_to_a_matching_etag(call, keys, own_vacancy):
    first = call("get", f"/vacancies/{own_vacancy.pk}", keys.employer)
    again = call(
        "get",
        f"/vacancies/{own_vacancy.pk}",
        keys.employer,
        headers={"If-None-Match": first["ETag"]},
    )

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""


def test_a_key_without_the_scope_is_refused(call, world):
    key = make_key(
        organisation=world.employer,
        role=Role.RECRUITER,
        by=world.recruiter,
        scopes=[Scope.TAXONOMY_READ],
    )

    response = call("get", "/vacancies", key.plaintext)

    assert response.status_code == 403
    assert "vacancies:read" in response.json()["detail"]


def test_changes_through_a_key_are_audited_as_the_keys_member_account(call, keys, world, taxonomy):
    response = call(
        "post", "/vacancies", keys.employer, json={"title": "Hovenier", "work_type": "paid_job"}
    )

    event = AuditEvent.objects.get(action="vacancy.create", object_id=str(response.json()["id"]))
    key = ApiKey.objects.get(prefix=keys.employer.split("_")[1])
    assert event.actor == key.user
    assert key.user.memberships.get().organisation == world.employer
