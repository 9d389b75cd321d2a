"""An employer signs up, a network admin approves it in /cms/, and the employer posts a
vacancy with required and nice-to-have skills on a 360 px phone, then closes it."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.organisations.models import Organisation, OrganisationStatus
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, nl_label, visit
from vacancies.models import Vacancy, VacancyStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "lotte.visser@noorderhaven.nl"
NEW_PASSWORD = "Heftruck-Groningen-2026"
ORGANISATION = "Noorderhaven Logistiek"


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).first.click()
    arrived(page)


def _narrow(page: Page, where: str) -> None:
    assert has_no_horizontal_scroll(page), f"{where} scrolls sideways at 360 px"


def test_employer_signs_up_is_approved_and_posts_a_vacancy_on_a_phone(world, e2e_site, new_page):
    call_command("load_starter_taxonomy", "--quiet")
    phone = new_page(viewport=PHONE, phone=True)

    # 1. The employer signs up on a phone; a mistake in the KvK number keeps the rest.
    visit(phone, "/werkgever/aanmelden/")
    _narrow(phone, "the sign-up form")
    phone.get_by_label(nl_label("First name")).fill("Lotte")
    phone.get_by_label(nl_label("Last name")).fill("Visser")
    phone.get_by_label(nl_label("E-mail address")).fill(EMAIL)
    phone.get_by_label(nl_label("Choose a password")).fill(NEW_PASSWORD)
    phone.get_by_label(nl_label("Type the password again")).fill(NEW_PASSWORD)
    phone.get_by_label(nl_label("Name of the organisation")).fill(ORGANISATION)
    phone.get_by_label(nl_label("KvK number")).fill("1234567")
    phone.get_by_label(nl_label("Sector")).select_option("logistics")
    phone.get_by_label(nl_label("Street and number")).fill("Transportweg 20")
    phone.get_by_label(nl_label("Postcode")).fill("9743 AB")
    phone.get_by_label(nl_label("Place")).fill("Groningen")
    phone.get_by_label(nl_label("PSO level")).select_option("2")
    phone.get_by_label(nl_label("We take part in the banenafspraak")).check()
    _submit(phone, nl("Sign up"))
    expect(phone.locator("#id_kvk_number_errors")).to_contain_text("8")
    expect(phone.get_by_label(nl_label("Name of the organisation"))).to_have_value(ORGANISATION)
    phone.get_by_label(nl_label("KvK number")).fill("12345678")
    phone.get_by_label(nl_label("Choose a password")).fill(NEW_PASSWORD)
    phone.get_by_label(nl_label("Type the password again")).fill(NEW_PASSWORD)
    _submit(phone, nl("Sign up"))
    organisation = Organisation.objects.get(name=ORGANISATION)
    assert organisation.status == OrganisationStatus.PENDING

    # 2. The link in the e-mail confirms the address and logs the employer in.
    confirm = next(m for m in mail.outbox if m.to == [EMAIL])
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirm.body)
    assert link, confirm.body
    visit(phone, link.group(0))
    with phone.expect_navigation():
        phone.locator("main button[type=submit]").click()
    arrived(phone)
    admin_mail = next(m for m in mail.outbox if m.to == [world.network_admin.email])
    assert ORGANISATION in admin_mail.subject

    # Pending: a draft is fine, publishing is not offered yet.
    vacancies_url = f"/werkgever/{organisation.slug}/vacatures/"
    visit(phone, vacancies_url)
    expect(phone.locator(".tb-note--warning")).to_be_visible()
    _narrow(phone, "the vacancy list")

    # 3. The network admin approves the employer in the Wagtail admin.
    admin = new_page()
    log_in(admin, world.network_admin.email, PASSWORD)
    visit(admin, "/cms/")
    with admin.expect_navigation():
        admin.locator("#pending-employers-section").get_by_role("link", name=ORGANISATION).click()
    arrived(admin)
    admin.locator("select[name=decision]").select_option(OrganisationStatus.APPROVED)
    with admin.expect_navigation():
        admin.locator("footer button.button-longrunning[type=submit]").first.click()
    arrived(admin)
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.APPROVED
    approved = [m for m in mail.outbox if m.to == [EMAIL] and ORGANISATION in m.subject]
    assert approved, [m.subject for m in mail.outbox]

    # 4. On the phone, the employer posts a vacancy with the wizard.
    visit(phone, vacancies_url)
    expect(phone.locator(".tb-note--warning")).to_have_count(0)
    with phone.expect_navigation():
        phone.get_by_role("link", name=nl("New vacancy")).click()
    arrived(phone)
    phone.get_by_label(nl_label("Title")).fill("Orderpicker magazijn")
    phone.get_by_label(nl_label("Occupation")).select_option(label="orderpicker")
    phone.get_by_label(nl_label("Paid job")).check()
    phone.get_by_label(nl_label("What is the work like?")).fill("Je verzamelt bestellingen.")
    _narrow(phone, "wizard step 1")
    _submit(phone, nl("Save and continue"))

    today = timezone.localdate()
    phone.get_by_label(nl_label("Postcode")).fill("9743 AB")
    phone.get_by_label(nl_label("Hours per week, at least")).fill("24")
    phone.get_by_label(nl_label("Hours per week, at most")).fill("16")
    phone.get_by_label(nl_label("Start date")).fill((today + timedelta(days=14)).isoformat())
    phone.get_by_label(nl_label("Closing date")).fill((today + timedelta(days=7)).isoformat())
    _submit(phone, nl("Save and continue"))
    # Bad input: clear messages, nothing typed is lost.
    expect(phone.locator(".field--error")).to_have_count(2)
    expect(phone.get_by_label(nl_label("Postcode"))).to_have_value("9743 AB")
    expect(phone.locator("#id_closing_date_errors")).to_be_visible()
    phone.get_by_label(nl_label("Hours per week, at most")).fill("32")
    phone.get_by_label(nl_label("Closing date")).fill((today + timedelta(days=40)).isoformat())
    _submit(phone, nl("Save and continue"))

    # Skills: typing shows matches (JavaScript); adding posts the form.
    _narrow(phone, "the skills step")
    phone.get_by_label(nl_label("Type a word")).fill("heftruck")
    results = phone.locator("#resultaten .skill-option")
    expect(results.first).to_be_visible()
    with phone.expect_navigation():
        results.first.get_by_role("button", name=re.compile(nl("Required"))).click()
    arrived(phone)
    suggestion = phone.locator("section[aria-labelledby=suggestions-heading] .skill-option").first
    with phone.expect_navigation():
        suggestion.get_by_role("button", name=re.compile(nl("Nice to have"))).click()
    arrived(phone)
    chosen = phone.locator(".chosen-skill")
    expect(chosen).to_have_count(2)
    chosen.first.locator("select[name^=level-]").select_option("3")
    _narrow(phone, "the skills step with skills")
    _submit(phone, nl("Save and continue"))

    phone.get_by_label(nl_label("Job coach")).check()
    phone.get_by_label(nl_label("Suitable for the banenafspraak (garantiebaan)")).check()
    phone.get_by_label(nl_label("Jobseekers may see this vacancy too")).check()
    _submit(phone, nl("Save and continue"))

    _narrow(phone, "the vacancy page")
    _submit(phone, nl("Publish"))
    expect(phone.locator("#vacancy-status")).to_have_text(nl("Open"))
    vacancy = Vacancy.objects.get(organisation=organisation)
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.skills.filter(required=True, min_level=3).count() == 1
    assert vacancy.skills.filter(required=False).count() == 1
    assert vacancy.place == "Groningen"

    # A coach sees it in the network's list.
    coach = new_page()
    log_in(coach, world.coach.email, PASSWORD)
    visit(coach, "/vacatures/")
    expect(coach.get_by_role("link", name="Orderpicker magazijn")).to_be_visible()

    # 5. The employer closes it.
    _submit(phone, nl("Close vacancy"))
    expect(phone.locator("#vacancy-status")).to_have_text(nl("Closed"))
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CLOSED
    assert urlparse(phone.url).path == f"/werkgever/vacatures/{vacancy.pk}/"
