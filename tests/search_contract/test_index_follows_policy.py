"""The search index finds, for every person, exactly the portfolios the policy lets them see.

The index keeps its own copy of who may find a portfolio (its audiences, from
`portfolio_permission_policy.audiences`) and looks a searcher up by their keys
(`viewer_keys`). This holds the two against the policy itself,
`instances_user_has_permission_for(user, VIEW)`, on a network drawn at random: several
organisations of every kind and status, people in several of them or in none, memberships
that ended, consents given, withdrawn and approved or not. Then the network changes
through the services and the index must follow after commit. Both engines index the
same network at once (`Both`), so it is built once; each is asked on its own.

A failing seed is printed; `INDEX_POLICY_SEED=<n>` repeats it (every draw is from rows in
id order, so that the same seed draws the same network on every run).
"""

import os
import random
from dataclasses import dataclass, field
from uuid import uuid4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from portal.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    roles_for_kind,
)
from portal.organisations.services import (
    membership_create,
    membership_end,
    organisation_create,
    organisation_set_status,
)
from portfolios.models import Audience, PortfolioPage
from portfolios.permissions import VIEW, portfolio_permission_policy
from portfolios.services import (
    consent_set,
    consent_set_coach_approval,
    portfolio_create,
    portfolio_publish,
    portfolio_save_draft,
    portfolio_unpublish,
)
from search.builders import indexable_portfolio_ids, viewer_for
from search.indexing import portfolios_sync
from search.spec import FreeCriteria, free_candidate_spec
from tests.conftest import make_user

from .conftest import concept, make_backend, use_backend

SEED = int(os.environ.get("INDEX_POLICY_SEED", "0")) or random.randrange(1, 10**6)
KINDS = [
    OrganisationKind.TRAINING_CENTRE,
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.SOCIAL_ENTERPRISE,  # an intermediary and an employer at once
    OrganisationKind.EMPLOYER,
]
STATUSES = [OrganisationStatus.APPROVED] * 3 + [
    OrganisationStatus.PENDING,
    OrganisationStatus.REJECTED,
]


@dataclass
class Network:
    rng: random.Random
    organisations: list[Organisation] = field(default_factory=list)
    people: list = field(default_factory=list)  # everyone who may search or be found
    coaches: dict[int, list] = field(default_factory=dict)  # organisation id -> coaches

    def member(self, organisation: Organisation, role: str):
        user = make_user(f"{role}-{uuid4().hex[:8]}@example.nl", role.title())
        membership_create(user=user, organisation=organisation, role=role)
        self.people.append(user)
        if role in (Role.COACH, Role.ORGANISATION_ADMIN):
            self.coaches.setdefault(organisation.pk, []).append(user)
        return user


def _portfolio_holding(person, skill) -> PortfolioPage:
    """A draft portfolio of `person` with `skill`, written as they would."""
    portfolio = portfolio_create(jobseeker=person)
    portfolio_save_draft(
        portfolio=portfolio,
        by=person,
        fields={"headline": "Ik werk graag"},
        children={"skills": [{"concept": skill, "level": 3, "sort_order": 0}]},
    )
    return portfolio


def _network(rng: random.Random, skill) -> Network:
    network = Network(rng)
    for index in range(5):
        kind = KINDS[index % len(KINDS)] if index < len(KINDS) else rng.choice(KINDS)
        # The first, a training centre, is approved: its coaches see the network.
        status = OrganisationStatus.APPROVED if index == 0 else rng.choice(STATUSES)
        organisation = organisation_create(name=f"Organisatie {index}", kind=kind, status=status)
        network.organisations.append(organisation)
        for role in roles_for_kind(kind):
            if role != Role.JOBSEEKER:
                network.member(organisation, role)
    intermediaries = [o for o in network.organisations if o.is_intermediary]
    # One person who signed up alone shares with the network, so that somebody sees
    # somebody whatever the draws (a network where nobody does tests nothing).
    shared = make_user(f"shared-{uuid4().hex[:6]}@example.nl", "Gedeeld")
    network.people.append(shared)
    portfolio = _portfolio_holding(shared, skill)
    portfolio_publish(portfolio=portfolio, by=shared)
    consent_set(portfolio=portfolio, audience=Audience.NETWORK, granted=True, by=shared)
    for index in range(10):
        person = make_user(f"person-{index}-{uuid4().hex[:6]}@example.nl", f"Persoon {index}")
        network.people.append(person)
        # Some signed up alone; others are in one or two coach organisations.
        for organisation in rng.sample(intermediaries, rng.choice([0, 1, 1, 2])):
            membership = membership_create(
                user=person, organisation=organisation, role=Role.JOBSEEKER
            )
            if rng.random() < 0.2:
                membership_end(membership=membership, by=person)
        portfolio = _portfolio_holding(person, skill)
        if rng.random() < 0.85:
            portfolio_publish(portfolio=portfolio, by=person)
        for audience in Audience.values:
            if rng.random() < 0.45:
                consent_set(portfolio=portfolio, audience=audience, granted=True, by=person)
                if rng.random() < 0.2:  # withdrawn again
                    consent_set(portfolio=portfolio, audience=audience, granted=False, by=person)
        coaches = [
            coach
            for membership in Membership.objects.active().filter(user=person).order_by("pk")
            for coach in network.coaches.get(membership.organisation_id, [])
        ]
        if coaches and rng.random() < 0.6:
            consent_set_coach_approval(portfolio=portfolio, approved=True, by=rng.choice(coaches))
    return network


