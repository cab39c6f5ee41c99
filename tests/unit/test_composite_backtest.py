"""The composite index backtest's figures on a hand example."""

import math

import pandas as pd
import pytest

from queries.analytics.composite_backtest import evaluate_ranking, with_ranks


@pytest.fixture
def forecasts():
    # 2000: A 3 (onset), B 2, C 1. 2001: A 1, B 5, C not scored (onset).
    return pd.DataFrame({"year": [2000] * 3 + [2001] * 3, "iso3": list("ABCABC"),
                         "risk": [3.0, 2.0, 1.0, 1.0, 5.0, math.nan],
                         "onset": [1, 0, 0, 0, 0, 1]})


def test_ranks_are_within_the_year_and_unscored_last(forecasts):
    assert with_ranks(forecasts)["rank"].tolist() == [1, 2, 3, 2, 1, 3]


def test_ties_share_the_best_rank():
    tied = pd.DataFrame({"year": [2000] * 3, "iso3": list("ABC"), "risk": [2.0, 2.0, 1.0],
                         "onset": [0, 1, 0]})
    assert with_ranks(tied)["rank"].tolist() == [1, 1, 3]


def test_figures_by_hand(forecasts):
    result = evaluate_ranking(forecasts, top_k=(1, 2, 3))
    # Onsets ranked 1 (A, 2000) and 3 (C, 2001).
    assert result.top_shares == {1: 0.5, 2: 0.5, 3: 1.0}
    # Positives score 3 and -inf against negatives 2, 1, 1, 5: 3 beats three of four,
    # the unscored beats none: AUC = 3 / 8.
    assert result.auc == pytest.approx(3 / 8)
    assert (result.onsets, result.country_years, result.unscored) == (2, 6, 1)
    assert result.years == (2000, 2001)
    assert result.as_dict()["top2_share"] == 0.5
