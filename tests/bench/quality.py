"""Ranking quality on the judged set (`judged_set.yaml`): nDCG@10 and precision@5.

The people and vacancies of the set are made through the portal's own services on
the starter taxonomy, indexed by each backend, and searched as a coach of their
training centre would from each vacancy (the screen's default: no radius, no
filters). Beside the engines: the same search with exact skill matches only (no
related skills), and a plain keyword baseline that ranks people by how many words
of the vacancy's title and asked skills occur in their skills and own text.

Used by `make bench` (the figures) and by `tests/test_ranking_quality.py` (both
engines rank alike, and better than the baselines).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import yaml
from django.contrib.auth.models import AnonymousUser

from portal import geo
from portal.accounts.models import User
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portal.taxonomy.models import Concept, ConceptType
from portfolios.models import Audience, PortfolioPage
from portfolios.services import (
    consent_set,
    portfolio_create,
    portfolio_publish,
    portfolio_save_draft,
)
from search.backends.base import SearchBackend
from search.bridges import bridges_to
from search.builders import portfolio_documents, vacancy_document_draft, viewer_for
from search.spec import candidate_spec, text_tokens
from vacancies.factories import VacancyFactory
from vacancies.models import Vacancy
from vacancies.services import vacancy_publish

JUDGED_SET = Path(__file__).with_name("judged_set.yaml")
RANKED = 20
RELEVANT = 2  # a grade of at least this counts for precision
JUDGED_AT = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class JudgedWorld:
    """The judged set as made in the database."""

    coach: User
    vacancies: dict[str, Vacancy]
    people: dict[str, int]  # name -> portfolio id
    grades: dict[str, dict[int, int]]  # vacancy key -> portfolio id -> grade


def load() -> dict:
    with JUDGED_SET.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _skill(label: str) -> Concept:
    return Concept.objects.filter(
        concept_type__in=(ConceptType.SKILL, ConceptType.KNOWLEDGE),
        preferred_labels__nl=label,
    ).get()


def build(data: dict | None = None) -> JudgedWorld:
    """Make the set's people (one training centre, shared with it) and its vacancies.

    Needs the starter taxonomy loaded. Indexing follows through the usual signals;
    callers rebuild the index of the backend they measure.
    """
    data = data or load()
    approved = OrganisationStatus.APPROVED
    centre = organisation_create(
        name="Judged set training centre", kind=OrganisationKind.TRAINING_CENTRE, status=approved
    )
    employer = organisation_create(
        name="Judged set employer", kind=OrganisationKind.EMPLOYER, status=approved
    )
    coach = _member("coach", centre, Role.COACH)
    people = {}
    for person in data["people"]:
        people[person["name"]] = _person(person, centre)
    vacancies = {}
    for key, vacancy in data["vacancies"].items():
        place = geo.locate(vacancy["postcode"])
        made = VacancyFactory(
            organisation=employer,
            title=vacancy["title"],
            skills=[
                (_skill(label), kind == "required", level)
                for label, kind, level in vacancy["needs"]
            ],
            postcode=vacancy["postcode"],
            latitude=place.latitude,
            longitude=place.longitude,
            hours_min=vacancy["hours"][0],
            hours_max=vacancy["hours"][1],
            work_type=vacancy["work_type"],
        )
        vacancies[key] = vacancy_publish(vacancy=made, by=None)
    # The grades judge skills and musts, not how recently someone updated their portfolio:
    # one publication moment for all, so equal scores are not decided by the order the
    # set happens to list people in (the id breaks those ties, as the contract says).
    PortfolioPage.objects.filter(pk__in=people.values()).update(last_published_at=JUDGED_AT)
    grades = {
        key: {people[person["name"]]: person["grades"].get(key, 0) for person in data["people"]}
        for key in data["vacancies"]
    }
    return JudgedWorld(coach=coach, vacancies=vacancies, people=people, grades=grades)


def _member(name: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(
        email=f"{name.lower()}@judged.example.nl", password=None, first_name=name
    )
    membership_create(user=user, organisation=organisation, role=role)
    return user


def _person(person: dict, centre: Organisation) -> int:
    jobseeker = _member(person["name"], centre, Role.JOBSEEKER)
    place = geo.locate(person["postcode"])
    portfolio = portfolio_create(jobseeker=jobseeker)
    portfolio_save_draft(
        portfolio=portfolio,
        by=jobseeker,
        fields={
            "headline": person["about"],
            "about_me": person["about"],
            "postcode": person["postcode"],
            "latitude": place.latitude,
            "longitude": place.longitude,
            "max_travel_km": person["reach"],
            "hours_min": person["hours"][0],
            "hours_max": person["hours"][1],
            "work_types": list(person["work_types"]),
        },
        children={
            "skills": [
                {"concept": _skill(label), "level": level, "sort_order": index}
                for index, (label, level) in enumerate(person["skills"].items())
            ],
            "occupations": [],
        },
    )
    portfolio_publish(portfolio=portfolio, by=jobseeker)
    consent_set(
        portfolio=portfolio, audience=Audience.COACH_ORGANISATION, granted=True, by=jobseeker
    )
    return portfolio.pk


def make_backend(name: str) -> SearchBackend:
    """A fresh, empty backend: the database one, or Elasticsearch on the test engine."""
    if name == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    from search.backends.elasticsearch import ElasticsearchBackend
    from tests.search_engine import engine_client

    return ElasticsearchBackend(client=engine_client(), index_prefix=f"judged_{uuid4().hex[:8]}")


def figures(world: JudgedWorld) -> dict[str, dict[str, float]]:
    """Quality per engine with related skills, with exact matches only, and by keywords;
    also whether both engines gave the same rankings."""
    from search import indexing

    found: dict[str, dict[str, float]] = {}
    rankings = {}
    for name in ("database", "elasticsearch"):
        backend = make_backend(name)
        indexing.rebuild(backend)
        for related in (True, False):
            ranked = {
                key: engine_ranking(backend, world, key, related=related) for key in world.vacancies
            }
            label = name if related else f"{name}_exact_only"
            rankings[label] = ranked
            found[label] = quality(world, ranked.__getitem__)
    found["keyword_baseline"] = quality(world, lambda key: keyword_ranking(world, key))
    found["engines_agree"] = {
        "same_rankings": float(rankings["database"] == rankings["elasticsearch"])
    }
    return found


def engine_ranking(
    backend: SearchBackend, world: JudgedWorld, key: str, *, related: bool = True
) -> list[int]:
    """The coach's ranked candidates for vacancy `key`, as the search screen asks."""
    asked = vacancy_document_draft(world.vacancies[key])
    spec = candidate_spec(
        asked,
        viewer=viewer_for(world.coach or AnonymousUser()),
        page_size=RANKED,
        bridges=bridges_to(s.concept_id for s in asked.skills) if related else None,
    )
    return [hit.id for hit in backend.candidates(spec).hits]


