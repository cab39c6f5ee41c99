"""Our risk index: a transparent model, labelled as ours and never presented as a UN score.

1. Each indicator's latest national value (at most ``MAX_AGE_YEARS`` old) is normalised to
   0..10 against its catalogue bounds: 0 at the safe bound, 10 at the risky one, linearly
   or, for skewed counts and rates, on a log scale (the catalogue's ``scale``).
2. A risk factor of the UN Framework of Analysis scores the mean of its indicators.
3. The *structural* dimension is the mean of the structural factors; the *dynamic*
   dimension the mean of the dynamic factors and three incident signals (civilian
   fatalities, escalation, hot cells). Which factor is which is the ``dimension`` column of
   ``risk_factors``.
4. The index is the geometric mean of the two dimensions, so a country must score on both
   to score high: sqrt(structural x dynamic).

Each country's score carries its completeness (the share of the catalogue's indicators
present) and its top drivers (the highest-scoring components). Only scored places (the
``scored_places`` view: a population figure is known) get components and an index; a
factor no real indicator measures is labelled so and scores nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analytics.escalation import CLASSES as ESCALATION_CLASSES
from queries.statements import named_sql

MAX_AGE_YEARS = 5          # older indicator values do not describe the present
TOP_DRIVERS = 3
# Civilian deaths in 12 months that score 10 (on a log scale: 10 scores ~3.5, 100 ~6.7).
CIVILIAN_FATALITIES_AT_10 = 1_000
# The share of a country's cells hot at 95% or more that scores 10 (linear below): hot
# cells counted, not shared, would favour big countries.
HOT_SHARE_AT_10 = 0.25
# Events rising by more than 25% score 10, by 10-25% score 5; anything else 0.
ESCALATION_SCORE = dict(zip(ESCALATION_CLASSES, (10.0, 5.0, 0.0, 0.0, 0.0), strict=True))


@dataclass(frozen=True)
class Signal:
    """An incident signal of the dynamic dimension and how it is scored."""

    key: str
    label: str


SIGNALS = (
    Signal("civilian_fatalities", "Civilian fatalities, last 12 months"),
    Signal("escalation", "Escalation of events, last 4 weeks"),
    Signal("hot_cells", "Share of cells hot (Gi*, 95%)"),
)


def normalise(value, lower, upper, higher_is_riskier, log_scale=False) -> np.ndarray:
    """Values on a 0..10 risk scale: 0 at the safe bound, 10 at the risky one; values
    beyond the bounds are clipped. On a log scale the distance from the lower bound
    counts as log(1 + distance), so skewed rates spread over the scale. Elementwise."""
    value, lower, upper = (np.asarray(x, dtype=float) for x in (value, lower, upper))
    above = np.clip(value, lower, upper) - lower
    share = np.where(np.asarray(log_scale, dtype=bool),
                     np.log1p(above) / np.log1p(upper - lower), above / (upper - lower))
    return 10.0 * np.where(np.asarray(higher_is_riskier, dtype=bool), share, 1.0 - share)


def geometric_mean(a, b) -> np.ndarray:
    """sqrt(a * b), elementwise; NaN where either is missing."""
    return np.sqrt(np.asarray(a, dtype=float) * np.asarray(b, dtype=float))


def civilian_fatalities_score(deaths) -> np.ndarray:
    """0..10 on a log scale: 0 deaths score 0, ``CIVILIAN_FATALITIES_AT_10`` or more 10."""
    deaths = np.asarray(deaths, dtype=float)
    return np.minimum(10.0, 10.0 * np.log1p(deaths) / math.log1p(CIVILIAN_FATALITIES_AT_10))


def hot_cells_score(share) -> np.ndarray:
    """0..10 from the share of a country's cells that are hot: 10 from ``HOT_SHARE_AT_10``
    on, linear below."""
    return np.minimum(10.0, 10.0 * np.asarray(share, dtype=float) / HOT_SHARE_AT_10)


def compute_risk(con: duckdb.DuckDBPyConnection, through: date | None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``risk_components`` and ``risk_index`` tables. Reads the ``escalation`` and
    ``hotspot_cells`` tables, so those must be computed first."""
    factors = con.execute(named_sql("risk_catalogue_factors")).df()
    values = latest_values(con, through or date.today())
    signals = (con.execute(named_sql("risk_signals"), {"through": through}).df()
               if through else pd.DataFrame(columns=["iso3"]))
    components = pd.concat([_factor_components(values, factors),
                            _signal_components(signals)], ignore_index=True)
    return components, _index(components, expected_indicators=int(factors["indicators"].sum()))


