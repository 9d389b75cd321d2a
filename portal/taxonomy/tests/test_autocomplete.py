import pytest
from django.urls import reverse

from portal.taxonomy.autocomplete import concept_autocomplete, normalize
from portal.taxonomy.models import Concept, ConceptLabel
from portal.taxonomy.services import taxonomy_import

URL = "/taxonomie/zoeken/"


@pytest.fixture
def taxonomy(db, esco_dir):
    taxonomy_import(directory=esco_dir)


def _search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _labels(results) -> list[str]:
    return [result["label"] for result in results]


def test_url_is_the_documented_one():
    assert reverse("taxonomy:concept_search") == URL


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("Crème-Brûlée MAKEN!") == "creme brulee maken"


@pytest.mark.django_db
def test_anonymous_visitor_is_refused_with_json_403(client, taxonomy):
    response = client.get(URL, {"q": "heftruck"})

    assert response.status_code == 403
    assert response.json()["results"] == []


@pytest.mark.usefixtures("taxonomy")
def test_signed_in_user_gets_results_in_the_documented_shape(jobseeker_client):
    results = _search(jobseeker_client, q="heftruck", lang="nl")

    assert results[0] == {
        "uri": "https://talentbrug.nl/taxonomie/test/skill/heftruck",
        "id": results[0]["id"],
        "label": "heftruck besturen",
        "matched": "heftruck besturen",
        "type": "skill",
    }


@pytest.mark.usefixtures("taxonomy")
@pytest.mark.parametrize(
    ("query", "expected"),
    [("hefruck", "heftruck besturen"), ("schoonmakn", "schoonmaken"), ("afwasen", "afwassen")],
)
def test_a_typo_still_finds_the_skill(jobseeker_client, query, expected):
    assert expected in _labels(_search(jobseeker_client, q=query, lang="nl"))


@pytest.mark.usefixtures("taxonomy")
def test_word_order_does_not_matter(jobseeker_client):
    results = _search(jobseeker_client, q="rijden heftruck", lang="nl")

    assert results[0]["label"] == "heftruck besturen"
    assert results[0]["matched"] == "heftruck rijden"


@pytest.mark.usefixtures("taxonomy")
def test_synonyms_find_the_concept_and_say_which_label_matched(jobseeker_client):
    results = _search(jobseeker_client, q="poetsen", lang="nl")

    assert [(r["label"], r["matched"]) for r in results] == [("schoonmaken", "poetsen")]


@pytest.mark.usefixtures("taxonomy")
def test_hidden_labels_are_searched_too(jobseeker_client):
    results = _search(jobseeker_client, q="heftruk", lang="nl")

    assert results[0]["label"] == "heftruck besturen"


@pytest.mark.usefixtures("taxonomy")
def test_prefix_of_each_word_matches_while_typing(jobseeker_client):
    assert _labels(_search(jobseeker_client, q="hef bes", lang="nl")) == ["heftruck besturen"]
    assert "kassa bedienen" in _labels(_search(jobseeker_client, q="kas", lang="nl"))


@pytest.mark.usefixtures("taxonomy")
def test_case_and_accents_are_ignored(jobseeker_client):
    assert _labels(_search(jobseeker_client, q="CREME BRULEE", lang="nl")) == ["desserts maken"]
    assert "hygiëneregels in de keuken" in _labels(
        _search(jobseeker_client, q="hygiene", lang="nl")
    )


@pytest.mark.usefixtures("taxonomy")
def test_preferred_label_matches_rank_before_alternative_labels(jobseeker_client):
    # "afwassen" is a preferred label (skill); "afwasser" is an alternative label
    # of the occupation "keukenhulp"; "afwas" an alternative label of the skill.
    results = _search(jobseeker_client, q="afwas", lang="nl")

    assert results[0]["label"] == "afwassen"
    assert results[1]["label"] == "keukenhulp"
    assert results[1]["matched"] == "afwasser"


def _concept_with_label(uri: str, kind: str, text: str) -> None:
    concept = Concept.objects.create(uri=uri, concept_type="skill", preferred_labels={"nl": uri})
    ConceptLabel.objects.create(concept=concept, language="nl", kind=kind, text=text)


