"""Every API operation × key (role, organisation, state) × scope, spelled out.

Each row names what each key gets with the scope the operation needs; a key of the same
kind holding every scope but that one gets 403; revoked, expired and missing keys 401.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from api.factories import make_key, make_token
from api.models import ORGANISATION_SCOPES, PERSONAL_SCOPES, Scope
from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import organisation_create
from portfolios.factories import make_portfolio, skill_concept
from socialreturn.factories import make_obligation
from vacancies.factories import VacancyFactory

# Keys in the order they call: the one expected to change something comes last, so the
# refusals before it meet the object unchanged.
KEYS = (
    "none",
    "revoked",
    "expired",
    "jobseeker",
    "other_coach",
    "other_employer",
    "coach",
    "employer",
)


@dataclass
class Objects:
    draft: int
    open: int
    proposal: int
    uri: str
    obligation: int


@dataclass(frozen=True)
class Op:
    name: str
    method: str
    path: str  # formatted with Objects
    scope: Scope | None  # None: public, no key needed
    expect: dict[str, int]
    body: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    upload: bytes | None = None  # sent as the multipart field `file`


def org(employer=None, coach=None, other_coach=None, other_employer=None, jobseeker=403):
    """What each key gets; revoked, expired and missing keys always 401."""
    return {
        "none": 401,
        "revoked": 401,
        "expired": 401,
        "jobseeker": jobseeker,
        "employer": employer,
        "coach": coach,
        "other_coach": other_coach,
        "other_employer": other_employer,
    }


def everyone(status):
    return org(status, status, status, status, jobseeker=status)


OPERATIONS = [
    Op(
        "concept_search",
        "get",
        "/taxonomy/concepts",
        Scope.TAXONOMY_READ,
        everyone(200),
        query={"q": "heftruck"},
    ),
    Op(
        "concept_by_uri",
        "get",
        "/taxonomy/concepts/by-uri",
        Scope.TAXONOMY_READ,
        everyone(200),
        query={"uri": "{uri}"},
    ),
    Op("vacancy_list", "get", "/vacancies", Scope.VACANCIES_READ, org(200, 200, 200, 200)),
    Op(
        "vacancy_network",
        "get",
        "/vacancies/network",
        Scope.VACANCIES_READ,
        org(200, 200, 200, 200),
    ),
    Op(
        "vacancy_detail (draft)",
        "get",
        "/vacancies/{draft}",
        Scope.VACANCIES_READ,
        org(200, 404, 404, 404),
    ),
    Op(
        "vacancy_detail (open)",
        "get",
        "/vacancies/{open}",
        Scope.VACANCIES_READ,
        org(200, 200, 200, 404),
    ),
    Op(
        "vacancy_create",
        "post",
        "/vacancies",
        Scope.VACANCIES_WRITE,
        org(201, 403, 403, 201),
        body={"title": "Hulp in de keuken", "work_type": "paid_job"},
    ),
    Op(
        "vacancy_create_hr_open",
        "post",
        "/vacancies/hr-open",
        Scope.VACANCIES_WRITE,
        org(201, 403, 403, 201),
        body={
            "documentId": {"value": "ats:7"},
            "positionOpeningStatusCode": "Active",
            "postingInstructions": [],
            "positionProfiles": [
                {
                    "positionTitle": "Hulp in de keuken",
                    "positionFormattedDescriptions": [],
                    "positionLocations": [],
                    "positionOfferingTypeCodes": ["paid_job"],
                    "workingHours": {},
                    "jobCategories": [],
                    "positionCompetencies": [],
                    "positionPeriod": {},
                    "numberToFill": 1,
                }
            ],
        },
    ),
    Op(
        "vacancy_import (dry run)",
        "post",
        "/vacancies/import",
        Scope.VACANCIES_WRITE,
        org(200, 403, 403, 200),
        upload=b"title;work_type\nHulp in de keuken;paid_job\n",
    ),
    Op(
        "vacancy_hr_open (draft)",
        "get",
        "/vacancies/{draft}/hr-open",
        Scope.VACANCIES_READ,
        org(200, 404, 404, 404),
    ),
    Op(
        "vacancy_update",
        "patch",
        "/vacancies/{draft}",
        Scope.VACANCIES_WRITE,
        org(200, 404, 404, 404),
        body={"title": "Nieuwe titel"},
    ),
    Op(
        "vacancy_publish",
        "post",
        "/vacancies/{draft}/publish",
        Scope.VACANCIES_WRITE,
        org(200, 404, 404, 404),
    ),
    Op(
        "vacancy_close",
        "post",
        "/vacancies/{open}/close",
        Scope.VACANCIES_WRITE,
        org(200, 404, 404, 404),
    ),
    Op(
        "vacancy_candidates",
        "get",
        "/vacancies/{open}/candidates",
        Scope.CANDIDATES_READ,
        org(403, 200, 200, 403),
    ),
    Op(
        "candidate_search",
        "get",
        "/candidates/search",
        Scope.CANDIDATES_READ,
        org(200, 200, 200, 200),
        query={"skill": "{uri}"},
    ),
    Op(
        "profiles_export",
        "get",
        "/profiles/export",
        Scope.CANDIDATES_READ,
        org(403, 200, 200, 403),
    ),
    Op(
        "obligation_list",
        "get",
        "/socialreturn/obligations",
        Scope.SOCIALRETURN_READ,
        org(200, 200, 200, 200),
    ),
    Op(
        "obligation_contributions",
        "get",
        "/socialreturn/obligations/{obligation}/contributions",
        Scope.SOCIALRETURN_READ,
        org(200, 404, 200, 404),
    ),
    Op("proposal_list", "get", "/proposals", Scope.PROPOSALS_READ, org(200, 200, 200, 200)),
    Op(
        "proposal_detail",
        "get",
        "/proposals/{proposal}",
        Scope.PROPOSALS_READ,
        org(200, 200, 404, 404),
    ),
    Op(
        "proposal_process",
        "get",
        "/proposals/{proposal}/process",
        Scope.PROPOSALS_READ,
        org(200, 200, 404, 404),
    ),
    Op(
        "proposal_transition (employer step)",
        "post",
        "/proposals/{proposal}/transitions",
        Scope.PROPOSALS_WRITE,
        org(200, 403, 404, 404),
        body={"action": "employer_interested"},
    ),
    Op(
        "proposal_transition (coach step)",
        "post",
        "/proposals/{proposal}/transitions",
        Scope.PROPOSALS_WRITE,
        org(403, 200, 404, 404),
        body={"action": "withdraw"},
    ),
    Op(
        "my_portfolio",
        "get",
        "/me/portfolio",
        Scope.PORTFOLIO_READ,
        org(403, 403, 403, 403, jobseeker=200),
    ),
    Op(
        "my_profile (HR Open candidate)",
        "get",
        "/me/profile",
        Scope.PORTFOLIO_READ,
        org(403, 403, 403, 403, jobseeker=200),
    ),
    Op(
        "my_profile_import (HR Open candidate)",
        "post",
        "/me/profile/import",
        Scope.PORTFOLIO_WRITE,
        org(403, 403, 403, 403, jobseeker=200),
        body={"profiles": [{"languages": [{"languageCode": "Nederlands", "level": "native"}]}]},
    ),
    Op(
        "exchange_schema (public)",
        "get",
        "/exchange/schemas/candidate.json",
        None,
        dict.fromkeys(KEYS, 200),
    ),
    Op(
        "my_export",
        "get",
        "/me/export",
        Scope.PORTFOLIO_EXPORT,
        org(403, 403, 403, 403, jobseeker=200),
    ),
]

# Listing answers 200 to everyone allowed; who finds the object in it is the point.
SEES_IN_LIST = {
    "vacancy_list": ("open", {"employer"}),
    "proposal_list": ("proposal", {"employer", "coach"}),
    "obligation_list": ("obligation", {"employer", "other_coach"}),
}


@pytest.fixture
def objects(world, taxonomy) -> Objects:
    skill = skill_concept("heftruck rijden")
    portfolio = make_portfolio(
        jobseeker=world.jobseeker, skills={"heftruck rijden": 3}, audiences=("coach_organisation",)
    )
    open_vacancy = VacancyFactory(organisation=world.employer, open=True, skills=[skill])
    proposal = make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=open_vacancy,
        state=ProposalState.JOBSEEKER_AGREED,
    )
    return Objects(
        draft=VacancyFactory(organisation=world.employer, skills=[skill]).pk,
        open=open_vacancy.pk,
        proposal=proposal.pk,
        uri=taxonomy.forklift.uri,
        # The municipality asks social return of the employer.
        obligation=make_obligation(
            authority=world.municipality, supplier=world.employer, by=world.other_coach
        ).pk,
    )


def _keys(world, scopes_without: Scope | None = None) -> dict[str, str]:
    def org_scopes():
        return [s for s in ORGANISATION_SCOPES if s != scopes_without]

    other_employer = organisation_create(
        name=f"Bakkerij Bol {scopes_without or ''}",
        kind=OrganisationKind.EMPLOYER,
        status=OrganisationStatus.APPROVED,
    )
    by = world.network_admin
    keys = {
        "employer": make_key(
            organisation=world.employer, role=Role.RECRUITER, by=by, scopes=org_scopes()
        ),
        "coach": make_key(
            organisation=world.training_centre, role=Role.COACH, by=by, scopes=org_scopes()
        ),
        "other_coach": make_key(
            organisation=world.municipality, role=Role.COACH, by=by, scopes=org_scopes()
        ),
        "other_employer": make_key(
            organisation=other_employer, role=Role.RECRUITER, by=by, scopes=org_scopes()
        ),
        "jobseeker": make_token(
            user=world.jobseeker, scopes=[s for s in PERSONAL_SCOPES if s != scopes_without]
        ),
        "revoked": make_key(
            organisation=world.employer, role=Role.RECRUITER, by=by, state="revoked"
        ),
        "expired": make_key(
            organisation=world.employer, role=Role.RECRUITER, by=by, state="expired"
        ),
    }
    return {name: new.plaintext for name, new in keys.items()}


def _ask(call, op: Op, objects: Objects, key: str | None):
    path = op.path.format(**objects.__dict__)
    query = {name: value.format(**objects.__dict__) for name, value in op.query.items()}
    if op.method == "get":
        return call("get", path, key, **query)
    if op.upload is not None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        upload = SimpleUploadedFile("vacatures.csv", op.upload)
        return Client(headers=headers).post(f"/api/v1{path}", {"file": upload})
    return call(op.method, path, key, json=op.body)


@pytest.mark.parametrize("op", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_each_key_gets_what_its_role_organisation_and_state_allow(op: Op, world, objects, call):
    keys = _keys(world)
    got, seen = {}, set()
    for name in KEYS:
        response = _ask(call, op, objects, keys.get(name))
        got[name] = response.status_code
        if op.name in SEES_IN_LIST and response.status_code == 200:
            attribute, _who = SEES_IN_LIST[op.name]
            if getattr(objects, attribute) in {item["id"] for item in response.json()["items"]}:
                seen.add(name)

    assert got == op.expect
    if op.name in SEES_IN_LIST:
        assert seen == SEES_IN_LIST[op.name][1]


SCOPED = [op for op in OPERATIONS if op.scope is not None]


@pytest.mark.parametrize("op", SCOPED, ids=[op.name for op in SCOPED])
def test_a_key_without_the_operations_scope_is_refused(op: Op, world, objects, call):
    keys = _keys(world, scopes_without=op.scope)

    got = {name: _ask(call, op, objects, keys[name]).status_code for name in KEYS if name in keys}

    allowed = {name for name, status in op.expect.items() if status not in (401, 403)}
    assert {name: got[name] for name in allowed} == dict.fromkeys(allowed, 403)
