"""Social return end to end (issue 15): the authority records an obligation, the supplier reports
a placement and an activity (on a phone), the authority accepts one and rejects the other with
a reason, and the impact dashboard and its XLSX show the accepted value. Every page on the way
is checked by `arrived` (axe-core, CSP) at 360 px and desktop."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from intermediaries.models import TargetGroup
from socialreturn.factories import make_placement, make_table
from socialreturn.models import Contribution, ContributionStatus, Obligation
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, nl_label, visit
from tests.e2e.layout import check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REASON = "Gastles viel buiten de contractperiode"


def test_obligation_report_decide_and_see_it_in_the_dashboard_and_the_xlsx(world, new_page):
    make_table(authority=world.municipality)
    placement = make_placement(
        coach=world.coach,
        jobseeker=world.jobseeker,
        recruiter=world.recruiter,
        employer=world.employer,
        target_group=TargetGroup.DOELGROEPREGISTER,
    )
    today = timezone.localdate()

    # 1. The municipality records a 5 % obligation on the employer.
    authority = new_page()
    log_in(authority, world.other_coach.email, PASSWORD)
    visit(authority, reverse("sroi_obligation_create"))
    authority.get_by_label(nl_label("Contracting authority")).select_option(
        label=world.municipality.name
    )
    authority.get_by_label(nl_label("Supplier")).select_option(label=world.employer.name)
    authority.get_by_label(nl_label("Contract reference")).fill("VDM-2026-07")
    authority.get_by_label(nl_label("Contract title")).fill("Groenonderhoud wijk Noord")
    authority.get_by_label(nl_label("Contract value in euros")).fill("1000000")
    authority.get_by_label(nl_label("Percentage of the contract value")).fill("5")
    authority.get_by_label(nl_label("Start of the period")).fill((today.replace(day=1)).isoformat())
    authority.get_by_label(nl_label("End of the period")).fill(
        today.replace(year=today.year + 1).isoformat()
    )
    with authority.expect_navigation():
        authority.get_by_role("button", name=nl("Save the obligation")).click()
    arrived(authority)
    obligation = Obligation.objects.get()
    detail_url = reverse("sroi_obligation_detail", args=[obligation.pk])

    # 2. The supplier, on a phone, reports the placement and a guest lesson.
    supplier = new_page(viewport=PHONE, phone=True)
    log_in(supplier, world.recruiter.email, PASSWORD)
    visit(supplier, detail_url)
    assert has_no_horizontal_scroll(supplier)
    with supplier.expect_navigation():
        supplier.get_by_role("link", name=nl("Report a placement")).click()
    arrived(supplier)
    supplier.get_by_label(nl_label("Placement at your organisation")).select_option(
        str(placement.pk)
    )
    with supplier.expect_navigation():
        supplier.get_by_role("button", name=nl("Report")).click()
    arrived(supplier)
    with supplier.expect_navigation():
        supplier.get_by_role("link", name=nl("Report an activity")).click()
    arrived(supplier)
    assert has_no_horizontal_scroll(supplier)
    supplier.get_by_label(nl_label("Activity")).select_option("guest_lesson")
    supplier.get_by_label(nl_label("What you did")).fill("Gastles schilderen op het vmbo")
    supplier.get_by_label(nl_label("Date")).fill(today.isoformat())
    supplier.get_by_label(nl_label("Employee-hours")).fill("4")
    with supplier.expect_navigation():
        supplier.get_by_role("button", name=nl("Report")).click()
    arrived(supplier)
    hired = Contribution.objects.get(kind="placement")
    lesson = Contribution.objects.get(kind="activity")

    # 3. The municipality accepts the placement and rejects the lesson with a reason.
    visit(authority, detail_url)
    card = authority.locator(f"li[data-contribution='{hired.pk}']")
    card.locator("input[value=accept]").check()
    with authority.expect_navigation():
        card.get_by_role("button", name=nl("Save the decision")).click()
    arrived(authority)
    card = authority.locator(f"li[data-contribution='{lesson.pk}']")
    card.locator("input[value=reject]").check()
    card.locator("textarea[name=reason]").fill(REASON)
    with authority.expect_navigation():
        card.get_by_role("button", name=nl("Save the decision")).click()
    arrived(authority)
    hired.refresh_from_db()
    lesson.refresh_from_db()
    assert (hired.status, lesson.status) == (
        ContributionStatus.ACCEPTED,
        ContributionStatus.REJECTED,
    )
    visit(supplier, detail_url)
    expect(supplier.locator(f"li[data-contribution='{lesson.pk}']")).to_contain_text(REASON)

    # 4. The dashboard shows the value, its table, and the same figure in the XLSX.
    visit(authority, reverse("sroi_impact"))
    value = authority.locator("section[data-table=waarde] table tbody tr").first
    expect(value).to_contain_text(world.employer.name)
    expect(value).to_contain_text("33333")
    with authority.expect_download() as download_info:
        authority.locator("section[data-table=waarde] a[href*='.xlsx']").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][1] == world.employer.name
    assert Decimal(str(rows[1][3])) == Decimal("33333.33")
    phone = new_page(viewport=PHONE, phone=True)
    log_in(phone, world.other_coach.email, PASSWORD)
    visit(phone, reverse("sroi_impact"))
    assert has_no_horizontal_scroll(phone)

    # 5. The supplier makes the obligation's progress PDF from its page; the status page and
    # the PSO weights on the employer's page fit from 320 px to desktop.
    visit(supplier, detail_url)
    with supplier.expect_navigation():
        supplier.locator("form[action$='/voortgang-pdf/'] button[type=submit]").click()
    arrived(supplier)
    expect(supplier.get_by_role("link", name=nl("Download the PDF"))).to_be_visible()
    status_url = supplier.url
    employer_url = reverse("sroi_employer_impact", args=[world.employer.slug])
    for path in (status_url, employer_url):
        assert not check_page(supplier, path, who="recruiter"), path
