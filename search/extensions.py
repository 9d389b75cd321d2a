"""Facets other apps add to the candidate search, each value private to one organisation.

So that `search` need not import the apps that build on it, such an app registers its
facet here from its `AppConfig.ready()`: which values there are, and a provider that
says, per jobseeker, which value each organisation recorded. The index keeps every value
with its organisation (a "<facet>:<organisation>:<value>" keyword in Elasticsearch, a
`PortfolioFacetValue` row in the database backend), and a search counts and filters
only the values of the viewer's own organisations: another organisation's staff and
employers neither see them nor narrow on them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from .tasks import sync_people

# Jobseeker (user) ids → {jobseeker id: [(organisation id, value), ...]}, in a fixed
# number of queries whatever the number of ids.
OrganisationFacetProvider = Callable[[Collection[int]], Mapping[int, Collection[tuple[int, str]]]]


@dataclass(frozen=True, slots=True)
class OrganisationFacet:
    """One facet: its name in `MatchPage.facets`, its query parameter, legend and values."""

    name: str
    param: str
    legend: str
    choices: tuple[tuple[str, str], ...]
    provider: OrganisationFacetProvider

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)


_FACETS: dict[str, OrganisationFacet] = {}


def register_organisation_facet(facet: OrganisationFacet) -> None:
    """Add a facet (again on a second `ready()`, replacing the first: no duplicates)."""
    _FACETS[facet.name] = facet


def organisation_facets() -> tuple[OrganisationFacet, ...]:
    """The registered facets, in the order they were registered (their order on screen)."""
    return tuple(_FACETS.values())


def organisation_facet_values(
    jobseeker_ids: Collection[int],
) -> dict[int, tuple[tuple[str, int, str], ...]]:
    """Per jobseeker, every (facet, organisation id, value) the providers report, sorted."""
    found: dict[int, set[tuple[str, int, str]]] = {}
    for facet in _FACETS.values():
        allowed = set(facet.values)
        for jobseeker_id, pairs in facet.provider(jobseeker_ids).items():
            for organisation_id, value in pairs:
                if value in allowed:
                    found.setdefault(jobseeker_id, set()).add((facet.name, organisation_id, value))
    return {jobseeker_id: tuple(sorted(values)) for jobseeker_id, values in found.items()}


def reindex_people(user_ids: Collection[int]) -> None:
    """Queue the index update of these people's portfolios once the transaction commits.

    For an app whose facet value changed: the task reads the database again, so a
    rolled-back change never reaches the index.
    """
    ids = sorted(set(user_ids))
    if ids:
        transaction.on_commit(lambda: sync_people.enqueue(user_ids=ids))


# --- What the searcher can do with a result ------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultAction:
    """What an app higher up offers beside one result (proposing the person, in
    `intermediaries`): a link to act, or instead a status saying it was done already."""

    url: str = ""
    label: str = ""
    # Read by screen readers after `label`: whom or what the link is for.
    label_detail: str = ""
    badge: str = ""
    note: str = ""


# (searcher, [(vacancy id or None, public id), ...]) → {(vacancy id or None, public id as
# text): action}; a pair without an action is left out. None: the person without a
# vacancy chosen yet (the free search). A fixed number of queries whatever the pairs.
ResultActionProvider = Callable[[Any, Collection[tuple[int | None, Any]]], Mapping]

_ACTIONS: list[ResultActionProvider] = []


def register_result_actions(provider: ResultActionProvider) -> None:
    """Add the provider of result actions (again on a second `ready()`: replaced, not doubled)."""
    _ACTIONS[:] = [p for p in _ACTIONS if p.__qualname__ != provider.__qualname__] + [provider]


def result_actions(
    user, pairs: Collection[tuple[int | None, Any]]
) -> dict[tuple[int | None, str], ResultAction]:
    """The actions the registered apps offer `user` for these (vacancy, person) pairs."""
    found: dict[tuple[int | None, str], ResultAction] = {}
    if not pairs:
        return found
    for provider in _ACTIONS:
        for (vacancy_id, public_id), action in provider(user, pairs).items():
            found.setdefault((vacancy_id, str(public_id)), action)
    return found
