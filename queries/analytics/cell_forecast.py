"""The cell forecast: the probability of violence against civilians in a PRIO-GRID cell in
the next 3 months, learned from the warehouse's own history by rolling origin.

At a month-end origin t every study cell (the cells the hotspot map shows then) gets
features computed from incidents up to t only (:func:`origin_features`): the cell's
incidents and civilian-targeting incidents over the last 1, 3, 6, 12, 24 and 60 months,
its fatalities, the months since its last incident and its last civilian-targeting
incident, the same counts over its 3x3 and 5x5 blocks of cells, and its country's recent
activity and trend. Counts enter as log(1 + count). (The hotspot Gi* z was a feature too:
it moved the backtest's AUC by under 0.002 on all three UCDP samples and cost 40% of the
refresh, so it was left out.)

One model for every warehouse (:func:`new_model`): a logistic regression on all the
standardised features with a strong ridge penalty and an exact solver, no randomness, so
the same warehouse always gives the same forecast; with fewer than ``MIN_POSITIVES`` known
positives there is no model (:func:`feature_set`). :func:`rolling_forecast` fits it by
rolling origin: the model that scores origin t has seen only the pairs whose outcome was
known by t (origins up to t minus 3 months), refitted at every origin as the refresh refits
whenever data arrive, each fit starting from the one before (the same optimum in half the
time).
Tried and not kept (figures in ``docs/analytics.md``): fewer features while positives are
few (ten per feature, Peduzzi et al. 1996; the ridge penalty does that job better), gradient-
boosted trees alone or averaged with this model, presence indicators, time-decayed counts,
rings and 9x9 blocks, an interaction of the cell's history with its country's trend,
recency weights and a penalty chosen by an inner rolling origin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from geodata.priogrid import MAX_GID, N_COLS, N_ROWS

HORIZON_MONTHS = 3  # the outcome: violence against civilians in (t, t + 3]
WINDOWS = (1, 3, 6, 12, 24, 60)  # months of the cell's own counts
BLOCK_WINDOWS = (3, 12, 60)  # months of the 3x3 and 5x5 block counts
SINCE_CAP = 120  # "months since the last incident" stops counting here
MIN_POSITIVES = 10  # fewer known positive pairs: no model
PENALTY_C = 0.001  # ridge prior: sd about 0.03 per standardised coefficient
# Newton's method stops when no gradient exceeds this: tight enough that a fit started
# from the previous origin's reaches the same model as one started from zero.
SOLVER_TOL = 1e-7
MODEL_NAME = "ridge logistic regression on log counts, rolling origin (cell_forecast v3)"
MAX_TRAINING_PER_CLASS = 20_000  # more are sampled (and weighted): bounded fitting time


class CellHistory:
    """Monthly counts per cell (incidents, civilian-targeting incidents, fatalities),
    cumulated so that any window of any cell, or of a block of cells, sums in constant
    time; and the month of each cell's latest incident up to any month."""

    COLUMNS = ("events", "civilian_events", "fatalities")

    def __init__(self, counts: pd.DataFrame) -> None:
        self.gids, row = np.unique(counts["gid"].to_numpy(dtype=np.int64), return_inverse=True)
        self._index = np.full(MAX_GID + 1, -1, dtype=np.int64)  # gid -> row, -1 without history
        self._index[self.gids] = np.arange(len(self.gids))
        self.first = int(counts["month"].min())
        self.months = int(counts["month"].max()) - self.first + 1
        month = counts["month"].to_numpy(dtype=np.int64) - self.first
        self._cumulative, self._latest = {}, {}
        for column in self.COLUMNS:
            grid = np.zeros((len(self.gids), self.months + 1))
            np.add.at(grid, (row, month + 1), counts[column].to_numpy(dtype=float))
            self._cumulative[column] = grid.cumsum(axis=1)
            if column != "fatalities":
                stamp = np.where(grid[:, 1:] > 0, np.arange(self.months), -1)
                self._latest[column] = np.maximum.accumulate(stamp, axis=1)

    def window(self, column: str, after: int, through: int) -> np.ndarray:
        """``column`` summed over the months in (after, through], one value per cell of
        ``self.gids``."""
        grid = self._cumulative[column]
        lo = np.clip(after - self.first + 1, 0, self.months)
        hi = np.clip(through - self.first + 1, 0, self.months)
        return grid[:, hi] - grid[:, lo]

    def total(self, column: str, gids: np.ndarray, after: int, through: int) -> np.ndarray:
        """``column`` summed per cell of ``gids`` over the months in (after, through]."""
        return self.on(self.window(column, after, through), gids)

    def on(self, values: np.ndarray, gids: np.ndarray, radius: int = 0) -> np.ndarray:
        """``values`` (one per cell of ``self.gids``, or one row per cell) summed over the
        block of ``2 * radius + 1`` by ``2 * radius + 1`` cells centred on each cell of
        ``gids`` (cells off the grid or without history count 0; longitude does not
        wrap)."""
        return self.on_block(values, self.block(gids, radius))

    def block(self, gids: np.ndarray, radius: int) -> np.ndarray:
        """For each cell of ``gids``, the rows in ``self.gids`` of the cells of its block
        (-1 for cells off the grid or without history): shaped (cells, block size)."""
        row, col = np.divmod(np.asarray(gids, dtype=np.int64) - 1, N_COLS)
        offsets = np.arange(-radius, radius + 1)
        r = row[:, None, None] + offsets[None, :, None]
        c = col[:, None, None] + offsets[None, None, :]
        on_grid = (r >= 0) & (r < N_ROWS) & (c >= 0) & (c < N_COLS)
        at = self._index[np.where(on_grid, r * N_COLS + c + 1, 0)]
        return np.where(on_grid, at, -1).reshape(len(row), -1)

    @staticmethod
    def on_block(values: np.ndarray, block: np.ndarray) -> np.ndarray:
        """``values`` summed over the rows of each block of :meth:`block`."""
        values = np.asarray(values, dtype=float)
        padded = np.concatenate([values, np.zeros((1, *values.shape[1:]))])
        return padded[block].sum(axis=1)  # row -1 is the padding: 0

    def since(self, column: str, gids: np.ndarray, origin: int) -> np.ndarray:
        """Months from each cell's latest month with ``column`` > 0, up to ``origin``, to
        ``origin`` (0: the origin's own month), ``SINCE_CAP`` at most or when none."""
        at = np.clip(origin - self.first, -1, self.months - 1)
        if at < 0:
            return np.full(len(gids), float(SINCE_CAP))
        latest = self._latest[column][:, at].astype(float)
        latest = np.where(latest >= 0, origin - self.first - latest, SINCE_CAP)
        return np.minimum(self._lookup(latest, gids, missing=SINCE_CAP), SINCE_CAP)

    def _lookup(self, values: np.ndarray, gids: np.ndarray, missing: float = 0.0):
        """``values`` of the cells ``gids`` (``missing`` for cells without history)."""
        at = self._index[np.clip(np.asarray(gids, dtype=np.int64), 0, MAX_GID)]
        return np.where(at >= 0, values[at], missing)


