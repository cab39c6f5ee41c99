"""The country forecast model: two regularised logistic regressions, averaged, with their
penalty strengths chosen on earlier years only.

Both are fitted by scikit-learn on the same standardised predictors (missing values
replaced by the training medians): one with an L1 penalty, which keeps few predictors, one
with an L2 penalty, which shrinks all of them. Their log-odds are averaged, which is again
one linear model: :class:`LinearModel`, whose coefficients, medians, means and scales are
plain numbers stored as JSON. A country's risk is the logistic of its log-odds; a
predictor's contribution is its coefficient times the country's standardised value (its
pull away from the average country-year).

The penalty strengths (C) are chosen by a nested rolling origin (:data:`SELECTION_RULE`):
the model that forecasts year Y uses the pair of C, one from each grid of
:data:`PENALTY_GRID`, whose averaged forecasts ranked best (pooled AUC) over the years
:data:`FIRST_INNER_YEAR` to Y-1, each of those forecast in turn only with what was known
the year before it. Nothing of year Y or later enters the forecast for Y, the choice of C
included.

The outcomes: ``mk_onset_1`` (a new mass killing begins next year) for the 1-year risk,
``mk_onset_1or2`` (next year or the one after) for the 2-year risk.
"""

from __future__ import annotations

import multiprocessing
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from queries.analytics.backtest import auc
from queries.forecast.build_inputs import IDENTIFIERS, OUTCOMES

HORIZONS = {1: "mk_onset_1", 2: "mk_onset_1or2"}
# Fixed before any outer result was seen: half-decade steps. Below C = 0.03 the L1 model
# keeps no predictor on these data.
PENALTY_GRID = {"l1": (0.03, 0.1, 0.3, 1.0), "l2": (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)}
SOLVERS = {
    "l1": {"l1_ratio": 1.0, "solver": "liblinear"},
    "l2": {"l1_ratio": 0.0, "solver": "lbfgs"},
}
FIRST_INNER_YEAR = 1980
# Processes, not threads: liblinear draws from one process-wide random generator, seeded at
# each fit, so two fits at once in one process would not be deterministic.
FIT_PROCESSES = 2
SELECTION_RULE = (
    f"for each forecast year Y, the pair (C of the L1 model, C of the L2 "
    f"model) from the grids {PENALTY_GRID['l1']} and {PENALTY_GRID['l2']} "
    f"whose averaged forecasts for the years {FIRST_INNER_YEAR} to Y-1 (each "
    "made only with the data of the year before it) had the highest pooled "
    "AUC; ties go to the smaller C of the L2 model, then of the L1 model"
)

Penalties = tuple[float, float]  # (C of the L1 model, C of the L2 model)


def feature_columns(inputs: pd.DataFrame) -> list[str]:
    """The predictors of the inputs table: every column but identifiers and outcomes."""
    return [c for c in inputs.columns if c not in (*IDENTIFIERS, *OUTCOMES)]


@dataclass(frozen=True)
class LinearModel:
    """A fitted forecast: log-odds = intercept + sum(coef * (value - mean) / scale), with a
    missing value replaced by the median first."""

    features: tuple[str, ...]
    medians: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def standardised(self, frame: pd.DataFrame) -> np.ndarray:
        """The rows' predictors, missing values filled, standardised (rows x features)."""
        values = frame[list(self.features)].to_numpy(dtype=float)
        values = np.where(np.isnan(values), np.asarray(self.medians), values)
        return (values - np.asarray(self.means)) / np.asarray(self.scales)

    def contributions(self, frame: pd.DataFrame) -> np.ndarray:
        """Each predictor's share of each row's log-odds (rows x features)."""
        return self.standardised(frame) * np.asarray(self.coef)

    def log_odds(self, frame: pd.DataFrame) -> np.ndarray:
        """The log-odds of the outcome for each row."""
        return self.intercept + self.contributions(frame).sum(axis=1)

    def risk(self, frame: pd.DataFrame) -> np.ndarray:
        """The probability of the outcome for each row."""
        return 1.0 / (1.0 + np.exp(-self.log_odds(frame)))

    def as_dict(self) -> dict:
        """Plain numbers and names, for JSON."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        """The model :meth:`as_dict` wrote."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


