"""The intermediary's search screens: who may search, what a row shows, and what it never shows."""

import re

import pytest
from django.urls import reverse

from portal import geo
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import PortfolioConsent, PortfolioSkill
from search import indexing, selectors
from search.backends.elasticsearch import ElasticsearchBackend
from search.builders import portfolio_documents
from search.spec import CandidateFilters
from tests.conftest import World, make_user
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy, VacancyStatus

WINSCHOTEN, VEENDAM, GRONINGEN = "9671", "9641", "9711"


def _where(pc4: str) -> dict:
    place = geo.locate(pc4)
    return {"postcode": pc4, "latitude": place.latitude, "longitude": place.longitude}


def _jobseeker(world: World, first_name: str, organisation=None):
    person = make_user(f"{first_name.lower()}@example.nl", first_name, last_name="Jansen")
    membership_create(
        user=person, organisation=organisation or world.training_centre, role=Role.JOBSEEKER
    )
    return person


def _portfolio(jobseeker, skills, *, audiences=("coach_organisation",), pc4=WINSCHOTEN, **wishes):
    fields = {
        "max_travel_km": 50,
        "hours_min": 24,
        "hours_max": 32,
        "work_types": ["paid_job"],
        **_where(pc4),
        **wishes,
    }
    return make_portfolio(jobseeker=jobseeker, skills=skills, audiences=audiences, **fields)


def _vacancy(world: World, **fields) -> Vacancy:
    skills = [
        (skill_concept("heftruck rijden"), True, 3),
        (skill_concept("orderpicken"), True, 2),
        (skill_concept("Engels"), False, 2),
    ]
    return VacancyFactory(
        organisation=world.employer,
        open=True,
        skills=skills,
        **{"title": "Heftruckchauffeur", **_where(GRONINGEN), **fields},
    )


def _candidates_url(vacancy: Vacancy, query: str = "") -> str:
    return reverse("search_vacancy_candidates", args=[vacancy.pk]) + query


def _rows(response) -> list:
    return response.context["results"].rows


@pytest.fixture
def three_candidates(world: World):
    """Sanne meets every required skill, Bram is below level on one, Fleur misses one."""
    _portfolio(world.jobseeker, {"heftruck rijden": 3, "orderpicken": 2, "Engels": 2})
    _portfolio(
        _jobseeker(world, "Bram"),
        {"heftruck rijden": 2, "orderpicken": 3},
        pc4=VEENDAM,
        driving_licences=["B", "C"],
    )
    _portfolio(_jobseeker(world, "Fleur"), {"orderpicken": 2}, pc4=GRONINGEN, max_travel_km=5)
    vacancy = _vacancy(world)
    indexing.rebuild()
    return vacancy


def test_coach_sees_candidates_ranked_with_explaining_chips(world, login, three_candidates):
    response = login(world.coach).get(_candidates_url(three_candidates))

    assert response.status_code == 200
    rows = _rows(response)
    assert [row.name for row in rows] == ["Sanne", "Bram Jansen", "Fleur Jansen"]
    assert [row.rank for row in rows] == [1, 2, 3]
    assert rows[0].score > rows[1].score > rows[2].score
    for row in rows:
        assert row.score == sum(part.points for part in row.explanation.parts)
    text = _text(response)
    assert "heftruck rijden: have 2, need 3" in text
    assert "heftruck rijden: missing" in text
    assert "Engels: nice to have" in text
    assert re.search(r"\d+ km — within 50 km", text)
    assert f"Score {rows[0].score}: how it adds up" in text


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(
        " :", ":"
    )


def test_distance_beyond_the_persons_reach_is_shown_as_such(world, login, three_candidates):
    # Fleur lives in Groningen and travels 5 km; this vacancy is in Winschoten.
    vacancy = _vacancy(world, **_where(WINSCHOTEN))
    indexing.rebuild()
    client = login(world.coach)

    respected = client.get(_candidates_url(vacancy))
    widened = client.get(_candidates_url(vacancy, "?ruimer=afstand"))

    assert "Fleur Jansen" not in [row.name for row in _rows(respected)]
    assert [row.name for row in _rows(widened)][-1] == "Fleur Jansen"
    assert re.search(r"\d+ km — beyond 5 km", _text(widened))
    assert "Near misses" in _text(widened)
    assert "Misses: work within their own travel distance" in _text(widened)


