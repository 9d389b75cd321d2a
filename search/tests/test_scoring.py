"""The scoring rules on plain documents: no database, no engine."""

import pytest

from portal import travel
from search import scoring
from search.documents import (
    PortfolioIndexDocument,
    SkillEntry,
    VacancyIndexDocument,
    VacancySkillEntry,
)
from search.spec import (
    CandidateFilters,
    Viewer,
    candidate_spec,
    text_tokens,
    vacancy_spec,
)

WINSCHOTEN = (53.1447, 7.0345)
VEENDAM = (53.1066, 6.8797)  # about 11 km from Winschoten
GRONINGEN = (53.2194, 6.5665)  # about 33 km from Winschoten

WELD, FORKLIFT, CLEAN, COOK = 1, 2, 3, 4
OCCUPATION = 100


def vacancy(**fields) -> VacancyIndexDocument:
    values = {
        "vacancy_id": 7,
        "organisation_id": 1,
        "skills": (
            VacancySkillEntry(WELD, 3, True),
            VacancySkillEntry(FORKLIFT, 2, True),
            VacancySkillEntry(CLEAN, 2, True),
            VacancySkillEntry(COOK, 1, False),
        ),
        "occupation_id": OCCUPATION,
        "work_type": "paid_job",
        "hours_min": 24,
        "hours_max": 32,
        "latitude": WINSCHOTEN[0],
        "longitude": WINSCHOTEN[1],
        "municipality": "Oldambt",
        "region": "Groningen",
        "tokens": text_tokens("Lasser in de metaal"),
        "audience": ("intermediaries",),
    }
    values.update(fields)
    return VacancyIndexDocument(**values)


def person(**fields) -> PortfolioIndexDocument:
    values = {
        "portfolio_id": 1,
        "skills": (
            SkillEntry(WELD, 3),
            SkillEntry(FORKLIFT, 1),
            SkillEntry(COOK, 2),
        ),
        "occupation_ids": (OCCUPATION,),
        "latitude": VEENDAM[0],
        "longitude": VEENDAM[1],
        "max_travel_km": 15,
        "reach_km": travel.reach_band(15),
        "hours_min": 20,
        "hours_max": 28,
        "work_types": ("paid_job",),
        "driving_licences": ("B",),
        "municipality": "Veendam",
        "region": "Groningen",
        "tokens": text_tokens("Ik werk graag met metaal en machines"),
        "audience": ("network",),
        "member_organisation_ids": (),
    }
    values.update(fields)
    return PortfolioIndexDocument(**values)


def test_every_part_adds_up_to_the_score():
    spec = candidate_spec(vacancy(), viewer=Viewer(is_intermediary=True), text="metaal")
    explanation = scoring.explain_candidate(spec, person())

    points = {part.rule: part.points for part in explanation.parts}
    assert points == {
        "required_met": scoring.REQUIRED_MET,  # welding at 3, needs 3
        "required_below_level": scoring.REQUIRED_BELOW_LEVEL,  # forklift at 1, needs 2
        "nice_to_have_met": scoring.NICE_TO_HAVE_MET,  # cooking
        "related_skills": 0,
        "within_reach": scoring.WITHIN_REACH,  # 11 km, travels 15
        "hours_fit": scoring.HOURS_FIT,  # 24-32 against 20-28
        "work_type_wished": scoring.WORK_TYPE_WISHED,
        "occupation_wished": scoring.OCCUPATION_WISHED,
        "words_found": scoring.WORDS_FOUND,
    }
    assert explanation.score == sum(points.values()) == 10 + 4 + 3 + 5 + 3 + 3 + 4 + 2


def test_explanation_names_met_missing_and_level_gaps():
    spec = candidate_spec(vacancy(), viewer=Viewer(is_intermediary=True))
    explanation = scoring.explain_candidate(spec, person())

    assert [s.concept_id for s in explanation.required_met] == [WELD]
    gap = explanation.required_below_level[0]
    assert (gap.concept_id, gap.have, gap.need) == (FORKLIFT, 1, 2)
    assert [s.concept_id for s in explanation.required_missing] == [CLEAN]
    assert [s.concept_id for s in explanation.nice_to_have_met] == [COOK]
    assert not explanation.complete


