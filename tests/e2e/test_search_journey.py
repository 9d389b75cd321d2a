"""A coach finds candidates for a vacancy on a 360 px phone, with the keyboard only: reads
why each one ranks where they do, narrows the list with a facet and opens a portfolio."""

import re
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from portal import geo
from portal.organisations.models import Role
from portal.organisations.services import membership_create
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import PortfolioPage
from search.indexing import rebuild
from tests.conftest import PASSWORD, make_user
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, tab_to, visit
from vacancies.factories import VacancyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _seed(world):
    """Sanne has every required skill; Bram has forklift below the level and a C licence."""
    place = geo.locate("9671")
    wishes = {
        "postcode": "9671",
        "latitude": place.latitude,
        "longitude": place.longitude,
        "max_travel_km": 50,
        "hours_min": 24,
        "hours_max": 32,
        "work_types": ["paid_job"],
    }
    bram = make_user("bram@example.nl", "Bram", last_name="Bakker")
    membership_create(user=bram, organisation=world.training_centre, role=Role.JOBSEEKER)
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3, "orderpicken": 2},
        audiences=("coach_organisation",),
        **wishes,
    )
    make_portfolio(
        jobseeker=bram,
        skills={"heftruck rijden": 2, "orderpicken": 3},
        audiences=("coach_organisation",),
        driving_licences=["B", "C"],
        **wishes,
    )
    vacancy = VacancyFactory(
        organisation=world.employer,
        open=True,
        title="Heftruckchauffeur",
        postcode="9671",
        skills=[
            (skill_concept("heftruck rijden"), True, 3),
            (skill_concept("orderpicken"), True, 2),
        ],
    )
    rebuild()
    return vacancy


def _narrow(page: Page, where: str) -> None:
    assert has_no_horizontal_scroll(page), f"{where} scrolls sideways at 360 px"


def _press_enter_and_arrive(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    arrived(page)


def test_coach_finds_filters_and_opens_a_candidate_by_keyboard_on_a_phone(world, new_page):
    vacancy = _seed(world)
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.coach.email, PASSWORD)

    # 1. From the vacancy page to its candidates.
    visit(phone, reverse("vacancy_detail", args=[vacancy.pk]))
    search_url = reverse("search_vacancy_candidates", args=[vacancy.pk])
    tab_to(phone, f"main a[href='{search_url}']", limit=60)
    _press_enter_and_arrive(phone)
    assert urlparse(phone.url).path == search_url
    _narrow(phone, "the candidate list")

    # On a phone the filter panel comes first, above the results, full width.
    panel = phone.locator(".search-panel").bounding_box()
    results = phone.locator(".search-results").bounding_box()
    assert panel and results and panel["y"] + panel["height"] <= results["y"]

    # 2. Ranked, with chips that say why in words and icons, not colour alone.
    rows = phone.locator(".result")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(".result__title")).to_have_text("Sanne")
    expect(rows.nth(1).locator(".result__title")).to_have_text("Bram Bakker")
    expect(rows.nth(1).locator(".chip--gap")).to_contain_text(
        re.compile(r"heftruck rijden: .*2.*3")
    )
    expect(rows.nth(0).locator(".chip--met").first).to_contain_text("✓")

    # The score opens to show how it adds up (a native disclosure: no JavaScript).
    tab_to(phone, ".result:first-child details.score summary", limit=80)
    phone.keyboard.press("Enter")
    parts = rows.nth(0).locator(".score__parts")
    expect(parts).to_be_visible()
    total = int(parts.locator("tfoot td").inner_text())
    points = [int(cell) for cell in parts.locator("tbody td").all_inner_texts()]
    assert sum(points) == total > 0
    _narrow(phone, "an open score")

    # 3. Narrow to people with a C licence: tick the box, then show the results.
    tab_to(phone, "input[name=rijbewijs][value=C]", limit=80)
    phone.keyboard.press("Space")
    expect(phone.locator("input[name=rijbewijs][value=C]")).to_be_checked()
    tab_to(phone, ".search-panel button[type=submit]", limit=20)
    _press_enter_and_arrive(phone)
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".result__title")).to_have_text("Bram Bakker")
    expect(phone.locator("input[name=rijbewijs][value=C]")).to_be_checked()
    expect(phone.locator(".search-results [role=status]")).to_contain_text("1")
    _narrow(phone, "the filtered list")

    # 4. Open the candidate: the portfolio page, with a way on to vacancies for them.
    tab_to(phone, ".result__title a", limit=80)
    _press_enter_and_arrive(phone)
    expect(phone.locator("h1")).to_have_text("Bram Bakker")
    _narrow(phone, "the portfolio")

    # 5. And from there, the vacancies that fit Bram.
    bram = PortfolioPage.objects.get(jobseeker__email="bram@example.nl")
    tab_to(phone, f"main a[href='{reverse('search_candidate_vacancies', args=[bram.public_id])}']")
    _press_enter_and_arrive(phone)
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".result__title")).to_have_text("Heftruckchauffeur")
    expect(rows.first.locator(".chip--gap")).to_contain_text("heftruck rijden")
    _narrow(phone, "the vacancies for a candidate")