@dataclass(frozen=True)
class _Design:
    """The standardised training matrix of one fit, with the numbers that standardise."""

    x: np.ndarray
    y: np.ndarray
    medians: np.ndarray
    means: np.ndarray
    scales: np.ndarray


def _design(train: pd.DataFrame, features: list[str], outcome: str) -> _Design:
    """Standardise the rows of ``train`` whose ``outcome`` is known (missing values
    replaced by the medians); ``ValueError`` when they hold one class only."""
    train = train[train[outcome].notna()]
    if train[outcome].nunique() < 2:
        raise ValueError(f"cannot fit {outcome}: the training rows hold one class only")
    values = train[features].to_numpy(dtype=float)
    known = ~np.isnan(values).all(axis=0)  # a predictor not yet recorded: median 0
    medians = np.zeros(len(features))
    medians[known] = np.nanmedian(values[:, known], axis=0)
    values = np.where(np.isnan(values), medians, values)
    means, scales = values.mean(axis=0), values.std(axis=0)
    scales = np.where(scales > 0, scales, 1.0)
    return _Design(
        (values - means) / scales, train[outcome].to_numpy(dtype=int), medians, means, scales
    )


def _fit_one(design: _Design, kind: str, c: float) -> tuple[np.ndarray, float]:
    """The coefficients and intercept of one penalised logistic regression."""
    model = LogisticRegression(max_iter=5000, random_state=0, C=c, **SOLVERS[kind])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(design.x, design.y)
    return model.coef_[0], float(model.intercept_[0])


def fit(
    train: pd.DataFrame, features: list[str], outcome: str, penalties: Penalties
) -> LinearModel:
    """Fit the averaged L1 + L2 logistic regression, with the C of ``penalties``, on the
    rows of ``train`` whose ``outcome`` is known. Deterministic: same rows, same model."""
    design = _design(train, features, outcome)
    with threadpool_limits(limits=1):
        fits = [_fit_one(design, kind, c) for kind, c in zip(SOLVERS, penalties, strict=True)]
    coef = np.mean([f[0] for f in fits], axis=0)
    intercept = float(np.mean([f[1] for f in fits]))
    return LinearModel(
        tuple(features),
        *(tuple(float(v) for v in a) for a in (design.medians, design.means, design.scales, coef)),
        intercept,
    )


def training_rows(inputs: pd.DataFrame, known_by: int, horizon: int) -> pd.DataFrame:
    """The rows whose outcome over ``horizon`` years was known by the end of ``known_by``:
    predictors of year t with the onsets of t+1 .. t+horizon, t + horizon <= known_by."""
    return inputs[inputs["year"] + horizon <= known_by]


def forecast_rows(inputs: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows that forecast ``year``: the predictors of year-1 with a known onset."""
    return inputs[(inputs["year"] == year - 1) & inputs["mk_onset_1"].notna()]


@dataclass(frozen=True)
class Candidates:
    """Every year's forecasts by every single model of the grid: ``rows`` (``year``,
    ``iso3``, ``onset``) and, per (kind, C), the log-odds of each row."""

    rows: pd.DataFrame
    log_odds: dict[tuple[str, float], np.ndarray]

    def averaged(self, penalties: Penalties) -> np.ndarray:
        """The log-odds of the averaged model with the C of ``penalties``, every row."""
        return (self.log_odds[("l1", penalties[0])] + self.log_odds[("l2", penalties[1])]) / 2


def candidate_forecasts(
    inputs: pd.DataFrame, first: int, last: int, horizon: int = 1
) -> Candidates:
    """For every year y in first..last and every C of :data:`PENALTY_GRID`: the log-odds
    of an onset in y from the predictors of y-1, fitted only on what was known by the end
    of y-1. Such a forecast depends on y alone, so the nested selection computes each once.

    The years are shared among :data:`FIT_PROCESSES` forked processes, each fit on one BLAS
    thread (several only slow these small fits down on a shared machine)."""
    context = multiprocessing.get_context("fork")
    with (
        threadpool_limits(limits=1),
        ProcessPoolExecutor(
            FIT_PROCESSES, context, initializer=_share, initargs=(inputs, horizon)
        ) as pool,
    ):
        years = list(pool.map(_year_candidates, range(first, last + 1)))
    rows = pd.concat([year[0] for year in years], ignore_index=True)
    return Candidates(
        rows, {key: np.concatenate([year[1][key] for year in years]) for key in years[0][1]}
    )


_SHARED: dict = {}


def _share(inputs: pd.DataFrame, horizon: int) -> None:
    """A fitting process's copy of the inputs (inherited by the fork, not pickled)."""
    _SHARED.update(inputs=inputs, features=feature_columns(inputs), horizon=horizon)


