"""What a key can do through the API, by the same rules as the screens."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey, KeyKind
from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState
from portal.audit.models import AuditEvent
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import organisation_create
from portfolios.factories import make_portfolio, skill_concept
from search import indexing
from search import selectors as search_selectors
from search.spec import CandidateFilters
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy


def _vacancy_body(taxonomy, **changes) -> dict:
    today = timezone.localdate()
    return {
        "title": "Magazijnmedewerker",
        "description": "Orders verzamelen in ons magazijn.",
        "work_type": "paid_job",
        "hours_min": 24,
        "hours_max": 32,
        "postcode": "9671 AB",
        "start_date": str(today + timedelta(days=14)),
        "closing_date": str(today + timedelta(days=40)),
        "places": 2,
        "occupation_uri": taxonomy.occupation.uri,
        "skills": [
            {"uri": taxonomy.forklift.uri, "required": True, "min_level": 3},
            {"label": "pick orders", "required": False},
        ],
        **changes,
    }


def test_employer_key_takes_a_vacancy_from_draft_to_open_to_closed(call, keys, taxonomy):
    created = call("post", "/vacancies", keys.employer, json=_vacancy_body(taxonomy))
    assert created.status_code == 201, created.json()
    vacancy = created.json()
    assert vacancy["status"] == "draft"
    assert {(s["uri"], s["required"], s["min_level"]) for s in vacancy["skills"]} == {
        (taxonomy.forklift.uri, True, 3),
        (taxonomy.order_picking.uri, False, 2),
    }

    changed = call("patch", f"/vacancies/{vacancy['id']}", keys.employer, json={"hours_max": 36})
    published = call("post", f"/vacancies/{vacancy['id']}/publish", keys.employer)
    closed = call("post", f"/vacancies/{vacancy['id']}/close", keys.employer, json={"filled": True})

    assert changed.json()["hours_max"] == 36
    assert published.json()["status"] == "open"
    assert closed.status_code == 200
    assert closed.json()["status"] in ("closed", "filled")
    listed = call("get", "/vacancies", keys.employer).json()["items"]
    assert [item["id"] for item in listed] == [vacancy["id"]]


def test_a_vacancy_states_its_musts_and_an_unknown_one_is_a_422(call, keys, taxonomy):
    musts = {"driving_licences": ["C"], "certificates": ["vca_basic"], "dutch_level": "B1"}
    created = call("post", "/vacancies", keys.employer, json=_vacancy_body(taxonomy, **musts))
    vacancy_id = created.json()["id"]
    cleared = call("patch", f"/vacancies/{vacancy_id}", keys.employer, json={"dutch_level": ""})
    unknown = call(
        "patch", f"/vacancies/{vacancy_id}", keys.employer, json={"certificates": ["diploma"]}
    )

    assert created.status_code == 201, created.json()
    assert {key: created.json()[key] for key in musts} == musts
    assert (cleared.json()["dutch_level"], cleared.json()["certificates"]) == ("", ["vca_basic"])
    assert unknown.status_code == 422
    assert Vacancy.objects.get(pk=vacancy_id).certificates == ["vca_basic"]


def test_publishing_an_incomplete_vacancy_says_what_is_missing(call, keys, taxonomy):
    draft = call(
        "post", "/vacancies", keys.employer, json={"title": "Hulp", "work_type": "paid_job"}
    )

    response = call("post", f"/vacancies/{draft.json()['id']}/publish", keys.employer)

    assert response.status_code == 422
    messages = [error["message"] for error in response.json()["errors"]]
    assert "Fill in the hours per week." in messages
    assert "Add at least one skill." in messages


def test_a_skill_label_that_names_no_skill_exactly_gets_suggestions(call, keys, taxonomy):
    body = _vacancy_body(taxonomy, skills=[{"label": "heftruk"}])

    response = call("post", "/vacancies", keys.employer, json=body)

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "skills.0.label"
    assert taxonomy.forklift.uri in error["message"]
    assert not Vacancy.objects.exists()


def test_a_repeated_create_with_the_same_idempotency_key_makes_one_vacancy(call, keys, taxonomy):
    body = _vacancy_body(taxonomy)
    headers = {"Idempotency-Key": "ats-123"}

    first = call("post", "/vacancies", keys.employer, json=body, headers=headers)
    again = call("post", "/vacancies", keys.employer, json=body, headers=headers)
    other = call(
        "post", "/vacancies", keys.employer, json={**body, "title": "Anders"}, headers=headers
    )

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 422
    assert Vacancy.objects.count() == 1


def test_employer_key_does_not_reach_another_employers_vacancy(call, keys, world):
    other = organisation_create(
        name="Bakkerij Bol", kind=OrganisationKind.EMPLOYER, status=OrganisationStatus.APPROVED
    )
    draft = VacancyFactory(organisation=other)

    assert call("get", f"/vacancies/{draft.pk}", keys.employer).status_code == 404
    assert (
        call("patch", f"/vacancies/{draft.pk}", keys.employer, json={"title": "x"}).status_code
        == 404
    )
    assert call("post", f"/vacancies/{draft.pk}/close", keys.employer).status_code == 404


def test_coach_key_reads_the_networks_open_vacancies_but_makes_none(
    call, keys, own_vacancy, taxonomy
):
    network = call("get", "/vacancies/network", keys.coach).json()["items"]
    create = call("post", "/vacancies", keys.coach, json=_vacancy_body(taxonomy))

    assert [item["id"] for item in network] == [own_vacancy.pk]
    assert create.status_code == 403


def test_coach_key_gets_candidates_explained_and_anonymised_as_on_screen(call, keys, world):
    make_portfolio(
        jobseeker=world.jobseeker, skills={"heftruck rijden": 3}, audiences=("coach_organisation",)
    )
    make_portfolio(
        jobseeker=world.other_jobseeker, skills={"heftruck rijden": 2}, audiences=("network",)
    )
    vacancy = VacancyFactory(
        organisation=world.employer, open=True, skills=[skill_concept("heftruck rijden")]
    )
    indexing.rebuild()

    response = call("get", f"/vacancies/{vacancy.pk}/candidates", keys.coach)

    assert response.status_code == 200
    items = response.json()["items"]
    key_account = ApiKey.objects.get(prefix=keys.coach.split("_")[1]).user
    screen = search_selectors.candidate_results(
        user=key_account, vacancy=vacancy, filters=CandidateFilters()
    )
    assert [(i["name"], i["region"], i["explanation"]["score"]) for i in items] == [
        (row.name, row.region, row.score) for row in screen.rows
    ]
    assert len(items) == 2
    assert items[0]["explanation"]["skills"][0]["label"] == "heftruck rijden"
    assert call("get", f"/vacancies/{vacancy.pk}/candidates", keys.employer).status_code == 403
    # One at a time, the same two in the same order; the cursor is this vacancy's only.
    first = call("get", f"/vacancies/{vacancy.pk}/candidates", keys.coach, limit=1).json()
    path = f"/vacancies/{vacancy.pk}/candidates"
    second = call("get", path, keys.coach, limit=5, cursor=first["next_cursor"]).json()
    assert [i["name"] for i in first["items"] + second["items"]] == [i["name"] for i in items]
    assert second["next_cursor"] is None
    other = VacancyFactory(
        organisation=world.employer, open=True, skills=[vacancy.skills.first().concept]
    )
    borrowed = call(
        "get", f"/vacancies/{other.pk}/candidates", keys.coach, cursor=first["next_cursor"]
    )
    assert borrowed.status_code == 400


def test_each_side_sees_the_steps_it_may_take_on_a_proposal(call, keys, world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    proposal = make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
        state=ProposalState.JOBSEEKER_AGREED,
    )

    employer = call("get", f"/proposals/{proposal.pk}", keys.employer).json()
    coach = call("get", "/proposals", keys.coach).json()["items"]
    other = call("get", f"/proposals/{proposal.pk}", keys.other_coach)

    assert employer["allowed_actions"] == ["employer_interested", "employer_decline"]
    assert [item["allowed_actions"] for item in coach] == [["withdraw"]]
    assert other.status_code == 404


def test_employer_key_moves_a_proposal_and_the_wrong_side_is_refused(call, keys, world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    proposal = make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
        state=ProposalState.JOBSEEKER_AGREED,
    )
    path = f"/proposals/{proposal.pk}/transitions"

    refused = call("post", path, keys.coach, json={"action": "employer_interested"})
    moved = call(
        "post", path, keys.employer, json={"action": "employer_interested", "note": "Graag"}
    )
    again = call("post", path, keys.employer, json={"action": "employer_interested"})

    assert refused.status_code == 403
    assert moved.json()["state"] == "employer_interested"
    assert again.status_code == 422
    assert AuditEvent.objects.filter(action="proposal.employer_interested").count() == 1


def test_personal_token_reads_and_exports_only_its_owners_data(call, keys, world):
    make_portfolio(jobseeker=world.jobseeker, headline="Ik help graag")

    portfolio = call("get", "/me/portfolio", keys.jobseeker)
    export = call("get", "/me/export", keys.jobseeker)

    assert portfolio.status_code == 200
    assert export.json()["account"]["email"] == world.jobseeker.email
    assert AuditEvent.objects.filter(action="data.export", subject=world.jobseeker).exists()
    assert call("get", "/me/portfolio", keys.employer).status_code == 403
    assert call("get", "/vacancies", keys.jobseeker).status_code == 403


def test_taxonomy_search_and_lookup_by_esco_uri(call, keys, taxonomy):
    hits = call("get", "/taxonomy/concepts", keys.coach, q="heftruk", type="skill").json()["items"]
    concept = call("get", "/taxonomy/concepts/by-uri", keys.coach, uri=taxonomy.forklift.uri).json()
    unknown = call(
        "get", "/taxonomy/concepts/by-uri", keys.coach, uri="http://data.europa.eu/esco/x"
    )

    assert hits[0]["uri"] == taxonomy.forklift.uri
    assert concept["labels"] == {"nl": "heftruck besturen", "en": "operate forklift"}
    assert unknown.status_code == 404


# --- The key screens ---------------------------------------------------------------------


def test_organisation_admin_makes_a_key_that_is_shown_once_and_then_revokes_it(login, world, call):
    client = login(world.organisation_admin)
    url = reverse("api_key_create", args=[world.training_centre.slug])
    expires = timezone.localdate() + timedelta(days=30)

    response = client.post(
        url,
        {
            "name": "Ons volgsysteem",
            "role": Role.COACH,
            "scopes": ["proposals:read"],
            "expires_on": expires.isoformat(),
        },
    )

    assert response.status_code == 200
    plaintext = response.context["new"].plaintext
    assert plaintext in response.content.decode()
    assert call("get", "/proposals", plaintext).status_code == 200
    listing = client.get(
        reverse("api_key_list", args=[world.training_centre.slug])
    ).content.decode()
    assert "Ons volgsysteem" in listing
    assert plaintext not in listing

    key = ApiKey.objects.get(name="Ons volgsysteem")
    client.post(reverse("api_key_revoke", args=[world.training_centre.slug, key.pk]))

    assert call("get", "/proposals", plaintext).status_code == 401
    assert not key.user.memberships.filter(is_active=True).exists()


def test_a_key_cannot_be_made_with_a_role_that_manages_members(login, world):
    client = login(world.organisation_admin)
    expires = timezone.localdate() + timedelta(days=30)

    response = client.post(
        reverse("api_key_create", args=[world.training_centre.slug]),
        {
            "name": "x",
            "role": Role.ORGANISATION_ADMIN,
            "scopes": ["proposals:read"],
            "expires_on": expires.isoformat(),
        },
    )

    assert "role" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_coaches_and_other_organisations_admins_get_no_key_screens(login, world):
    url = reverse("api_key_list", args=[world.training_centre.slug])

    assert login(world.coach).get(url).status_code == 404
    assert login(world.recruiter).get(url).status_code == 404


def test_jobseeker_makes_a_personal_token(login, world):
    client = login(world.jobseeker)
    expires = timezone.localdate() + timedelta(days=30)

    response = client.post(
        reverse("api_token_create"),
        {
            "name": "Mijn app",
            "scopes": ["portfolio:read"],
            "expires_on": expires.isoformat(),
        },
    )

    assert response.status_code == 200
    assert ApiKey.objects.get(kind=KeyKind.PERSONAL).user == world.jobseeker
    assert login(world.coach).get(reverse("api_token_list")).status_code == 403


def test_the_network_search_costs_one_query_however_full_the_page(
    call, keys, world, django_assert_num_queries
):
    skills = [skill_concept("heftruck rijden"), skill_concept("orders verzamelen")]
    for number in range(6):
        VacancyFactory(organisation=world.employer, open=True, skills=skills[: 1 + number % 2])
    call("get", "/vacancies/network", keys.coach)  # the key is read, its last use noted

    # The page, with the policy and the skills of every vacancy on it inside; the key
    # was read by the call before.
    with django_assert_num_queries(1):
        response = call("get", "/vacancies/network", keys.coach, limit=25)

    items = response.json()["items"]
    assert len(items) == 6
    assert [len(item["skills"]) for item in items] == [2, 1, 2, 1, 2, 1]
    assert items[0]["skills"][0] == {
        "uri": skills[0].uri,
        "label": "heftruck rijden",
        "required": True,
        "min_level": 2,
    }
