"""Escalation: is violence rising or falling, per country and per admin-1 region?

The latest 4 weeks of data are compared with the 4 weeks before them and with the weekly
average of the 52 weeks before them (scaled to 4 weeks). A change is a *large increase*
above +25%, a *moderate increase* from +10% to +25%, *limited change* between, and
symmetrically *moderate* and *large decrease*. Small numbers swing wildly, so a place
whose baseline averages at most 2 events a week and which had at most 5 in the latest 4
weeks is *limited change* whatever the percentage (the low-baseline rule).

One sentence for a Special Adviser: "In the last 4 weeks there were N events, X% more
than the weekly average of the year before would predict."
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from queries.statements import named_sql

WINDOW_WEEKS = 4
BASELINE_WEEKS = 52
LARGE = 0.25                 # a change beyond +/-25% is large
MODERATE = 0.10              # from 10% to 25% it is moderate
LOW_BASELINE_WEEKLY = 2.0    # the low-baseline rule: a weekly average of at most 2 ...
LOW_LATEST = 5               # ... and at most 5 in the latest window

CLASSES = ("large_increase", "moderate_increase", "limited_change", "moderate_decrease",
           "large_decrease")
LABELS = {"large_increase": "Large increase", "moderate_increase": "Moderate increase",
          "limited_change": "Limited change", "moderate_decrease": "Moderate decrease",
          "large_decrease": "Large decrease"}
ARROWS = {"large_increase": "⇈", "moderate_increase": "↑", "limited_change": "→",
          "moderate_decrease": "↓", "large_decrease": "⇊"}
# Map value of each class for the escalation layer (a diverging scale around 0).
LEVELS = {"large_increase": 2, "moderate_increase": 1, "limited_change": 0,
          "moderate_decrease": -1, "large_decrease": -2}


def relative_change(latest, expected) -> np.ndarray:
    """(latest - expected) / expected, elementwise; +inf when only ``expected`` is 0 and
    NaN when both are."""
    latest = np.asarray(latest, dtype=float)
    expected = np.asarray(expected, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (latest - expected) / expected


def classify(latest, expected, baseline_weekly) -> np.ndarray:
    """The escalation class of each place (an array of class names).

    ``latest``: events in the latest 4 weeks; ``expected``: what they are compared with
    (the previous 4 weeks' events, or 4 x the baseline's weekly average);
    ``baseline_weekly``: the baseline's weekly average, for the low-baseline rule.
    """
    latest = np.asarray(latest, dtype=float)
    change = relative_change(latest, expected)
    classes = np.select(
        [change > LARGE, change >= MODERATE, change > -MODERATE, change >= -LARGE],
        CLASSES[:4], default="large_decrease").astype(object)
    classes[np.isnan(change)] = "limited_change"           # nothing then, nothing now
    low = (np.asarray(baseline_weekly, dtype=float) <= LOW_BASELINE_WEEKLY) & \
        (latest <= LOW_LATEST)
    classes[low] = "limited_change"
    return classes


def compute_escalation(con: duckdb.DuckDBPyConnection, through: date) -> pd.DataFrame:
    """The escalation table (columns of ``escalation``) for windows ending at ``through``:
    one row per country and per admin-1 region with an event in the last 56 weeks."""
    counts = con.execute(named_sql("escalation_counts"), {"through": through}).df()
    baseline_weekly = counts["events_baseline"] / BASELINE_WEEKS
    civilian_weekly = counts["civilian_baseline"] / BASELINE_WEEKS
    expected = baseline_weekly * WINDOW_WEEKS
    change_previous = relative_change(counts["events_latest"], counts["events_previous"])
    change_baseline = relative_change(counts["events_latest"], expected)
    return pd.DataFrame({
        "level": np.where(counts["is_country"], "country", "admin1"),
        "iso3": counts["iso3"],
        "admin1_code": counts["admin1_code"],
        "events_latest": counts["events_latest"],
        "events_previous": counts["events_previous"],
        "events_baseline_weekly": baseline_weekly,
        "events_vs_previous": classify(counts["events_latest"], counts["events_previous"],
                                       baseline_weekly),
        "events_vs_baseline": classify(counts["events_latest"], expected, baseline_weekly),
        "change_vs_previous": _finite_or_none(change_previous),
        "change_vs_baseline": _finite_or_none(change_baseline),
        "civilian_latest": counts["civilian_latest"],
        "civilian_previous": counts["civilian_previous"],
        "civilian_baseline_weekly": civilian_weekly,
        "civilian_vs_baseline": classify(counts["civilian_latest"],
                                         civilian_weekly * WINDOW_WEEKS, civilian_weekly),
        "window_start": through - timedelta(days=7 * WINDOW_WEEKS - 1),
        "window_end": through,
    })


def _finite_or_none(values: np.ndarray) -> pd.Series:
    """Relative changes with the undefined ones (from zero) as missing."""
    return pd.Series(np.where(np.isfinite(values), values, np.nan)).astype("Float64")
