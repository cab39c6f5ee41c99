"""Fit the country forecast, store it with the data it was fitted on, load it into a
warehouse and read it back for the app.

``atrisk model fit`` runs :func:`fit_and_store`: the rolling-origin backtest, penalties
chosen on the years before each (its yearly forecasts go to
``queries/reference/forecast_backtest.parquet``), and the final 1- and 2-year models fitted
on every year with the penalties the same rule chooses for the next year
(``queries/reference/forecast_model.json``: the coefficients, the inputs file's SHA-256,
the years, the rule and its choice for each year, and the backtest's figures). Both files
are committed, so a fresh install needs no fitting step. Every warehouse gets the current
forecast, computed from those files by :func:`load_forecast` when the schema's migration
007 runs; the app only reads the tables (:func:`summary`, :func:`ranking`,
:func:`country_forecast`, :func:`history`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from queries.forecast import metrics
from queries.forecast.build_inputs import INPUTS_FILE, REFERENCE_DIR
from queries.forecast.labels import BINARY, label
from queries.forecast.model import (
    FIRST_INNER_YEAR,
    HORIZONS,
    PENALTY_GRID,
    SELECTION_RULE,
    Backtest,
    LinearModel,
    feature_columns,
    fit,
    rolling_forecasts,
    training_rows,
)
from queries.statements import execute_with_rows, named_sql

if TYPE_CHECKING:   # annotations only: queries.db -> versions -> schema loads from here
    from queries.db import Warehouse

MODEL_FILE = REFERENCE_DIR / "forecast_model.json"
BACKTEST_FILE = REFERENCE_DIR / "forecast_backtest.parquet"
FIRST_TEST_YEAR = 1994
DRIVERS = 5  # contributions stored per country
PREDICTS = (
    "the risk that a new mass killing begins in the country (Early Warning Project "
    "definition: armed groups deliberately kill at least 1,000 non-combatant "
    "civilians, targeted as members of a group, in a year or less)"
)


def run_backtest(inputs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rolling-origin backtest's yearly forecasts, 1994 to the last year with a known
    outcome (see :func:`nested_backtest`)."""
    return nested_backtest(inputs).forecasts


def nested_backtest(inputs: pd.DataFrame | None = None) -> Backtest:
    """The rolling-origin backtest, 1994 to the last year with a known outcome, with the
    penalties chosen on earlier years only (:func:`queries.forecast.model.rolling_forecasts`)
    and the choice for the year after it (the model fitted on every year)."""
    inputs = read_inputs() if inputs is None else inputs
    last = int(inputs.loc[inputs["mk_onset_1"].notna(), "year"].max()) + 1
    return rolling_forecasts(inputs, FIRST_TEST_YEAR, last)


def read_inputs(path: Path = INPUTS_FILE) -> pd.DataFrame:
    """The committed country-year inputs (built by ``queries.forecast.build_inputs``)."""
    return pd.read_parquet(path)


def fit_and_store(
    inputs_path: Path = INPUTS_FILE,
    model_path: Path = MODEL_FILE,
    backtest_path: Path = BACKTEST_FILE,
    progress: Callable[[str], None] = print,
) -> dict:
    """Backtest, fit the final models and write both files; returns the stored JSON."""
    inputs = read_inputs(inputs_path)
    progress(
        f"backtest: {FIRST_TEST_YEAR} onwards, C chosen on the years before each "
        f"(every grid model fitted for each year from {FIRST_INNER_YEAR}) ..."
    )
    backtest = nested_backtest(inputs)
    forecasts = backtest.forecasts
    forecasts.to_parquet(backtest_path, index=False, compression="zstd")
    data_through = int(inputs["year"].max())
    features = feature_columns(inputs)
    penalties = backtest.penalties[data_through + 1]
    progress(
        f"final models: predictors {int(inputs['year'].min())}-{data_through}, "
        f"C = {penalties[0]} (L1) and {penalties[1]} (L2) ..."
    )
    stored = {
        "predicts": PREDICTS,
        "model": f"mean log-odds of an L1 (C={penalties[0]}) and an L2 (C={penalties[1]}) "
        "logistic regression on standardised predictors (scikit-learn), each C "
        "chosen on earlier years only",
        "selection": {
            "rule": SELECTION_RULE,
            "grid": PENALTY_GRID,
            "first_inner_year": FIRST_INNER_YEAR,
            "penalties_by_year": {
                str(year): list(pair) for year, pair in backtest.penalties.items()
            },
        },
        "inputs": {
            "file": inputs_path.name,
            "sha256": _sha256(inputs_path),
            "rows": len(inputs),
            "first_year": int(inputs["year"].min()),
            "data_through": data_through,
        },
        "models": {
            str(h): fit(
                training_rows(inputs, data_through, h), features, outcome, penalties
            ).as_dict()
            for h, outcome in HORIZONS.items()
        },
        "backtest": metrics.as_dict(metrics.scores_by_decade(forecasts)),
    }
    model_path.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    return stored


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_model(path: Path = MODEL_FILE) -> dict:
    """The stored model JSON with its models as :class:`LinearModel`."""
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["models"] = {int(h): LinearModel.from_dict(m) for h, m in stored["models"].items()}
    return stored


@dataclass(frozen=True)
class CurrentForecast:
    """The forecast from the latest predictors: one row per country, and its drivers."""

    countries: pd.DataFrame
    drivers: pd.DataFrame


