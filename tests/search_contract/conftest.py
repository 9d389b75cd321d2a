"""The search-backend contract suite: one set of cases, run against every backend.

Shaped like Wagtail's own backend tests (one suite, a backend per run): the
`backend` fixture is parametrised over "database" (its candidate searches from columns in
memory), "database-sql" (the same rows searched by SQL) and "elasticsearch", and
`search.indexing` (and every other caller of `get_backend` in `search/`) is
pointed at it, so the data the cases build travels the production path:
services → "changed" signal after commit → id-only task (run inline in tests) →
`search.indexing` → backend. The Elasticsearch runs talk HTTP to a real engine
(`tests.search_engine`), never a mocked client.

Data goes through the services (`portfolios.services`, `vacancies.services`,
`portal.organisations.services`) with few rows: built per test, or once per
module for modules whose cases only search (`crowd`). Whatever a case builds runs
its after-commit hooks (`TestCase.captureOnCommitCallbacks(execute=True)`), as a
real commit would; `test_rebuild` commits for real.
"""

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from uuid import uuid4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import TestCase
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

import search.backends
from portal import geo
from portal.accounts.models import User
from portal.choices import WorkType
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portal.taxonomy.models import Concept, ConceptType
from portfolios.factories import skill_concept
from portfolios.models import Audience, PortfolioPage
from portfolios.services import (
    consent_set,
    consent_set_coach_approval,
    portfolio_create,
    portfolio_publish,
    portfolio_save_draft,
)
from search.backends.base import FACET_VALUES, FacetValue, MatchPage, SearchBackend
from search.bridges import bridges_to
from search.builders import portfolio_documents, vacancy_document_draft, viewer_for
from search.documents import PortfolioIndexDocument
from search.spec import CandidateFilters, CandidateSpec, candidate_spec
from tests.conftest import make_user
from tests.search_engine import engine_client
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy
from vacancies.services import vacancy_publish

BACKENDS = ("database", "database-sql", "elasticsearch")

# Modules of `search/` that look the backend up; imported first so the patch reaches them.
_BACKEND_USERS = ("search.indexing", "search.selectors", "search.health")


def make_backend(name: str) -> SearchBackend:
    """A fresh backend with its own (empty) index."""
    if name in ("database", "database-sql"):
        from search.backends.database import DatabaseBackend

        return DatabaseBackend(in_memory=name == "database")
    from search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(client=engine_client(), index_prefix=f"contract_{uuid4().hex[:8]}")


def use_backend(monkeypatch: pytest.MonkeyPatch, backend: SearchBackend) -> None:
    """Make every `get_backend()` in `search/` answer `backend`."""
    for name in _BACKEND_USERS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    original = search.backends.get_backend
    for name, module in list(sys.modules.items()):
        if (name == "search" or name.startswith("search.")) and getattr(
            module, "get_backend", None
        ) is original:
            monkeypatch.setattr(module, "get_backend", lambda name=None: backend)


@contextmanager
def backend_in_use(name: str) -> Iterator[SearchBackend]:
    """A fresh backend that the indexing tasks use until the block ends, then emptied.

    Fails the block when an indexing task failed: the inline task backend catches a
    task's exception, which would otherwise only show up later as a missing hit.
    """
    engine = make_backend(name)
    failures: list[str] = []

    def record(sender, *, task_result, **kwargs) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            failures.extend(error.traceback for error in task_result.errors)

    task_finished.connect(record)
    try:
        with pytest.MonkeyPatch.context() as patch:
            use_backend(patch, engine)
            yield engine
        assert not failures, "an indexing task failed:\n" + "\n".join(failures)
    finally:
        task_finished.disconnect(record)
        engine.reset()


