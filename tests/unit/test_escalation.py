"""Escalation classes on crafted counts, the thresholds and the low-baseline rule."""

import numpy as np
import pytest

from queries.analytics.escalation import classify, relative_change


@pytest.mark.parametrize(("latest", "expected", "cls"), [
    (126, 100, "large_increase"),        # +26%
    (125, 100, "moderate_increase"),     # +25% exactly: moderate (the range is +10% to +25%)
    (110, 100, "moderate_increase"),     # +10% exactly
    (109, 100, "limited_change"),        # +9%
    (100, 100, "limited_change"),
    (91, 100, "limited_change"),         # -9%
    (90, 100, "moderate_decrease"),      # -10%
    (75, 100, "moderate_decrease"),      # -25%
    (74, 100, "large_decrease"),         # -26%
    (0, 100, "large_decrease"),
])
def test_thresholds_on_a_high_baseline(latest, expected, cls):
    # A weekly baseline of 25 events: far above the low-baseline rule.
    assert classify([latest], [expected], [25.0])[0] == cls


def test_low_baseline_rule_holds_small_numbers_at_limited_change():
    # Weekly average 2 (at most 2) and 5 events now (at most 5): +150% is still limited.
    assert classify([5], [2.0], [0.5])[0] == "limited_change"
    assert classify([5], [8.0], [2.0])[0] == "limited_change"
    # Either bound crossed and the percentage counts again.
    assert classify([6], [2.0], [0.5])[0] == "large_increase"        # 6 events now
    assert classify([5], [9.0], [2.25])[0] == "large_decrease"       # weekly average 2.25


def test_from_nothing_to_something_and_nothing_to_nothing():
    assert classify([20], [0], [0.0])[0] == "large_increase"         # beyond the rule
    assert classify([3], [0], [0.0])[0] == "limited_change"          # the rule
    assert classify([0], [0], [0.0])[0] == "limited_change"          # no change at all


def test_relative_change():
    np.testing.assert_allclose(relative_change([15, 5], [10, 10]), [0.5, -0.5])
    assert np.isinf(relative_change([1], [0])[0])
    assert np.isnan(relative_change([0], [0])[0])