def test_only_complete_matches_leaves_out_candidates_with_gaps(world, login, three_candidates):
    response = login(world.coach).get(_candidates_url(three_candidates, "?compleet=on"))

    assert [row.name for row in _rows(response)] == ["Sanne"]
    assert response.context["results"].total == 1


def test_facet_filter_narrows_results_and_shows_counts(world, login, three_candidates):
    client = login(world.coach)
    response = client.get(_candidates_url(three_candidates))
    licences = {o.key: o.count for o in response.context["results"].facets["driving_licences"]}
    assert licences == {"B": 1, "C": 1}
    assert 'name="rijbewijs" value="C"' in response.content.decode()

    response = client.get(_candidates_url(three_candidates, "?rijbewijs=C"))

    assert [row.name for row in _rows(response)] == ["Bram Jansen"]
    chosen = [o for o in response.context["results"].facets["driving_licences"] if o.selected]
    assert [o.key for o in chosen] == ["C"]


def test_free_text_adds_to_the_score_and_says_words_found(world, login, three_candidates):
    response = login(world.coach).get(_candidates_url(three_candidates, "?tekst=handen"))

    rows = _rows(response)
    assert all(row.explanation.words_found for row in rows)  # "Ik werk graag met mijn handen"
    assert "Words found" in _text(response)


def test_staff_assessed_level_counts_and_is_noted(world, login, three_candidates):
    PortfolioSkill.objects.filter(
        page__jobseeker__first_name="Bram", concept__preferred_labels__nl="heftruck rijden"
    ).update(staff_level=3)
    indexing.rebuild()

    response = login(world.coach).get(_candidates_url(three_candidates))

    bram = next(row for row in _rows(response) if row.name == "Bram Jansen")
    assert bram.assessed_by_staff and bram.explanation.complete
    assert "level set by staff" in _text(response)


def test_bad_input_is_explained_and_kept_while_the_rest_still_counts(
    world, login, three_candidates
):
    response = login(world.coach).get(
        _candidates_url(three_candidates, "?straal=ver&rijbewijs=C&vaardigheid=999999")
    )

    assert response.status_code == 200
    text = _text(response)
    assert "Fill in a whole number of kilometres, from 1 to 200." in text
    assert "Choose skills of this vacancy." in text
    assert 'value="ver"' in response.content.decode()
    assert [row.name for row in _rows(response)] == ["Bram Jansen"]


def test_candidate_seen_through_employer_sharing_is_anonymised(world, login):
    # A coach who is also a recruiter sees Mehmet only as an employer would: no name.
    membership_create(user=world.coach, organisation=world.employer, role=Role.RECRUITER)
    _portfolio(
        world.other_jobseeker,
        {"heftruck rijden": 3},
        audiences=("employers_anonymous",),
        coach=world.other_coach,
    )
    vacancy = _vacancy(world)
    indexing.rebuild()

    response = login(world.coach).get(_candidates_url(vacancy))

    [row] = _rows(response)
    assert row.name == "" and row.region == "Groningen"
    content = response.content.decode()
    assert "Mehmet" not in content and world.other_jobseeker.email not in content
    assert f"Candidate {str(row.public_id)[:8]}" in _text(response)
    assert "anonymised" in _text(response)


def test_candidate_shared_with_employers_by_name_shows_the_name(world, login):
    membership_create(user=world.coach, organisation=world.employer, role=Role.RECRUITER)
    _portfolio(
        world.other_jobseeker,
        {"heftruck rijden": 3},
        audiences=("employers_named",),
        coach=world.other_coach,
    )
    vacancy = _vacancy(world)
    indexing.rebuild()

    response = login(world.coach).get(_candidates_url(vacancy))

    assert [row.name for row in _rows(response)] == ["Mehmet"]


def test_coach_of_another_organisation_never_finds_the_portfolio(world, login, three_candidates):
    response = login(world.other_coach).get(_candidates_url(three_candidates))

    results = response.context["results"]
    assert results.rows == [] and results.total == 0
    assert not any(option.count for options in results.facets.values() for option in options)
    assert "Sanne" not in response.content.decode()


