"""Proposing a person for a vacancy from the search screens: the explanation is kept as it was."""

import json

import pytest
from django.urls import reverse

from intermediaries.factories import make_proposal
from intermediaries.models import Proposal, ProposalState
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio, skill_concept
from portfolios.services import consent_set, consent_set_coach_approval
from search import indexing
from tests.conftest import World
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy, VacancyStatus

MOTIVATION = "Sanne rijdt al jaren heftruck en woont dichtbij."


@pytest.fixture
def pair(world: World):
    """Sanne's portfolio, shared with her coach's organisation, and an open vacancy."""
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3, "Engels": 1},
        audiences=("coach_organisation",),
        postcode="9671",
        hours_min=24,
        hours_max=32,
        work_types=["paid_job"],
    )
    vacancy = VacancyFactory(
        organisation=world.employer,
        open=True,
        title="Heftruckchauffeur",
        hours_min=20,
        hours_max=32,
        skills=[
            (skill_concept("heftruck rijden"), True, 3),
            (skill_concept("orderpicken"), True, 2),
            (skill_concept("Engels"), False, 2),
        ],
    )
    return portfolio, vacancy


def _url(portfolio, vacancy) -> str:
    return reverse("propose", args=[vacancy.pk, portfolio.public_id])


def test_coach_sees_why_the_person_fits_before_proposing(world, login, pair):
    portfolio, vacancy = pair
    response = login(world.coach).get(_url(portfolio, vacancy))
    assert response.status_code == 200
    text = response.content.decode()
    assert "heftruck rijden" in text
    assert "orderpicken: missing" in text
    assert response.context["match"].portfolio.name == "Sanne"


def test_proposal_keeps_the_explanation_as_json_with_labels_in_both_languages(world, login, pair):
    portfolio, vacancy = pair
    response = login(world.coach).post(_url(portfolio, vacancy), {"motivation": MOTIVATION})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "organisation_proposals", args=[world.training_centre.slug]
    )
    proposal = Proposal.objects.get(portfolio=portfolio, vacancy=vacancy)
    assert proposal.motivation == MOTIVATION
    assert proposal.organisation == world.training_centre
    stored = json.loads(json.dumps(proposal.explanation))
    assert stored == proposal.explanation
    skills = {skill["concept_id"]: skill for skill in stored["skills"]}
    forklift = skills[skill_concept("heftruck rijden").pk]
    assert forklift["labels"]["nl"] == "heftruck rijden"
    assert set(forklift["labels"]) == {"nl", "en"}
    assert (forklift["required"], forklift["need"], forklift["have"]) == (True, 3, 3)
    assert skills[skill_concept("orderpicken").pk]["have"] is None
    assert stored["hours_fit"] is True
    assert stored["score"] == sum(part["points"] for part in stored["parts"])
    assert stored["score"] == 10 + 3 + 3  # required met, hours fit, work type wished


def test_a_second_open_proposal_is_refused_and_the_motivation_stays(world, login, pair):
    portfolio, vacancy = pair
    make_proposal(coach=world.coach, portfolio=portfolio, vacancy=vacancy)
    response = login(world.coach).post(_url(portfolio, vacancy), {"motivation": MOTIVATION})
    assert response.status_code == 200
    text = response.content.decode()
    assert "already been proposed for this vacancy" in text
    assert MOTIVATION in text
    assert Proposal.objects.filter(portfolio=portfolio, vacancy=vacancy).count() == 1


def test_a_vacancy_closed_meanwhile_is_refused_with_the_services_message(world, login, pair):
    portfolio, vacancy = pair
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.CLOSED)
    response = login(world.coach).post(_url(portfolio, vacancy), {"motivation": MOTIVATION})
    assert response.status_code == 200
    assert "This vacancy is not open" in response.content.decode()
    assert MOTIVATION in response.content.decode()
    assert not Proposal.objects.exists()


def test_consent_withdrawn_meanwhile_refuses_and_shows_nothing_of_the_person(world, login, pair):
    portfolio, vacancy = pair
    consent_set(
        portfolio=portfolio, audience="coach_organisation", granted=False, by=world.jobseeker
    )
    response = login(world.coach).post(_url(portfolio, vacancy), {"motivation": MOTIVATION})
    assert response.status_code == 200
    assert "You may not see this portfolio" in response.content.decode()
    assert response.context["match"] is None  # no name, no chips of someone no longer shared
    assert not Proposal.objects.exists()


