"""A jobseeker reads what a screen does for them, not the words of the people who built it
(issue 14): the screens for letting another app use your portfolio say "code" and "app",
never "token", "key" or "Bearer"."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from api.factories import make_token

pytestmark = pytest.mark.django_db

JARGON = re.compile(r"\b(tokens?|sleutels?|API-sleutel|Bearer|API)\b", re.IGNORECASE)


def _visible_words(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _main(text: str) -> str:
    # The link to the technical documentation, for whoever builds the app, may say API.
    with translation.override("nl"):
        return text.replace(translation.gettext("API documentation"), "")


@pytest.mark.parametrize("name", ["api_token_list", "api_token_create"])
def test_the_code_screens_speak_plain_dutch(world, login, name):
    make_token(user=world.jobseeker)
    client = login(world.jobseeker)

    text = _main(_visible_words(client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="nl")))

    assert "app" in text
    assert JARGON.findall(text) == []


def test_a_new_code_is_shown_in_plain_dutch(world, login):
    client = login(world.jobseeker)
    form = client.get(reverse("api_token_create"), HTTP_ACCEPT_LANGUAGE="nl").context["form"]
    data = {
        "name": "Vacaturesite",
        "scopes": [form.fields["scopes"].choices[0][0]],
        "expires_on": form.fields["expires_on"].initial.isoformat(),
    }

    response = client.post(reverse("api_token_create"), data, HTTP_ACCEPT_LANGUAGE="nl")

    text = _main(_visible_words(response))
    assert "Je nieuwe code" in text
    assert JARGON.findall(text) == []


def test_the_dashboard_names_what_the_codes_are_for(world, login):
    text = _visible_words(
        login(world.jobseeker).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="nl")
    )

    assert "Je portfolio in een andere app" in text
    assert "token" not in text.lower()
