"""The free candidate search through the API: the screen's search, policy, anonymisation and
audit, for keys with `candidates:read`."""

import base64

import pytest

from api.factories import make_key, make_token
from api.models import ORGANISATION_SCOPES, ApiKey, Scope
from portal import geo
from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import Audience
from portfolios.services import consent_set
from search import selectors as search_selectors
from search.forms import FreeSearchForm
from tests.conftest import make_user

VEENDAM = "9641"
SEARCH = "/candidates/search"


def _person(world, first_name: str, *audiences: str, coach=None):
    jobseeker = make_user(f"{first_name.lower()}@example.nl", first_name, last_name="de Vries")
    membership_create(user=jobseeker, organisation=world.training_centre, role=Role.JOBSEEKER)
    place = geo.locate(VEENDAM)
    return make_portfolio(
        jobseeker=jobseeker,
        skills={"heftruck rijden": 3},
        audiences=(Audience.COACH_ORGANISATION, *audiences),
        coach=coach,
        max_travel_km=25,
        hours_min=24,
        hours_max=32,
        postcode=VEENDAM,
        latitude=place.latitude,
        longitude=place.longitude,
    )


@pytest.fixture
def forklift(db):
    return skill_concept("heftruck rijden")


@pytest.fixture
def anna(world, forklift, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _person(world, "Anna")


def _key_account(key: str):
    return ApiKey.objects.get(prefix=key.split("_")[1]).user


def test_a_coach_key_gets_the_screens_results_with_names_and_they_are_audited(
    call, keys, world, anna, forklift
):
    response = call(
        "get", SEARCH, keys.coach, skill=[forklift.uri], place="Veendam", radius_km=25, hours=24
    )

    assert response.status_code == 200, response.content
    items = response.json()["items"]
    account = _key_account(keys.coach)
    form = FreeSearchForm(
        {"vaardigheid": [forklift.pk], "plaats": "Veendam", "straal": 25, "uren": 24}
    )
    assert form.is_valid()
    screen = search_selectors.free_candidate_results(user=account, criteria=form.criteria())
    assert [(i["name"], i["explanation"]["score"]) for i in items] == [
        (row.name, row.score) for row in screen.rows
    ]
    assert [i["name"] for i in items] == ["Anna de Vries"]
    assert items[0]["explanation"]["skills"][0]["label"] == "heftruck rijden"
    assert AuditEvent.objects.filter(
        actor=account, action="person.name_seen:search", subject=anna.jobseeker
    ).exists()


def test_an_employer_key_without_consent_sees_no_one(call, keys, world, anna, forklift):
    response = call("get", SEARCH, keys.employer, skill=[forklift.uri])

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total"] == 0


def test_an_employer_key_sees_who_shared_with_employers_without_their_name(
    call, keys, world, forklift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bert = _person(world, "Bert", Audience.EMPLOYERS_ANONYMOUS, coach=world.coach)

    response = call("get", SEARCH, keys.employer, skill=[forklift.uri])

    items = response.json()["items"]
    assert [(i["public_id"], i["name"], i["municipality"]) for i in items] == [
        (str(bert.public_id), "", "")
    ]
    assert "Bert" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.name_seen:search").exists()


def test_a_withdrawn_consent_is_gone_at_once(call, keys, world, anna, forklift):
    assert len(call("get", SEARCH, keys.coach, skill=[forklift.uri]).json()["items"]) == 1

    consent_set(
        portfolio=anna, audience=Audience.COACH_ORGANISATION, granted=False, by=anna.jobseeker
    )

    assert call("get", SEARCH, keys.coach, skill=[forklift.uri]).json()["items"] == []


def test_pages_follow_the_cursor(
    call, keys, world, anna, forklift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _person(world, "Bert")

    first = call("get", SEARCH, keys.coach, skill=[forklift.uri], limit=1).json()
    second = call(
        "get", SEARCH, keys.coach, skill=[forklift.uri], limit=1, cursor=first["next_cursor"]
    ).json()

    assert first["total"] == 2
    assert {first["items"][0]["name"], second["items"][0]["name"]} == {
        "Anna de Vries",
        "Bert de Vries",
    }
    assert second["items"][0]["rank"] == 2
    assert second["next_cursor"] is None


def _names(page) -> list[str]:
    return [item["name"] for item in page["items"]]


def test_paging_with_another_limit_neither_repeats_nor_skips_anyone(
    call, keys, world, forklift, django_capture_on_commit_callbacks
):
    names = [f"Persoon{n:02d}" for n in range(16)]
    with django_capture_on_commit_callbacks(execute=True):
        for name in names:
            _person(world, name)
    everyone = call("get", SEARCH, keys.coach, skill=[forklift.uri], limit=50).json()
    assert everyone["next_cursor"] is None
    ranked = _names(everyone)
    assert sorted(ranked) == sorted(f"{name} de Vries" for name in names)

    seen, cursor, limits = [], None, iter([5, 7, 1, 5, 7])
    while True:
        query = {"cursor": cursor} if cursor else {}
        page = call("get", SEARCH, keys.coach, skill=[forklift.uri], limit=next(limits), **query)
        assert page.status_code == 200, page.content
        seen += _names(page.json())
        assert [item["rank"] for item in page.json()["items"]] == list(
            range(len(seen) - len(page.json()["items"]) + 1, len(seen) + 1)
        )
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break

    assert seen == ranked


def test_a_person_gone_above_the_cursor_makes_no_one_skipped(
    call, keys, world, forklift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        people = [_person(world, f"Persoon{n:02d}") for n in range(8)]
    first = call("get", SEARCH, keys.coach, skill=[forklift.uri], limit=4).json()
    ranked = _names(call("get", SEARCH, keys.coach, skill=[forklift.uri], limit=50).json())
    gone = next(p for p in people if f"{p.jobseeker.first_name} de Vries" == _names(first)[0])
    with django_capture_on_commit_callbacks(execute=True):
        consent_set(
            portfolio=gone,
            audience=Audience.COACH_ORGANISATION,
            granted=False,
            by=gone.jobseeker,
        )

    rest = call(
        "get", SEARCH, keys.coach, skill=[forklift.uri], limit=7, cursor=first["next_cursor"]
    ).json()

    assert _names(rest) == ranked[4:]


def test_a_tampered_or_borrowed_cursor_is_a_400_in_the_callers_language(
    call, keys, world, forklift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            _person(world, f"Persoon{n}")
    cursor = call("get", SEARCH, keys.coach, skill=[forklift.uri], limit=1).json()["next_cursor"]
    payload, rest = cursor.split(":", 1)
    # Move the cursor on by hand: its signature no longer fits.
    moved = (
        base64.urlsafe_b64encode(
            base64.urlsafe_b64decode(payload + "==").replace(b'"at":1', b'"at":2')
        )
        .decode()
        .rstrip("=")
    )

    for bad in ("nonsense", f"{moved}:{rest}", cursor[:-2]):
        response = call("get", SEARCH, keys.coach, skill=[forklift.uri], cursor=bad)
        assert response.status_code == 400, bad
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "cursor"
    other_search = call(
        "get",
        SEARCH,
        keys.coach,
        skill=[forklift.uri],
        place="Veendam",
        radius_km=10,
        cursor=cursor,
        headers={"Accept-Language": "nl"},
    )
    assert other_search.status_code == 400
    assert other_search.json()["detail"] == (
        "Deze cursor hoort bij een andere zoekopdracht. Begin zonder cursor."
    )
    assert call("get", "/proposals", keys.coach, cursor=cursor).status_code == 400


def test_who_may_search(call, world, anna, forklift):
    by = world.network_admin
    without_scope = make_key(
        organisation=world.training_centre,
        role=Role.COACH,
        by=by,
        scopes=[s for s in ORGANISATION_SCOPES if s != Scope.CANDIDATES_READ],
    ).plaintext

    assert call("get", SEARCH, None, skill=[forklift.uri]).status_code == 401
    assert call("get", SEARCH, without_scope, skill=[forklift.uri]).status_code == 403
    token = make_token(user=world.jobseeker).plaintext
    assert call("get", SEARCH, token, skill=[forklift.uri]).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"skill": ["https://example.org/no-such-skill"]}, "skill.0"),
        ({"occupation": "https://example.org/no-such-work"}, "occupation"),
        ({"place": "Atlantis"}, "place"),
        ({"radius_km": 10}, "radius_km"),
        ({"radius_km": 999, "place": VEENDAM}, "radius_km"),
        ({"hours": 7}, "hours"),
        ({"work_type": ["slavery"]}, "work_type.0"),
        ({"text": "x" * 101}, "text"),
        ({"limit": 0}, "limit"),
    ],
)
def test_a_bad_query_is_a_422_naming_the_field(call, keys, world, query, field):
    response = call("get", SEARCH, keys.coach, **query)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
