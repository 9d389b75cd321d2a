"""Ranking quality on the judged set: both engines rank alike, and better than the baselines.

The figures themselves are in `make bench`; here the set guards against a change
that makes matching worse or lets the engines disagree.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.bench import quality


@pytest.fixture
def judged(db):
    call_command("load_starter_taxonomy", quiet=True, stdout=StringIO())
    return quality.build()


def test_both_engines_rank_the_judged_set_alike_and_above_the_baselines(judged):
    found = quality.figures(judged)

    assert found["engines_agree"]["same_rankings"] == 1.0
    for engine in ("database", "elasticsearch"):
        ndcg = found[engine]["ndcg_at_10"]
        assert ndcg >= 0.95, found
        assert ndcg > found[f"{engine}_exact_only"]["ndcg_at_10"], found
        assert ndcg > found["keyword_baseline"]["ndcg_at_10"], found
