"""List pages make as many queries with 50 rows as with 1: no query per row."""

import re
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import invitation_create, membership_create, organisation_create
from tests.conftest import World, make_user

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
    """Add 1 row, count; add 49 more, count again: the counts must be equal."""
    add_rows(0, 1)
    one, one_sql, response = _queries(client, url)
    assert rows_on_page(response) < 10, "the page should start nearly empty"
    add_rows(1, MANY)
    many, many_sql, response = _queries(client, url)
    assert rows_on_page(response) >= MANY, "the 50 rows are not on the page"
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
