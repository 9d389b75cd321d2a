"""Autocomplete on ESCO-shaped labels: the cases coaches met with ESCO loaded (issue 13).

The labels reproduce how ESCO's Dutch files write them: gendered forms in one label
("tuinman/tuinvrouw"), compounds ("vrachtwagenchauffeur"), long phrases that contain a
common word ("zorg dragen voor ..."), and hidden labels on unrelated concepts.
"""

import pytest

from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.models import Concept, ConceptLabel


def _concept(uri: str, concept_type: str, preferred: str, **labels: list[str]) -> Concept:
    concept = Concept.objects.create(
        uri=f"urn:esco:{uri}", concept_type=concept_type, preferred_labels={"nl": preferred}
    )
    rows = [ConceptLabel(concept=concept, language="nl", kind="preferred", text=preferred)]
    for kind in ("alternative", "hidden"):
        rows += [
            ConceptLabel(concept=concept, language="nl", kind=kind, text=text)
            for text in labels.get(kind, [])
        ]
    ConceptLabel.objects.bulk_create(rows)
    return concept


@pytest.fixture
def esco_like(db):
    _concept("hovenier", "occupation", "hovenier", alternative=["tuinman/tuinvrouw", "tuinier"])
    _concept("botanicus", "occupation", "botanicus", alternative=["plantkundige"],
             hidden=["tuinman"])  # fmt: skip
    _concept("tuinmanager", "occupation", "tuinmanager")
    _concept("chauffeur", "occupation", "vrachtwagenchauffeur",
             alternative=["chauffeur vrachtwagen", "trucker"])  # fmt: skip
    _concept("rijden", "skill", "vrachtwagen besturen", alternative=["rijden met een vrachtwagen"])
    _concept("douane", "skill", "douanevoorschriften toepassen", hidden=["vrachtwagen"])
    _concept("verzorgende", "occupation", "verzorgende", alternative=["zorgmedewerker"])
    _concept("zorg", "skill", "zorg verlenen", alternative=["zorgen voor cliënten"])
    _concept("veiligheid", "skill", "veiligheidsvoorschriften naleven",
             alternative=["zorg dragen voor veiligheid op de werkvloer"], hidden=["zorg"])  # fmt: skip
    _concept("klant", "skill", "klantvriendelijk werken", alternative=["klantvriendelijk"])
    _concept("klantvriend", "skill", "klantvriendelijk zijn")
    _concept("klant-service", "skill", "klantenservice bieden")


def _first(query: str) -> str:
    return concept_autocomplete(query=query, language="nl")[0].uri


@pytest.mark.usefixtures("esco_like")
def test_tuinman_finds_the_gardener_not_the_botanist():
    results = concept_autocomplete(query="tuinman", language="nl")
    assert results[0].uri == "urn:esco:hovenier"
    assert results[0].matched == "tuinman/tuinvrouw"
    assert [r.uri for r in results].index("urn:esco:botanicus") > 0


@pytest.mark.usefixtures("esco_like")
def test_vrachtwagen_puts_a_relevant_concept_first():
    uris = [r.uri for r in concept_autocomplete(query="vrachtwagen", language="nl")]
    assert uris[0] == "urn:esco:rijden"
    assert uris.index("urn:esco:douane") > uris.index("urn:esco:chauffeur")


@pytest.mark.usefixtures("esco_like")
def test_zorg_puts_a_relevant_concept_first():
    uris = [r.uri for r in concept_autocomplete(query="zorg", language="nl")]
    assert uris[0] == "urn:esco:zorg"
    assert uris.index("urn:esco:veiligheid") > uris.index("urn:esco:zorg")


@pytest.mark.usefixtures("esco_like")
def test_a_dutch_derivation_or_compound_finds_its_stem():
    uris = [r.uri for r in concept_autocomplete(query="klantvriendelijkheid", language="nl")]
    assert uris[:2] == ["urn:esco:klantvriend", "urn:esco:klant"] or uris[:2] == [
        "urn:esco:klant",
        "urn:esco:klantvriend",
    ]
    assert _first("vrachtwagenchauffeurs") == "urn:esco:chauffeur"


@pytest.mark.usefixtures("esco_like")
def test_whole_words_rank_before_fragments_and_hidden_labels_get_no_exact_bonus():
    # "tuinman" is a whole word in hovenier's label and only a fragment of "tuinmanager".
    uris = [r.uri for r in concept_autocomplete(query="tuinman", language="nl")]
    assert uris.index("urn:esco:hovenier") < uris.index("urn:esco:tuinmanager")
    # An exact hidden label does not beat a preferred label that holds the word.
    assert _first("vrachtwagen") != "urn:esco:douane"
    assert {
        concept_autocomplete(query="klantvriendelijk", language="nl")[i].uri for i in (0, 1)
    } == {
        "urn:esco:klant",
        "urn:esco:klantvriend",
    }


@pytest.mark.usefixtures("esco_like")
def test_a_short_query_does_not_match_random_stems():
    assert concept_autocomplete(query="zo", language="nl") == [] or all(
        "zo" in r.matched.lower() for r in concept_autocomplete(query="zo", language="nl")
    )