def latest_values(con: duckdb.DuckDBPyConnection, newest: date) -> pd.DataFrame:
    """Each scored place's latest value of every catalogued indicator dated on or before
    ``newest`` and at most ``MAX_AGE_YEARS`` calendar years older, with its bounds."""
    oldest = date(newest.year - MAX_AGE_YEARS, 1, 1)
    return con.execute(named_sql("risk_latest_indicators"),
                       {"oldest": oldest, "newest": newest}).df()


def indicator_index(con: duckdb.DuckDBPyConnection, newest: date) -> pd.DataFrame:
    """The ``risk_index`` rows from the indicators known on ``newest`` alone, without
    incident signals (what a backtest of past years can compute)."""
    factors = con.execute(named_sql("risk_catalogue_factors")).df()
    components = _factor_components(latest_values(con, newest), factors)
    return _index(components, expected_indicators=int(factors["indicators"].sum()))


def _factor_components(values: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """One row per country and factor: the mean normalised score of its indicators."""
    values = values.assign(score=normalise(values["value"], values["lower_bound"],
                                           values["upper_bound"],
                                           values["direction"] == "higher_is_riskier",
                                           values["scale"] == "log"))
    scored = values.groupby(["iso3", "factor"], as_index=False).agg(
        score=("score", "mean"), present=("score", "size"))
    grid = pd.MultiIndex.from_product([values["iso3"].unique(), factors["factor"]],
                                      names=["iso3", "factor"]).to_frame(index=False)
    rows = grid.merge(scored, how="left").merge(factors, on="factor")
    unmeasured = np.where(rows["indicators"] == 0, " (no real indicator)", "")
    return pd.DataFrame({
        "iso3": rows["iso3"],
        "component": "factor_" + rows["factor"].astype(str),
        "label": "RF" + rows["factor"].astype(str) + " " + rows["name"] + unmeasured,
        "dimension": rows["dimension"],
        "score": rows["score"],
        "present": rows["present"].fillna(0).astype(int),
        "expected": rows["indicators"].astype(int),
    })


def _signal_components(signals: pd.DataFrame) -> pd.DataFrame:
    """One row per country holding incidents and incident signal."""
    if signals.empty:
        return pd.DataFrame(columns=["iso3", "component", "label", "dimension", "score",
                                     "present", "expected"])
    scores = {
        "civilian_fatalities": civilian_fatalities_score(signals["civilian_fatalities"]),
        "escalation": signals["escalation"].map(ESCALATION_SCORE).to_numpy(dtype=float),
        "hot_cells": hot_cells_score(signals["hot_share"]),
    }
    return pd.concat([pd.DataFrame({
        "iso3": signals["iso3"], "component": s.key, "label": s.label, "dimension": "dynamic",
        "score": scores[s.key], "present": 1, "expected": 1}) for s in SIGNALS],
        ignore_index=True)


def _index(components: pd.DataFrame, expected_indicators: int) -> pd.DataFrame:
    """One row per country: the two dimensions, the index, completeness and drivers."""
    dims = components.pivot_table(index="iso3", columns="dimension", values="score",
                                  aggfunc="mean").reindex(columns=["structural", "dynamic"])
    indicators = components[components["component"].str.startswith("factor_")]
    present = indicators.groupby("iso3")["present"].sum()
    index = pd.DataFrame({"iso3": dims.index})
    index["structural"] = dims["structural"].to_numpy()
    index["dynamic"] = dims["dynamic"].to_numpy()
    index["risk_index"] = geometric_mean(index["structural"], index["dynamic"])
    index["completeness"] = (present.reindex(index["iso3"]).fillna(0).to_numpy()
                             / max(expected_indicators, 1))
    index["drivers"] = index["iso3"].map(_drivers(components)).fillna("")
    return index


def _drivers(components: pd.DataFrame) -> pd.Series:
    """Per country: its ``TOP_DRIVERS`` highest-scoring components, e.g.
    'RF1 Situations of armed conflict ... 8.7; Escalation of events ... 10.0'. A component
    scoring 0 drives nothing and is never listed."""
    scored = components[components["score"] > 0].sort_values(
        ["iso3", "score", "component"], ascending=[True, False, True])
    top = scored.groupby("iso3").head(TOP_DRIVERS)
    text = top["label"] + " " + top["score"].map("{:.1f}".format)
    return text.groupby(top["iso3"]).agg("; ".join)
