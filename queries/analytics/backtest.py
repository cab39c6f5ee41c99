"""Rolling-origin backtest of the cell forecast and the hotspot signal against history.

At every month-end origin t, every PRIO-GRID cell of the countries with data (the cells
the hotspot map shows then) gets scores computed from incidents up to t only:

- ``forecast``: the cell forecast of :mod:`queries.analytics.cell_forecast`, its model
  fitted only on pairs whose outcome was known by t;
- ``hotspot``: the Gi* z of :func:`queries.analytics.hotspots.hotspot_scores`, exactly
  what the map shows for a window ending at t;
- four history baselines (``BASELINES``): all incidents in the cell in the last 3 months
  (naive persistence) and in the last 12; civilian-targeting incidents in the cell and in
  its 3x3 block of cells in the last 60 months.

The outcome is any violence against civilians in the cell in the next 3 months,
(t, t + 3 months]. Every score is judged by the AUC pooled over all (origin, cell) pairs,
and by precision and recall among the top 10% of cells at each origin.

Hotspot variants tried on the UCDP GED 23.1 sample for CAF (362 origins, July 1992 to
August 2022), all with the same 12-month window: a purely spatial Gi* of the window's
incident counts, each origin against itself, 0.71 (its z-scores cannot be compared across
origins: one incident in a quiet year scores like a town at war); the space-time Gi* of
incident counts against the country's cube 0.79; the same of months with incidents (what
the map uses, :func:`~queries.analytics.hotspots.cell_value`) 0.80. Halving weights every
6 months added less than 0.01 and was left out. The history baselines match or beat the
hotspot signal on some warehouses (see ``docs/analytics.md``): the map's forecast layer is
the cell forecast, and the hotspots stay a descriptive layer.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from geodata.priogrid import cell_center, land_cells
from queries.analytics.cell_forecast import (
    HORIZON_MONTHS,
    MODEL_NAME,
    CellHistory,
    CountryHistory,
    TrainingPairs,
    origin_features,
    predict,
    rolling_forecast,
)
from queries.analytics.hotspots import (
    build_cube,
    hotspot_scores,
    month_index,
    month_start,
    study_cells,
)
from queries.statements import named_sql

PERSISTENCE_MONTHS = 3  # naive persistence: the cell's incidents in the last 3 months
MIN_HISTORY_MONTHS = 12  # the first origin has a year of data behind it
TOP_SHARE = 0.10  # precision and recall among the top 10% of cells per origin
OUTCOME_CATEGORY = "violence_against_civilians"
# The history baselines: (count, months, block radius): a count of past events in the
# cell (radius 0) or its 3x3 block (radius 1) over the last months.
BASELINES = {
    "persistence": ("events", PERSISTENCE_MONTHS, 0),
    "civilian_cell_60m": ("civilian_events", 60, 0),
    "events_cell_12m": ("events", 12, 0),
    "civilian_3x3_60m": ("civilian_events", 60, 1),
}
BASELINE_LABELS = {
    "persistence": "all incidents in the cell, last 3 months",
    "civilian_cell_60m": "civilian-targeting incidents in the cell, last 60 months",
    "events_cell_12m": "all incidents in the cell, last 12 months",
    "civilian_3x3_60m": "civilian-targeting incidents in the 3x3 block, last 60 months",
}
SIGNALS = ("forecast", "hotspot", *BASELINES)
REFRESH_STRIDE = 6  # the refresh's model learns from every sixth month's origin
REFRESH_ORIGINS = 12  # ... of the last six years with known outcomes
REFRESH_BACKTEST_MONTHS = 24  # the refresh's own backtest: origins of the last two years


@dataclass(frozen=True)
class SignalScore:
    """How well one signal ranked the cells: AUC over all (origin, cell) pairs; precision
    and recall in the top ``TOP_SHARE`` of cells, averaged over the origins that had at
    least one cell with the outcome."""

    signal: str
    auc: float
    precision: float
    recall: float


@dataclass(frozen=True)
class BacktestResult:
    """The backtest's figures: one :class:`SignalScore` per signal, and what they rest on
    (origins, distinct cells, (origin, cell) pairs, pairs with the outcome)."""

    scores: tuple[SignalScore, ...]
    origins: int
    cells: int
    pairs: int
    positives: int

    def as_dict(self, json_safe: bool = False) -> dict:
        """Flat figures: ``<signal>_auc``, ``<signal>_precision``, ``<signal>_recall`` for
        every signal of ``SIGNALS``, then ``origins``, ``cells``, ``pairs``, ``positives``.
        ``json_safe``: an undefined figure (NaN) becomes None."""
        flat = {
            f"{s.signal}_{name}": value
            for s in self.scores
            for name, value in asdict(s).items()
            if name != "signal"
        }
        if json_safe:
            flat = {key: None if math.isnan(value) else value for key, value in flat.items()}
        return {
            **flat,
            "origins": self.origins,
            "cells": self.cells,
            "pairs": self.pairs,
            "positives": self.positives,
        }

    def lines(self) -> list[str]:
        """The figures as a small table, for the command line."""
        top = f"{TOP_SHARE:.0%}"
        head = (
            f"Rolling-origin backtest: {self.origins:,} monthly origins, {self.cells:,} "
            f"cells, {self.pairs:,} (origin, cell) pairs, {self.positives:,} with "
            f"{OUTCOME_CATEGORY.replace('_', ' ')} in the next {HORIZON_MONTHS} months"
        )
        rows = [
            f"{'signal':<18} {'AUC':>6} {'precision@' + top:>14} {'recall@' + top:>11} "
            f"{'origins':>8} {'cells':>6}"
        ]
        rows += [
            f"{s.signal:<18} {s.auc:>6.3f} {s.precision:>14.3f} {s.recall:>11.3f} "
            f"{self.origins:>8,} {self.cells:>6,}"
            for s in self.scores
        ]
        legend = [f"  {name}: {BASELINE_LABELS[name]}" for name in BASELINES]
        return [head, *rows, "History baselines:", *legend]


def run_backtest(con) -> BacktestResult:
    """Run the rolling-origin monthly backtest over the warehouse ``con`` reads: the
    figures of :func:`evaluate_pairs` on the pairs of :func:`backtest_pairs`."""
    return evaluate_pairs(backtest_pairs(con))


def backtest_pairs(con) -> pd.DataFrame:
    """Every (origin, cell) pair of the backtest with every signal's score and the outcome:
    ``origin`` (:func:`~queries.analytics.hotspots.month_index`), ``gid``, one column per
    name of ``SIGNALS`` and ``outcome`` (bool).

    Origins are the ends of the months from the first with ``MIN_HISTORY_MONTHS`` of data
    (counting the month of the first incident) to the last whose next
    ``HORIZON_MONTHS`` are fully covered by the data (the latest incident date is on or
    after the last day of the last of them). Raises ``ValueError`` when there is no
    such origin.
    """
    first, last = con.execute(named_sql("hotspot_data_extent")).fetchall()[0]
    if first is None:
        raise ValueError("the warehouse holds no incidents: nothing to backtest")
    counts = forecast_months(con, first, last)
    if counts.empty:
        raise ValueError("no incident has a country: nothing to backtest")
    first_origin = month_index(first) + MIN_HISTORY_MONTHS - 1
    last_origin = _last_covered_month(last) - HORIZON_MONTHS
    if last_origin < first_origin:
        raise ValueError(
            f"the data ({first} .. {last}) are too short for a backtest: it "
            f"needs {MIN_HISTORY_MONTHS} months of history and "
            f"{HORIZON_MONTHS} of future"
        )
    # The months before the first origin are not scored, but the forecast learns from them.
    frames = pair_features(counts, month_index(first), range(month_index(first), last_origin + 1))
    pairs = pd.concat([frame for frame, _ in frames], ignore_index=True)
    features = pd.concat([features for _, features in frames], ignore_index=True)
    pairs["forecast"] = rolling_forecast(
        pairs["origin"].to_numpy(),
        pairs["gid"].to_numpy(),
        features,
        pairs["outcome"].to_numpy(),
        first_origin,
    )
    scored = pairs[pairs["origin"] >= first_origin]
    return scored[["origin", "gid", *SIGNALS, "outcome"]].reset_index(drop=True)


def forecast_months(con, date_from: date, date_to: date) -> pd.DataFrame:
    """Incidents, civilian-targeting incidents (``OUTCOME_CATEGORY``) and fatalities per
    (``iso3``, ``gid``, ``month``) between two dates (inclusive), from SQL."""
    return con.execute(
        named_sql("cell_forecast_months"),
        {"date_from": date_from, "date_to": date_to, "category": OUTCOME_CATEGORY},
    ).df()


def pair_features(
    counts: pd.DataFrame, first_month: int, origins
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """For each origin: its pairs (``origin``, ``gid``, ``iso3``, the history baselines,
    ``hotspot`` and ``outcome``) and the forecast's features of the same rows."""
    land = land_cells()
    land = land[land["iso3"].isin(counts["iso3"].unique())]  # once, not at every origin
    history, countries = CellHistory(counts), CountryHistory(counts)
    return [_origin_pairs(counts, land, history, countries, first_month, t) for t in origins]