def test_an_empty_motivation_is_asked_for(world, login, pair):
    portfolio, vacancy = pair
    response = login(world.coach).post(_url(portfolio, vacancy), {"motivation": "  "})
    assert response.status_code == 200
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("role", ["training_staff", "recruiter", "jobseeker", "network_admin"])
def test_only_coaches_and_admins_may_propose(world, login, pair, role):
    portfolio, vacancy = pair
    client = login(world.user(role))
    assert client.get(_url(portfolio, vacancy)).status_code == 403
    assert client.post(_url(portfolio, vacancy), {"motivation": MOTIVATION}).status_code == 403
    assert not Proposal.objects.exists()


def test_a_portfolio_not_shared_with_the_coach_is_not_found(world, login, pair):
    portfolio, vacancy = pair
    assert login(world.other_coach).get(_url(portfolio, vacancy)).status_code == 404


def test_coach_of_two_organisations_chooses_for_which_one(world, login, pair):
    portfolio, vacancy = pair
    membership_create(user=world.coach, organisation=world.municipality, role=Role.COACH)
    client = login(world.coach)
    response = client.post(_url(portfolio, vacancy), {"motivation": MOTIVATION})
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    client.post(
        _url(portfolio, vacancy),
        {"motivation": MOTIVATION, "organisation": world.training_centre.pk},
    )
    assert Proposal.objects.get().organisation == world.training_centre


def test_search_rows_offer_propose_to_coaches_only(world, login, pair):
    portfolio, vacancy = pair
    indexing.rebuild()
    propose = _url(portfolio, vacancy)
    candidates = reverse("search_vacancy_candidates", args=[vacancy.pk])
    vacancies = reverse("search_candidate_vacancies", args=[portfolio.public_id])
    assert propose in login(world.coach).get(candidates).content.decode()
    assert propose in login(world.coach).get(vacancies).content.decode()
    assert propose not in login(world.training_staff).get(candidates).content.decode()


def test_a_withdrawn_proposal_does_not_block_a_new_one(world, login, pair):
    portfolio, vacancy = pair
    make_proposal(
        coach=world.coach, portfolio=portfolio, vacancy=vacancy, state=ProposalState.WITHDRAWN
    )
    response = login(world.coach).post(_url(portfolio, vacancy), {"motivation": MOTIVATION})
    assert response.status_code == 302
    assert Proposal.objects.filter(state=ProposalState.PROPOSED).count() == 1


def test_search_rows_mark_an_already_proposed_person_instead_of_offering_propose(
    world, login, pair
):
    portfolio, vacancy = pair
    make_proposal(coach=world.coach, portfolio=portfolio, vacancy=vacancy)
    indexing.rebuild()
    propose = _url(portfolio, vacancy)
    candidates = reverse("search_vacancy_candidates", args=[vacancy.pk])
    vacancies = reverse("search_candidate_vacancies", args=[portfolio.public_id])
    coach = login(world.coach)
    for page in (candidates, vacancies):
        html = coach.get(page).content.decode()
        assert "Already proposed for this vacancy" in html
        assert "Your organisation proposed this person. Status: Proposed." in html
        assert propose not in html


def test_a_coach_elsewhere_learns_only_that_another_organisation_proposed(world, login, pair):
    portfolio, vacancy = pair
    consent_set(portfolio=portfolio, audience="network", granted=True, by=world.jobseeker)
    make_proposal(coach=world.coach, portfolio=portfolio, vacancy=vacancy)
    indexing.rebuild()
    html = (
        login(world.other_coach)
        .get(reverse("search_vacancy_candidates", args=[vacancy.pk]))
        .content.decode()
    )
    assert "Another organisation proposed this person" in html
    assert "Status:" not in html
    assert _url(portfolio, vacancy) not in html


# --- From a free search result ------------------------------------------------------------


def _free_search(forklift_pk: int) -> str:
    return reverse("search_free") + f"?vaardigheid={forklift_pk}"


def _choose(portfolio) -> str:
    return reverse("propose_choose", args=[portfolio.public_id])


def test_a_free_search_result_offers_a_coach_to_propose_for_a_vacancy(world, login, pair):
    portfolio, _vacancy = pair
    indexing.rebuild()
    html = login(world.coach).get(_free_search(skill_concept("heftruck rijden").pk))
    assert _choose(portfolio) in html.content.decode()