def _year_candidates(year: int) -> tuple[pd.DataFrame, dict[tuple[str, float], np.ndarray]]:
    """One year's forecast rows and their log-odds under every model of the grid (in a
    fitting process: the inputs are those :func:`_share` kept)."""
    inputs, features, horizon = (_SHARED[k] for k in ("inputs", "features", "horizon"))
    design = _design(training_rows(inputs, year - 1, horizon), features, HORIZONS[horizon])
    rows = forecast_rows(inputs, year)
    values = rows[features].to_numpy(dtype=float)
    x = (np.where(np.isnan(values), design.medians, values) - design.means) / design.scales
    log_odds = {}
    for kind, grid in PENALTY_GRID.items():
        for c in grid:
            coef, intercept = _fit_one(design, kind, c)
            log_odds[(kind, c)] = intercept + x @ coef
    frame = pd.DataFrame(
        {
            "year": year,
            "iso3": rows["iso3"].to_numpy(),
            "onset": rows["mk_onset_1"].to_numpy(dtype=bool),
        }
    )
    return frame, log_odds


def choose_penalties(
    candidates: Candidates, before: int, first_inner: int = FIRST_INNER_YEAR
) -> Penalties:
    """The rule of :data:`SELECTION_RULE`: the pair of C whose averaged forecasts for the
    years first_inner .. before-1 have the highest pooled AUC (ties: smaller C of the L2
    model, then of the L1 model). ``ValueError`` when those years hold no onset."""
    inner = candidates.rows["year"].between(first_inner, before - 1).to_numpy()
    onsets = candidates.rows["onset"].to_numpy()[inner]
    if not onsets.any():
        raise ValueError(f"no onset in the inner years {first_inner}-{before - 1}")
    best, best_auc = None, -np.inf
    for c2 in sorted(PENALTY_GRID["l2"]):
        for c1 in sorted(PENALTY_GRID["l1"]):
            score = auc(candidates.averaged((c1, c2))[inner], onsets)
            if score > best_auc:
                best, best_auc = (c1, c2), score
    return best


@dataclass(frozen=True)
class Backtest:
    """The nested rolling-origin backtest: ``forecasts`` (``year``, ``iso3``, ``risk``,
    ``rank``, ``onset``) and the C chosen for every forecast year, the year after the last
    included (the choice for the model fitted on every year)."""

    forecasts: pd.DataFrame
    penalties: dict[int, Penalties]


def rolling_forecasts(
    inputs: pd.DataFrame, first: int, last: int, first_inner: int = FIRST_INNER_YEAR
) -> Backtest:
    """The rolling-origin backtest: for every year Y in first..last, choose C on the
    years first_inner..Y-1 (:func:`choose_penalties`), fit only on what was known by the
    end of Y-1 and forecast from the predictors of Y-1 the onset in Y.

    The forecasts hold every country with predictors in Y-1 and a known outcome; ``onset``
    is whether a new mass killing began in Y.
    """
    candidates = candidate_forecasts(inputs, first_inner, last)
    penalties = {
        year: choose_penalties(candidates, year, first_inner) for year in range(first, last + 2)
    }
    frames = []
    for year in range(first, last + 1):
        in_year = (candidates.rows["year"] == year).to_numpy()
        log_odds = candidates.averaged(penalties[year])[in_year]
        frames.append(candidates.rows[in_year].assign(risk=1.0 / (1.0 + np.exp(-log_odds))))
    forecasts = pd.concat(frames, ignore_index=True)
    forecasts["rank"] = yearly_rank(forecasts)
    return Backtest(forecasts[["year", "iso3", "risk", "rank", "onset"]], penalties)


def yearly_rank(forecasts: pd.DataFrame) -> np.ndarray:
    """Rank 1..n of each row's ``risk`` within its ``year`` (1 = highest; ties by iso3)."""
    order = forecasts.sort_values(["year", "risk", "iso3"], ascending=[True, False, True])
    ranks = order.groupby("year").cumcount() + 1
    return ranks.reindex(forecasts.index).to_numpy(dtype=int)