def test_a_missing_skill_lowers_the_score_but_scores_the_rest():
    spec = candidate_spec(vacancy(), viewer=Viewer(is_intermediary=True))
    without_skills = scoring.explain_candidate(spec, person(skills=()))

    assert without_skills.score == 5 + 3 + 3 + 4
    assert without_skills.score <= scoring.MAX_WITHOUT_SKILLS


def test_staff_assessed_level_counts_and_is_named():
    spec = candidate_spec(vacancy(), viewer=Viewer(is_intermediary=True))
    assessed = person(skills=(SkillEntry(FORKLIFT, 3, assessed_by_staff=True, self_level=1),))

    fit = next(
        s for s in scoring.explain_candidate(spec, assessed).skills if s.concept_id == FORKLIFT
    )

    assert fit.met and fit.assessed_by_staff and fit.have == 3


def test_beyond_reach_and_unknown_place_give_no_distance_points():
    spec = candidate_spec(vacancy(), viewer=Viewer(is_intermediary=True))

    far = scoring.explain_candidate(spec, person(latitude=GRONINGEN[0], longitude=GRONINGEN[1]))
    unknown = scoring.explain_candidate(spec, person(latitude=None, longitude=None))

    assert 30 < far.distance_km < 40 and not far.within_reach
    assert unknown.distance_km is None and not unknown.within_reach


def test_hours_that_do_not_overlap_give_no_points():
    spec = candidate_spec(vacancy(), viewer=Viewer(is_intermediary=True))
    assert not scoring.explain_candidate(spec, person(hours_min=8, hours_max=16)).hours_fit
    assert not scoring.explain_candidate(spec, person(hours_min=None, hours_max=None)).hours_fit


def test_every_searched_word_must_be_found():
    spec = candidate_spec(vacancy(), viewer=Viewer(), text="metaal hout")
    assert not scoring.explain_candidate(spec, person()).words_found


@pytest.mark.parametrize(
    ("max_travel_km", "reach"),
    [
        (None, None),
        (0, None),
        (1, 1),
        (4, 3),
        (15, 15),
        (30, 30),
        (33, 30),
        (49, 40),
        (74, 60),
        (200, 200),
        (250, 200),
    ],
)
def test_travel_distance_rounds_down_to_a_band(max_travel_km, reach):
    assert travel.reach_band(max_travel_km) == reach


def test_distance_bands_cover_the_radius():
    assert scoring.bands_up_to(10)[-1] == 10
    assert scoring.bands_up_to(32)[-1] == 35
    assert scoring.bands_up_to(51)[-1] == 60
    assert scoring.bands_up_to(None) == travel.REACH_BANDS


def test_the_vacancy_side_scores_with_the_same_rules():
    spec = vacancy_spec(person(), text="metaal")
    explanation = scoring.explain_vacancy(spec, vacancy())

    assert explanation.score == 10 + 4 + 3 + 5 + 3 + 3 + 4 + 2


def test_words_are_compared_without_case_or_accents():
    assert text_tokens("Héftruck, HEFTRUCK en café!") == ("heftruck", "en", "cafe")


def test_spec_pages_within_bounds():
    spec = candidate_spec(vacancy(), viewer=Viewer(), page=0, page_size=10_000)
    assert (spec.page, spec.page_size, spec.offset) == (1, 100, 0)
    assert candidate_spec(vacancy(), viewer=Viewer(), page=3, page_size=20).offset == 40


def test_a_viewer_without_organisations_sees_nothing():
    assert Viewer().sees_nothing
    assert not Viewer(is_employer=True).sees_nothing
    assert candidate_spec(vacancy(), viewer=Viewer(), filters=None).filters == CandidateFilters()
