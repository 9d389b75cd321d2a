"""List pages make as many queries with 50 rows as with 1: no query per row."""

import re
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import geo
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import invitation_create, membership_create, organisation_create
from portfolios.factories import make_portfolio, skill_concept
from search.indexing import rebuild
from search.models import SavedSearch
from tests.conftest import World, make_user
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy

MANY = 50


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _queries(client: Client, url: str) -> tuple[int, list[str], object]:
    client.get(url)  # warm the caches (content types, site, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [q["sql"] for q in captured.captured_queries], response


def assert_same_queries_for_1_and_50_rows(
    client: Client, url: str, add_rows: Callable[[int, int], None], rows_on_page
) -> None:
    """Add 1 row, count; add 49 more, count again: the counts must be equal.

    A paged list shows a full page instead of all 50 (its paginator says how many fit).
    """
    add_rows(0, 1)
    one, one_sql, response = _queries(client, url)
    assert rows_on_page(response) < 10, "the page should start nearly empty"
    add_rows(1, MANY)
    many, many_sql, response = _queries(client, url)
    page = response.context.get("page") if response.context else None
    full = min(MANY, page.paginator.per_page) if page is not None else MANY
    assert full > 10 and rows_on_page(response) >= full, f"the {full} rows are not on the page"
    grown = Counter(map(_shape, many_sql)) - Counter(map(_shape, one_sql))
    extra = "\n".join(f"  {times}× {sql[:300]}" for sql, times in grown.most_common())
    assert many == one, (
        f"{url}: {one} queries with 1 row, {many} with {MANY} rows. Repeated per row:\n{extra}"
    )


