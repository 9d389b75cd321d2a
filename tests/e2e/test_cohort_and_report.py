"""Training-centre staff follow a cohort and make a progress report: the person enrolled with a
goal and an assessment is counted on the cohort page (desktop and phone), and the progress
report PDF is made in the background and downloaded. Every page on the way is checked by
`arrived` (axe-core, CSP)."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.choices import SkillLevel
from portal.generated_files import JobStatus
from portfolios.factories import make_portfolio, skill_concept
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, visit
from tests.e2e.layout import cut_off_captions
from training.models import ProgressReport
from training.services import assessment_record, goal_create, trajectory_enrol

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GOAL = "Ik rijd zelfstandig heftruck"


def _seed(world):
    """Sanne rated forklift driving 2 herself and shares her portfolio with the centre; she is enrolled this month with a goal, and
    staff assessed her forklift driving at 3."""
    make_portfolio(
        jobseeker=world.jobseeker,
        skills={"Heftruck rijden": 2},
        audiences=("coach_organisation",),
    )
    forklift = skill_concept("Heftruck rijden")
    trajectory = trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=timezone.localdate().replace(day=1),
        coach=world.coach,
    )
    goal_create(
        trajectory=trajectory,
        by=world.coach,
        text=GOAL,
        concept=forklift,
        target_level=SkillLevel.ON_MY_OWN,
    )
    assessment_record(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        concept=forklift,
        level=SkillLevel.ON_MY_OWN,
        assessed_on=timezone.localdate(),
    )
    return trajectory


def test_staff_see_the_person_in_the_cohort_and_download_the_progress_report(world, new_page):
    trajectory = _seed(world)
    cohorts_url = reverse("cohorts", args=[world.training_centre.slug])

    # 1. The cohort page counts Sanne and lists her, with a chart and the same numbers as a table.
    staff = new_page()
    log_in(staff, world.training_staff.email, PASSWORD)
    visit(staff, cohorts_url)
    started = staff.locator("table.cohort-counts tbody tr").first
    expect(started.locator("th")).to_have_text(nl("Started"))
    expect(started.locator("td")).to_have_text("1")
    expect(staff.locator("section svg[role=img]").first).to_be_visible()
    person = staff.locator(f"table.cohort-people tr[data-trajectory='{trajectory.pk}']")
    expect(person).to_contain_text("Sanne")
    expect(person).to_contain_text(trajectory.get_status_display())

    # 2. On a phone the page fits the screen.
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.coach.email, PASSWORD)
    visit(phone, cohorts_url)
    assert has_no_horizontal_scroll(phone)
    # The month table scrolls sideways; its caption wraps on the screen instead.
    assert cut_off_captions(phone) == []

    # 3. Staff ask for the progress report in English; it is made and downloaded as a PDF.
    with staff.expect_navigation():
        person.get_by_role("link", name=nl("Make a PDF")).click()
    arrived(staff)
    staff.get_by_label(nl("Language of the report")).select_option("en")
    with staff.expect_navigation():
        staff.get_by_role("button", name=nl("Make the PDF")).click()
    arrived(staff)
    report = ProgressReport.objects.get()
    assert report.status == JobStatus.DONE and report.language == "en"
    download_link = staff.locator("a[href$='/download/']")
    expect(download_link).to_be_visible()
    with staff.expect_download() as download_info:
        download_link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