def _last_covered_month(last: date) -> int:
    """The last month the data cover in full: the latest incident's month when that
    incident falls on the month's last day, else the month before."""
    month = month_index(last)
    return month if (last + timedelta(days=1)).day == 1 else month - 1


def _origin_pairs(
    counts: pd.DataFrame,
    land: pd.DataFrame,
    history: CellHistory,
    countries: CountryHistory,
    first_month: int,
    origin: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The study cells at ``origin`` (the cells the map would show then) as pairs with
    their baselines, hotspot z and outcome, and their forecast features."""
    cube = build_cube(counts, land, first_month, origin)
    gid = cube.cells["gid"].to_numpy(dtype=np.int64)
    hotspot = hotspot_scores(cube)
    pairs = pd.DataFrame(
        {
            "origin": origin,
            "gid": gid,
            "iso3": cube.cells["iso3"].to_numpy(dtype=object),
            "hotspot": hotspot,
            **baseline_scores(history, gid, origin),
            "outcome": history.total("civilian_events", gid, origin, origin + HORIZON_MONTHS) > 0,
        }
    )
    return pairs, origin_features(cube.cells, origin, history, countries)


def baseline_scores(history: CellHistory, gids: np.ndarray, origin: int) -> dict:
    """Each history baseline of ``BASELINES`` for the cells ``gids`` at ``origin``: the
    count over the cell (or its block) in the months (origin - months, origin]."""
    return {
        name: history.on(history.window(column, origin - months, origin), gids, radius)
        for name, (column, months, radius) in BASELINES.items()
    }


def evaluate_pairs(pairs: pd.DataFrame) -> BacktestResult:
    """AUC, precision and recall of every signal of ``SIGNALS`` over the pairs."""
    outcome = pairs["outcome"].to_numpy()
    scores = tuple(
        SignalScore(
            signal,
            auc(pairs[signal].to_numpy(), outcome),
            *top_share_precision_recall(
                pairs["origin"].to_numpy(), pairs[signal].to_numpy(), outcome
            ),
        )
        for signal in SIGNALS
    )
    return BacktestResult(
        scores=scores,
        origins=int(pairs["origin"].nunique()),
        cells=int(pairs["gid"].nunique()),
        pairs=len(pairs),
        positives=int(outcome.sum()),
    )


def write_pairs(pairs: pd.DataFrame, path) -> None:
    """The pairs as CSV: ``origin`` (YYYY-MM), ``gid``, ``forecast``, ``outcome`` (0/1)."""
    year, month = np.divmod(pairs["origin"].to_numpy(dtype=np.int64), 12)
    pd.DataFrame(
        {
            "origin": [f"{y:04d}-{m + 1:02d}" for y, m in zip(year, month, strict=True)],
            "gid": pairs["gid"].to_numpy(dtype=np.int64),
            "forecast": pairs["forecast"].round(6),
            "outcome": pairs["outcome"].astype(int),
        }
    ).to_csv(path, index=False)


def auc(scores, outcomes) -> float:
    """Area under the ROC curve: the chance that a random positive scores above a random
    negative, ties counting one half (Mann-Whitney U from average ranks). NaN when either
    class is empty."""
    scores = np.asarray(scores, dtype=float)
    outcomes = np.asarray(outcomes, dtype=bool)
    positives, negatives = int(outcomes.sum()), int((~outcomes).sum())
    if positives == 0 or negatives == 0:
        return math.nan
    ranks = average_ranks(scores)
    u = ranks[outcomes].sum() - positives * (positives + 1) / 2
    return float(u / (positives * negatives))


def average_ranks(values) -> np.ndarray:
    """Ranks 1..n of ``values``, tied values sharing the average of their ranks."""
    values = np.asarray(values, dtype=float)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    first = np.cumsum(counts) - counts + 1  # the rank of each distinct value's first copy
    return (first + (counts - 1) / 2.0)[inverse]


def top_share_precision_recall(
    groups, scores, outcomes, share: float = TOP_SHARE
) -> tuple[float, float]:
    """Precision and recall among the top ``share`` of cells (rounded up) in each group
    (origin), averaged over the groups that have at least one positive.

    Cells tied at the cut-off are taken in part, as the expected value of breaking the
    tie at random: a signal gains nothing from the order of equal scores.
    """
    frame = pd.DataFrame({"group": groups, "score": scores, "outcome": outcomes})
    precision, recall = [], []
    for _, group in frame.groupby("group", sort=True):
        positives = int(group["outcome"].sum())
        if positives == 0:
            continue
        hits = _expected_hits(
            group["score"].to_numpy(dtype=float), group["outcome"].to_numpy(dtype=bool), share
        )
        k = math.ceil(share * len(group))
        precision.append(hits / k)
        recall.append(hits / positives)
    if not precision:
        return math.nan, math.nan
    return float(np.mean(precision)), float(np.mean(recall))


def _expected_hits(scores: np.ndarray, outcomes: np.ndarray, share: float) -> float:
    """Expected positives among the top ``ceil(share * n)`` scores, ties at the cut-off
    broken at random."""
    k = math.ceil(share * len(scores))
    cut = np.sort(scores)[::-1][k - 1]
    above, tied = scores > cut, scores == cut
    return float(outcomes[above].sum() + outcomes[tied].sum() * (k - above.sum()) / tied.sum())


@dataclass(frozen=True)
class LatestForecast:
    """The forecast stored by the analytics refresh: ``cells`` (the rows of the
    ``cell_forecast`` table) and ``run`` (the row of ``cell_forecast_runs``)."""

    cells: pd.DataFrame
    run: dict


def latest_forecast(con, through: date) -> LatestForecast | None:
    """The cell forecast at the latest origin (the month of ``through``, the latest
    incident date) for the 3 months after it, with its backtest on the warehouse's own
    recent past; None when the warehouse has too little history to fit the model.

    Fast enough for every refresh: the model learns from the ``REFRESH_ORIGINS`` latest
    origins with known outcomes, every ``REFRESH_STRIDE`` months (neighbouring months
    overlap almost entirely), on the study cells of the latest origin, rather than from
    every origin as the full backtest of ``atrisk evaluate`` does. Its backtest here: the
    same model fitted on what was known ``REFRESH_BACKTEST_MONTHS`` earlier, scored on the
    origins of those months whose outcomes are known.
    """
    first = con.execute(named_sql("hotspot_data_extent")).fetchall()[0][0]
    counts = forecast_months(con, first, through)
    latest, known = month_index(through), _last_covered_month(through) - HORIZON_MONTHS
    training = [
        t
        for t in range(known - REFRESH_STRIDE * (REFRESH_ORIGINS - 1), known + 1, REFRESH_STRIDE)
        if t >= month_index(first)
    ]
    land = land_cells()
    cells = study_cells(
        counts["iso3"], counts["gid"], land[land["iso3"].isin(counts["iso3"].unique())]
    )
    history, countries = CellHistory(counts), CountryHistory(counts)
    origins = [*training, latest]
    features = pd.concat(
        [origin_features(cells, t, history, countries) for t in origins], ignore_index=True
    )
    cell_gid = cells["gid"].to_numpy(dtype=np.int64)
    origin, gid = np.repeat(origins, len(cells)), np.tile(cell_gid, len(origins))
    outcome = np.concatenate(
        [history.total("civilian_events", cell_gid, t, t + HORIZON_MONTHS) > 0 for t in origins]
    )
    pairs = TrainingPairs(origin, gid, features, outcome)
    model = pairs.fit(latest)
    if model is None:
        return None
    now = origin == latest
    lat, lon = cell_center(cell_gid)
    cells = cells.assign(
        lat=lat,
        lon=lon,
        probability=predict(model, features[now]),
        events_12m=np.expm1(features.loc[now, "events_12"]).round().astype(int).to_numpy(),
        civilian_12m=np.expm1(features.loc[now, "civilian_12"]).round().astype(int).to_numpy(),
        forecast_from=month_start(latest + 1),
        forecast_to=month_start(latest + 1 + HORIZON_MONTHS) - timedelta(days=1),
    )
    scored = (origin > known - REFRESH_BACKTEST_MONTHS) & (origin <= known)
    holdout = pairs.fit(known - REFRESH_BACKTEST_MONTHS + 1)
    run = {
        "forecast_from": month_start(latest + 1),
        "forecast_to": cells["forecast_to"][0],
        "training_pairs": int((origin <= latest - HORIZON_MONTHS).sum()),
        "backtest_auc": None,
        "backtest_from": None,
        "backtest_to": None,
        "backtest_pairs": 0,
        "model": MODEL_NAME,
    }
    if holdout is not None and scored.any() and 0 < outcome[scored].sum() < scored.sum():
        run.update(
            backtest_auc=auc(predict(holdout, features[scored]), outcome[scored]),
            backtest_from=month_start(int(origin[scored].min())),
            backtest_to=month_start(int(origin[scored].max())),
            backtest_pairs=int(scored.sum()),
        )
    return LatestForecast(
        cells.sort_values(
            ["iso3", "probability", "gid"], ascending=[True, False, True], ignore_index=True
        ),
        run,
    )
