"""Every portal page passes axe-core, for the people who use it and on the screen they use."""

import pytest
from django.urls import reverse

from portal.accounts.factories import invite_with_link
from portal.accounts.models import Invitation
from portal.organisations.models import Membership, Role
from portal.organisations.services import invitation_create
from tests.conftest import PASSWORD
from tests.e2e import PHONE, arrived, has_no_horizontal_scroll, log_in, nl, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_organisation_admin_pages_pass_axe_including_form_errors(world, e2e_site, page):
    centre = world.training_centre
    invitation_create(
        organisation=centre, email="open@example.nl", role=Role.JOBSEEKER, invited_by=world.coach
    )
    membership = Membership.objects.get(user=world.jobseeker, organisation=centre)
    log_in(page, world.organisation_admin.email, PASSWORD)
    for url in (
        reverse("organisation_detail", args=[centre.slug]),
        reverse("organisation_detail", args=[centre.slug]) + "?rol=coach",
        reverse("membership_edit", args=[centre.slug, membership.pk]),
        reverse("invitation_create", args=[centre.slug]),
    ):
        visit(page, url)
    # The same form, sent empty: the errors must be announced and tied to their fields.
    with page.expect_navigation():
        page.get_by_role("button", name=nl("Send invitation")).click()
    arrived(page)
    assert page.locator(".form-errors[role=alert]").count() == 1
    assert page.get_by_label(nl("E-mail address")).get_attribute("aria-invalid") == "true"


def test_phone_pages_pass_axe_at_360_px(world, e2e_site, new_page):
    centre = world.training_centre
    _invitation, token = invite_with_link(
        organisation=centre, email="nieuw@example.nl", role=Role.JOBSEEKER, invited_by=world.coach
    )
    pages = {
        "jobseeker": [reverse("dashboard"), reverse("profile"), reverse("data_access_log")],
        # Members without links in their rows: the table must still scroll by keyboard.
        "training_staff": [reverse("organisation_detail", args=[centre.slug])],
        "anonymous": [
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            reverse("invitation_accept", args=[token]),
        ],
    }
    for who, urls in pages.items():
        page = new_page(viewport=PHONE, phone=True)
        if who != "anonymous":
            log_in(page, world.user(who).email, PASSWORD)
        for url in urls:
            visit(page, url)
            assert has_no_horizontal_scroll(page), f"{url} scrolls sideways at 360 px ({who})"
    # A used-up link and an unknown page explain themselves, accessibly.
    Invitation.objects.update(revoked_at=Invitation.objects.get().created_at)
    visit(page, reverse("invitation_accept", args=[token]), status=410)
    visit(page, "/bestaat-niet/", status=404)
