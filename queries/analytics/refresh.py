"""Recompute every analytics table after a write, in one transaction.

The app opens the warehouse read-only and reads these tables; it never computes analytics
on a request. Every writer (the demo build, an import, new boundaries) calls
:func:`refresh_analytics` after its own transaction has committed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from queries.alerts.detect import detect_alerts
from queries.analytics.backtest import latest_forecast
from queries.analytics.escalation import compute_escalation
from queries.analytics.hotspots import compute_hotspots
from queries.analytics.risk import compute_risk
from queries.importing.batches import utc_now
from queries.statements import execute_with_rows, named_sql, transaction

# The analytics tables, each with the statement that loads a frame into it.
INSERTS = {table: f"INSERT INTO {table} BY NAME SELECT * FROM _rows"  # noqa: S608 (constants)
           for table in ("escalation", "hotspot_cells", "risk_components", "risk_index",
                         "cell_forecast")}


@dataclass(frozen=True)
class AnalyticsSummary:
    """What a refresh computed."""

    data_through: date | None
    escalation_rows: int
    hot_cells: int
    countries_scored: int
    seconds: float
    stages: dict[str, float]          # seconds per stage: escalation, hotspots, forecast,
                                      # risk, store, alerts
    alerts: str = ""                  # what change detection did, one line

    def line(self) -> str:
        """One line for the command line."""
        through = self.data_through.isoformat() if self.data_through else "no incidents"
        return (f"Analytics (data through {through}): {self.escalation_rows:,} escalation "
                f"rows, {self.hot_cells:,} hot cells, {self.countries_scored:,} countries "
                f"scored, in {self.seconds:.1f} s"
                + (f"\n{self.alerts}" if self.alerts else ""))


@dataclass(frozen=True)
class Step:
    """One step of the refresh: the tables it reads and writes, and what computes them.
    ``compute(con, through)`` returns the frames for ``stored`` (in order), which the
    refresh inserts and times as "store"; a step with nothing in ``stored`` writes its own
    tables and returns what the summary needs."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    compute: Callable[[duckdb.DuckDBPyConnection, date | None], Any]
    stored: tuple[str, ...] = ()


def _escalation(con: duckdb.DuckDBPyConnection, through: date | None) -> tuple:
    return (compute_escalation(con, through) if through else None,)


def _hotspots(con: duckdb.DuckDBPyConnection, through: date | None) -> tuple:
    return (compute_hotspots(con, through) if through else None,)


# The refresh, in order: each step reads only what the warehouse holds or an earlier step
# wrote. The timing of a step is summed under its name (its stores under "store").
STEPS = (
    Step("escalation", inputs=("incidents",), outputs=("escalation",),
         compute=_escalation, stored=("escalation",)),
    Step("hotspots", inputs=("incidents",), outputs=("hotspot_cells",),
         compute=_hotspots, stored=("hotspot_cells",)),
    Step("forecast", inputs=("incidents",), outputs=("cell_forecast", "cell_forecast_runs"),
         compute=lambda con, through: _store_forecast(con, through)),
    Step("risk", inputs=("incidents", "indicators", "indicator_catalog", "escalation",
                         "hotspot_cells"),
         outputs=("risk_components", "risk_index"),
         compute=compute_risk, stored=("risk_components", "risk_index")),
    Step("alerts", inputs=("incidents", "countries", "admin1", "escalation", "hotspot_cells",
                           "cell_forecast", "country_forecast", "alert_states"),
         outputs=("alerts", "alert_states", "alert_runs"), compute=detect_alerts),
)


def refresh_analytics(con: duckdb.DuckDBPyConnection) -> AnalyticsSummary:
    """Replace the escalation, hotspot and risk tables, computed from the whole warehouse,
    in one transaction on ``con`` (a writer connection, not inside a transaction): the
    steps of :data:`STEPS`, in order."""
    started = time.perf_counter()
    clock = _Stopwatch()
    through = con.execute(named_sql("data_through")).fetchall()[0][0]
    with transaction(con):
        con.execute(named_sql("analytics_clear"))
        results = {step.name: _run(con, step, through, clock) for step in STEPS}
        seconds = time.perf_counter() - started
        con.execute("INSERT INTO analytics_runs VALUES (?, ?, ?)",
                    [utc_now(), through, seconds])
    (escalation,), (hotspots,) = results["escalation"], results["hotspots"]
    index = results["risk"][1]
    return AnalyticsSummary(
        data_through=through,
        escalation_rows=0 if escalation is None else len(escalation),
        hot_cells=0 if hotspots is None else int((hotspots["confidence"] > 0).sum()),
        countries_scored=int(index["risk_index"].notna().sum()),
        seconds=round(seconds, 3), stages=clock.seconds, alerts=results["alerts"].line())


def _run(con: duckdb.DuckDBPyConnection, step: Step, through: date | None,
         clock: _Stopwatch):
    """Compute one step, then store the frames it returns for its ``stored`` tables."""
    result = clock.time(step.name, step.compute, con, through)
    for table, frame in zip(step.stored, result if step.stored else (), strict=True):
        clock.time("store", _store, con, table, frame)
    return result


class _Stopwatch:
    """Seconds spent per named stage, summed over calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def time(self, stage: str, function, *args):
        started = time.perf_counter()
        try:
            return function(*args)
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started


def _store_forecast(con: duckdb.DuckDBPyConnection, through: date | None) -> None:
    """Replace the cell forecast (``cell_forecast``, ``cell_forecast_runs``) with the one
    at the latest origin; leave both empty when there is too little history."""
    con.execute(named_sql("cell_forecast_clear"))
    forecast = latest_forecast(con, through) if through else None
    if forecast is None:
        return
    _store(con, "cell_forecast", forecast.cells)
    con.execute(named_sql("cell_forecast_run_insert"), forecast.run)


def analytics_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the analytics predate the last import (or were never computed)."""
    return bool(con.execute(named_sql("analytics_stale")).fetchall()[0][0])


def _store(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | None) -> None:
    """Insert ``frame``'s rows into ``table`` (a key of ``INSERTS``), columns by name."""
    if frame is None or frame.empty:
        return
    execute_with_rows(con, INSERTS[table], pa.Table.from_pandas(frame, preserve_index=False))
