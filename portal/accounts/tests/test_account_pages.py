"""allauth's account pages speak our words, in Dutch and English, with our password rules."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

# allauth's own headings and texts, which no page may show.
ALLAUTH_TEXTS = (
    "Change Password",
    "Set Password",
    "Bad Token",
    "Email Addresses",
    "E-mailadressen",
    "Confirm Access",
    "Account Inactive",
    "Uw wachtwoord",
)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _reset_url(user) -> str:
    key = default_token_generator.make_token(user)
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_password_and_email_pages_use_our_words(world, login, language):
    client = login(world.jobseeker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        client.get(reverse("account_change_password")),
        client.get(reverse("account_email")),
    ]
    for response in pages:
        text = _text(response)
        for foreign in ALLAUTH_TEXTS:
            assert foreign not in text
    change = _text(pages[0])
    expected = "Wachtwoord wijzigen" if language == "nl" else "Change password"
    assert expected in change
    assert ("welkom123" in change) and ("Uw wachtwoord" not in change)


def test_a_used_reset_link_says_so_in_plain_words(world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "wrong"})
    )
    text = _text(response)
    assert "Deze link werkt niet meer" in text
    assert reverse("account_reset_password") in text
    for foreign in ALLAUTH_TEXTS:
        assert foreign not in text


def test_a_new_password_by_email_link_is_chosen_with_our_rules_and_works(world, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    form_page = client.get(_reset_url(world.jobseeker), follow=True)
    text = _text(form_page)
    assert "Nieuw wachtwoord" in text and "welkom123" in text

    done = client.post(
        form_page.redirect_chain[-1][0]
        if form_page.redirect_chain
        else _reset_url(world.jobseeker),
        {"password1": "Zonnebloem-2026!", "password2": "Zonnebloem-2026!"},
        follow=True,
    )

    assert "Nieuw wachtwoord bewaard" in _text(done)
    world.jobseeker.refresh_from_db()
    assert world.jobseeker.check_password("Zonnebloem-2026!")


def test_a_weak_new_password_is_refused_and_nothing_changes(world, login):
    client = login(world.jobseeker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    old_hash = world.jobseeker.password
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    world.jobseeker.refresh_from_db()
    assert world.jobseeker.password == old_hash
