"""A training journey: staff of the training centre enrol a jobseeker, set a goal and record
an assessment; the jobseeker opens "My progress" on a phone, sees both and comments on the
goal with the keyboard only. Every page on the way is checked by `arrived` (axe-core, CSP)."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from portfolios.factories import make_portfolio
from portfolios.models import Audience
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, tab_to, visit
from training.models import DevelopmentGoal, GoalComment, SkillAssessment, Trajectory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GOAL = "In maart rijd ik zelf heftruck in het magazijn"
OBSERVATION = "Rijdt rustig en veilig, keren gaat nog met hulp."
COMMENT = "Ik oefen elke dinsdag met Anke."


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()
    arrived(page)


def test_staff_set_a_goal_and_assess_and_the_jobseeker_follows_it_on_a_phone(world, new_page):
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"heftruck rijden": 3},
        audiences=(Audience.COACH_ORGANISATION,),
    )

    # 1. Training staff enrol Sanne, with Anke as her coach.
    staff = new_page()
    log_in(staff, world.training_staff.email, PASSWORD)
    visit(staff, reverse("trajectory_list", args=[world.training_centre.slug]))
    staff.locator(".trajectory-enrol summary").click()
    enrol = staff.locator(".trajectory-enrol form")
    enrol.locator("select[name=enrol-jobseeker]").select_option(str(world.jobseeker.pk))
    enrol.locator("input[name=enrol-start_date]").fill(timezone.localdate().isoformat())
    enrol.locator("select[name=enrol-coach]").select_option(str(world.coach.pk))
    _submit(staff, enrol.get_by_role("button", name=nl("Enrol")))
    trajectory = Trajectory.objects.get(jobseeker=world.jobseeker)
    detail = reverse("trajectory_detail", args=[world.training_centre.slug, trajectory.pk])
    assert urlparse(staff.url).path == detail
    assert trajectory.coach == world.coach

    # 2. A goal about the forklift skill from her portfolio, target level 3.
    # The page keeps its forms folded; the summary opens one.
    staff.locator("details:has(form[action$='/doelen/']) > summary").click()
    goal_form = staff.locator("form[action$='/doelen/']")
    goal_form.locator("input[name=goal-text]").fill(GOAL)
    goal_form.locator("select[name=goal-skill]").select_option(label="heftruck rijden")
    goal_form.locator("select[name=goal-target_level]").select_option("3")
    _submit(staff, goal_form.get_by_role("button", name=nl("Add goal")))
    expect(staff.locator(".goal h3")).to_have_text(GOAL)
    goal = DevelopmentGoal.objects.get(trajectory=trajectory)

    # 3. What staff saw: level 2, beside her own 3.
    staff.locator("details:has(form[action$='/beoordelingen/']) > summary").click()
    assess = staff.locator("form[action$='/beoordelingen/']")
    assess.locator("select[name=assessment-skill]").select_option(label="heftruck rijden")
    assess.locator("select[name=assessment-level]").select_option("2")
    assess.locator("textarea[name=assessment-observation]").fill(OBSERVATION)
    _submit(staff, assess.get_by_role("button", name=nl("Save assessment")))
    assert SkillAssessment.objects.get().level == 2
    expect(staff.locator(".skill-compare")).to_contain_text(OBSERVATION)
    expect(staff.locator(".skill-chart svg[role=img]")).to_have_count(1)

    # 4. Sanne opens "My progress" on her phone and sees the goal and what her trainer saw.
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.jobseeker.email, PASSWORD)
    visit(phone, reverse("my_progress"))
    mine = phone.locator(f"#doel-{goal.pk}")
    expect(mine.locator("h4")).to_have_text(GOAL)
    card = phone.locator(".skill-card")
    expect(card).to_contain_text(OBSERVATION)
    expect(card.locator(".skill-card__gentle")).to_contain_text(
        nl(
            "Your trainer saw this a bit differently. That is normal. "
            "Talk about it together: what helps you to learn more?"
        )
    )
    expect(phone.locator(".skill-chart svg[role=img]")).to_have_count(1)
    assert has_no_horizontal_scroll(phone), "My progress scrolls sideways at 360 px"

    # 5. She comments on her goal with the keyboard only.
    tab_to(phone, f"#doel-{goal.pk} textarea", limit=80)
    phone.keyboard.type(COMMENT)
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.type") == "submit"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    arrived(phone)
    expect(mine.locator(".comment")).to_contain_text(COMMENT)
    assert GoalComment.objects.get(goal=goal).author == world.jobseeker
    assert has_no_horizontal_scroll(phone), "the comment scrolls sideways at 360 px"

    # 6. Staff see her comment on the goal.
    visit(staff, detail)
    expect(staff.locator(f"#doel-{goal.pk} .comment")).to_contain_text(COMMENT)
