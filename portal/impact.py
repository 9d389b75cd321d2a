"""Sections other apps add to the impact dashboard, so the dashboard imports none of them.

The dashboard (socialreturn) and the apps with figures of their own (events) sit side
by side and may not import each other. An app registers a function in its
AppConfig.ready(); the dashboard asks every function for its section for the viewer
and the filters chosen (`ImpactScope`), and renders each one's template below its own tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from portal.accounts.models import User


@dataclass(frozen=True)
class ImpactSection:
    template: str  # rendered with `section` (this object) in its context
    context: dict[str, Any] = field(default_factory=dict)
    # The same figures in the dashboard's PDF report (plain markup, no links); "" for none.
    pdf_template: str = ""


@dataclass(frozen=True)
class ImpactScope:
    """What the dashboard's filters chose: the days `start` to `end`, and where given the
    coach's organisation, the employer's sector and the target group. A provider counts
    only what falls in it, and says so where it cannot split its figures by a filter."""

    start: date
    end: date
    organisation_id: int | None = None
    sector: str = ""
    target_group: str = ""
    # The viewer's own intermediaries (exact figures), when the dashboard has them already;
    # None: the provider works them out.
    own_organisations: frozenset[int] | None = None


# Called as provider(user=..., scope=...); None: nothing to show this viewer.
ImpactSectionProvider = Callable[..., ImpactSection | None]

_providers: list[ImpactSectionProvider] = []


def register_impact_section(provider: ImpactSectionProvider) -> None:
    """Have the impact dashboard show `provider`'s section."""
    if provider not in _providers:
        _providers.append(provider)


def impact_sections(*, user: User, scope: ImpactScope) -> list[ImpactSection]:
    """The registered sections for `user` within the dashboard's filters, in order."""
    sections = (provider(user=user, scope=scope) for provider in _providers)
    return [section for section in sections if section is not None]


# Called as provider(user=...): a query of the organisation ids ("organisation_id" values)
# whose people the app counts, so the dashboard offers them in its organisation filter.
ImpactOrganisationsProvider = Callable[..., QuerySet]

_organisation_providers: list[ImpactOrganisationsProvider] = []


def register_impact_organisations(provider: ImpactOrganisationsProvider) -> None:
    """Have the dashboard's organisation filter offer the organisations `provider` counts."""
    if provider not in _organisation_providers:
        _organisation_providers.append(provider)


def impact_organisation_ids(*, user: User) -> list[QuerySet]:
    """One query of organisation ids per registered app, not yet run (subqueries)."""
    return [provider(user=user) for provider in _organisation_providers]