class CountryHistory:
    """Monthly incidents and civilian-targeting incidents per country, cumulated."""

    def __init__(self, counts: pd.DataFrame) -> None:
        by_country = counts.groupby(["iso3", "month"], as_index=False)[
            ["events", "civilian_events"]
        ].sum()
        self.countries = np.unique(by_country["iso3"].to_numpy(dtype=object))
        self._cells = CellHistory(
            by_country.assign(
                gid=np.searchsorted(self.countries, by_country["iso3"]) + 1, fatalities=0.0
            )
        )

    def code(self, iso3: np.ndarray) -> np.ndarray:
        """The integer code of each country of ``iso3`` (for :meth:`total`)."""
        return np.searchsorted(self.countries, np.asarray(iso3, dtype=object)) + 1

    def total(self, column: str, code: np.ndarray, after: int, through: int) -> np.ndarray:
        """``column`` summed per country (:meth:`code`) over the months in
        (after, through]."""
        return self._cells.total(column, code, after, through)


def origin_features(
    cells: pd.DataFrame, origin: int, history: CellHistory, countries: CountryHistory
) -> pd.DataFrame:
    """The forecast's features of the study ``cells`` (``iso3``, ``gid``) at ``origin``,
    one row per cell, from the months up to ``origin`` only."""
    gid = cells["gid"].to_numpy(dtype=np.int64)
    country = countries.code(cells["iso3"].to_numpy(dtype=object))
    columns = {}
    blocks = {
        name: history.block(gid, radius) for radius, name in ((0, "cell"), (1, "3x3"), (2, "5x5"))
    }
    for column, short in (("events", "events"), ("civilian_events", "civilian")):
        windows = np.column_stack(
            [history.window(column, origin - months, origin) for months in WINDOWS]
        )
        for i, counts in enumerate(history.on_block(windows, blocks["cell"]).T):
            columns[f"{short}_{WINDOWS[i]}"] = counts
        for name in ("3x3", "5x5"):
            sums = history.on_block(
                windows[:, [WINDOWS.index(m) for m in BLOCK_WINDOWS]], blocks[name]
            )
            for i, months in enumerate(BLOCK_WINDOWS):
                columns[f"{short}_{name}_{months}"] = sums[:, i]
        columns[f"{short}_country_3"] = countries.total(column, country, origin - 3, origin)
        columns[f"{short}_country_12"] = countries.total(column, country, origin - 12, origin)
    for months in (12, 60):
        columns[f"fatalities_{months}"] = history.total("fatalities", gid, origin - months, origin)
    frame = pd.DataFrame({name: np.log1p(values) for name, values in columns.items()})
    for short in ("events", "civilian"):
        frame[f"{short}_country_trend"] = frame[f"{short}_country_3"] - np.log1p(
            np.expm1(frame[f"{short}_country_12"]) / 4
        )
    frame["since_event"] = history.since("events", gid, origin)
    frame["since_civilian"] = history.since("civilian_events", gid, origin)
    return frame


