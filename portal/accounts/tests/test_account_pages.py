"""The log-in, sign-up and password pages speak our words: one word per action, "je", no defaults."""

import re

import pytest
from django.test import Client
from django.urls import reverse

# Texts of Django and allauth that must never reach a user (in Dutch as allauth ships them).
DEFAULTS = (
    "Meld je dan aan",  # allauth's Dutch for "sign in": here it means signing up
    "Aanmelden",
    "Registreren",
    "registreer",
    "Uw wachtwoord",
    "a.u.b.",
    "Sign In",
    "Sign Up",
)


def _text(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_account_pages_use_our_own_dutch(db, name):
    client = Client()
    client.cookies["django_language"] = "nl"
    text = _text(client, reverse(name))
    for default in DEFAULTS:
        assert default not in text, f"{name}: {default!r} in {text!r}"


def test_log_in_and_make_an_account_each_have_one_name(db):
    client = Client()
    client.cookies["django_language"] = "nl"
    login = _text(client, reverse("account_login"))
    signup = _text(client, reverse("account_signup"))
    assert "Inloggen" in login and "Maak een account" in login
    assert "Account maken" in signup and "Log dan in" in signup
    assert "Aanmelden" not in login + signup