def test_withdrawn_portfolio_still_in_the_index_is_left_off_the_page(
    world, login, three_candidates
):
    # Withdrawn in the database only: the index has not caught up yet.
    PortfolioConsent.objects.filter(portfolio__jobseeker=world.jobseeker).update(
        coach_organisation=False
    )

    response = login(world.coach).get(_candidates_url(three_candidates))

    assert [row.name for row in _rows(response)] == ["Bram Jansen", "Fleur Jansen"]
    assert [row.rank for row in _rows(response)] == [1, 2]
    assert "Sanne" not in response.content.decode()


def test_results_come_in_pages_and_a_page_too_far_shows_the_last(world, login, three_candidates):
    def page(number: int) -> selectors.Results:
        return selectors.candidate_results(
            user=world.coach,
            vacancy=three_candidates,
            filters=CandidateFilters(),
            page=number,
            page_size=2,
        )

    first, second, beyond = page(1), page(2), page(9)

    assert [row.name for row in first.rows] == ["Sanne", "Bram Jansen"] and first.has_next
    assert [row.rank for row in second.rows] == [3] and second.has_previous
    assert beyond.page == 2 and [row.name for row in beyond.rows] == ["Fleur Jansen"]


def test_page_links_keep_the_filters(world, login, three_candidates):
    for n in range(20):
        _portfolio(_jobseeker(world, f"Extra{n}"), {"orderpicken": 1})
    indexing.rebuild()

    response = login(world.coach).get(_candidates_url(three_candidates, "?straal=100"))

    assert 'href="?straal=100&amp;pagina=2"' in response.content.decode()
    assert len(_rows(response)) == 20


def test_unavailable_engine_is_explained_and_the_vacancy_still_shows(
    world, login, three_candidates, monkeypatch, settings
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    monkeypatch.setattr(selectors, "get_backend", ElasticsearchBackend)

    response = login(world.coach).get(_candidates_url(three_candidates))

    assert response.status_code == 200
    assert response.context["results"].unavailable
    text = _text(response)
    assert "Search does not work right now" in text
    assert "Heftruckchauffeur" in text and "heftruck rijden (level 3)" in text


@pytest.mark.parametrize("role", ["jobseeker", "recruiter", "network_admin"])
def test_only_intermediary_staff_search_candidates(world, login, three_candidates, role):
    response = login(world.user(role)).get(_candidates_url(three_candidates))

    assert response.status_code == 403


def test_no_candidate_search_for_a_vacancy_that_is_not_open(world, login, three_candidates):
    Vacancy.objects.filter(pk=three_candidates.pk).update(status=VacancyStatus.DRAFT)

    response = login(world.coach).get(_candidates_url(three_candidates))

    assert response.status_code == 404


# --- Vacancies for a candidate ------------------------------------------------------------


def _vacancies_url(portfolio, query: str = "") -> str:
    return reverse("search_candidate_vacancies", args=[portfolio.public_id]) + query


@pytest.fixture
def sanne_and_two_vacancies(world: World):
    portfolio = _portfolio(world.jobseeker, {"heftruck rijden": 3, "orderpicken": 2})
    near = _vacancy(world, title="Heftruck in Winschoten", **_where(WINSCHOTEN))
    far = VacancyFactory(
        organisation=world.employer,
        open=True,
        title="Schoonmaker",
        work_type="volunteering",
        skills=[(skill_concept("schoonmaken"), True, 2)],
        **_where(GRONINGEN),
    )
    indexing.rebuild()
    return portfolio, near, far


def test_coach_sees_vacancies_ranked_for_a_candidate(world, login, sanne_and_two_vacancies):
    portfolio, near, far = sanne_and_two_vacancies

    response = login(world.coach).get(_vacancies_url(portfolio))

    assert response.status_code == 200
    rows = _rows(response)
    assert [row.vacancy for row in rows] == [near, far]
    text = _text(response)
    assert "Vacancies for Sanne" in text
    assert "schoonmaken: missing" in text
    assert rows[0].score == sum(part.points for part in rows[0].explanation.parts)


def test_vacancy_facet_narrows_and_closed_vacancy_is_left_off(
    world, login, sanne_and_two_vacancies
):
    portfolio, near, far = sanne_and_two_vacancies
    client = login(world.coach)

    response = client.get(_vacancies_url(portfolio, "?soort=volunteering"))
    assert [row.vacancy for row in _rows(response)] == [far]

    Vacancy.objects.filter(pk=far.pk).update(status=VacancyStatus.CLOSED)  # index not told
    response = client.get(_vacancies_url(portfolio))
    assert [row.vacancy for row in _rows(response)] == [near]


def test_vacancy_search_only_for_a_portfolio_the_searcher_may_open(
    world, login, sanne_and_two_vacancies
):
    portfolio, _near, _far = sanne_and_two_vacancies

    assert login(world.other_coach).get(_vacancies_url(portfolio)).status_code == 404
    assert login(world.jobseeker).get(_vacancies_url(portfolio)).status_code == 403
    assert login(world.recruiter).get(_vacancies_url(portfolio)).status_code == 403


# --- Entry points -------------------------------------------------------------------------


def test_vacancy_page_offers_candidate_search_to_intermediary_staff_only(world, login):
    vacancy = _vacancy(world, show_to_jobseekers=True)
    url = reverse("vacancy_detail", args=[vacancy.pk])
    link = _candidates_url(vacancy)

    assert link in login(world.coach).get(url).content.decode()
    assert link not in login(world.jobseeker).get(url).content.decode()
    assert link not in login(world.network_admin).get(url).content.decode()


def test_portfolio_page_offers_vacancy_search_to_intermediary_staff_only(world, login):
    portfolio = _portfolio(
        world.jobseeker,
        {"heftruck rijden": 3},
        audiences=("coach_organisation", "employers_named"),
        coach=world.coach,
    )
    # Coach in two organisations: the link is there once.
    membership_create(user=world.coach, organisation=world.municipality, role=Role.COACH)
    url = reverse("portfolio_detail", args=[portfolio.public_id])
    link = _vacancies_url(portfolio)

    assert login(world.coach).get(url).content.decode().count(link) == 1
    assert link not in login(world.recruiter).get(url).content.decode()
    assert link not in login(world.jobseeker).get(url).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?pagina=%C2%B2",  # "²": str.isdigit says yes, int() says no
        "?pagina=" + "9" * 30,  # beyond every database's integer
        "?pagina=-3",
        "?gemeente=Veen%00dam",  # NUL: PostgreSQL refuses it in text
        "?tekst=heftruck%00%01",
        "?straal=" + "9" * 30,
    ],
)
def test_a_broken_query_parameter_falls_back_and_never_answers_500(
    world, login, three_candidates, query
):
    response = login(world.coach).get(_candidates_url(three_candidates, query))

    assert response.status_code == 200
    assert _rows(response)