@pytest.fixture(params=BACKENDS)
def backend(request, db) -> Iterator[SearchBackend]:
    """Each backend in turn, with an empty index, for one test (emptied while the
    database is still open to the test)."""
    with backend_in_use(request.param) as engine:
        yield engine


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request, django_db_setup, django_db_blocker) -> Iterator[SearchBackend]:
    """Each backend in turn for a module of read-only cases, with data the module shares.

    Like TestCase.setUpTestData: the module's data lives in one transaction that is
    rolled back when the module ends; each test runs in a savepoint inside it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with backend_in_use(request.param) as engine:
            yield engine
        transaction.set_rollback(True)


# --- Hand-built data -------------------------------------------------------------------


def concept(label: str, concept_type: str = ConceptType.SKILL) -> Concept:
    return skill_concept(label, concept_type=concept_type)


def place(postcode: str) -> geo.Place:
    found = geo.locate(postcode)
    assert found is not None, postcode
    return found


@dataclass
class Contract:
    """Builds committed data through the services and asks the backend under test.

    People join `organisation` unless told otherwise; vacancies belong to `employer`.
    """

    backend: SearchBackend
    organisation: Organisation
    employer: Organisation

    def committed(self) -> AbstractContextManager:
        """Run the after-commit hooks of what happens inside, as a real commit would."""
        return TestCase.captureOnCommitCallbacks(execute=True)

    def new_organisation(
        self, name: str, *, kind: str = OrganisationKind.MUNICIPALITY, **fields
    ) -> Organisation:
        with self.committed():
            return organisation_create(name=name, kind=kind, **fields)

    def member(self, first_name: str, organisation: Organisation, role: str) -> User:
        with self.committed():
            user = make_user(f"{first_name.lower()}-{uuid4().hex[:6]}@example.nl", first_name)
            membership_create(user=user, organisation=organisation, role=role)
        return user

    def person(
        self,
        first_name: str,
        *,
        organisation: Organisation | None = None,
        skills: dict[Concept, int] | None = None,
        occupations: tuple[Concept, ...] = (),
        postcode: str = "",
        max_travel_km: int | None = None,
        hours: tuple[int | None, int | None] = (None, None),
        work_types: tuple[str, ...] = (),
        driving_licences: tuple[str, ...] = (),
        certificates: tuple[str, ...] = (),
        dutch_level: str = "",
        earliest_start: date | None = None,
        about: str = "",
        audiences: tuple[str, ...] = (Audience.COACH_ORGANISATION,),
        coach: User | None = None,
        publish: bool = True,
    ) -> PortfolioPage:
        """A jobseeker of `organisation` (default: the contract's) with a portfolio."""
        jobseeker = self.member(first_name, organisation or self.organisation, Role.JOBSEEKER)
        located = geo.locate(postcode) if postcode else None
        fields = {
            "headline": "Ik zoek werk in de buurt",
            "about_me": about,
            "postcode": postcode,
            "latitude": located.latitude if located else None,
            "longitude": located.longitude if located else None,
            "max_travel_km": max_travel_km,
            "hours_min": hours[0],
            "hours_max": hours[1],
            "work_types": list(work_types),
            "driving_licences": list(driving_licences),
            "certificates": list(certificates),
            "dutch_level": dutch_level,
            "earliest_start": earliest_start,
        }
        children = {
            "skills": [
                {"concept": skill, "level": level, "sort_order": index}
                for index, (skill, level) in enumerate((skills or {}).items())
            ],
            "occupations": [
                {"concept": occupation, "sort_order": index}
                for index, occupation in enumerate(occupations)
            ],
        }
        with self.committed():
            portfolio = portfolio_create(jobseeker=jobseeker)
            portfolio_save_draft(
                portfolio=portfolio, by=jobseeker, fields=fields, children=children
            )
            if publish:
                portfolio_publish(portfolio=portfolio, by=jobseeker)
            for audience in audiences:
                consent_set(portfolio=portfolio, audience=audience, granted=True, by=jobseeker)
            if coach is not None:
                consent_set_coach_approval(portfolio=portfolio, approved=True, by=coach)
        return PortfolioPage.objects.get(pk=portfolio.pk)

    def vacancy(
        self,
        *,
        needs: list[tuple[Concept, bool, int]],
        postcode: str = "9671",
        hours: tuple[int, int] = (16, 32),
        work_type: str = WorkType.PAID_JOB,
        occupation: Concept | None = None,
        organisation: Organisation | None = None,
        publish: bool = False,
        **fields,
    ) -> Vacancy:
        """A vacancy asking `needs` ((skill, required, min level)); published through the service."""
        vacancy = VacancyFactory(
            organisation=organisation or self.employer,
            skills=needs,
            postcode=postcode,
            hours_min=hours[0],
            hours_max=hours[1],
            work_type=work_type,
            occupation=occupation,
            **fields,
        )
        if publish:
            with self.committed():
                vacancy = vacancy_publish(vacancy=vacancy, by=None)
        return vacancy

    def spec(
        self,
        viewer: User | None,
        vacancy: Vacancy,
        *,
        filters: CandidateFilters | None = None,
        text: str = "",
        page: int = 1,
        page_size: int = 20,
    ) -> CandidateSpec:
        """The spec of "who fits `vacancy`", as `viewer` (None: anonymous) may see them,
        with the taxonomy's related skills as the search screens use them."""
        asked = vacancy_document_draft(vacancy)
        return candidate_spec(
            asked,
            viewer=viewer_for(viewer or AnonymousUser()),
            filters=filters,
            text=text,
            page=page,
            page_size=page_size,
            bridges=bridges_to(skill.concept_id for skill in asked.skills),
        )

    def candidates(self, viewer: User | None, vacancy: Vacancy, **options) -> MatchPage:
        return self.backend.candidates(self.spec(viewer, vacancy, **options))


@pytest.fixture
def contract(backend, world) -> Contract:
    return Contract(backend=backend, organisation=world.training_centre, employer=world.employer)


# Every must widened: also people missing one, after those who meet them all.
WIDE = CandidateFilters(widened=True)


def document(portfolio: PortfolioPage) -> PortfolioIndexDocument:
    """The index document of a portfolio as the database says now."""
    return portfolio_documents([portfolio.pk])[portfolio.pk]


def ids(page: MatchPage) -> list[int]:
    return [hit.id for hit in page.hits]


def facet(counts: dict[str, int]) -> list[FacetValue]:
    """Facet values in the contract's order: count descending, then key; the FACET_VALUES
    most counted."""
    return [
        FacetValue(key, count)
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ][:FACET_VALUES]


@dataclass
class Crowd:
    """Six jobseekers of the training centre, all shared with it, and a vacancy in Winschoten.

    The vacancy asks forklift driving (required, level 3), order picking (required,
    level 2) and cleaning (nice to have, level 2), 16-32 hours, a paid job as a
    warehouse worker. Scores (see search/scoring.py):

    ======  ================================================  =====
    Anna    forklift 4, picking 2, cleaning 3; Winschoten,     38
            reach 10; 20-32 h; paid job; warehouse worker
    Cees    forklift 3, picking 3, cleaning 2; Scheemda        34
            (5.5 km), reach 10; 24-40 h; paid job
    Dirk    forklift 2 (below), picking 4, cleaning 1 (below   19
            the nice-to-have level); Groningen (32 km), reach 40
    Eva     no skills; Beerta (5.4 km), reach 10; 16-24 h;     15
            paid job; warehouse worker
    Fleur   as Eva, in Blijham (4.6 km); also volunteering     15
    Bram    forklift 3, picking 1 (below); Veendam (11.3 km),  14
            reach 11; 8-12 h; work experience
    ======  ================================================  =====

    Eva and Fleur tie; Fleur's portfolio was published later, so she comes first. The
    vacancy is beyond Bram's own reach, and his hours and work type do not fit it (three
    musts): only a widened search (`WIDE`) finds him, after the other five.
    """

    contract: Contract
    coach: User
    vacancy: Vacancy
    forklift: Concept
    picking: Concept
    cleaning: Concept
    warehouse: Concept
    anna: PortfolioPage
    bram: PortfolioPage
    cees: PortfolioPage
    dirk: PortfolioPage
    eva: PortfolioPage
    fleur: PortfolioPage

    @property
    def ranked(self) -> list[PortfolioPage]:
        """Everyone in the order of a widened search."""
        return [self.anna, self.cees, self.dirk, self.fleur, self.eva, self.bram]


@pytest.fixture(scope="module")
def module_crowd(module_backend) -> Crowd:
    """The crowd, built once per module and backend (its cases only search)."""
    approved = OrganisationStatus.APPROVED
    contract = Contract(
        backend=module_backend,
        organisation=organisation_create(
            name="Leerwerkbedrijf Oldambt", kind=OrganisationKind.TRAINING_CENTRE, status=approved
        ),
        employer=organisation_create(
            name="Magazijn Winschoten", kind=OrganisationKind.EMPLOYER, status=approved
        ),
    )
    coach = contract.member("Anke", contract.organisation, Role.COACH)
    forklift, picking, cleaning = (
        concept("Heftruck rijden"),
        concept("Orderpicken"),
        concept("Schoonmaken"),
    )
    warehouse = concept("Magazijnmedewerker", ConceptType.OCCUPATION)
    paid, experience = WorkType.PAID_JOB, WorkType.WORK_EXPERIENCE
    people = {
        "anna": contract.person(
            "Anna",
            skills={forklift: 4, picking: 2, cleaning: 3},
            occupations=(warehouse,),
            postcode="9671",
            max_travel_km=10,
            hours=(20, 32),
            work_types=(paid,),
            driving_licences=("B", "C"),
            about="Ik rijd graag heftruck in een magazijn.",
        ),
        "bram": contract.person(
            "Bram",
            skills={forklift: 3, picking: 1},
            postcode="9641",
            max_travel_km=11,
            hours=(8, 12),
            work_types=(experience,),
            driving_licences=("B",),
        ),
        "cees": contract.person(
            "Cees",
            skills={forklift: 3, picking: 3, cleaning: 2},
            postcode="9679",
            max_travel_km=10,
            hours=(24, 40),
            work_types=(paid,),
            about="Heftruck en schoonmaak.",
        ),
        "dirk": contract.person(
            "Dirk",
            skills={forklift: 2, picking: 4, cleaning: 1},
            postcode="9711",
            max_travel_km=40,
            driving_licences=("B", "BE"),
        ),
        "eva": contract.person(
            "Eva",
            occupations=(warehouse,),
            postcode="9686",
            max_travel_km=10,
            hours=(16, 24),
            work_types=(paid,),
        ),
        "fleur": contract.person(
            "Fleur",
            occupations=(warehouse,),
            postcode="9697",
            max_travel_km=10,
            hours=(16, 24),
            work_types=(paid, WorkType.VOLUNTEERING),
        ),
    }
    vacancy = contract.vacancy(
        needs=[(forklift, True, 3), (picking, True, 2), (cleaning, False, 2)],
        occupation=warehouse,
    )
    return Crowd(
        contract=contract,
        coach=coach,
        vacancy=vacancy,
        forklift=forklift,
        picking=picking,
        cleaning=cleaning,
        warehouse=warehouse,
        **people,
    )


@pytest.fixture
def crowd(module_crowd, db) -> Crowd:
    """The module's crowd; the test runs in a savepoint of the module's transaction."""
    return module_crowd
