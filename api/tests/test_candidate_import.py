"""A portfolio from another system (HR Open Candidate) into one's own portfolio, as a draft."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from api.factories import make_key, make_token
from api.models import ApiKey, Scope
from portal.audit.models import AuditEvent
from portal.organisations.models import Role
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import PortfolioConsent, PortfolioPage
from portfolios.services import (
    portfolio_draft,
    portfolio_language_set,
    portfolio_occupation_add,
    portfolio_publish,
)

UNKNOWN = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"


def _full_portfolio(jobseeker, taxonomy) -> PortfolioPage:
    portfolio = make_portfolio(
        jobseeker=jobseeker,
        skills={"heftruck rijden": 4, "orders verzamelen": 2},
        hours_min=24,
        hours_max=32,
        work_types=["paid_job", "learning_work"],
        max_travel_km=25,
        driving_licences=["B"],
    )
    portfolio_occupation_add(portfolio=portfolio, by=jobseeker, concept=taxonomy.occupation)
    portfolio_language_set(portfolio=portfolio, by=jobseeker, language="Nederlands", level="native")
    portfolio_language_set(portfolio=portfolio, by=jobseeker, language="Engels", level="good")
    return portfolio_publish(portfolio=portfolio, by=jobseeker)


def _revisions(portfolio: PortfolioPage) -> list[int]:
    return list(portfolio.revisions.order_by("pk").values_list("pk", flat=True))


def _document(skills: list[tuple[str, int]], **preferences) -> dict:
    return {
        "documentId": {"value": "elders:42", "schemeId": "elders"},
        "profiles": [
            {
                "employmentPreferences": preferences,
                "competencies": [
                    {
                        "competencyId": {"value": uri, "schemeId": "ESCO"},
                        "name": uri.rsplit("/", 1)[-1],
                        "proficiencyLevel": {"value": level, "minimumValue": 1, "maximumValue": 4},
                    }
                    for uri, level in skills
                ],
                "desiredPositions": [],
                "languages": [],
            }
        ],
    }


def test_export_then_import_into_an_empty_portfolio_then_export_gives_the_same_document(
    call, world, taxonomy
):
    _full_portfolio(world.jobseeker, taxonomy)
    exported = call("get", "/me/profile", make_token(user=world.jobseeker).plaintext).json()
    newcomer = make_token(user=world.other_jobseeker).plaintext

    response = call("post", "/me/profile/import", newcomer, json=exported)

    assert response.status_code == 200, response.content
    assert response.json()["skipped"] == []
    # A draft only: nothing to export until the person publishes it.
    assert call("get", "/me/profile", newcomer).status_code == 404
    portfolio = PortfolioPage.objects.get(jobseeker=world.other_jobseeker)
    portfolio_publish(portfolio=portfolio, by=world.other_jobseeker)
    again = call("get", "/me/profile", newcomer).json()
    assert again["profiles"] == exported["profiles"]
    assert again["documentId"] == {
        "value": f"portfolio:{portfolio.public_id}",
        "schemeId": "talentbrug",
    }


def test_importing_ones_own_export_gives_exactly_the_same_document(call, world, taxonomy):
    portfolio = _full_portfolio(world.jobseeker, taxonomy)
    token = make_token(user=world.jobseeker).plaintext
    exported = call("get", "/me/profile", token).json()

    assert call("post", "/me/profile/import", token, json=exported).status_code == 200
    portfolio_publish(portfolio=portfolio, by=world.jobseeker)

    assert call("get", "/me/profile", token).json() == exported


def test_an_import_is_a_draft_nothing_is_published_or_shared(call, world, taxonomy):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"heftruck rijden": 3})
    consent_before = PortfolioConsent.objects.filter(portfolio=portfolio).values().get()
    token = make_token(user=world.jobseeker).plaintext

    response = call(
        "post", "/me/profile/import", token, json=_document([(taxonomy.cleaning.uri, 3)])
    )

    assert response.status_code == 200
    assert response.json()["draft"] is True
    assert response.json()["review_url"].endswith(reverse("portfolio_edit_publish"))
    published = call("get", "/me/profile", token).json()["profiles"][0]["competencies"]
    assert [c["competencyId"]["value"] for c in published] == [skill_concept("heftruck rijden").uri]
    draft = portfolio_draft(portfolio)
    assert [skill.concept_id for skill in draft.skills.all()] == [taxonomy.cleaning.pk]
    assert PortfolioConsent.objects.filter(portfolio=portfolio).values().get() == consent_before
    assert AuditEvent.objects.filter(action="portfolio.import", actor=world.jobseeker).exists()


def test_unknown_uris_are_reported_not_dropped_in_silence(call, world, taxonomy):
    make_portfolio(jobseeker=world.jobseeker)
    document = _document([(taxonomy.forklift.uri, 3), (UNKNOWN, 2), (taxonomy.occupation.uri, 2)])
    document["profiles"][0]["desiredPositions"] = [{"value": UNKNOWN}]

    response = call(
        "post", "/me/profile/import", make_token(user=world.jobseeker).plaintext, json=document
    )

    body = response.json()
    assert response.status_code == 200
    assert body["skills"] == 1
    assert [(item["field"], item["uri"]) for item in body["skipped"]] == [
        ("profiles.0.competencies.1", UNKNOWN),
        ("profiles.0.competencies.2", taxonomy.occupation.uri),
        ("profiles.0.desiredPositions.0", UNKNOWN),
    ]
    assert body["skipped"][0]["reason"] == "We do not know this URI."


def test_a_document_naming_another_persons_portfolio_only_changes_ones_own(call, world, taxonomy):
    other = make_portfolio(jobseeker=world.other_jobseeker, skills={"heftruck rijden": 3})
    own = make_portfolio(jobseeker=world.jobseeker)
    other_before = _revisions(other)
    document = _document([(taxonomy.cleaning.uri, 4)])
    document["documentId"] = {"value": f"portfolio:{other.public_id}", "schemeId": "talentbrug"}

    response = call(
        "post", "/me/profile/import", make_token(user=world.jobseeker).plaintext, json=document
    )

    assert response.status_code == 200
    assert _revisions(other) == other_before
    assert [s.concept_id for s in portfolio_draft(own).skills.all()] == [taxonomy.cleaning.pk]


@pytest.mark.parametrize("role", ["coach", "employer"])
def test_an_organisations_key_never_imports_a_portfolio(call, world, taxonomy, role):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    before = _revisions(portfolio)
    organisation, member_role = {
        "coach": (world.training_centre, Role.COACH),
        "employer": (world.employer, Role.RECRUITER),
    }[role]
    new = make_key(organisation=organisation, role=member_role, by=world.network_admin)
    # Even a key that somehow holds the scope: only a personal token writes a portfolio.
    ApiKey.objects.filter(pk=new.key.pk).update(
        scopes=[*new.key.scopes, Scope.PORTFOLIO_WRITE.value]
    )

    response = call(
        "post", "/me/profile/import", new.plaintext, json=_document([(taxonomy.cleaning.uri, 4)])
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert _revisions(portfolio) == before


def test_a_token_without_the_write_scope_is_refused(call, world, taxonomy):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    before = _revisions(portfolio)
    token = make_token(user=world.jobseeker, scopes=[Scope.PORTFOLIO_READ]).plaintext

    response = call(
        "post", "/me/profile/import", token, json=_document([(taxonomy.cleaning.uri, 4)])
    )

    assert response.status_code == 403
    assert _revisions(portfolio) == before


def _bad(change):
    def make(taxonomy):
        document = _document([(taxonomy.forklift.uri, 3)])
        change(document["profiles"][0], document)
        return document

    return make


BAD_DOCUMENTS = {
    "level above 4": (
        _bad(lambda p, d: p["competencies"][0]["proficiencyLevel"].update(value=5)),
        "profiles.0.competencies.0.proficiencyLevel.value",
    ),
    "another level scale": (
        _bad(lambda p, d: p["competencies"][0]["proficiencyLevel"].update(maximumValue=5)),
        "profiles.0.competencies.0.proficiencyLevel.maximumValue",
    ),
    "no profile": (_bad(lambda p, d: d.update(profiles=[])), "profiles"),
    "two profiles": (_bad(lambda p, d: d.update(profiles=[p, p])), "profiles"),
    "uri with NUL": (
        _bad(lambda p, d: p["competencies"][0]["competencyId"].update(value="esco\x00")),
        "profiles.0.competencies.0.competencyId.value",
    ),
    "unknown work type": (
        _bad(lambda p, d: p["employmentPreferences"].update(offeringTypeCodes=["slavery"])),
        "profiles.0.employmentPreferences.offeringTypeCodes.0",
    ),
    "hours the wrong way round": (
        _bad(
            lambda p, d: p["employmentPreferences"].update(
                workingHours={"minimum": 40, "maximum": 8}
            )
        ),
        "profiles.0.employmentPreferences.workingHours",
    ),
    "too many skills": (
        _bad(lambda p, d: p.update(competencies=p["competencies"] * 301)),
        "profiles.0.competencies",
    ),
    "a language level we do not know": (
        _bad(lambda p, d: p.update(languages=[{"languageCode": "nl", "level": "C2"}])),
        "profiles.0.languages.0.level",
    ),
}


@pytest.mark.parametrize("name", BAD_DOCUMENTS)
def test_a_document_that_does_not_fit_is_a_422_that_writes_nothing(call, world, taxonomy, name):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"heftruck rijden": 3})
    before = _revisions(portfolio)
    make, field = BAD_DOCUMENTS[name]

    response = call(
        "post",
        "/me/profile/import",
        make_token(user=world.jobseeker).plaintext,
        json=make(taxonomy),
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert _revisions(portfolio) == before


def test_the_problem_is_told_in_dutch_when_asked(call, world, taxonomy):
    make_portfolio(jobseeker=world.jobseeker)
    document = _document([(taxonomy.forklift.uri, 9)])

    response = call(
        "post",
        "/me/profile/import",
        make_token(user=world.jobseeker).plaintext,
        json=document,
        headers={"Accept-Language": "nl"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "De hoogste waarde is 4."


def test_a_body_that_is_not_json_is_a_422(world):
    token = make_token(user=world.jobseeker).plaintext

    response = Client().post(
        "/api/v1/me/profile/import",
        b"{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_an_oversized_body_is_refused_and_writes_nothing(world, taxonomy, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    before = _revisions(portfolio)
    document = _document([(taxonomy.forklift.uri, 3)])
    document["profiles"][0]["competencies"][0]["name"] = "x" * 300
    document["padding"] = "y" * 20_000
    token = make_token(user=world.jobseeker).plaintext

    response = Client().post(
        "/api/v1/me/profile/import",
        json.dumps(document),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert _revisions(portfolio) == before


# --- On screen ---------------------------------------------------------------------------


def _upload(content: bytes) -> dict:
    return {"file": SimpleUploadedFile("portfolio.json", content, "application/json")}


def test_a_jobseeker_imports_a_file_on_screen_into_a_draft_and_sees_what_was_skipped(
    client, world, taxonomy
):
    portfolio = make_portfolio(jobseeker=world.jobseeker, skills={"heftruck rijden": 3})
    document = _document([(taxonomy.cleaning.uri, 3), (UNKNOWN, 2)])
    client.force_login(world.jobseeker)

    response = client.post(
        reverse("portfolio_import"),
        _upload(json.dumps(document).encode()),
        headers={"Accept-Language": "nl"},
    )

    assert response.status_code == 200
    assert UNKNOWN in response.content.decode()
    assert "Niet overgenomen" in response.content.decode()
    assert [s.concept_id for s in portfolio_draft(portfolio).skills.all()] == [taxonomy.cleaning.pk]
    live = PortfolioPage.objects.get(pk=portfolio.pk)
    assert [s.concept.uri for s in live.skills.all()] == [skill_concept("heftruck rijden").uri]


def test_a_bad_file_on_screen_says_what_is_wrong_and_writes_nothing(client, world, taxonomy):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    before = _revisions(portfolio)
    bad = copy.deepcopy(_document([(taxonomy.cleaning.uri, 7)]))
    client.force_login(world.jobseeker)

    for content in (b"\xff\xfe not json", json.dumps(bad).encode(), b"{" * 2_000_000):
        response = client.post(reverse("portfolio_import"), _upload(content))

        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert response.context["result"] is None
    assert _revisions(portfolio) == before


@pytest.mark.parametrize("role", ["coach", "recruiter"])
def test_only_a_jobseeker_has_the_import_screen(client, world, role):
    client.force_login(getattr(world, role))

    assert client.get(reverse("portfolio_import")).status_code == 403


def test_the_import_screen_asks_to_log_in(client, db):
    response = client.get(reverse("portfolio_import"))

    assert response.status_code == 302
    assert "login" in response["Location"] or "inloggen" in response["Location"]
