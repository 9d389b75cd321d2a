"""A coach organisation's shared profiles, streamed as HR Open Candidates, each view logged."""

import json

from api.exchange import Candidate
from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio
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