def test_a_nul_byte_in_the_municipality_still_filters_on_the_municipality(
    world, login, three_candidates
):
    response = login(world.coach).get(_candidates_url(three_candidates, "?gemeente=Veen%00dam"))

    assert [row.name for row in _rows(response)] == ["Bram Jansen"]


@pytest.mark.parametrize("query", ["?pagina=%C2%B2", "?pagina=" + "9" * 30])
def test_the_vacancy_search_takes_a_broken_page_number_as_the_first(
    world, login, sanne_and_two_vacancies, query
):
    portfolio, _near, _far = sanne_and_two_vacancies
    url = reverse("search_candidate_vacancies", args=[portfolio.public_id]) + query

    response = login(world.coach).get(url)

    assert response.status_code == 200
    assert response.context["results"].page == 1


def test_a_related_skill_is_shown_with_its_bridge_in_plain_words(world, login):
    asked, own = skill_concept("heftruck rijden"), skill_concept("vorkheftruck besturen")
    own.broader.add(asked)
    sibling = skill_concept("reachtruck besturen")
    sibling.broader.add(skill_concept("voertuigen besturen"))
    asked.broader.add(skill_concept("voertuigen besturen"))
    _portfolio(world.jobseeker, {"vorkheftruck besturen": 3})
    _portfolio(_jobseeker(world, "Bram"), {"reachtruck besturen": 3})
    vacancy = VacancyFactory(
        organisation=world.employer,
        open=True,
        skills=[(asked, True, 2)],
        **{"title": "Heftruckchauffeur", **_where(GRONINGEN)},
    )
    indexing.rebuild()

    response = login(world.coach).get(_candidates_url(vacancy))

    rows = _rows(response)
    assert [row.name for row in rows] == ["Sanne", "Bram Jansen"]
    text = _text(response)
    assert (
        "heftruck rijden: required, met (has vorkheftruck besturen, a specific form of it)" in text
    )
    assert "heftruck rijden: has reachtruck besturen, which is related" in text
    for row in rows:
        assert row.score == sum(part.points for part in row.explanation.parts)
    assert {part.rule: part.points for part in rows[1].explanation.parts}["related_skills"] == 3