def test_coach_chooses_a_vacancy_from_the_free_search_and_proposes(world, login, pair):
    portfolio, vacancy = pair
    indexing.rebuild()
    coach = login(world.coach)
    choice = coach.get(_choose(portfolio))
    assert choice.status_code == 200
    assert [row.vacancy.pk for row, _action in choice.context["rows"]] == [vacancy.pk]
    assert "Heftruckchauffeur" in choice.content.decode()

    chosen = coach.get(_choose(portfolio), {"vacature": vacancy.pk})
    assert chosen.status_code == 302
    assert chosen["Location"] == _url(portfolio, vacancy) + "?van=zoeken"
    page = coach.get(chosen["Location"])
    assert "orderpicken: missing" in page.content.decode()
    assert _choose(portfolio) in page.content.decode()  # the way back is to the choice

    done = coach.post(chosen["Location"], {"motivation": MOTIVATION})
    assert done.status_code == 302
    proposal = Proposal.objects.get(portfolio=portfolio, vacancy=vacancy)
    assert proposal.motivation == MOTIVATION
    assert proposal.explanation["score"] == 10 + 3 + 3


def test_from_the_free_search_a_vacancy_already_proposed_is_marked_not_offered(world, login, pair):
    portfolio, vacancy = pair
    make_proposal(coach=world.coach, portfolio=portfolio, vacancy=vacancy)
    indexing.rebuild()
    coach = login(world.coach)
    html = coach.get(_choose(portfolio)).content.decode()
    assert "Already proposed for this vacancy" in html
    assert f'name="vacature" value="{vacancy.pk}"' not in html
    refused = coach.get(_choose(portfolio), {"vacature": vacancy.pk})
    assert refused.status_code == 400
    assert "Choose a vacancy from the list." in refused.content.decode()


def test_from_the_free_search_a_vacancy_closed_meanwhile_is_refused(world, login, pair):
    portfolio, vacancy = pair
    indexing.rebuild()
    coach = login(world.coach)
    chosen = coach.get(_choose(portfolio), {"vacature": vacancy.pk})["Location"]
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.CLOSED)
    response = coach.post(chosen, {"motivation": MOTIVATION})
    assert response.status_code == 200
    assert "This vacancy is not open" in response.content.decode()
    assert MOTIVATION in response.content.decode()
    assert not Proposal.objects.exists()


def test_from_the_free_search_consent_withdrawn_meanwhile_is_refused(world, login, pair):
    portfolio, vacancy = pair
    indexing.rebuild()
    coach = login(world.coach)
    chosen = coach.get(_choose(portfolio), {"vacature": vacancy.pk})["Location"]
    consent_set(
        portfolio=portfolio, audience="coach_organisation", granted=False, by=world.jobseeker
    )
    response = coach.post(chosen, {"motivation": MOTIVATION})
    assert "You may not see this portfolio" in response.content.decode()
    assert coach.get(_choose(portfolio)).status_code == 404
    assert not Proposal.objects.exists()


def test_an_employer_searching_freely_cannot_propose(world, login, pair):
    portfolio, vacancy = pair
    consent_set(
        portfolio=portfolio, audience="employers_anonymous", granted=True, by=world.jobseeker
    )
    consent_set_coach_approval(portfolio=portfolio, approved=True, by=world.coach)
    indexing.rebuild()
    recruiter = login(world.recruiter)
    results = recruiter.get(_free_search(skill_concept("heftruck rijden").pk))
    assert results.status_code == 200
    assert len(results.context["results"].rows) == 1  # found, anonymised ...
    html = results.content.decode()
    assert _choose(portfolio) not in html  # ... but nothing to propose
    assert "Propose" not in html
    assert recruiter.get(_choose(portfolio)).status_code == 403
    assert recruiter.post(_url(portfolio, vacancy), {"motivation": MOTIVATION}).status_code == 403
    assert not Proposal.objects.exists()


def test_another_organisations_coach_cannot_propose_someone_not_shared_with_them(
    world, login, pair
):
    portfolio, vacancy = pair
    indexing.rebuild()
    other = login(world.other_coach)
    results = other.get(_free_search(skill_concept("heftruck rijden").pk))
    assert results.context["results"].rows == []
    assert other.get(_choose(portfolio)).status_code == 404
    assert other.get(_choose(portfolio), {"vacature": vacancy.pk}).status_code == 404
    response = other.post(_url(portfolio, vacancy) + "?van=zoeken", {"motivation": MOTIVATION})
    assert "You may not see this portfolio" in response.content.decode()
    assert not Proposal.objects.exists()
