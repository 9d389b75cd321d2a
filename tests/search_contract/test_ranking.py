"""Ranking, scores, explanations, "only complete matches" and paging on hand-built data."""

from search.builders import portfolio_documents
from search.scoring import explain_candidate
from search.spec import CandidateFilters, Must

from .conftest import WIDE, document, ids


def test_candidates_come_in_score_order_with_exact_scores(crowd):
    spec = crowd.contract.spec(crowd.coach, crowd.vacancy, filters=WIDE)

    page = crowd.contract.backend.candidates(spec)

    assert ids(page) == [p.pk for p in crowd.ranked]
    assert [hit.score for hit in page.hits] == [38, 34, 19, 15, 15, 14]
    assert [hit.meets_musts for hit in page.hits] == [True] * 5 + [False]
    assert page.total == 6
    documents = portfolio_documents(ids(page))
    for hit in page.hits:
        explanation = explain_candidate(spec, documents[hit.id])
        assert (hit.score, hit.meets_musts) == (explanation.score, explanation.meets_musts)


def test_who_misses_their_own_reach_hours_and_work_type_is_found_only_when_widened(crowd):
    page = crowd.contract.candidates(crowd.coach, crowd.vacancy)

    assert ids(page) == [p.pk for p in crowd.ranked if p != crowd.bram]
    assert page.total == 5
    spec = crowd.contract.spec(crowd.coach, crowd.vacancy, filters=WIDE)
    assert explain_candidate(spec, document(crowd.bram)).missing == (
        Must.REACH,
        Must.HOURS,
        Must.WORK_TYPE,
    )


def test_equal_scores_go_to_the_most_recently_updated_portfolio(crowd):
    page = crowd.contract.candidates(crowd.coach, crowd.vacancy)

    tied = [hit.id for hit in page.hits if hit.score == 15]

    assert tied == [crowd.fleur.pk, crowd.eva.pk]
    assert document(crowd.fleur).updated_at > document(crowd.eva).updated_at


def test_searched_words_add_to_the_score_only_when_all_are_found(crowd):
    coach = crowd.coach

    one_word = crowd.contract.candidates(coach, crowd.vacancy, text="Heftruck")
    two_words = crowd.contract.candidates(coach, crowd.vacancy, text="heftruck magazijn")

    scores = {hit.id: hit.score for hit in one_word.hits}
    assert scores[crowd.anna.pk] == 40
    assert scores[crowd.cees.pk] == 36
    assert scores[crowd.dirk.pk] == 19
    scores = {hit.id: hit.score for hit in two_words.hits}
    assert scores[crowd.anna.pk] == 40
    assert scores[crowd.cees.pk] == 34
    # Words rank, they do not filter.
    assert one_word.total == two_words.total == 5


def test_explanation_names_met_below_level_and_missing_skills(crowd):
    spec = crowd.contract.spec(crowd.coach, crowd.vacancy)
    forklift, picking, cleaning = crowd.forklift.pk, crowd.picking.pk, crowd.cleaning.pk

    anna = explain_candidate(spec, document(crowd.anna))
    bram = explain_candidate(spec, document(crowd.bram))
    dirk = explain_candidate(spec, document(crowd.dirk))
    eva = explain_candidate(spec, document(crowd.eva))

    assert [(s.concept_id, s.have, s.need) for s in anna.required_met] == sorted(
        [(forklift, 4, 3), (picking, 2, 2)]
    )
    assert [(s.concept_id, s.have, s.need) for s in anna.nice_to_have_met] == [(cleaning, 3, 2)]
    assert anna.complete
    assert [(s.concept_id, s.have, s.need) for s in bram.required_below_level] == [(picking, 1, 2)]
    assert [(s.concept_id, s.have, s.need) for s in dirk.required_below_level] == [(forklift, 2, 3)]
    # Below the nice-to-have level: listed with have/need, no points.
    (dirk_cleaning,) = [s for s in dirk.skills if not s.required]
    assert (dirk_cleaning.have, dirk_cleaning.need, dirk_cleaning.points) == (1, 2, 0)
    assert sorted(s.concept_id for s in eva.required_missing) == sorted([forklift, picking])
    assert not eva.complete


def test_explanation_compares_distance_with_reach_hours_and_wishes(crowd):
    spec = crowd.contract.spec(crowd.coach, crowd.vacancy, text="magazijn")

    anna = explain_candidate(spec, document(crowd.anna))
    bram = explain_candidate(spec, document(crowd.bram))
    dirk = explain_candidate(spec, document(crowd.dirk))

    assert (round(anna.distance_km, 1), anna.reach_km, anna.within_reach) == (0.0, 10, True)
    assert anna.hours_fit and anna.work_type_wished and anna.occupation_wished
    assert anna.words_found
    # 11.3 km away, travels 11 km (counted as the 10 km step): out of reach.
    assert (round(bram.distance_km, 1), bram.reach_km, bram.within_reach) == (11.3, 10, False)
    assert not (bram.hours_fit or bram.work_type_wished or bram.occupation_wished)
    assert not bram.words_found
    assert (round(dirk.distance_km, 1), dirk.reach_km, dirk.within_reach) == (32.1, 40, True)
    assert not dirk.hours_fit  # no hours given
    parts = {part.rule: part.points for part in anna.parts}
    assert parts == {
        "required_met": 20,
        "required_below_level": 0,
        "nice_to_have_met": 3,
        "related_skills": 0,
        "within_reach": 5,
        "hours_fit": 3,
        "work_type_wished": 3,
        "occupation_wished": 4,
        "words_found": 2,
    }
    assert anna.score == sum(parts.values()) == 40


def test_only_complete_matches_hides_incomplete_candidates(crowd):
    coach = crowd.coach

    complete = crowd.contract.candidates(
        coach, crowd.vacancy, filters=CandidateFilters(only_complete=True)
    )
    everyone = crowd.contract.candidates(coach, crowd.vacancy)

    assert ids(complete) == [crowd.anna.pk, crowd.cees.pk]
    assert [hit.score for hit in complete.hits] == [38, 34]
    assert complete.total == 2
    # Without the filter the incomplete ones are there, ranked below the complete ones.
    assert ids(everyone)[:2] == ids(complete)
    assert set(ids(everyone)[2:]) == {p.pk for p in (crowd.dirk, crowd.eva, crowd.fleur)}
    assert everyone.total == 5


def test_pages_are_disjoint_and_stable_with_a_constant_total(crowd):
    coach = crowd.coach

    pages = [
        crowd.contract.candidates(coach, crowd.vacancy, filters=WIDE, page=n, page_size=2)
        for n in (1, 2, 3, 4)
    ]
    again = crowd.contract.candidates(coach, crowd.vacancy, filters=WIDE, page=2, page_size=2)

    assert [ids(page) for page in pages] == [
        [crowd.anna.pk, crowd.cees.pk],
        [crowd.dirk.pk, crowd.fleur.pk],
        [crowd.eva.pk, crowd.bram.pk],
        [],
    ]
    assert [page.total for page in pages] == [6, 6, 6, 6]
    assert ids(again) == ids(pages[1])


def test_last_page_is_partial(crowd):
    coach = crowd.coach

    first = crowd.contract.candidates(coach, crowd.vacancy, filters=WIDE, page=1, page_size=4)
    last = crowd.contract.candidates(coach, crowd.vacancy, filters=WIDE, page=2, page_size=4)

    assert ids(first) == [p.pk for p in crowd.ranked[:4]]
    assert ids(last) == [crowd.eva.pk, crowd.bram.pk]
    assert [hit.score for hit in last.hits] == [15, 14]
    assert first.total == last.total == 6
