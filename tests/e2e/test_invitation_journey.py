"""A coach invites a jobseeker, who joins on a phone from the link in the e-mail."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_EMAIL = "fatima.elamrani@example.nl"
NEW_PASSWORD = "Groenvoorziening-Winschoten-7"


def test_coach_invites_jobseeker_who_joins_on_a_phone(world, e2e_site, new_page):
    centre = world.training_centre
    coach = new_page()

    # The coach logs in at the desk, opens the organisation and invites someone.
    log_in(coach, world.coach.email, PASSWORD)
    assert urlparse(coach.url).path == "/mijn/"
    with coach.expect_navigation():
        coach.locator(".site-nav").get_by_role("link", name=centre.name).click()
    arrived(coach)
    with coach.expect_navigation():
        coach.get_by_role("link", name=nl("Invite someone")).click()
    arrived(coach)
    coach.get_by_label(nl("E-mail address")).fill(NEW_EMAIL)
    coach.get_by_label(nl("First name")).fill("Fatima")
    # A coach invites jobseekers only: there is no role to choose.
    expect(coach.locator("select[name=role]")).to_have_count(0)
    with coach.expect_navigation():
        coach.get_by_role("button", name=nl("Send invitation")).click()
    arrived(coach)
    assert urlparse(coach.url).path == f"/organisaties/{centre.slug}/"
    expect(coach.locator("#invitations ~ .table-wrap")).to_contain_text(NEW_EMAIL)

    # The e-mail went out when the invitation was committed, with a working link.
    assert len(mail.outbox) == 1, "the invitation e-mail was not sent"
    message = mail.outbox[0]
    assert message.to == [NEW_EMAIL]
    link = re.search(r"https?://\S+/uitnodiging/\S+/", message.body)
    assert link, message.body

    # The jobseeker opens the link on a phone, in Dutch.
    phone = new_page(viewport=PHONE, phone=True)
    visit(phone, link.group(0))
    assert has_no_horizontal_scroll(phone), "the invitation page scrolls sideways at 360 px"
    phone.get_by_label(nl("First name")).fill("Fatima")
    phone.get_by_label(nl("Last name")).fill("El Amrani")
    phone.get_by_label(nl("Choose a password")).fill(NEW_PASSWORD)
    phone.get_by_label(nl("Type the password again")).fill(NEW_PASSWORD)
    with phone.expect_navigation():
        phone.get_by_role("button", name=nl("Make my account")).click()
    arrived(phone)
    assert urlparse(phone.url).path == "/mijn/"
    card = phone.locator(".card[data-role=jobseeker]")
    expect(card).to_contain_text(centre.name)
    assert has_no_horizontal_scroll(phone), "the dashboard scrolls sideways at 360 px"

    # The coach sees the new member in the list, and the invitation is no longer open.
    visit(coach, f"/organisaties/{centre.slug}/")
    expect(coach.locator("#members ~ .table-wrap")).to_contain_text("Fatima El Amrani")
    expect(coach.get_by_text(NEW_EMAIL)).to_have_count(1)  # in the members list only
