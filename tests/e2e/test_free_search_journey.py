"""A coach searches people without a vacancy on a 360 px phone, with the keyboard only:
finds a skill by typing a word, runs the search, saves it with an alert; a new person
shares a matching portfolio; the alert arrives and the coach opens the portfolio; back in
the saved search, the coach proposes the new person for a vacancy straight from the result."""

from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from intermediaries.models import Proposal
from portal import geo
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portal.taxonomy.autocomplete import reset_index
from portal.taxonomy.models import ConceptLabel, LabelKind
from portfolios.factories import make_portfolio, skill_concept
from search.indexing import rebuild
from search.models import SavedSearch
from tests.conftest import PASSWORD, make_user
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, tab_to, visit
from vacancies.factories import VacancyFactory
from vacancies.services import vacancy_publish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VEENDAM = "9641"


def _wishes() -> dict:
    place = geo.locate(VEENDAM)
    return {
        "postcode": VEENDAM,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "max_travel_km": 25,
        "hours_min": 24,
        "hours_max": 32,
        "work_types": ["paid_job"],
    }


def _press_enter_and_arrive(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived(page)


def _narrow(page: Page, where: str) -> None:
    assert has_no_horizontal_scroll(page), f"{where} scrolls sideways at 360 px"


def test_coach_saves_a_free_search_and_opens_the_alert_by_keyboard_on_a_phone(world, new_page):
    forklift = skill_concept("heftruck rijden")
    ConceptLabel.objects.create(
        concept=forklift, language="nl", kind=LabelKind.PREFERRED, text="heftruck rijden"
    )
    cache.clear()
    reset_index()
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3},
        audiences=("coach_organisation",),
        **_wishes(),
    )
    vacancy = vacancy_publish(
        vacancy=VacancyFactory(
            organisation=world.employer,
            title="Heftruckchauffeur",
            postcode=VEENDAM,
            hours_min=24,
            hours_max=32,
            skills=[(forklift, True, 2)],
        ),
        by=None,
    )
    rebuild()
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.coach.email, PASSWORD)

    # 1. From the dashboard to the free search.
    visit(phone, reverse("dashboard"))
    tab_to(phone, f"main a[href='{reverse('search_free')}']", limit=80)
    _press_enter_and_arrive(phone)
    assert urlparse(phone.url).path == reverse("search_free")
    _narrow(phone, "the free search")

    # 2. A word offers skills to tick; tick one, add a place, and search.
    tab_to(phone, "input[name=vaardigheid_zoek]", limit=30)
    phone.keyboard.type("heftruck")
    _press_enter_and_arrive(phone)
    option = f"input[name=vaardigheid][value='{forklift.pk}']"
    tab_to(phone, option, limit=30)
    phone.keyboard.press("Space")
    expect(phone.locator(option)).to_be_checked()
    tab_to(phone, "input[name=plaats]", limit=30)
    phone.keyboard.type("Veendam")
    tab_to(phone, "input[name=straal]", limit=5)
    phone.keyboard.type("25")
    tab_to(phone, ".search-panel button[type=submit]", limit=100)
    _press_enter_and_arrive(phone)
    rows = phone.locator(".result")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".result__title")).to_have_text("Sanne")
    expect(rows.first.locator(".chip--met").first).to_contain_text("heftruck rijden")
    _narrow(phone, "the results")

    # 3. Save it, with its alert (on by default).
    tab_to(phone, "input[name=name]", limit=250)
    phone.keyboard.type("Heftruck bij Veendam")
    tab_to(phone, "#bewaren button[type=submit]", limit=10)
    _press_enter_and_arrive(phone)
    assert urlparse(phone.url).path == reverse("search_saved_list")
    expect(phone.locator("main h2")).to_contain_text(["Heftruck bij Veendam"])
    _narrow(phone, "the saved searches")
    assert SavedSearch.objects.get(owner=world.coach).alerts

    # 4. Someone new shares a portfolio that matches (the worker runs after commit).
    bram = make_user("bram@example.nl", "Bram", last_name="Bakker")
    membership_create(user=bram, organisation=world.training_centre, role=Role.JOBSEEKER)
    shared = make_portfolio(
        jobseeker=bram,
        skills={"heftruck rijden": 2},
        audiences=("coach_organisation",),
        **_wishes(),
    )

    # 5. The alert arrives; the coach opens it and lands on Bram's portfolio.
    visit(phone, reverse("dashboard"))
    expect(phone.locator(".badge-unread")).to_contain_text("1")
    tab_to(phone, f"a[href='{reverse('notification_list')}']", limit=20)
    _press_enter_and_arrive(phone)
    portfolio_url = reverse("portfolio_detail", args=[shared.public_id])
    tab_to(phone, f"main a[href='{portfolio_url}']", limit=30)
    _press_enter_and_arrive(phone)
    expect(phone.locator("h1")).to_have_text("Bram Bakker")
    _narrow(phone, "the portfolio from the alert")

    # 6. Back to the saved search: the coach proposes Bram from his result.
    visit(phone, reverse("search_saved_list"))
    tab_to(phone, "main a.utrecht-button-link", limit=30)
    _press_enter_and_arrive(phone)
    choose = reverse("propose_choose", args=[shared.public_id])
    tab_to(phone, f"main a[href='{choose}']", limit=300)
    _press_enter_and_arrive(phone)
    _narrow(phone, "the choice of vacancy")
    tab_to(phone, f"input[name=vacature][value='{vacancy.pk}']", limit=30)
    phone.keyboard.press("Space")
    tab_to(phone, "main form button[type=submit]", limit=10)
    _press_enter_and_arrive(phone)
    expect(phone.locator("h1")).to_contain_text("Heftruckchauffeur")
    _narrow(phone, "the proposal")
    tab_to(phone, "textarea[name=motivation]", limit=60)
    phone.keyboard.type("Bram rijdt heftruck en woont in Veendam.")
    tab_to(phone, "main form button[type=submit]", limit=10)
    _press_enter_and_arrive(phone)
    proposal = Proposal.objects.get(portfolio=shared, vacancy=vacancy)
    assert proposal.proposed_by == world.coach
    assert proposal.explanation["skills"][0]["met"] is True
    _narrow(phone, "the proposals after proposing")
