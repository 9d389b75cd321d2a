"""Employers sign up, wait for a network admin, and both sides hear about the decision."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.organisations.models import Membership, Organisation, OrganisationStatus, Role
from portal.organisations.services import organisation_set_status
from vacancies.models import EmployerProfile, Sector

GOOD = {
    "first_name": "Lotte",
    "last_name": "Visser",
    "email": "lotte@noorderhaven.nl",
    "password1": "Heftruck-Groningen-2026",
    "password2": "Heftruck-Groningen-2026",
    "organisation_name": "Noorderhaven Logistiek",
    "kvk_number": "1234 5678",
    "sector": Sector.LOGISTICS,
    "street_address": "Transportweg 20",
    "postcode": "9743 ab",
    "city": "Groningen",
    "phone": "",
    "website": "",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "pso_level": "2",
    "banenafspraak": "on",
    "has_sroi_obligations": "on",
    "sroi_reference": "Aanbesteding Gemeente Groningen 2025-114",
}


def test_employer_signs_up_and_waits_for_approval(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employer_signup"), GOOD)

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Noorderhaven Logistiek")
    assert organisation.status == OrganisationStatus.PENDING
    assert (organisation.postcode, organisation.city) == ("9743AB", "Groningen")
    profile = EmployerProfile.objects.get(organisation=organisation)
    assert (profile.kvk_number, profile.pso_level, profile.banenafspraak) == ("12345678", 2, True)
    assert profile.sroi_reference == "Aanbesteding Gemeente Groningen 2025-114"
    assert (profile.contact_name, profile.contact_email) == (
        "Lotte Visser",
        "lotte@noorderhaven.nl",
    )
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user.email, membership.role) == (GOOD["email"], Role.ORGANISATION_ADMIN)
    assert not EmailAddress.objects.get(email=GOOD["email"]).verified
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # The link to check the address, and the network admin hears of the new employer.
    assert recipients == ["lotte@noorderhaven.nl", "network_admin@example.nl"]
    admin_mail = next(m for m in mail.outbox if m.to == ["network_admin@example.nl"])
    assert "Noorderhaven Logistiek" in admin_mail.subject
    assert "/cms/employers/" in admin_mail.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kvk_number": "1234567"}, "kvk_number"),
        ({"kvk_number": "1234567a"}, "kvk_number"),
        ({"postcode": "12345"}, "postcode"),
        ({"sroi_reference": ""}, "sroi_reference"),
        ({"password2": "iets-anders-123"}, "password2"),
        ({"sector": ""}, "sector"),
    ],
)
def test_bad_signup_input_gets_a_message_and_keeps_what_was_typed(db, client, changes, field):
    response = client.post(reverse("employer_signup"), {**GOOD, **changes})

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    assert 'value="Noorderhaven Logistiek"' in page
    assert 'value="Transportweg 20"' in page
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("known", ["coach", "jobseeker"])
def test_signup_answers_a_known_address_as_a_new_one_and_tells_only_its_owner(
    world, client, known, django_capture_on_commit_callbacks
):
    known_email = world.user(known).email
    with django_capture_on_commit_callbacks(execute=True):
        new = Client().post(reverse("employer_signup"), {**GOOD, "email": "nieuw@example.nl"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employer_signup"), {**GOOD, "email": known_email})

    assert (response.status_code, response["Location"]) == (new.status_code, new["Location"])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you! A network admin checks Noorderhaven Logistiek. "
        "You get an e-mail when it is approved."
    ]
    assert Organisation.objects.filter(name="Noorderhaven Logistiek").count() == 1  # the new one
    assert [m.to for m in mail.outbox] == [[known_email]]
    assert reverse("account_reset_password") in mail.outbox[0].body


def test_signed_in_people_are_sent_to_their_page(world, login):
    response = login(world.coach).get(reverse("employer_signup"))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def _signed_up(client) -> Organisation:
    client.post(reverse("employer_signup"), GOOD)
    mail.outbox.clear()
    return Organisation.objects.get(name="Noorderhaven Logistiek")


def test_approval_and_rejection_e_mail_the_employer(
    world, client, django_capture_on_commit_callbacks
):
    organisation = _signed_up(client)

    for status in (OrganisationStatus.APPROVED, OrganisationStatus.APPROVED, "rejected"):
        # The second approval changes nothing, so it sends no second e-mail.
        with django_capture_on_commit_callbacks(execute=True):
            organisation_set_status(
                organisation=organisation, status=status, by=world.network_admin
            )

    assert [m.to for m in mail.outbox] == [[GOOD["email"]], [GOOD["email"]]]
    approved, rejected = mail.outbox
    assert "is approved" in approved.subject
    assert "publish vacancies" in approved.body
    assert "is not approved" in rejected.subject


def test_network_admin_approves_in_the_wagtail_admin(world, client, login):
    organisation = _signed_up(client)
    profile = organisation.employer_profile
    admin = login(world.network_admin)

    dashboard = admin.get("/cms/")
    listing = admin.get(reverse("employers:index") + "?organisation__status=pending")
    edit_url = reverse("employers:edit", args=[profile.pk])
    form = admin.get(edit_url)
    data = {
        "decision": OrganisationStatus.APPROVED,
        "kvk_number": profile.kvk_number,
        "sector": profile.sector,
        "contact_name": profile.contact_name,
        "contact_email": profile.contact_email,
        "contact_phone": "",
        "pso_level": "2",
        "banenafspraak": "on",
        "has_sroi_obligations": "on",
        "sroi_reference": profile.sroi_reference,
    }
    response = admin.post(edit_url, data)

    assert "Employers waiting for approval" in dashboard.content.decode()
    assert "Noorderhaven Logistiek" in dashboard.content.decode()
    assert "Noorderhaven Logistiek" in listing.content.decode()
    assert form.status_code == 200
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.APPROVED
    # The message says what happened and what follows, not only "updated".
    message = admin.get(response.url).content.decode()
    assert "Noorderhaven Logistiek is approved" in message
    assert "can now publish vacancies" in message


def test_employer_edits_own_profile(world, employer_profile, login):
    url = reverse("employer_profile", args=[world.employer.slug])
    data = {
        "kvk_number": "87654321",
        "sector": Sector.GREEN,
        "contact_name": "Karin",
        "contact_email": "karin@example.nl",
        "contact_phone": "",
        "pso_level": "3",
        "has_sroi_obligations": "on",
        "sroi_reference": "",
    }

    refused = login(world.recruiter).post(url, data)
    data["sroi_reference"] = "Provincie 2026-7"
    saved = login(world.recruiter).post(url, data)

    assert "sroi_reference" in refused.context["form"].errors
    assert saved.status_code == 302
    employer_profile.refresh_from_db()
    assert (employer_profile.kvk_number, employer_profile.pso_level) == ("87654321", 3)
    assert login(world.coach).get(url).status_code == 404
