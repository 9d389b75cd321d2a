"""Issue 19, item 5: the Wagtail admin shows no portfolio anywhere, to anyone.

Walks every admin URL the resolver knows under /cms/ as the network admin (a
superuser), with sample ids that include the portfolio pages, their revisions and
the content type, and with search terms; fails on the owner's name or e-mail
address, or the portfolio page's own title, in any answer. Content pages stay
editable.
"""

import re
from urllib.parse import unquote_plus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio
from portfolios.models import PortfolioIndexPage, PortfolioPage
from tests.conftest import make_user

FIRST, LAST = "Zwaantje", "Quirijnsma"
EMAIL = "zwaantje.quirijnsma@example.nl"

# Where the network admin manages people and their roles ("manage organisations,
# members and roles"): a jobseeker's name belongs there, their portfolio does not.
PEOPLE_SCREENS = ("/cms/users/", "/cms/memberships/", "/cms/groups/")
# Not pages to look at: they end the session or need a token from an e-mail.
SKIPPED = ("/cms/logout/", "/cms/password_reset/confirm/", "/cms/editing-sessions/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _admin_urls(samples: dict[str, list[str]]) -> dict[str, bool]:
    """Every admin URL with sample arguments; True for the lists (no arguments)."""
    urls = {}
    for route in _routes(get_resolver().url_patterns):
        if not route.startswith("cms/"):
            continue
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", route)
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        variants = [route]
        for name in names:
            values = samples.get(name, samples["*"])
            variants = [
                re.sub(rf"<(?:\w+:)?{name}>", value, variant, count=1)
                for variant in variants
                for value in values
            ]
        for variant in variants:
            urls["/" + variant] = not names
    return urls


@pytest.fixture
def portfolio_world(world, site_pages):
    owner = make_user(EMAIL, FIRST, last_name=LAST)
    membership_create(user=owner, organisation=world.training_centre, role=Role.JOBSEEKER)
    portfolio = make_portfolio(
        jobseeker=owner, skills={"heftruck rijden": 3}, audiences=("coach_organisation",)
    )
    # A second revision, a lock and a log entry by the owner: history and reports.
    portfolio.save_revision(user=owner, log_action=True)
    return owner, portfolio


def test_the_admin_shows_no_portfolio_anywhere(world, portfolio_world, client):
    owner, portfolio = portfolio_world
    index = PortfolioIndexPage.objects.get()
    revision_ids = [str(pk) for pk in portfolio.revisions.values_list("pk", flat=True)]
    content_type = ContentType.objects.get_for_model(PortfolioPage)
    page_ids = [str(portfolio.pk), str(index.pk)]
    samples = {
        "*": [*page_ids, str(owner.pk)],
        "revision_id": revision_ids,
        "revision_id_a": ["earliest", revision_ids[0]],
        "revision_id_b": ["latest", "live"],
        "content_type_app_name": ["portfolios"],
        "content_type_model_name": ["portfoliopage", "portfolioindexpage"],
        "app_label": ["portfolios"],
        "app_name": ["portfolios"],
        "model_name": ["portfoliopage"],
        "action": ["delete", "publish", "unpublish"],
        "action_name": ["approve"],
        "filter_spec": ["original"],
        "object_id": page_ids,
        "uidb64": ["x"],
        "token": ["x"],
    }
    urls = _admin_urls(samples)
    searches = [
        f"?q={LAST}",
        f"?q={EMAIL}",
        f"?search={LAST}",
        f"?q=Portfolio+{owner.pk}",
        f"?child_of={index.pk}",
        f"?descendant_of={index.pk}",
        f"?content_type={content_type.pk}",
        f"?page_type={content_type.pk}",
        "?type=portfolios.PortfolioPage&fields=title,slug,owner",
    ]
    client.raise_request_exception = False  # a failing view is not a leak; keep walking
    client.force_login(world.network_admin)
    # Its name, e-mail address, page title and slug, and a link to the page in the admin.
    forbidden = [FIRST, LAST, EMAIL, portfolio.title, portfolio.slug, f"/pages/{portfolio.pk}/"]
    leaks = []
    for url, is_list in sorted(urls.items()):
        if url.startswith(SKIPPED):
            continue
        for query in ["", *searches] if is_list else [""]:
            response = client.get(url + query)
            html = response.content.decode(errors="replace")
            words = forbidden[3:] if url.startswith(PEOPLE_SCREENS) else forbidden
            # A page may repeat its own address, a search what was searched for: only what
            # the visitor did not type counts.
            typed = unquote_plus(url + query).lower()
            shown = [word for word in words if word in html and word.lower() not in typed]
            if shown:
                leaks.append(f"{url}{query} [{response.status_code}] shows {shown}")
    assert len(urls) > 150
    assert not leaks, "\n".join(leaks)


def test_content_pages_stay_editable_in_the_admin(world, site_pages, client):
    from wagtail.models import Page

    client.force_login(world.network_admin)
    explorer = client.get("/cms/pages/search/?q=privacy").content.decode()
    assert "Privacy" in explorer
    for page in Page.objects.filter(depth__gt=1).not_type(PortfolioIndexPage, PortfolioPage):
        assert client.get(f"/cms/pages/{page.pk}/edit/").status_code == 200, page
        assert client.get(f"/cms/pages/{page.pk}/").status_code == 200, page
    # Editable through the network-admin role, not through superuser powers.
    assert world.network_admin.is_network_admin and not world.network_admin.is_superuser
