"""The API's edge: schema and docs, problem details, keys, limits, ETags and idempotency."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import key_cache
from api.factories import make_key
from api.models import ApiKey, Scope
from api.services import api_key_revoke
from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from vacancies.factories import VacancyFactory


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


def test_json_answers_forbid_loading_or_framing_anything(call, keys):
    for response in (call("get", "/vacancies", keys.employer), call("get", "/vacancies")):
        assert (
            response["Content-Security-Policy"]
            == "default-src 'none'; frame-ancestors 'none'; sandbox"
        )
    # The docs page keeps the site's policy, which lets it load its own scripts.
    docs = call("get", "/docs")
    assert "script-src 'self'" in docs["Content-Security-Policy"]


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


def test_a_made_up_cursor_is_a_400_in_the_callers_language(call, keys):
    english = call("get", "/vacancies", keys.employer, cursor="not-a-cursor")
    dutch = call(
        "get",
        "/vacancies",
        keys.employer,
        cursor="not-a-cursor",
        headers={"Accept-Language": "nl"},
    )

    assert english.status_code == dutch.status_code == 400
    assert english["Content-Type"] == "application/problem+json"
    assert english.json()["errors"][0]["field"] == "cursor"
    assert english.json()["detail"] == "This cursor is not valid here. Start without one."
    assert dutch.json()["detail"] == "Deze cursor klopt hier niet. Begin zonder cursor."


def _pages(call, key, path, limit, **query):
    """Every page of a list, following `next_cursor`: the ids in order."""
    ids, cursor = [], None
    while True:
        page = call(
            "get", path, key, limit=limit, **({"cursor": cursor} if cursor else {}), **query
        )
        assert page.status_code == 200, page.content
        ids += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return ids


def test_a_list_pages_on_with_another_limit_and_refuses_a_changed_or_borrowed_cursor(
    call, keys, world
):
    made = [VacancyFactory(organisation=world.employer).pk for _ in range(9)]
    first = call("get", "/vacancies", keys.employer, limit=4).json()
    cursor = first["next_cursor"]
    rest = call("get", "/vacancies", keys.employer, limit=7, cursor=cursor).json()

    shown = [item["id"] for item in first["items"] + rest["items"]]
    assert shown == sorted(made, reverse=True)
    assert rest["next_cursor"] is None
    assert _pages(call, keys.employer, "/vacancies", 2) == shown
    # One character changed, or the cursor of another list: refused, not followed.
    changed = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert call("get", "/vacancies", keys.employer, cursor=changed).status_code == 400
    assert call("get", "/proposals", keys.employer, cursor=cursor).status_code == 400


def test_a_busy_key_is_read_once_and_its_last_use_written_at_most_once_a_minute(call, keys):
    def key_queries() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert call("get", "/vacancies", keys.employer).status_code == 200
        return [q["sql"].split()[0] for q in queries if "api_apikey" in q["sql"]]

    assert key_queries() == ["SELECT", "UPDATE"]
    assert key_queries() == []
    assert ApiKey.objects.get(prefix=keys.employer.split("_")[1]).last_used_at is not None


def test_a_key_revoked_here_stops_at_once(call, world):
    new = make_key(organisation=world.employer, role=Role.RECRUITER, by=world.recruiter)
    assert call("get", "/vacancies", new.plaintext).status_code == 200

    api_key_revoke(key=new.key, by=world.recruiter)

    assert call("get", "/vacancies", new.plaintext).status_code == 401


def test_a_key_revoked_elsewhere_stops_within_the_cache_period(call, world, monkeypatch):
    new = make_key(organisation=world.employer, role=Role.RECRUITER, by=world.recruiter)
    assert call("get", "/vacancies", new.plaintext).status_code == 200
    # Another web process revokes it: this one's remembered copy does not hear of it.
    ApiKey.objects.filter(pk=new.key.pk).update(revoked_at=timezone.now())
    later = key_cache.monotonic() + settings.API_KEY_CACHE_SECONDS + 0.1
    monkeypatch.setattr(key_cache, "monotonic", lambda: later)

    assert call("get", "/vacancies", new.plaintext).status_code == 401


def test_an_expired_key_stops_at_its_end_even_when_remembered(call, world):
    new = make_key(organisation=world.employer, role=Role.RECRUITER, by=world.recruiter)
    assert call("get", "/vacancies", new.plaintext).status_code == 200
    # Time passes beyond its end while this process remembers it.
    remembered = key_cache.remembered(new.key.prefix)
    remembered.expires_at = timezone.now() - timedelta(seconds=1)
    key_cache.remember(remembered, fresh=False)

    assert call("get", "/vacancies", new.plaintext).status_code == 401


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
