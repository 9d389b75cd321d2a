"""Exchange formats: HR Open PositionOpening and Candidate, VUM process data, and their schemas."""

import jsonschema_rs

from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState
from portfolios.factories import make_portfolio, skill_concept
from portfolios.privacy import data_export_content
from vacancies.factories import VacancyFactory


def _schema(call, name):
    response = call("get", f"/exchange/schemas/{name}.json")
    assert response.status_code == 200
    return jsonschema_rs.validator_for(response.json())


def test_a_vacancy_as_position_opening_keeps_to_its_published_schema(call, keys, world, taxonomy):
    vacancy = VacancyFactory(
        organisation=world.employer,
        occupation=taxonomy.occupation,
        skills=[(taxonomy.forklift, True, 3)],
    )

    opening = call("get", f"/vacancies/{vacancy.pk}/hr-open", keys.employer).json()

    assert _schema(call, "position-opening").is_valid(opening)
    profile = opening["positionProfiles"][0]
    assert profile["jobCategories"][0]["value"] == taxonomy.occupation.uri
    competency = profile["positionCompetencies"][0]
    assert competency["competencyId"]["value"] == taxonomy.forklift.uri
    assert (competency["requiredProficiencyLevel"]["value"], competency["requiredIndicator"]) == (
        3,
        True,
    )


def test_a_persons_own_profile_is_a_candidate_in_the_api_and_in_my_data(call, keys, world):
    make_portfolio(jobseeker=world.jobseeker, skills={"heftruck rijden": 4})

    candidate = call("get", "/me/profile", keys.jobseeker).json()
    export, _files = data_export_content(user=world.jobseeker)

    assert _schema(call, "candidate").is_valid(candidate)
    competency = candidate["profiles"][0]["competencies"][0]
    assert competency["competencyId"]["value"] == skill_concept("heftruck rijden").uri
    assert competency["proficiencyLevel"]["value"] == 4
    assert world.jobseeker.email not in str(candidate)
    assert export["hr_open_candidate"] == candidate


def test_process_data_lists_each_step_without_naming_the_person(call, keys, world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    proposal = make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
        recruiter=world.recruiter,
        state=ProposalState.PLACED,
    )

    process = call("get", f"/proposals/{proposal.pk}/process", keys.employer).json()

    assert _schema(call, "process").is_valid(process)
    assert [event["eventType"] for event in process["events"]][-1] == "placed"
    assert process["placement"]["hoursPerWeek"] > 0
    assert str(portfolio.public_id) not in str(process)


def test_a_position_opening_round_trips_export_import_export(call, keys, world, taxonomy):
    vacancy = VacancyFactory(
        organisation=world.employer,
        occupation=taxonomy.occupation,
        skills=[(taxonomy.forklift, True, 3), (taxonomy.dutch, False, 2)],
    )
    exported = call("get", f"/vacancies/{vacancy.pk}/hr-open", keys.employer).json()

    created = call("post", "/vacancies/hr-open", keys.employer, json=exported)

    assert created.status_code == 201, created.content
    again = call(
        "get",
        f"/vacancies/{created.json()['documentId']['value'].split(':')[1]}/hr-open",
        keys.employer,
    ).json()
    assert again["documentId"] != exported["documentId"]
    assert {**again, "documentId": None} == {**exported, "documentId": None}


def test_a_position_opening_that_breaks_the_rules_is_a_422_with_each_problem(call, keys, taxonomy):
    document = {
        "documentId": {"value": "ats:1"},
        "positionOpeningStatusCode": "Active",
        "postingInstructions": [],
        "positionProfiles": [
            {
                "positionTitle": "",
                "positionFormattedDescriptions": [],
                "positionLocations": [],
                "positionOfferingTypeCodes": ["paid_job"],
                "workingHours": {"minimum": 32, "maximum": 900},
                "jobCategories": [],
                "positionCompetencies": [
                    {"competencyId": {"value": "http://example.org/geen-skill"}, "name": "x"}
                ],
                "positionPeriod": {},
                "numberToFill": 1,
            }
        ],
    }

    response = call("post", "/vacancies/hr-open", keys.employer, json=document)

    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"title", "hours_max"} <= fields
    empty = call(
        "post", "/vacancies/hr-open", keys.employer, json={**document, "positionProfiles": []}
    )
    assert empty.status_code == 422


def test_only_employer_keys_create_from_a_position_opening(call, keys, world, taxonomy):
    vacancy = VacancyFactory(organisation=world.employer, skills=[(taxonomy.forklift, True, 3)])
    exported = call("get", f"/vacancies/{vacancy.pk}/hr-open", keys.employer).json()

    assert call("post", "/vacancies/hr-open", keys.coach, json=exported).status_code == 403
