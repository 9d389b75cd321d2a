"""A network admin edits an organisation in the Wagtail admin: audited, and the index follows."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.organisations.models import Organisation, OrganisationKind
from portfolios.factories import make_portfolio
from portfolios.models import Audience
from search.models import PortfolioAudience

pytestmark = pytest.mark.django_db


def _form(organisation: Organisation, **changes) -> dict:
    fields = ("name", "kind", "status", "street_address", "postcode", "city")
    return {
        **{name: getattr(organisation, name) for name in fields},
        "email": organisation.email or "",
        "phone": organisation.phone or "",
        "website": organisation.website or "",
        **changes,
    }


def _coach_audience(portfolio) -> set[int]:
    return set(
        PortfolioAudience.objects.filter(
            portfolio_id=portfolio.pk, coach_audience=True
        ).values_list("organisation_id", flat=True)
    )


def test_changing_the_kind_is_audited_and_the_index_follows_after_commit(
    world, login, django_capture_on_commit_callbacks
):
    centre = world.training_centre
    with django_capture_on_commit_callbacks(execute=True):
        portfolio = make_portfolio(
            jobseeker=world.jobseeker, audiences=(Audience.COACH_ORGANISATION,)
        )
    assert centre.pk in _coach_audience(portfolio)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.network_admin).post(
            reverse("organisations:edit", args=[centre.pk]),
            _form(centre, kind=OrganisationKind.EMPLOYER),
        )

    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.kind == OrganisationKind.EMPLOYER
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == world.network_admin
    assert event.details["kind"] == {"from": "training_centre", "to": "employer"}
    # An employer is no coach organisation: its staff no longer find the portfolio.
    assert centre.pk not in _coach_audience(portfolio)


def test_an_edit_that_changes_nothing_records_nothing(world, login):
    centre = world.training_centre

    login(world.network_admin).post(reverse("organisations:edit", args=[centre.pk]), _form(centre))

    assert not AuditEvent.objects.filter(action="organisation.update").exists()
