"""The cell forecast's parts on hand-made data: the history baselines, the features, and
the rolling origin (a forecast never depends on outcomes not yet known at its origin)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from queries.analytics.backtest import baseline_scores
from queries.analytics.cell_forecast import (
    HORIZON_MONTHS,
    CellHistory,
    TrainingPairs,
    feature_set,
    predict,
    rolling_forecast,
)

# Four cells (gid = row * 720 + col + 1):
# A at (row 200, col 400), B its east neighbour, C two columns east of B (outside A's and B's
# 3x3 blocks), D two rows north of A (outside both blocks too).
A, B, C, D = 200 * 720 + 401, 200 * 720 + 402, 200 * 720 + 404, 202 * 720 + 401
ORIGIN = 1000  # a month index; the months counted are (origin - n, origin]


def _history() -> CellHistory:
    """Incidents by hand: (cell, months before the origin, events, civilian events)."""
    rows = [
        (A, 0, 2, 1),
        (A, 2, 1, 0),
        (A, 5, 4, 0),
        (A, 30, 3, 3),
        (A, 59, 1, 1),
        (A, 60, 5, 5),  # 60 months back: just outside every window
        (B, 1, 1, 1),
        (B, 11, 2, 0),
        (B, 12, 7, 7),
        (C, 0, 9, 9),
        (D, 0, 6, 6),
        (A, -1, 8, 8),  # after the origin: never counted
    ]
    frame = pd.DataFrame(rows, columns=["gid", "ago", "events", "civilian_events"])
    return CellHistory(frame.assign(month=ORIGIN - frame["ago"], fatalities=0.0, iso3="XXX"))


def test_each_baseline_by_hand():
    scores = baseline_scores(_history(), np.array([A, B, C, D]), ORIGIN)
    # persistence, all events in the last 3 months (ago 0, 1, 2): A 2 + 1, B 1, C 9, D 6.
    assert scores["persistence"].tolist() == [3, 1, 9, 6]
    # all events in the cell, last 12 months (ago 0..11): A 2+1+4, B 1+2, C 9, D 6.
    assert scores["events_cell_12m"].tolist() == [7, 3, 9, 6]
    # civilian events in the cell, last 60 months (ago 0..59): A 1+3+1, B 1+7, C 9, D 6.
    assert scores["civilian_cell_60m"].tolist() == [5, 8, 9, 6]
    # civilian events in the 3x3 block, 60 months: A's block holds A and B (5 + 8); B's
    # holds A, B and nothing else (C is two columns east of B, D two rows north of A)
    # -> 13; C's block holds only C (B is two columns west) -> 9; D's only D -> 6.
    assert scores["civilian_3x3_60m"].tolist() == [13, 13, 9, 6]


def test_block_sums_and_months_since_by_hand():
    history = _history()
    window = history.window("events", ORIGIN - 3, ORIGIN)
    # 5x5 blocks, last 3 months: A's holds A, B and D (C is three columns east): 3 + 1 + 6;
    # B's holds all four (C two columns east, D two rows north and one west): 19.
    assert history.on(window, np.array([A, B]), radius=2).tolist() == [10, 19]
    # A's latest incident is in the origin's month; B's civilian one a month before.
    assert history.since("events", np.array([A, B]), ORIGIN).tolist() == [0, 1]
    assert history.since("civilian_events", np.array([B]), ORIGIN).tolist() == [1]
    # A cell never seen counts as SINCE_CAP months.
    assert history.since("events", np.array([A + 5000]), ORIGIN).tolist() == [120]


def test_no_model_below_ten_positives_then_every_feature():
    columns = [f"f{i}" for i in range(30)]
    assert feature_set(0, columns) == []
    assert feature_set(9, columns) == []
    assert feature_set(10, columns) == columns
    assert feature_set(5000, columns) == columns


def _synthetic(origins: int = 48, cells: int = 60, seed: int = 3):
    """Pairs of a made-up warehouse: features that predict the outcome, with noise."""
    rng = np.random.default_rng(seed)
    origin = np.repeat(np.arange(origins), cells)
    gid = np.tile(np.arange(1, cells + 1), origins)
    features = pd.DataFrame(
        rng.normal(size=(len(origin), 12)), columns=[f"f{i}" for i in range(12)]
    )
    features["events_12"] = rng.poisson(1.0, len(origin)).astype(float)
    outcome = rng.random(len(origin)) < 1 / (
        1 + np.exp(2.5 - features["events_12"] - features["f0"])
    )
    return origin, gid, features, outcome


def test_altering_later_outcomes_leaves_earlier_forecasts_unchanged():
    origin, gid, features, outcome = _synthetic()
    before = rolling_forecast(origin, gid, features, outcome, first_scored=12)
    assert (before[origin >= 12] > 0).all()  # a model scored every origin from 12
    for cut in (15, 23, 30, 41):
        # Outcomes of origins after cut - 3 are not known at the end of month cut.
        altered = np.where(origin > cut - HORIZON_MONTHS, ~outcome, outcome)
        after = rolling_forecast(origin, gid, features, altered, first_scored=12)
        assert np.array_equal(before[origin <= cut], after[origin <= cut])
        assert not np.array_equal(before, after)  # ... and later ones do change


def test_the_forecast_is_deterministic_and_a_probability():
    origin, gid, features, outcome = _synthetic()
    first = rolling_forecast(origin, gid, features, outcome, first_scored=12)
    again = rolling_forecast(origin, gid, features, outcome, first_scored=12)
    assert np.array_equal(first, again)
    assert ((first >= 0) & (first <= 1)).all()
    assert (first[origin < 12] == 0).all()


def test_each_warm_started_fit_reaches_the_model_fitted_from_scratch():
    origin, gid, features, outcome = _synthetic()
    rolling = rolling_forecast(origin, gid, features, outcome, first_scored=12)
    for t in (12, 20, 33, 47):
        cold = predict(TrainingPairs(origin, gid, features, outcome).fit(t),
                       features[origin == t])
        assert rolling[origin == t] == pytest.approx(cold, abs=1e-6)
