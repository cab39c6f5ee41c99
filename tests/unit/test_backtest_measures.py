"""The backtest's measures: AUC with ties, average ranks, precision and recall at the top."""

from __future__ import annotations

import math

import pytest

from queries.analytics.backtest import auc, average_ranks, top_share_precision_recall


def test_average_ranks_share_ties():
    assert average_ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]


def test_auc_by_hand():
    assert auc([1, 2, 3, 4], [0, 0, 1, 1]) == 1.0
    assert auc([4, 3, 2, 1], [0, 0, 1, 1]) == 0.0
    # Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 beats 0.1, loses to 0.4;
    # 0.8 beats both: 3 of 4 pairs.
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    # Positives 2 and 3 against negatives 1 and 2: 1 + 0.5 (tie) + 1 + 1 = 3.5 of 4.
    assert auc([1, 2, 2, 3], [0, 1, 0, 1]) == 0.875
    assert auc([5, 5, 5, 5], [0, 1, 0, 1]) == 0.5
    assert math.isnan(auc([1, 2], [0, 0]))


def test_precision_and_recall_in_the_top_share_per_origin():
    # Origin 1: 10 cells, the top 10% is 1 cell; the best score (9) is a positive: precision 1,
    # recall 1/2. Origin 2: 10 cells, two tie at the top (8), one positive among them:
    # half a hit expected, precision 0.5, recall 0.5. Origin 3 has no positive: skipped.
    groups = [1] * 10 + [2] * 10 + [3] * 10
    scores = [9, 1, 2, 3, 4, 5, 6, 7, 0, 8] + [8, 8, 1, 1, 1, 1, 1, 1, 1, 1] + list(range(10))
    outcomes = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0] + [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] + [0] * 10
    precision, recall = top_share_precision_recall(groups, scores, outcomes)
    assert precision == pytest.approx((1 + 0.5) / 2)
    assert recall == pytest.approx((0.5 + 0.5) / 2)