def _changes(network: Network) -> None:
    """What happens later: consents withdrawn, people leave, organisations change status."""
    rng = network.rng
    portfolios = list(PortfolioPage.objects.select_related("consent", "jobseeker").order_by("pk"))
    for portfolio in rng.sample(portfolios, 4):
        audience = rng.choice(Audience.values)
        granted = not getattr(portfolio.consent, audience)
        consent_set(portfolio=portfolio, audience=audience, granted=granted, by=portfolio.jobseeker)
    # Not an organisation's only admin: that the service refuses.
    members = Membership.objects.active().exclude(role=Role.ORGANISATION_ADMIN).order_by("pk")
    for membership in rng.sample(list(members), 3):
        membership_end(membership=membership, by=membership.user)
    for organisation in rng.sample(network.organisations, 2):
        statuses = [s for s in OrganisationStatus.values if s != organisation.status]
        organisation_set_status(
            organisation=organisation, status=rng.choice(statuses), by=network.people[0]
        )
    live = [portfolio for portfolio in portfolios if portfolio.live]
    portfolio_unpublish(portfolio=live[0], by=live[0].jobseeker)


def _found(backend, user, skill) -> set[int]:
    spec = free_candidate_spec(
        FreeCriteria(skill_ids=(skill.pk,)), viewer=viewer_for(user), page_size=100
    )
    page = backend.candidates(spec)
    assert page.total == len(page.hits), "the page is too small for the network"
    return {hit.id for hit in page.hits}


def _allowed(user) -> set[int]:
    # The index is for others: a person never finds their own portfolio.
    visible = portfolio_permission_policy.instances_user_has_permission_for(user, VIEW)
    if user.is_authenticated:
        visible = visible.exclude(jobseeker=user)
    return set(visible.values_list("pk", flat=True))


def _differences(backend, network: Network, skill) -> list[str]:
    everyone = [AnonymousUser(), *network.people]
    problems = []
    for user in everyone:
        found, allowed = _found(backend, user, skill), _allowed(user)
        if found != allowed:
            roles = list(
                Membership.objects.filter(user_id=user.pk).values_list(
                    "role", "organisation__kind", "organisation__status", "is_active"
                )
            )
            problems.append(
                f"{user} {roles}: index only {sorted(found - allowed)}, "
                f"policy only {sorted(allowed - found)}"
            )
    return problems


class Both:
    """Writes reach both engines, as the production path's indexing tasks send them."""

    def __init__(self, *engines) -> None:
        self.engines = engines

    def index_portfolios(self, documents) -> None:
        for engine in self.engines:
            engine.index_portfolios(documents)

    def delete_portfolios(self, portfolio_ids) -> None:
        for engine in self.engines:
            engine.delete_portfolios(portfolio_ids)

    def index_vacancies(self, documents) -> None:
        for engine in self.engines:
            engine.index_vacancies(documents)

    def delete_vacancies(self, vacancy_ids) -> None:
        for engine in self.engines:
            engine.delete_vacancies(vacancy_ids)


@pytest.fixture
def engines(db, monkeypatch):
    engines = {name: make_backend(name) for name in ("database", "elasticsearch")}
    use_backend(monkeypatch, Both(*engines.values()))
    yield engines
    for engine in engines.values():
        engine.reset()


def test_index_finds_exactly_what_the_policy_allows_for_everyone(engines):
    rng = random.Random(SEED)
    skill = concept("Gereedschap gebruiken")
    network = _network(rng, skill)
    network.people.append(
        make_user("netwerk@example.nl", "Netty", is_staff=True, is_superuser=True)
    )
    portfolios_sync(indexable_portfolio_ids(), Both(*engines.values()))
    assert any(_allowed(user) for user in network.people), f"seed {SEED}: nobody sees anyone"
    for name, engine in engines.items():
        assert _differences(engine, network, skill) == [], f"{name}, seed {SEED}"

    with TestCase.captureOnCommitCallbacks(execute=True):
        _changes(network)
    for name, engine in engines.items():
        assert _differences(engine, network, skill) == [], f"{name}, seed {SEED}, after changes"
