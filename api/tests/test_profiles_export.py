"""A coach organisation's shared profiles, streamed as HR Open Candidates, each view logged."""

import json

from api.exchange import Candidate
from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio
from portfolios.services import portfolio_language_set, portfolio_occupation_add, portfolio_publish
from tests.conftest import make_user


def _lines(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


def test_a_coach_key_streams_the_profiles_shared_with_its_organisation_and_logs_each_view(
    keys, call, world
):
    shared = make_portfolio(
        jobseeker=world.jobseeker, skills={"Heftruck rijden": 3}, audiences=("coach_organisation",)
    )
    private_person = make_user("prive@example.nl", "Priv")
    membership_create(user=private_person, organisation=world.training_centre, role=Role.JOBSEEKER)
    make_portfolio(jobseeker=private_person, skills={"Koken": 2})

    response = call("get", "/profiles/export", keys.coach)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = _lines(response)
    assert [line["documentId"]["value"] for line in lines] == [f"portfolio:{shared.public_id}"]
    profile = Candidate.model_validate(lines[0])
    assert [c.name for c in profile.profiles[0].competencies] == ["Heftruck rijden"]
    assert "Priv" not in json.dumps(lines) and world.jobseeker.email not in json.dumps(lines)
    view = AuditEvent.objects.get(action="portfolio.view", subject=world.jobseeker)
    assert view.details["what"] == "api-export"


def test_another_organisations_coach_gets_none_of_them(keys, call, world):
    make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))

    response = call("get", "/profiles/export", keys.other_coach)

    assert response.status_code == 200
    assert _lines(response) == []
    assert not AuditEvent.objects.filter(action="portfolio.view").exists()


def test_employer_keys_export_no_profiles(keys, call):
    assert call("get", "/profiles/export", keys.employer).status_code == 403


def test_each_exported_line_is_the_persons_own_candidate_document(keys, call, world, taxonomy):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Heftruck rijden": 3, "Koken": 1},
        audiences=("coach_organisation",),
        hours_min=20,
        hours_max=36,
        work_types=["paid_job"],
        max_travel_km=30,
        driving_licences=["B", "C"],
    )
    portfolio_occupation_add(portfolio=portfolio, by=world.jobseeker, concept=taxonomy.occupation)
    portfolio_language_set(portfolio=portfolio, by=world.jobseeker, language="Pools", level="good")
    portfolio_publish(portfolio=portfolio, by=world.jobseeker)

    lines = _lines(call("get", "/profiles/export", keys.coach))
    own = call("get", "/me/profile", keys.jobseeker).json()

    assert lines == [own]
    assert own["profiles"][0]["desiredPositions"] == [
        {"value": taxonomy.occupation.uri, "schemeId": "talentbrug"}
    ]
    assert [c["name"] for c in own["profiles"][0]["competencies"]] == ["Heftruck rijden", "Koken"]
