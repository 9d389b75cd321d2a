"""Reading back the match explanation stored with a proposal."""

from django.utils import translation

from intermediaries.explanations import stored_explanation
from intermediaries.factories import EXPLANATION


def test_skills_are_named_in_the_readers_language_with_dutch_as_fallback():
    stored = {
        "skills": [
            {"labels": {"nl": "Lassen", "en": "Welding"}, "required": True, "need": 3, "have": 3},
            {"labels": {"nl": "Solderen"}, "required": False, "need": 2, "have": 2},
        ]
    }

    with translation.override("en"):
        labels = [skill.label for skill in stored_explanation(stored).met_skills]

    assert labels == ["Welding", "Solderen"]


def test_the_stored_met_flag_counts_over_the_levels():
    stored = {"skills": [{"label": "Lassen", "required": True, "need": 3, "have": 4, "met": False}]}

    (skill,) = stored_explanation(stored).skills

    assert not skill.met and skill.below_level


def test_an_explanation_with_labels_only_gives_met_and_missing_skills():
    explanation = stored_explanation({**EXPLANATION, "required_missing": ["Plannen"]})

    assert [s.label for s in explanation.met_skills] == ["Heftruck rijden", "Orderpicken"]
    assert [s.label for s in explanation.skills if not s.met] == ["Plannen"]
    assert explanation.within_reach and explanation.distance_km == 12


def test_an_empty_or_broken_explanation_shows_nothing():
    assert stored_explanation({}).is_empty
    assert stored_explanation(None).is_empty
    assert stored_explanation({"skills": "kapot", "distance_km": "ver"}).is_empty


def test_a_related_skill_is_read_back_with_its_bridge_and_not_as_a_level_gap():
    stored = {
        "skills": [
            {
                "labels": {"nl": "Heftruck rijden", "en": "Driving a forklift"},
                "required": True,
                "need": 2,
                "have": 3,
                "met": False,
                "relation": "sibling",
                "related": True,
                "via_labels": {"nl": "Reachtruck besturen", "en": "Driving a reach truck"},
            },
            {
                "labels": {"nl": "Lassen"},
                "required": True,
                "need": 2,
                "have": 3,
                "met": True,
                "relation": "narrower",
                "related": False,
                "via_labels": {"nl": "TIG lassen"},
            },
        ]
    }

    with translation.override("en"):
        related, narrower = stored_explanation(stored).skills

    assert (related.related, related.below_level, related.via) == (
        True,
        False,
        "Driving a reach truck",
    )
    assert (narrower.related, narrower.met, narrower.via) == (False, True, "TIG lassen")