def new_model(warm_start: bool = False):
    """The forecast's one model definition: logistic regression on the standardised
    features (counts already on a log scale), ridge penalty ``PENALTY_C``, an exact
    solver: deterministic and fast. With ``warm_start`` each fit starts from the last one's
    coefficients (the same optimum, to ``SOLVER_TOL``, in fewer steps)."""
    return make_pipeline(
        StandardScaler(),
        LogisticRegression(
            C=PENALTY_C,
            solver="newton-cholesky",
            tol=SOLVER_TOL,
            max_iter=100,
            warm_start=warm_start,
        ),
    )


def rolling_forecast(
    origins: np.ndarray,
    gids: np.ndarray,
    features: pd.DataFrame,
    outcomes: np.ndarray,
    first_scored: int,
) -> np.ndarray:
    """The forecast of every (origin, cell) pair from ``first_scored`` on (0 before):
    origin t is scored by a model fitted only on the pairs of origins up to
    ``t - HORIZON_MONTHS``, refitted at every origin, each fit warm-started from the
    one before; pairs of origins before ``first_scored`` serve as training data. Where
    :meth:`TrainingPairs.fit` has no model yet, the forecast is 0."""
    pairs = TrainingPairs(origins, gids, features, outcomes)
    forecast = np.zeros(len(pairs.origins))
    model = new_model(warm_start=True)
    for origin in range(first_scored, int(pairs.origins.max()) + 1):
        scored = pairs.origins == origin
        if scored.any() and pairs.fit(origin, model) is not None:
            forecast[scored] = predict(model, pairs.rows(scored))
    return forecast


class TrainingPairs:
    """(origin, cell) pairs with their features and outcomes, ready for fitting at one
    origin after another: the features as one array, each pair's sampling number once."""

    def __init__(
        self, origins: np.ndarray, gids: np.ndarray, features: pd.DataFrame, outcomes: np.ndarray
    ) -> None:
        self.origins = np.asarray(origins, dtype=np.int64)
        self.outcomes = np.asarray(outcomes, dtype=bool)
        self.columns = list(features.columns)
        self._values = features.to_numpy(dtype=float)
        self._hash = _pair_hash(self.origins, gids)

    def rows(self, selected: np.ndarray) -> pd.DataFrame:
        """The features of the ``selected`` pairs (a boolean mask)."""
        return pd.DataFrame(self._values[selected], columns=self.columns, copy=False)

    def fit(self, latest: int, model=None):
        """``model`` (a new one of :func:`new_model` when None) fitted to score origin
        ``latest``: on the pairs whose outcome was
        known by then (origins up to ``latest - HORIZON_MONTHS``), on the features of
        :func:`feature_set`; None, and ``model`` left as it was, when they hold too few
        positives or no negative.

        Beyond ``MAX_TRAINING_PER_CLASS`` pairs of a class (positives, negatives), that
        class is sampled by a hash of (origin, cell) and weighted up to stand for the pairs
        left out, so probabilities keep their scale."""
        train = self.origins <= latest - HORIZON_MONTHS
        positives = int(np.count_nonzero(self.outcomes & train))
        negatives = int(np.count_nonzero(train)) - positives
        if not feature_set(positives, self.columns) or negatives == 0:
            return None
        rate = np.where(
            self.outcomes,
            min(1.0, MAX_TRAINING_PER_CLASS / positives),
            min(1.0, MAX_TRAINING_PER_CLASS / negatives),
        )
        keep = train & (self._hash < rate)
        model = new_model() if model is None else model
        # One BLAS thread: on a shared 2-core machine more threads made a fit 10 times slower.
        with threadpool_limits(1):
            return model.fit(
                self.rows(keep),
                self.outcomes[keep],
                logisticregression__sample_weight=1.0 / rate[keep],
            )


def predict(model, features: pd.DataFrame) -> np.ndarray:
    """The probability of the outcome for each row of ``features``, by ``model`` of
    :meth:`TrainingPairs.fit` (which picks the columns it was fitted on)."""
    with threadpool_limits(1):
        return model.predict_proba(features[list(model.feature_names_in_)])[:, 1]


def feature_set(positives: int, columns) -> list[str]:
    """The features a model fitted on ``positives`` known positives uses: all ``columns``,
    or none (no model) below ``MIN_POSITIVES``. The ridge penalty, not a smaller feature
    set, keeps a model fitted on few positives from overfitting."""
    return list(columns) if positives >= MIN_POSITIVES else []


def _pair_hash(origins: np.ndarray, gids: np.ndarray) -> np.ndarray:
    """A fixed pseudo-random number in [0, 1) per (origin, cell): the same pair is always
    kept or left out of a sample, whatever else the warehouse holds."""
    key = (
        np.asarray(gids, dtype=np.uint64) * np.uint64(2654435761)
        + np.asarray(origins, dtype=np.uint64) * np.uint64(40503)
    ) % np.uint64(2**32)
    key = (key * np.uint64(2246822519) + np.uint64(3266489917)) % np.uint64(2**32)
    return key.astype(float) / 2**32