def test_a_required_licence_is_stated_and_widening_shows_who_lacks_it(world, login):
    _portfolio(world.jobseeker, {"heftruck rijden": 3}, driving_licences=["B", "C"])
    _portfolio(_jobseeker(world, "Bram"), {"heftruck rijden": 3}, driving_licences=["B"])
    vacancy = _vacancy(world, driving_licences=["C"])
    indexing.rebuild()
    client = login(world.coach)

    narrow = client.get(_candidates_url(vacancy))
    wide = client.get(_candidates_url(vacancy, "?ruimer=rijbewijs"))

    assert [row.name for row in _rows(narrow)] == ["Sanne"]
    assert "Only people who meet every must: driving licence C;" in _text(narrow)
    assert [row.name for row in _rows(wide)] == ["Sanne", "Bram Jansen"]
    assert "Widened on purpose: also people who miss driving licence C." in _text(wide)
    assert "Driving licence C: missing" in _text(wide)
    assert "Misses: driving licence C" in _text(wide)


def test_every_must_of_the_vacancy_is_named_and_can_be_widened(world, login):
    _portfolio(world.jobseeker, {"heftruck rijden": 3}, certificates=["vca_basic"])
    _portfolio(_jobseeker(world, "Bram"), {"heftruck rijden": 4}, dutch_level="A2")
    vacancy = _vacancy(world, certificates=["vca_basic"], dutch_level="B1", work_type="paid_job")
    indexing.rebuild()
    client = login(world.coach)

    narrow = client.get(_candidates_url(vacancy))
    wide = client.get(_candidates_url(vacancy, "?ruimer=certificaat&ruimer=taal"))

    assert _rows(narrow) == []
    text = _text(narrow)
    assert (
        "Only people who meet every must: VCA basic safety; Dutch B1 or better; work within"
        " their own travel distance; hours that fit theirs; the type of work they want."
    ) in text
    rows = _rows(wide)
    assert [row.name for row in rows] == ["Bram Jansen", "Sanne"]
    assert [row.missing for row in rows] == [
        ["VCA basic safety", "Dutch B1 or better"],
        ["Dutch B1 or better"],
    ]
    assert "VCA basic safety: missing" in _text(wide)
    assert "Dutch B1: not yet" in _text(wide)


def test_a_widen_switch_the_vacancy_does_not_have_gets_a_message(world, login):
    _portfolio(world.jobseeker, {"heftruck rijden": 3})
    vacancy = _vacancy(world)
    indexing.rebuild()

    response = login(world.coach).get(_candidates_url(vacancy, "?ruimer=taal&ruimer=%00x"))

    assert response.status_code == 200
    assert "ruimer" in response.context["form"].errors
    assert [row.name for row in _rows(response)] == ["Sanne"]


def test_index_leaves_out_the_name_but_not_the_particle_of_the_surname(world):
    world.jobseeker.last_name = "de Boer"
    world.jobseeker.save()
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=("employers_anonymous",),
        coach=world.coach,
        about_me="Sanne de Boer werkt tot het eind van de dag.",
    )
    tokens = portfolio_documents([portfolio.pk])[portfolio.pk].tokens
    assert {"werkt", "eind", "de", "dag"} <= set(tokens)
    assert not {"sanne", "boer"} & set(tokens)


def test_names_a_coach_saw_in_the_results_are_in_each_persons_who_looked_list_once_a_day(
    world, login, three_candidates
):
    from portal.audit.models import AuditEvent

    coach = login(world.coach)
    coach.get(_candidates_url(three_candidates))
    coach.get(_candidates_url(three_candidates, "?pagina=1"))

    seen = AuditEvent.objects.filter(actor=world.coach, action="person.name_seen:search")
    assert seen.count() == 3  # Sanne, Bram and Fleur, once each
    html = login(world.jobseeker).get(reverse("data_access_log")).content.decode()
    assert "Saw your name in search results" in html
    assert world.coach.first_name in html


def test_results_without_names_log_no_sighting(world, login, three_candidates):
    from portal.audit.models import AuditEvent

    for row in _rows(login(world.other_coach).get(_candidates_url(three_candidates))):
        assert not row.name  # this coach sees these portfolios anonymised, if at all

    assert not AuditEvent.objects.filter(action="person.name_seen:search").exists()