def keyword_ranking(world: JudgedWorld, key: str) -> list[int]:
    """People ranked by how many words of the vacancy's title and asked skills occur in
    their own skills' labels and text (ties: lower id), as a keyword search would."""
    vacancy = world.vacancies[key]
    asked = Concept.objects.filter(pk__in=vacancy.skills.values_list("concept_id", flat=True))
    query = set(text_tokens(" ".join([vacancy.title, *(c.label("nl") for c in asked)])))
    documents = portfolio_documents(list(world.people.values()))
    labels = {
        concept.pk: concept.label("nl")
        for concept in Concept.objects.filter(
            pk__in={s.concept_id for d in documents.values() for s in d.skills}
        )
    }
    scored = []
    for pk, document in documents.items():
        words = set(document.tokens) | set(
            text_tokens(" ".join(labels[s.concept_id] for s in document.skills))
        )
        scored.append((-len(query & words), pk))
    return [pk for score, pk in sorted(scored) if score < 0][:RANKED]


def ndcg(ranking: Sequence[int], grades: dict[int, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at `k`, with gains 2^grade - 1."""

    def dcg(values: Sequence[int]) -> float:
        return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(values[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(pk, 0) for pk in ranking]) / ideal if ideal else 1.0


def precision(ranking: Sequence[int], grades: dict[int, int], k: int = 5) -> float:
    """The share of the first `k` places taken by someone graded RELEVANT or better."""
    relevant = sum(1 for pk in ranking[:k] if grades.get(pk, 0) >= RELEVANT)
    return relevant / k


def quality(world: JudgedWorld, rank: Callable[[str], list[int]]) -> dict[str, float]:
    """Mean nDCG@10 and precision@5 over the set's vacancies, and the worst nDCG@10."""
    scores = [
        (ndcg(rank(key), world.grades[key]), precision(rank(key), world.grades[key]))
        for key in world.vacancies
    ]
    return {
        "ndcg_at_10": round(sum(n for n, _p in scores) / len(scores), 4),
        "worst_ndcg_at_10": round(min(n for n, _p in scores), 4),
        "precision_at_5": round(sum(p for _n, p in scores) / len(scores), 4),
    }
