"""The country forecast's parts: the backtest never sees the future (neither the fits nor the
choice of their penalties), the selection rule and the ranking measures on hand examples,
the stored model, and the code mapping of its inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from queries.analytics.backtest import auc
from queries.forecast import metrics
from queries.forecast.build_inputs import _require_mapped, build_inputs
from queries.forecast.model import (
    PENALTY_GRID,
    Candidates,
    LinearModel,
    choose_penalties,
    feature_columns,
    rolling_forecasts,
    yearly_rank,
)
from queries.forecast.sensitivity import _chooser, _log_loss
from queries.forecast.store import read_inputs
from tests.conftest import SHARED_DATA

YEAR = 2000


@pytest.fixture(scope="module")
def inputs() -> pd.DataFrame:
    return read_inputs()


@pytest.fixture(scope="module")
def backtest(inputs):
    # Two years past YEAR, so that the run itself fits and scores the altered future.
    return rolling_forecasts(inputs, YEAR, YEAR + 2)


def _forecast_for(backtest, year: int) -> pd.Series:
    forecasts = backtest.forecasts
    return forecasts[forecasts["year"] == year].set_index("iso3")["risk"]


def test_the_backtest_never_sees_the_future(inputs, backtest):
    future = inputs.copy()
    later = future["year"] >= YEAR
    # Everything after the end of YEAR-1: the predictors of YEAR on, every onset from YEAR
    # on (mk_onset_1 of YEAR-1 is the onset in YEAR; mk_onset_1or2 of YEAR-2 includes it).
    for column in feature_columns(future):
        future.loc[later, column] = 1e6
    future.loc[later, ["mk_onset", "mk_onset_1", "mk_onset_1or2"]] = 1.0
    future.loc[future["year"] == YEAR - 1, ["mk_onset_1", "mk_onset_1or2"]] = 1.0
    future.loc[future["year"] == YEAR - 2, "mk_onset_1or2"] = 1.0
    altered = rolling_forecasts(future, YEAR, YEAR + 2)
    # The penalties for YEAR were chosen on the years before it, with the same result ...
    assert altered.penalties[YEAR] == backtest.penalties[YEAR]
    # ... and the forecast for YEAR is the same, while the later ones did change.
    pd.testing.assert_series_equal(_forecast_for(backtest, YEAR), _forecast_for(altered, YEAR))
    assert not np.allclose(_forecast_for(backtest, YEAR + 2), _forecast_for(altered, YEAR + 2))


def test_the_backtest_does_use_the_past(inputs, backtest):
    # The same alteration one year earlier (onsets known by the end of YEAR-1) moves it.
    past = inputs.copy()
    past.loc[past["year"] == YEAR - 2, "mk_onset_1"] = 1.0
    altered = rolling_forecasts(past, YEAR, YEAR)
    assert not np.allclose(_forecast_for(backtest, YEAR), _forecast_for(altered, YEAR))


def test_forecasts_are_deterministic_and_ranked_within_each_year(inputs, backtest):
    again = rolling_forecasts(inputs, YEAR, YEAR + 2)
    pd.testing.assert_frame_equal(backtest.forecasts, again.forecasts)
    assert again.penalties == backtest.penalties
    assert set(again.penalties) == {YEAR, YEAR + 1, YEAR + 2, YEAR + 3}
    for _, year in backtest.forecasts.groupby("year"):
        assert sorted(year["rank"]) == list(range(1, len(year) + 1))
        assert year.sort_values("rank")["risk"].is_monotonic_decreasing


def _hand_candidates() -> Candidates:
    """Three years of four countries, one onset a year (A in 1980, B in 1981, C in 1982).
    Every model of the grid scores 0, except: L1 C=0.3 puts the onsets of 1980 and 1981
    on top; L1 C=0.1 only the one of 1980; L2 C=0.1 puts those two at the bottom and the
    onset of 1982 on top."""
    rows = pd.DataFrame(
        {"year": np.repeat([1980, 1981, 1982], 4), "iso3": ["A", "B", "C", "D"] * 3}
    )
    rows["onset"] = [r.iso3 == {1980: "A", 1981: "B", 1982: "C"}[r.year] for r in rows.itertuples()]
    log_odds = {(kind, c): np.zeros(len(rows)) for kind, grid in PENALTY_GRID.items() for c in grid}
    inner_onsets = rows["onset"].to_numpy() & (rows["year"] < 1982).to_numpy()
    log_odds[("l1", 0.3)] = np.where(inner_onsets, 1.0, 0.0)
    log_odds[("l1", 0.1)] = np.where(inner_onsets & (rows["year"] == 1980), 1.0, 0.0)
    log_odds[("l2", 0.1)] = np.where(inner_onsets, -1.0, np.where(rows["onset"], 5.0, 0.0))
    return Candidates(rows, log_odds)


def test_the_selection_rule_by_hand():
    candidates = _hand_candidates()
    # Before 1982: L1 C=0.3 ranks both inner onsets first (pooled AUC 1; C=0.1 only 5/6);
    # with L2 C=0.1 the averages tie at 0 (AUC 0.5); every other L2 C ties at AUC 1, so
    # the smallest wins.
    assert choose_penalties(candidates, before=1982) == (0.3, 0.001)
    # Before 1981 only 1980 counts: L1 C=0.1 and 0.3 both rank A first; the smaller wins.
    assert choose_penalties(candidates, before=1981) == (0.1, 0.001)
    # Rows before the first inner year are not scored.
    assert choose_penalties(candidates, before=1982, first_inner=1981) == (0.3, 0.001)
    # Whatever the models say about 1982 does not move the choice for 1982, though it
    # would move a choice that saw 1982: L1 C=0.3 now puts 1982's three non-onsets on top.
    in_1982 = (candidates.rows["year"] == 1982).to_numpy()
    garbled = Candidates(candidates.rows, dict(candidates.log_odds))
    garbled.log_odds[("l1", 0.3)] = np.where(
        in_1982 & ~candidates.rows["onset"].to_numpy(), 100.0, candidates.log_odds[("l1", 0.3)]
    )
    assert choose_penalties(garbled, before=1982) == (0.3, 0.001)
    assert choose_penalties(garbled, before=1983) == (0.1, 0.001)
    with pytest.raises(ValueError, match="no onset"):
        choose_penalties(candidates, before=1980)


def test_yearly_rank_by_hand():
    frame = pd.DataFrame(
        {
            "year": [2000, 2000, 2000, 2001, 2001],
            "iso3": ["B", "A", "C", "A", "B"],
            "risk": [0.2, 0.2, 0.5, 0.1, 0.3],
        }
    )
    assert yearly_rank(frame).tolist() == [3, 2, 1, 2, 1]  # a tie goes to the first iso3


def _hand_forecasts() -> pd.DataFrame:
    # Year 1: 40 countries, onsets ranked 5 and 25. Year 2: 40 countries, onset ranked 35.
    rows = []
    for year, onset_ranks in ((1, {5, 25}), (2, {35})):
        for rank in range(1, 41):
            rows.append(
                {
                    "year": year,
                    "iso3": f"C{rank:02d}",
                    "risk": (41 - rank) / 100,
                    "rank": rank,
                    "onset": rank in onset_ranks,
                }
            )
    return pd.DataFrame(rows)


def test_top_k_shares_by_hand():
    forecasts = _hand_forecasts()
    assert metrics.top_k_share(forecasts, 10) == pytest.approx(1 / 3)
    assert metrics.top_k_share(forecasts, 30) == pytest.approx(2 / 3)
    assert math.isnan(metrics.top_k_share(forecasts[~forecasts["onset"]], 10))


def test_auc_and_decades_by_hand():
    forecasts = _hand_forecasts()
    score = metrics.score(forecasts, "all")
    # Pooled over both years (risks repeat across years): the onsets have risks 0.36,
    # 0.16 and 0.06; each is above the negatives with lower risk, ties count a half.
    negatives = forecasts.loc[~forecasts["onset"], "risk"].to_numpy()
    expected = np.mean([[(r > n) + 0.5 * (r == n) for n in negatives] for r in (0.36, 0.16, 0.06)])
    assert score.auc == pytest.approx(expected)
    assert (score.onsets, score.country_years) == (3, 80)
    decades = metrics.scores_by_decade(forecasts.assign(year=forecasts["year"] + 1998))
    assert [d.label for d in decades] == ["1999-2000", "1999-1999", "2000-2000"]
    assert [d.onsets for d in decades] == [3, 2, 1]
    flat = metrics.as_dict(decades)
    assert flat["top30_share"] == pytest.approx(2 / 3) and flat["years"] == "1999-2000"
    assert flat["by_decade"][1]["top10_share"] == 0.0


def test_a_stored_model_scores_by_hand_and_round_trips():
    model = LinearModel(("a", "b"), (1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, -0.5), -1.0)
    rows = pd.DataFrame({"a": [4.0, np.nan], "b": [1.0, 0.0]})
    # Row 1: (4-2)/2 * 1 + 1 * -0.5 - 1 = -0.5; row 2: a missing -> median 1: -0.5 - 1.
    expected = 1 / (1 + np.exp(-np.array([-0.5, -1.5])))
    assert model.risk(rows) == pytest.approx(expected)
    assert LinearModel.from_dict(model.as_dict()) == model


def test_every_country_of_the_inputs_has_an_iso3_code(inputs):
    assert inputs["iso3"].notna().all()
    # 173 states, 168 ISO3 codes: five historical states share their successor's code
    # (Czechoslovakia, East Germany, South Vietnam, North and South Yemen before 1990).
    assert (inputs["ccode"].nunique(), inputs["iso3"].nunique()) == (173, 168)
    shared = inputs.groupby("iso3")["ccode"].unique()
    assert {k: sorted(v) for k, v in shared[shared.map(len) > 1].items()} == {
        "CZE": [315, 316],
        "DEU": [255, 265],
        "VNM": [816, 817],
        "YEM": [678, 679, 680],
    }
    # From 1990 on, one row per ISO3 code and year (every backtest and forecast year).
    assert not inputs[inputs["year"] >= 1990].duplicated(["iso3", "year"]).any()
    assert set(inputs.loc[inputs["ccode"] == 679, "iso3"]) == {"YEM"}


def test_an_unmapped_code_is_named_not_dropped(tmp_path):
    frame = pd.DataFrame(
        {"ccode": [2, 9999], "name": ["United States", "Atlantis"], "iso3": ["USA", None]}
    )
    with pytest.raises(ValueError, match=r"codes with no ISO3 code: 9999 \(Atlantis\)"):
        _require_mapped(frame, "ccode", "name", tmp_path / "predictors.csv")


def test_the_committed_inputs_match_a_rebuild_from_the_sources(inputs):
    if not (SHARED_DATA / "ewp_2025_sra").exists():
        pytest.fail(f"the shared Early Warning Project files are missing: {SHARED_DATA}")
    pd.testing.assert_frame_equal(build_inputs(SHARED_DATA), inputs)


def test_the_sensitivity_rules_by_hand():

    candidates = _hand_candidates()
    # A one-year window before 1982 sees 1981 only, where L1 C=0.1 ranks nothing first.
    assert _chooser(auc, window=1)(candidates, 1982) == (0.3, 0.001)
    assert _chooser(auc, window=1)(candidates, 1981) == (0.1, 0.001)
    # Log loss of log-odds 0 (probability one half) is log 2 whatever the outcome; a
    # confident right forecast costs almost nothing, a confident wrong one a lot.
    assert _log_loss(np.zeros(2), np.array([0, 1])) == pytest.approx(math.log(2))
    assert _log_loss(np.array([20.0]), np.array([1])) == pytest.approx(0.0, abs=1e-8)
    assert _log_loss(np.array([20.0]), np.array([0])) == pytest.approx(20.0, abs=1e-6)