def _shape(sql: str) -> str:
    """The query without its literal values, so per-row repeats group together."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _new_person(n: int, prefix: str) -> User:
    return make_user(f"{prefix}{n}@example.nl", f"{prefix.capitalize()}{n}")


@pytest.mark.parametrize(
    ("role", "query"),
    [("coach", ""), ("coach", "?rol=jobseeker"), ("organisation_admin", ""), ("network_admin", "")],
)
def test_member_list_queries_do_not_grow_with_members_and_invitations(world: World, role, query):
    centre = world.training_centre
    url = reverse("organisation_detail", args=[centre.slug]) + query

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            membership_create(user=_new_person(n, "lid"), organisation=centre, role=Role.JOBSEEKER)
            invitation_create(
                organisation=centre,
                email=f"genodigde{n}@example.nl",
                role=Role.JOBSEEKER,
                invited_by=world.coach,
            )

    def rows(response) -> int:
        return len(response.context["members"]) + len(response.context["open_invitations"])

    assert_same_queries_for_1_and_50_rows(_client(world.user(role)), url, add_rows, rows)


def test_data_access_log_queries_do_not_grow_with_events(world: World):
    url = reverse("data_access_log")
    membership = world.jobseeker.memberships.get()

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            # A different person each time, so a per-row lookup of "who" would show.
            audit_record(
                actor=_new_person(n, "kijker"),
                action="portfolio.view",
                subject=world.jobseeker,
                target=membership,
            )

    def rows(response) -> int:
        return len(response.context["page"].object_list)

    assert_same_queries_for_1_and_50_rows(_client(world.jobseeker), url, add_rows, rows)


def test_dashboard_queries_do_not_grow_with_memberships(world: World):
    person = make_user("veelzijdig@example.nl", "Veelzijdig")
    kinds_and_roles = [
        (OrganisationKind.TRAINING_CENTRE, Role.COACH),
        (OrganisationKind.MUNICIPALITY, Role.JOBSEEKER),
        (OrganisationKind.EMPLOYER, Role.RECRUITER),
        (OrganisationKind.SCHOOL, Role.ORGANISATION_ADMIN),
        (OrganisationKind.TRAINING_CENTRE, Role.TRAINING_STAFF),
    ]

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            kind, role = kinds_and_roles[n % len(kinds_and_roles)]
            organisation: Organisation = organisation_create(
                name=f"Organisatie {n}", kind=kind, status=OrganisationStatus.APPROVED
            )
            membership_create(user=person, organisation=organisation, role=role)

    def rows(response) -> int:
        return len(response.context["my_memberships"])

    assert_same_queries_for_1_and_50_rows(_client(person), reverse("dashboard"), add_rows, rows)


# --- The search screens (issue 6): constant in page size and in data size. ----------------


def _is_engine(sql: str) -> bool:
    # The database backend's own index tables (search.models).
    return re.search(r"\bsearch_\w+", sql) is not None


def _search_queries_stay_the_same(
    client: Client, url: str, steps: list[tuple[int, int]], grow: Callable[[int], None]
) -> None:
    """For each (data size, rows on the page): grow the data, count the results page's queries.

    The page's own queries must be the same every time. The database engine ranks in
    one phase or two depending on the data (search.backends.database), so its queries
    may only be fewer than with a single result, never more.
    """
    page_counts: dict[int, int] = {}
    engine_counts: dict[int, int] = {}
    first_sql: list[str] = []
    for size, rows_on_page in steps:
        grow(size)
        _count, sql, response = _queries(client, url)
        assert len(response.context["results"].rows) == rows_on_page, size
        page_sql = [q for q in sql if not _is_engine(q)]
        page_counts[size] = len(page_sql)
        engine_counts[size] = len(sql) - len(page_sql)
        first_sql = first_sql or page_sql
        grown = Counter(map(_shape, page_sql)) - Counter(map(_shape, first_sql))
        assert len(set(page_counts.values())) == 1, (
            f"{url}: queries per number of indexed documents {page_counts}. Repeated:\n"
            + "\n".join(f"  {times}× {q[:300]}" for q, times in grown.most_common())
        )
    first_engine = next(iter(engine_counts.values()))
    assert 0 < max(engine_counts.values()) <= first_engine, engine_counts


def test_candidate_search_queries_do_not_grow_with_results_or_portfolios(world: World):
    # The coach is a recruiter too, so some rows are named and some anonymised.
    membership_create(user=world.coach, organisation=world.employer, role=Role.RECRUITER)
    forklift, english = skill_concept("heftruck rijden"), skill_concept("Engels")
    # Where the people live, so everyone is within their own reach (a must).
    vacancy = VacancyFactory(
        organisation=world.employer,
        open=True,
        skills=[(forklift, True, 3), (english, False, 2)],
        postcode="9671",
    )
    place = geo.locate("9671")
    made: list[int] = []

    def grow(size: int) -> None:
        for n in range(len(made), size):
            own = n % 2 == 0
            person = _new_person(n, "kandidaat")
            membership_create(
                user=person,
                organisation=world.training_centre if own else world.municipality,
                role=Role.JOBSEEKER,
            )
            portfolio = make_portfolio(
                jobseeker=person,
                skills={"heftruck rijden": 1 + n % 4, "Engels": 2},
                audiences=("coach_organisation",) if own else ("employers_anonymous",),
                coach=None if own else world.other_coach,
                postcode="9671",
                latitude=place.latitude,
                longitude=place.longitude,
                max_travel_km=10 + n,
                hours_min=16,
                hours_max=32,
                work_types=["paid_job"],
            )
            made.append(portfolio.pk)
        rebuild()

    url = reverse("search_vacancy_candidates", args=[vacancy.pk]) + "?tekst=handen"
    # 1, 10 and 20 results on a page of 20; then 40 portfolios, of which a page shows 20.
    steps = [(1, 1), (10, 10), (20, 20), (40, 20)]
    _search_queries_stay_the_same(_client(world.coach), url, steps, grow)


def test_free_search_queries_do_not_grow_with_results_or_portfolios(world: World):
    forklift = skill_concept("heftruck rijden")
    place = geo.locate("9641")
    made: list[int] = []

    def grow(size: int) -> None:
        for n in range(len(made), size):
            person = _new_person(n, "vrij")
            membership_create(user=person, organisation=world.training_centre, role=Role.JOBSEEKER)
            made.append(
                make_portfolio(
                    jobseeker=person,
                    skills={"heftruck rijden": 1 + n % 4},
                    audiences=("coach_organisation",),
                    postcode="9641",
                    latitude=place.latitude,
                    longitude=place.longitude,
                    max_travel_km=25,
                    hours_min=24,
                    hours_max=32,
                ).pk
            )
        rebuild()

    url = reverse("search_free") + f"?vaardigheid={forklift.pk}&plaats=Veendam&straal=25&uren=24"
    steps = [(1, 1), (10, 10), (20, 20), (40, 20)]
    _search_queries_stay_the_same(_client(world.coach), url, steps, grow)


def test_saved_search_list_queries_do_not_grow_with_searches(world: World):
    client = _client(world.coach)
    url = reverse("search_saved_list")
    counts = {}
    for size in (1, MANY):
        SavedSearch.objects.bulk_create(
            SavedSearch(owner=world.coach, name=f"Zoekopdracht {n}", criteria={"plaats": "9641"})
            for n in range(SavedSearch.objects.count(), size)
        )
        counts[size], _sql, _response = _queries(client, url)
    assert counts[1] == counts[MANY], counts


def test_vacancy_search_queries_do_not_grow_with_results(world: World):
    place = geo.locate("9671")
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3},
        audiences=("coach_organisation",),
        postcode="9671",
        latitude=place.latitude,
        longitude=place.longitude,
        max_travel_km=30,
    )
    skills = [skill_concept(label) for label in ("heftruck rijden", "Engels", "lassen")]

    def grow(size: int) -> None:
        for n in range(Vacancy.objects.count(), size):
            VacancyFactory(open=True, skills=[(skills[n % 3], True, 2), skills[(n + 1) % 3]])
        rebuild()

    url = reverse("search_candidate_vacancies", args=[portfolio.public_id])
    steps = [(1, 1), (20, 20), (40, 20)]
    _search_queries_stay_the_same(_client(world.coach), url, steps, grow)


# --- The coach's caseload and the organisation's proposals (issue 7, h11). ---------------


def _caseload_person(world: World, n: int, *, assign: bool) -> User:
    """A jobseeker of the training centre with a portfolio, some on the coach's caseload."""
    from intermediaries.services import caseload_assign

    person = _new_person(n, "werkzoekende")
    membership_create(user=person, organisation=world.training_centre, role=Role.JOBSEEKER)
    make_portfolio(jobseeker=person, skills={"Orderpicken": 2}, audiences=("coach_organisation",))
    if assign:
        caseload_assign(
            jobseeker=person, coach=world.coach, organisation=world.training_centre, by=world.coach
        )
    return person


