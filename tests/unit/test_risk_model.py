"""The risk model's arithmetic on hand examples: normalisation, geometric mean, signals,
and the index with its completeness and drivers."""

import math

import numpy as np
import pandas as pd
import pytest

from queries.analytics.risk import (
    _drivers,
    _index,
    civilian_fatalities_score,
    geometric_mean,
    hot_cells_score,
    normalise,
)


def test_normalise_linear_both_directions_and_clipping():
    # Press freedom 0..100, lower is riskier: 30 -> 7.0; 85 -> 1.5; 120 clips to 100 -> 0.
    np.testing.assert_allclose(normalise([30, 85, 120], 0, 100, False), [7.0, 1.5, 0.0])
    # Government effectiveness -2.5..2.5, higher is riskier (a made-up direction): -1.5 -> 2.
    np.testing.assert_allclose(normalise([-1.5], -2.5, 2.5, True), [2.0])


def test_normalise_log_scale():
    # Deaths per 100k 0..500 on a log scale: 60 -> 10 * ln(61) / ln(501).
    assert normalise([60], 0, 500, True, True)[0] == pytest.approx(
        10 * math.log(61) / math.log(501))
    assert normalise([0], 0, 500, True, True)[0] == 0.0
    assert normalise([500], 0, 500, True, True)[0] == pytest.approx(10.0)


def test_geometric_mean():
    np.testing.assert_allclose(geometric_mean([4.0, 9.0, 0.0], [9.0, 4.0, 10.0]),
                               [6.0, 6.0, 0.0])
    assert np.isnan(geometric_mean([np.nan], [5.0])[0])


def test_signal_scores():
    # 1,000 civilian deaths score 10; 0 score 0; 31 -> 10 * ln(32) / ln(1001).
    np.testing.assert_allclose(civilian_fatalities_score([0, 1000, 5000]), [0, 10, 10])
    assert civilian_fatalities_score([31])[0] == pytest.approx(10 * math.log(32) / math.log(1001))
    # A quarter of the cells hot scores 10; a tenth 4.
    np.testing.assert_allclose(hot_cells_score([0, 0.1, 0.25, 0.6]), [0, 4, 10, 10])


def test_index_completeness_and_drivers():
    components = pd.DataFrame({
        "iso3": ["AAA"] * 4 + ["BBB"] * 2,
        "component": ["factor_2", "factor_3", "factor_1", "escalation", "factor_2",
                      "factor_1"],
        "label": ["RF2", "RF3", "RF1", "Escalation", "RF2", "RF1"],
        "dimension": ["structural", "structural", "dynamic", "dynamic", "structural",
                      "dynamic"],
        "score": [8.0, 2.0, 6.0, 10.0, 5.0, np.nan],
        "present": [2, 1, 1, 1, 1, 0],
        "expected": [2, 2, 1, 1, 2, 1],
    })
    index = _index(components, expected_indicators=5).set_index("iso3")
    # AAA: structural (8 + 2) / 2 = 5, dynamic (6 + 10) / 2 = 8, index sqrt(40).
    assert index.loc["AAA", "structural"] == 5.0
    assert index.loc["AAA", "dynamic"] == 8.0
    assert index.loc["AAA", "risk_index"] == pytest.approx(math.sqrt(40))
    assert index.loc["AAA", "completeness"] == pytest.approx(4 / 5)   # 2 + 1 + 1 of 5
    assert index.loc["AAA", "drivers"] == "Escalation 10.0; RF2 8.0; RF1 6.0"
    # BBB has no dynamic input: no index, but its structural score stands.
    assert index.loc["BBB", "structural"] == 5.0
    assert np.isnan(index.loc["BBB", "risk_index"])
    assert index.loc["BBB", "completeness"] == pytest.approx(1 / 5)


def test_a_component_scoring_zero_is_never_a_driver():
    components = pd.DataFrame({"iso3": ["AAA"] * 3, "component": ["a", "b", "c"],
                               "label": ["RF1", "Escalation", "RF2"],
                               "score": [4.0, 0.0, np.nan]})
    assert _drivers(components).to_dict() == {"AAA": "RF1 4.0"}
