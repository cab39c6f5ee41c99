"""The stored analytics, read for the app through the read-only :class:`Warehouse`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from geodata.places import nearest_towns
from queries.analytics.escalation import ARROWS, LABELS, LEVELS
from queries.db import Warehouse
from queries.incidents import IncidentFilter


@dataclass(frozen=True)
class AnalyticsStatus:
    """When the analytics were last computed, and the last incident date they saw."""

    computed_at: datetime
    data_through: date | None


def status(wh: Warehouse) -> AnalyticsStatus | None:
    """The latest analytics run, or None when analytics were never computed."""
    rows = wh.cached("analytics_status").to_pylist()
    if not rows:
        return None
    return AnalyticsStatus(rows[0]["computed_at"], rows[0]["data_through"])


def with_escalation_labels(frame: pd.DataFrame, column: str = "events_vs_baseline"
                           ) -> pd.DataFrame:
    """``frame`` plus ``change_level`` (-2..2), ``arrow`` and ``trend`` (label) of
    ``column``."""
    return frame.assign(change_level=frame[column].map(LEVELS), arrow=frame[column].map(ARROWS),
                        trend=frame[column].map(LABELS))


def risk_by_country(wh: Warehouse) -> pd.DataFrame:
    """The risk index per country (with the name, both dimensions, completeness in %
    and the top drivers), highest first."""
    return wh.df("layer_risk_index")


def escalation_by_country(wh: Warehouse) -> pd.DataFrame:
    """Each country's escalation row with its level, arrow and label."""
    return with_escalation_labels(wh.df("layer_escalation"))


def escalation_of_country(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """One country's escalation row (level ``country``) and its admin-1 rows."""
    return with_escalation_labels(wh.df("escalation_of_country", iso3=iso3))


def hot_cells(wh: Warehouse, iso3: str = "") -> pd.DataFrame:
    """Hot cells (90% confidence or more), of one country or of all, hottest first."""
    return wh.df("hot_cells", iso3=iso3)


@dataclass(frozen=True)
class ForecastRun:
    """The stored cell forecast's period, and its backtest on this warehouse: AUC over the
    (origin, cell) pairs of the origins from ``backtest_from`` to ``backtest_to`` (None
    when there was too little history to measure it)."""

    forecast_from: date
    forecast_to: date
    backtest_auc: float | None
    backtest_from: date | None
    backtest_to: date | None
    backtest_pairs: int


def forecast_run(wh: Warehouse) -> ForecastRun | None:
    """The stored cell forecast's run, or None when there is no forecast."""
    rows = wh.cached("cell_forecast_run").to_pylist()
    if not rows:
        return None
    row = rows[0]
    return ForecastRun(row["forecast_from"], row["forecast_to"], row["backtest_auc"],
                       row["backtest_from"], row["backtest_to"], int(row["backtest_pairs"]))


def forecast_layer(wh: Warehouse, cap: int, iso3: str = "") -> pd.DataFrame:
    """The cell forecast of the ``cap`` likeliest cells (of one country, or of all), the
    likeliest last."""
    return wh.df("layer_cell_forecast", cap=cap, iso3=iso3)


def forecast_cells(wh: Warehouse, iso3: str, limit: int = 10) -> pd.DataFrame:
    """A country's ``limit`` cells with the highest forecast probability, likeliest first,
    each with its admin-1 region (where most of its incidents were placed) and the nearest
    GeoNames town (``town``, ``town_km``)."""
    frame = wh.df("cell_forecast_top", iso3=iso3, limit=limit)
    if frame.empty:
        return frame.assign(town=pd.Series(dtype=object), town_km=pd.Series(dtype=int))
    return pd.concat([frame, nearest_towns(frame["lat"], frame["lon"])], axis=1)


def risk_of_country(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """One country's risk components, with its index, dimensions and drivers repeated."""
    return wh.df("risk_of_country", iso3=iso3)


def assessment_matrix(wh: Warehouse, f: IncidentFilter) -> pd.DataFrame:
    """The 14 risk factors for ``f``'s country: latest judgement, model score, and the
    incidents matching ``f`` that are evidence for each factor."""
    return wh.df("assessment_matrix", **f.params())