@pytest.mark.django_db
def test_preferred_labels_rank_before_alternative_and_hidden_labels():
    _concept_with_label("urn:x:hidden", "hidden", "sjouwen")
    _concept_with_label("urn:x:alt", "alternative", "sjouwen")
    _concept_with_label("urn:x:preferred", "preferred", "sjouwen")

    results = concept_autocomplete(query="sjouwen", language="nl")

    assert [r.uri for r in results] == ["urn:x:preferred", "urn:x:alt", "urn:x:hidden"]


@pytest.mark.usefixtures("taxonomy")
def test_a_label_equal_to_the_query_ranks_before_longer_labels(jobseeker_client):
    results = _search(jobseeker_client, q="schoonmaken", lang="nl")

    assert results[0]["label"] == "schoonmaken"


@pytest.mark.django_db
def test_alternative_labels_rank_before_hidden_labels():
    hidden = Concept.objects.create(
        uri="urn:x:hidden", concept_type="skill", preferred_labels={"nl": "a"}
    )
    alternative = Concept.objects.create(
        uri="urn:x:alt", concept_type="skill", preferred_labels={"nl": "b"}
    )
    ConceptLabel.objects.create(concept=hidden, language="nl", kind="hidden", text="sjouwen")
    ConceptLabel.objects.create(
        concept=alternative, language="nl", kind="alternative", text="sjouwen"
    )

    results = concept_autocomplete(query="sjouwen", language="nl")

    assert [r.uri for r in results] == ["urn:x:alt", "urn:x:hidden"]


@pytest.mark.usefixtures("taxonomy")
def test_english_labels_are_shown_to_english_users(jobseeker_client):
    results = _search(jobseeker_client, q="forklift", lang="en")

    assert results[0]["label"] == "operate forklift"
    assert results[0]["matched"] == "operate forklift"


@pytest.mark.usefixtures("taxonomy")
def test_language_falls_back_to_dutch_labels(jobseeker_client):
    # No English label says "poetsen"; the Dutch synonym finds it, shown in English.
    results = _search(jobseeker_client, q="poetsen", lang="en")

    assert results[0]["label"] == "clean surfaces"
    assert results[0]["matched"] == "poetsen"
    # A concept with only a Dutch label keeps its Dutch label.
    assert _labels(_search(jobseeker_client, q="desserts", lang="en")) == ["desserts maken"]


@pytest.mark.usefixtures("taxonomy")
def test_language_defaults_to_the_active_language(jobseeker_client):
    response = jobseeker_client.get(URL, {"q": "heftruck"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["results"][0]["label"] == "operate forklift"


@pytest.mark.usefixtures("taxonomy")
def test_type_filter_limits_the_concept_types(jobseeker_client):
    occupations = _search(jobseeker_client, q="afwas", lang="nl", type="occupation")
    assert {r["type"] for r in occupations} == {"occupation"}
    assert _labels(occupations) == ["keukenhulp"]

    both = _search(jobseeker_client, q="hygiene", lang="nl", type="knowledge,skill")
    assert {r["type"] for r in both} == {"knowledge"}


@pytest.mark.usefixtures("taxonomy")
def test_an_unknown_type_is_a_bad_request(jobseeker_client):
    response = jobseeker_client.get(URL, {"q": "heftruck", "type": "vacancy"})

    assert response.status_code == 400


@pytest.mark.usefixtures("taxonomy")
def test_limit_is_respected_and_bounded(jobseeker_client):
    assert len(_search(jobseeker_client, q="s", lang="nl", limit=2)) == 0  # too short
    assert len(_search(jobseeker_client, q="sc", lang="nl", limit=1)) == 1
    assert len(_search(jobseeker_client, q="schoonmaken", lang="nl", limit="veel")) >= 1


@pytest.mark.usefixtures("taxonomy")
def test_concepts_that_are_not_released_are_not_suggested(jobseeker_client):
    assert _search(jobseeker_client, q="nog niet klaar", lang="nl") == []


@pytest.mark.django_db
def test_index_follows_a_new_import(jobseeker_client, esco_dir):
    assert _search(jobseeker_client, q="heftruck", lang="nl") == []

    taxonomy_import(directory=esco_dir)

    assert _labels(_search(jobseeker_client, q="heftruck", lang="nl"))[0] == "heftruck besturen"
