""" "My page" offers exactly the pages that open for the person (issue 18, item 1).

Every link of the registry (`portal.accounts.dashboard`) is shown by the check its view
makes: for each role of the world, every link on the page answers 200, and every link
the registry could have offered them (each organisation link into each of their own
organisations, each link of their own) but did not, refuses them (403, 404 or the login).
"""

import re

import pytest
from django.urls import reverse

from portal.accounts.dashboard import ORGANISATION, registered_links
from portal.organisations.selectors import memberships_of
from tests.conftest import ROLES, World

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*data-link="([^"]+)"')


def _shown(client) -> dict[str, str]:
    page = client.get(reverse("dashboard")).content.decode()
    return dict(LINK.findall(page))


def _offerable(user) -> dict[str, str]:
    """Every page the registry could offer `user`: url -> link key."""
    organisations = [m.organisation for m in memberships_of(user=user)]
    urls = {}
    for link in registered_links():
        if link.section == ORGANISATION:
            for organisation in organisations:
                urls[reverse(link.url_name, args=[organisation.slug]) + link.query] = link.key
        else:
            urls[reverse(link.url_name)] = link.key
    return urls


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("role", SIGNED_IN)
def test_my_page_shows_exactly_the_pages_that_open(world: World, client, role: str):
    user = getattr(world, role)
    client.force_login(user)
    shown = _shown(client)
    offerable = _offerable(user)

    assert shown, "every signed-in person gets at least one page"
    assert set(shown) <= set(offerable) | {reverse("portfolio_editor")}
    for url, key in shown.items():
        # (The portfolio editor opens at its first step.)
        opened = client.get(url, follow=True)
        assert opened.status_code == 200, f"{role} is offered {key} ({url})"
    # A page is offered once, under the label that fits (members, or "My jobseekers"):
    # compare pages, not labels or the filter in the query.
    pages = {url.split("?")[0] for url in shown}
    hidden = {url: key for url, key in offerable.items() if url.split("?")[0] not in pages}
    for url, key in hidden.items():
        assert _refused(client.get(url)), f"{role} is not offered {key} ({url}), yet it opens"


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        ("jobseeker", {"portfolio_editor", "evidence_list", "api_token_list"}, {"caseload"}),
        (
            "coach",
            {"my_jobseekers", "invite_jobseeker", "caseload", "follow_ups", "search_free"},
            {"manage_members", "api_keys", "portfolio_editor", "employer_vacancies"},
        ),
        (
            "training_staff",
            {"members", "caseload", "trajectories", "cohorts", "impact"},
            {"invite_jobseeker", "organisation_proposals", "follow_ups", "obligations"},
        ),
        (
            "recruiter",
            {"employer_vacancies", "vacancy_import", "employer_impact", "obligations"},
            {"caseload", "api_keys", "impact", "portfolio_editor"},
        ),
        (
            "organisation_admin",
            {"manage_members", "invite_someone", "api_keys", "caseload", "trajectories"},
            {"my_jobseekers", "members", "employer_vacancies"},
        ),
        ("network_admin", {"cms", "obligations", "impact"}, {"search_free", "portfolio_editor"}),
    ],
)
def test_each_role_meets_its_own_pages(world: World, client, role, offered, not_offered):
    client.force_login(getattr(world, role))
    keys = set(_shown(client).values())
    assert offered <= keys, offered - keys
    assert not (not_offered & keys)
