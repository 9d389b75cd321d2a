import pytest

from portal.accounts.models import User
from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.models import Concept, ConceptLabel
from portal.taxonomy.services import taxonomy_import

T = "https://talentbrug.nl/taxonomie/test"


@pytest.fixture
def admin_client(client, db, esco_dir):
    taxonomy_import(directory=esco_dir)
    admin = User.objects.create_superuser(email="beheer@example.nl", password="x", first_name="Bea")
    client.force_login(admin)
    return client


def test_network_admin_lists_searches_and_filters_concepts(admin_client):
    response = admin_client.get("/cms/concepts/")
    assert response.status_code == 200
    assert "heftruck besturen" in response.content.decode()

    found = admin_client.get("/cms/concepts/", {"q": "vorkheftruck"}).content.decode()
    assert "heftruck besturen" in found
    assert "keukenhulp" not in found

    by_uri = admin_client.get("/cms/concepts/", {"q": "occupation/keukenhulp"}).content.decode()
    assert "keukenhulp" in by_uri

    occupations = admin_client.get(
        "/cms/concepts/", {"concept_type": "occupation"}
    ).content.decode()
    assert "keukenhulp" in occupations
    assert "heftruck besturen" not in occupations


def test_network_admin_edits_preferred_labels_and_autocomplete_follows(admin_client):
    concept = Concept.objects.get(uri=f"{T}/skill/heftruck")
    url = f"/cms/concepts/edit/{concept.pk}/"
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "uri": concept.uri,
            "concept_type": "skill",
            "status": "released",
            "isco_group": "",
            "code": "",
            "label_nl": "heftruck rijden en laden",
            "label_en": "drive a forklift truck",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    concept.refresh_from_db()
    assert concept.preferred_labels == {
        "nl": "heftruck rijden en laden",
        "en": "drive a forklift truck",
    }
    assert set(
        ConceptLabel.objects.filter(concept=concept, kind="preferred").values_list(
            "language", "text"
        )
    ) == {("nl", "heftruck rijden en laden"), ("en", "drive a forklift truck")}
    assert concept_autocomplete(query="laden heftruck", language="nl")[0].uri == concept.uri


def test_concepts_cannot_be_deleted_in_the_admin(admin_client):
    concept = Concept.objects.get(uri=f"{T}/skill/heftruck")

    response = admin_client.post(f"/cms/concepts/delete/{concept.pk}/")

    assert response.status_code in (302, 403)
    assert Concept.objects.filter(pk=concept.pk).exists()


def test_users_without_admin_rights_do_not_reach_the_taxonomy_admin(client, jobseeker):
    client.force_login(jobseeker)

    response = client.get("/cms/concepts/")

    assert response.status_code in (302, 403)
