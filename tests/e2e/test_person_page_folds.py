"""The training centre's page for one person stays short on a phone: the forms, the modules,
the table of every assessment and the timeline are folded (details/summary, no script),
and staff open them with the keyboard.

With this busy trajectory (six goals with a comment each, six modules, four skills assessed
three times) the page measured 15,750 px at 360 px (12,839 at 1280) before the folding,
5,590 (4,899) after.
`PERSON_PAGE_SHOTS=dir` keeps full-page screenshots at 360 and 1280 px there.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import Audience
from tests.conftest import PASSWORD
from tests.e2e import DESKTOP, PHONE, arrived, has_no_horizontal_scroll, log_in, tab_to, visit
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    module_plan,
    trajectory_enrol,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SKILLS = ("heftruck rijden", "orderpicken", "voorraad tellen", "veilig werken")
# At 360 px: 5,590 px measured folded, 15,750 unfolded.
MOST_PIXELS_ON_A_PHONE = 6_500


def _busy_trajectory(world):
    make_portfolio(
        jobseeker=world.jobseeker,
        skills=dict.fromkeys(SKILLS, 3),
        audiences=(Audience.COACH_ORGANISATION,),
    )
    today = timezone.localdate()
    staff = world.training_staff
    trajectory = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=staff,
        start_date=today - timedelta(days=120),
        coach=world.coach,
    )
    concepts = [skill_concept(label) for label in SKILLS]
    for number in range(6):
        goal = goal_create(
            trajectory=trajectory,
            by=staff,
            text=f"Doel {number + 1}: zelfstandig werken in het magazijn",
            concept=concepts[number % len(concepts)],
            target_level=3,
            due_date=today + timedelta(days=30 * (number + 1)),
        )
        goal_comment_add(goal=goal, by=world.jobseeker, text="Ik oefen elke dinsdag.")
        module_plan(
            trajectory=trajectory,
            by=staff,
            name=f"Module {number + 1}",
            provider="Leerwerkcentrum",
            hours=8,
            skills=[concepts[number % len(concepts)]],
            planned_date=today + timedelta(days=7 * (number + 1)),
        )
    for concept in concepts:
        for weeks, level in ((12, 1), (8, 2), (2, 3)):
            assessment_record(
                jobseeker=world.jobseeker,
                organisation=world.training_centre,
                by=staff,
                concept=concept,
                level=level,
                assessed_on=today - timedelta(weeks=weeks),
                observation="Werkt rustig en veilig.",
            )
    return trajectory


def test_the_person_page_is_folded_and_opens_with_the_keyboard(world, new_page):
    trajectory = _busy_trajectory(world)
    url = reverse("trajectory_detail", args=[world.training_centre.slug, trajectory.pk])
    shots = os.environ.get("PERSON_PAGE_SHOTS")

    heights = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport, phone=viewport is PHONE)
        log_in(page, world.training_staff.email, PASSWORD)
        visit(page, url)
        assert has_no_horizontal_scroll(page)
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/person-page-{viewport['width']}.png", full_page=True)
    assert heights["phone"] < MOST_PIXELS_ON_A_PHONE, heights

    # Every form is folded; the summary opens it from the keyboard, and the form works.
    goal_form = page.locator("form[action$='/doelen/']")
    expect(goal_form).to_be_hidden()
    summary = page.locator("summary", has=page.get_by_text("Een doel toevoegen", exact=True))
    page.evaluate("window.scrollTo(0, 0)")
    tab_to(page, "details:has(form[action$='/doelen/']) > summary", limit=120)
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(goal_form).to_be_visible()
    goal_form.locator("input[name=goal-text]").fill("Doel 7: zelf de route plannen")
    with page.expect_navigation():
        goal_form.locator("input[name=goal-text]").press("Enter")
    arrived(page)
    expect(page.locator(".goal h3", has_text="Doel 7: zelf de route plannen")).to_have_count(1)
    # The timeline is folded too, and says how much it holds.
    timeline = page.locator("#timeline-heading + details")
    expect(timeline.locator("ol.timeline")).to_be_hidden()
    timeline.locator("summary").click()
    expect(timeline.locator("ol.timeline li").first).to_be_visible()
