"""E-mails in our own words, with a signature, and links to where the site really runs."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.links import absolute_url
from portal.organisations.models import Role
from portal.organisations.services import invitation_create

DEFAULT_TEXTS = (
    "Hello from",
    "Hallo van",
    "zijn of haar",
    "Thank you for using",
    "Bedankt voor het gebruiken",
    "You're receiving this",
    "user account",
)


def _sign_up(client: Client, email: str = "lisa@example.nl", **extra):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Lisa",
            "password1": "een-goed-wachtwoord",
            "password2": "een-goed-wachtwoord",
        },
        **extra,
    )


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_confirmation_email_is_ours_with_links_on_the_host_and_port_asked(
    db, language, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST="talentbrug.example:8302")
    client.cookies["django_language"] = language
    with django_capture_on_commit_callbacks(execute=True):
        # One address per language: allauth allows one confirmation e-mail per address per 3 min.
        _sign_up(client, email=f"lisa-{language}@example.nl")

    [message] = mail.outbox
    for text in DEFAULT_TEXTS:
        assert text not in message.body and text not in message.subject
    links = _links(message.body)
    assert links and all(link.startswith("http://talentbrug.example:8302/") for link in links)
    expected = "Met vriendelijke groet" if language == "nl" else "Kind regards"
    assert expected in message.body
    assert "[Talentbrug]" in message.subject


def test_password_reset_email_is_ours_and_links_to_the_asking_host(
    world, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST="portal.example:9000")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": world.jobseeker.email})

    [message] = mail.outbox
    for text in DEFAULT_TEXTS:
        assert text not in message.body
    assert "nieuw wachtwoord" in message.body  # Dutch: no language chosen yet
    assert all(link.startswith("http://portal.example:9000/") for link in _links(message.body))


def test_invitation_made_on_another_port_links_to_that_port(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    client = login(world.coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("invitation_create", args=[world.training_centre.slug]),
            {"email": "nieuw@example.nl", "role": Role.JOBSEEKER, "first_name": "Noor"},
            HTTP_HOST="127.0.0.1:8302",
        )

    [message] = mail.outbox
    assert _links(message.body)
    assert all(link.startswith("http://127.0.0.1:8302/") for link in _links(message.body))
    assert "The Talentbrug team" in message.body or "Het team van Talentbrug" in message.body


def test_outside_a_request_links_use_the_configured_site_address(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://talentbrug.example:8123"
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            organisation=world.training_centre,
            email="nieuw@example.nl",
            role=Role.JOBSEEKER,
            invited_by=world.coach,
        )
    [message] = mail.outbox
    assert all(link.startswith("http://talentbrug.example:8123/") for link in _links(message.body))


def test_absolute_url_uses_the_queued_address_before_the_configured_one(settings):
    settings.SITE_URL = "http://configured:1"
    assert absolute_url("/mijn/") == "http://configured:1/mijn/"
    assert absolute_url("/mijn/", base="http://asked:2/") == "http://asked:2/mijn/"
