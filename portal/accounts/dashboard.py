"""What "My page" offers, each link shown by the rule of the page it opens.

Each app registers the links to its pages (`dashboard_link_register`, from its
`dashboard.py`, imported by its AppConfig.ready), with the very check its view makes:
- a link into one organisation names the organisations where the user may open it, as
  one query for all their organisations (the page costs the same with 1 or 50);
- a link of the person says whether they may open it.
`dashboard_links` asks each check once for the signed-in user (checks shared by several
links, once in all), so the page offers a link exactly when its view would open.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise

from portal.accounts.models import User
from portal.organisations.models import Membership, Organisation

ORGANISATION = "organisation"  # on the card of each organisation the person belongs to
WORK = "work"  # the person's work in the network, not tied to one of their organisations
PERSON = "person"  # the person's own cards and lists, shown where the template places them


@dataclass(frozen=True)
class DashboardLink:
    key: str  # also the link's `data-link`, for tests and the layout walk
    label: str | Promise
    url_name: str
    section: str
    # ORGANISATION: the organisations where `user` may open the page (the view's own check).
    organisations: Callable[[User], QuerySet[Organisation]] | None = None
    # WORK and PERSON: whether `user` may open the page (the view's own check).
    allowed: Callable[[User], bool] | None = None
    query: str = ""
    order: int = 100


@dataclass(frozen=True)
class ShownLink:
    key: str
    label: str | Promise
    url: str


@dataclass
class DashboardLinks:
    by_organisation: dict[int, list[ShownLink]] = field(default_factory=dict)
    work: list[ShownLink] = field(default_factory=list)
    # PERSON links by key: True where the person may open the page.
    may: dict[str, bool] = field(default_factory=dict)
    # (membership, its organisation's links) in the order of the memberships given.
    cards: list = field(default_factory=list)


_LINKS: dict[str, DashboardLink] = {}


def dashboard_link_register(*links: DashboardLink) -> None:
    for link in links:
        if (link.organisations is None) == (link.allowed is None):
            raise ValueError(f"{link.key}: give either `organisations` or `allowed`")
        if (link.section == ORGANISATION) != (link.organisations is not None):
            raise ValueError(f"{link.key}: organisation links name organisations")
        _LINKS[link.key] = link


def registered_links() -> list[DashboardLink]:
    return sorted(_LINKS.values(), key=lambda link: (link.order, link.key))


def dashboard_links(*, user: User, memberships: Iterable[Membership]) -> DashboardLinks:
    """The links `user` may follow: per organisation of theirs, for their work, and their own."""
    memberships = list(memberships)
    organisation_ids = {membership.organisation_id for membership in memberships}
    answers: dict[Callable, object] = {}

    def ask(check: Callable, transform: Callable) -> object:
        if check not in answers:
            answers[check] = transform(check(user))
        return answers[check]

    shown = DashboardLinks(by_organisation={pk: [] for pk in organisation_ids})
    for link in registered_links():
        if link.section == ORGANISATION:
            if not organisation_ids:
                continue
            where = ask(link.organisations, _slugs(organisation_ids))
            for pk, slug in where.items():
                shown.by_organisation[pk].append(
                    ShownLink(
                        link.key, link.label, reverse(link.url_name, args=[slug]) + link.query
                    )
                )
        elif ask(link.allowed, bool):
            if link.section == WORK:
                shown.work.append(ShownLink(link.key, link.label, reverse(link.url_name)))
            else:
                shown.may[link.key] = True
    shown.cards = [(m, shown.by_organisation[m.organisation_id]) for m in memberships]
    return shown


def _slugs(organisation_ids: set[int]) -> Callable[[QuerySet[Organisation]], dict[int, str]]:
    def among_own(organisations: QuerySet[Organisation]) -> dict[int, str]:
        return dict(organisations.filter(pk__in=organisation_ids).values_list("pk", "slug"))

    return among_own


def reaches_the_admin(user: User) -> bool:
    """The check /cms/ makes: Wagtail's admin access (the network admins' group, superusers)."""
    return user.has_perm("wagtailadmin.access_admin")


dashboard_link_register(
    DashboardLink("cms", "/cms/", "wagtailadmin_home", PERSON, allowed=reaches_the_admin)
)