def current_forecast(inputs: pd.DataFrame, stored: dict, backtest: pd.DataFrame) -> CurrentForecast:
    """Score the latest year's predictors with the stored models; the previous forecast
    is the backtest's for the latest year (made a year ago, with the data then known)."""
    year = stored["inputs"]["data_through"]
    rows = inputs[inputs["year"] == year].reset_index(drop=True)
    one, two = stored["models"][1], stored["models"][2]
    frame = pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "data_year": year,
            "risk_1y": one.risk(rows),
            "risk_2y": two.risk(rows),
        }
    )
    frame["rank"] = frame["risk_1y"].rank(ascending=False, method="first").astype(int)
    frame["countries_ranked"] = len(frame)
    previous = backtest[backtest["year"] == year][["iso3", "risk", "rank"]].rename(
        columns={"risk": "previous_risk_1y", "rank": "previous_rank"}
    )
    frame = frame.merge(previous, on="iso3", how="left")
    drivers = _drivers(rows, one)
    frame = frame.merge(_driver_text(drivers), on="iso3", how="left")
    return CurrentForecast(frame, drivers)


def _drivers(rows: pd.DataFrame, model: LinearModel) -> pd.DataFrame:
    """The ``DRIVERS`` largest contributions (log-odds, either sign) per country, each
    against the average country of the same year: what sets the country apart now (a
    predictor equal for every country, such as the calendar year, contributes nothing)."""
    contributions = model.contributions(rows)
    contributions = contributions - contributions.mean(axis=0)
    values = rows[list(model.features)].to_numpy(dtype=float)
    above = values > np.nanmean(values, axis=0)
    order = np.argsort(-np.abs(contributions), axis=1, kind="stable")[:, :DRIVERS]
    records = [
        {
            "iso3": iso3,
            "position": position + 1,
            "feature": model.features[j],
            "label": _described(model.features[j], values[i, j], above[i, j]),
            "value": values[i, j],
            "contribution": float(contributions[i, j]),
        }
        for i, iso3 in enumerate(rows["iso3"])
        for position, j in enumerate(order[i])
    ]
    return pd.DataFrame.from_records(records)


def _described(feature: str, value: float, above: bool) -> str:
    """A predictor and its value in words: "coup attempt in the last 5 years: yes",
    "political terror (PTS, mean coding): high" (against the year's average)."""
    if np.isnan(value):
        return f"{label(feature)}: not known"
    if value in (0.0, 1.0) and feature in BINARY:
        return f"{label(feature)}: {'yes' if value == 1.0 else 'no'}"
    return f"{label(feature)}: {'high' if above else 'low'}"


def _driver_text(drivers: pd.DataFrame) -> pd.DataFrame:
    """The three largest contributions that raise the risk, as one line per country."""
    raising = drivers[drivers["contribution"] > 0].sort_values(["iso3", "position"])
    text = raising.groupby("iso3")["label"].apply(lambda s: "; ".join(s.head(3)))
    return text.rename("drivers").reset_index()


def load_forecast(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)load the shipped forecast into the warehouse's forecast tables; returns the
    number of countries with a current forecast. ``ValueError`` when the inputs file is
    not the one the model was fitted on."""
    stored, backtest = read_model(), pd.read_parquet(BACKTEST_FILE)
    if stored["inputs"]["sha256"] != _sha256(INPUTS_FILE):
        raise ValueError(
            f"{INPUTS_FILE.name} has changed since the forecast was fitted: run `atrisk model fit`"
        )
    current = current_forecast(read_inputs(), stored, backtest)
    for query, frame in (
        ("forecast_load_current", current.countries),
        ("forecast_load_drivers", current.drivers),
        ("forecast_load_history", backtest),
        ("forecast_load_method", _method_row(stored)),
    ):
        execute_with_rows(con, named_sql(query), pa.Table.from_pandas(frame, preserve_index=False))
    return len(current.countries)


def _method_row(stored: dict) -> pd.DataFrame:
    """The method note's facts as one row."""
    figures = stored["backtest"]
    return pd.DataFrame(
        [
            {
                "predicts": stored["predicts"],
                "model": stored["model"],
                "data_through": stored["inputs"]["data_through"],
                "backtest_years": figures["years"],
                "auc": figures["auc"],
                "top10_share": figures["top10_share"],
                "top20_share": figures["top20_share"],
                "top30_share": figures["top30_share"],
                "onsets": figures["onsets"],
                "country_years": figures["country_years"],
                "anchor_auc": metrics.ANCHOR["auc"],
                "anchor_top30_share": metrics.ANCHOR["top30_share"],
            }
        ]
    )


# --- reading, for the app -----------------------------------------------------------------


def summary(wh: Warehouse) -> dict | None:
    """The method note's facts (what it predicts, backtest figures, data year), or None
    when the warehouse holds no forecast."""
    rows = wh.cached("forecast_method").to_pylist()
    return rows[0] if rows else None


def ranking(wh: Warehouse) -> pd.DataFrame:
    """Every country's current forecast, ranked (1 = highest 1-year risk), with its
    name, UN region and drivers."""
    return wh.cached("forecast_ranking").to_pandas()


def country_forecast(wh: Warehouse, iso3: str) -> dict | None:
    """One country's current forecast (risks, rank, previous forecast, drivers text), or
    None when it has none."""
    rows = wh.arrow("forecast_of_country", iso3=iso3).to_pylist()
    return rows[0] if rows else None


def country_drivers(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """One country's largest contributions: ``label``, ``value``, ``contribution``."""
    return wh.df("forecast_drivers_of_country", iso3=iso3)


def history(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """One country's out-of-sample backtest forecasts: ``year``, ``risk``, ``rank``,
    ``countries``, ``onset``."""
    return wh.df("forecast_history_of_country", iso3=iso3)