@pytest.mark.parametrize("query", ["", "?sorteer=activiteit&voorstellen=nee"])
def test_caseload_queries_do_not_grow_with_jobseekers(world: World, query):
    from intermediaries.factories import make_proposal

    url = reverse("caseload", args=[world.training_centre.slug]) + query
    vacancy = VacancyFactory(organisation=world.employer, open=True)

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            person = _caseload_person(world, n, assign=n % 2 == 0)
            if n % 3 == 0 and not query:
                make_proposal(coach=world.coach, portfolio=person.portfolio, vacancy=vacancy)

    def rows(response) -> int:
        return len(response.context["page"].object_list)

    assert_same_queries_for_1_and_50_rows(_client(world.coach), url, add_rows, rows)


def test_organisation_proposals_queries_do_not_grow_with_proposals(world: World):
    from intermediaries.factories import make_proposal
    from intermediaries.models import ProposalState

    url = reverse("organisation_proposals", args=[world.training_centre.slug])
    states = [ProposalState.PLACED, ProposalState.PROPOSED, ProposalState.INTERVIEW_PLANNED]

    def add_rows(start: int, stop: int) -> None:
        for n in range(start, stop):
            person = _caseload_person(world, n, assign=False)
            make_proposal(
                coach=world.coach,
                portfolio=person.portfolio,
                vacancy=VacancyFactory(organisation=world.employer, open=True),
                recruiter=world.recruiter,
                state=states[n % len(states)],
            )

    def rows(response) -> int:
        return len(response.context["page"].object_list)

    assert_same_queries_for_1_and_50_rows(_client(world.coach), url, add_rows, rows)
