"""The site pages read in the reader's language, at one address per page."""

import pytest
from django.conf import settings
from wagtail.models import Locale

from portal.pages.models import ContentPage, HomePage
from portal.pages.services import site_pages_ensure

pytestmark = pytest.mark.django_db


def _read(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "dutch", "english"),
    [
        ("/", "Talentbrug: laat zien wat je kunt", "Talentbrug: show what you can do"),
        ("/privacy/", "Privacyverklaring", "Privacy statement"),
        ("/over-talentbrug/", "Hoe matchen werkt", "How matching works"),
        ("/toegankelijkheid/", "Wat we doen", "What we do"),
    ],
)
def test_each_site_page_reads_in_the_readers_language_at_the_same_address(
    client, url, dutch, english
):
    site_pages_ensure()
    nl_page = _read(client, url, "nl")
    assert dutch in nl_page and english not in nl_page
    en_page = _read(client, url, "en")
    assert english in en_page and dutch not in en_page


def test_running_it_again_keeps_what_editors_changed_in_english():
    site_pages_ensure()
    english = Locale.objects.get(language_code="en")
    privacy = ContentPage.objects.get(locale=english, slug="privacy")
    privacy.intro = "Edited by the network's editor."
    privacy.save_revision().publish()

    site_pages_ensure()

    assert HomePage.objects.count() == 2
    assert ContentPage.objects.filter(locale=english).count() == 3
    privacy.refresh_from_db()
    assert privacy.intro == "Edited by the network's editor."


def test_an_english_page_taken_offline_leaves_the_dutch_one_to_english_readers(client):
    site_pages_ensure()
    english = Locale.objects.get(language_code="en")
    ContentPage.objects.get(locale=english, slug="privacy").unpublish()

    page = _read(client, "/privacy/", "en")

    assert "Privacyverklaring" in page


def test_a_page_editors_made_only_in_dutch_opens_for_english_readers(client):
    home = site_pages_ensure()
    news = home.add_child(instance=ContentPage(title="Nieuws uit het netwerk", slug="nieuws"))
    news.save_revision().publish()

    page = _read(client, "/nieuws/", "en")

    assert "Nieuws uit het netwerk" in page
