"""Our screens in Wagtail's admin (/cms/) read in the admin's language, Dutch or English.

Wagtail builds labels from field names when a model gives none ("User", "Created at") and
shows values as Python writes them ("True", "None"); a related-object filter starts with
"---------". Those would be English (or Python) in the middle of a Dutch screen.
"""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from events.factories import make_event
from intermediaries.models import TargetGroup
from portal.organisations.models import Membership
from portal.taxonomy.models import Concept, ConceptType
from socialreturn.factories import make_table
from socialreturn.models import ImpactTarget
from vacancies.factories import EmployerProfileFactory

PYTHON_VALUES = re.compile(r">\s*(True|False|None|---------)\s*<")
# Labels Wagtail makes from our field names when the model gives none.
ENGLISH_FALLBACKS = ("User", "Organisation", "Created at", "Schedule state", "Updated at")


@pytest.fixture
def cms(world, login):
    EmployerProfileFactory(organisation=world.employer)
    event = make_event(organiser=world.coach, organisation=world.training_centre)
    table = make_table(authority=world.municipality, valid_to=None, is_example=False)
    ImpactTarget.objects.create(
        organisation=world.municipality,
        year=date.today().year,
        target_group=TargetGroup.choices[0][0],
        number=10,
    )
    concept = Concept.objects.create(
        uri="http://data.europa.eu/esco/skill/test-heftruck",
        concept_type=ConceptType.SKILL,
        preferred_labels={"nl": "heftruck rijden", "en": "drive a forklift"},
        descriptions={"nl": "Je rijdt met een heftruck.", "en": "You drive a forklift."},
    )
    membership = Membership.objects.filter(organisation=world.training_centre).first()
    urls = [
        reverse("memberships:index"),
        reverse("memberships:edit", args=[membership.pk]),
        reverse("employers:index"),
        reverse("employers:inspect", args=[world.employer.employer_profile.pk]),
        reverse("events:index"),
        reverse("events:inspect", args=[event.pk]),
        reverse("valuation_tables:index"),
        reverse("valuation_tables:inspect", args=[table.pk]),
        reverse("impact_targets:index"),
        reverse("concepts:inspect", args=[concept.pk]),
    ]

    def pages(language: str):
        profile = UserProfile.get_for_user(world.network_admin)
        profile.preferred_language = language
        profile.save()
        client = login(world.network_admin)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            main = response.content.decode().split('id="main"', 1)[-1]
            yield url, unescape(main)

    return pages


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_network_admin_sees_no_python_values_in_our_admin_screens(cms, language):
    # Edit forms are left out: their selects start with Django's "---------" (not yet ours).
    found = {url: PYTHON_VALUES.findall(page) for url, page in cms(language) if "/edit/" not in url}
    assert not {url: values for url, values in found.items() if values}


def test_our_admin_screens_have_no_english_labels_in_dutch(cms):
    for url, page in cms("nl"):
        labels = set(re.findall(r">\s*([^<>]+?)\s*<", page))
        assert not labels & set(ENGLISH_FALLBACKS), url
        assert "{'nl'" not in page, url  # the concept's labels as JSON


def test_the_same_admin_screens_are_english_in_english(cms):
    for url, page in cms("en"):
        labels = set(re.findall(r">\s*([^<>]+?)\s*<", page))
        assert not labels & {"Persoon", "Organisatie", "Lid sinds", "Rooster", "Ja", "Nee"}, url
