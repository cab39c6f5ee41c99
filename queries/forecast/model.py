"""The country forecast model: two regularised logistic regressions, averaged.

Both are fitted by scikit-learn on the same standardised predictors (missing values
replaced by the training medians): one with an L1 penalty (C = 0.1), which keeps few
predictors, one with an L2 penalty (C = 0.01), which shrinks all of them. Their log-odds
are averaged, which is again one linear model: :class:`LinearModel`, whose coefficients,
medians, means and scales are plain numbers stored as JSON. A country's risk is the
logistic of its log-odds; a predictor's contribution is its coefficient times the
country's standardised value (its pull away from the average country-year).

The outcomes: ``mk_onset_1`` (a new mass killing begins next year) for the 1-year risk,
``mk_onset_1or2`` (next year or the one after) for the 2-year risk.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from queries.forecast.build_inputs import IDENTIFIERS, OUTCOMES

HORIZONS = {1: "mk_onset_1", 2: "mk_onset_1or2"}
PENALTIES = ({"l1_ratio": 1.0, "C": 0.1, "solver": "liblinear"},
             {"l1_ratio": 0.0, "C": 0.01, "solver": "lbfgs"})


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

    def risk(self, frame: pd.DataFrame) -> np.ndarray:
        """The probability of the outcome for each row."""
        log_odds = self.intercept + self.contributions(frame).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-log_odds))

    def as_dict(self) -> dict:
        """Plain numbers and names, for JSON."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        """The model :meth:`as_dict` wrote."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def fit(train: pd.DataFrame, features: list[str], outcome: str) -> LinearModel:
    """Fit the averaged L1 + L2 logistic regression on the rows of ``train`` whose
    ``outcome`` is known. Deterministic: same rows, same model."""
    train = train[train[outcome].notna()]
    if train[outcome].nunique() < 2:
        raise ValueError(f"cannot fit {outcome}: the training rows hold one class only")
    values = train[features].to_numpy(dtype=float)
    medians = np.nanmedian(values, axis=0)
    medians = np.where(np.isnan(medians), 0.0, medians)
    values = np.where(np.isnan(values), medians, values)
    means, scales = values.mean(axis=0), values.std(axis=0)
    scales = np.where(scales > 0, scales, 1.0)
    x, y = (values - means) / scales, train[outcome].to_numpy(dtype=int)
    coefs, intercepts = [], []
    for options in PENALTIES:
        model = LogisticRegression(max_iter=5000, random_state=0, **options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(x, y)
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    return LinearModel(tuple(features), *(tuple(float(v) for v in a) for a in
                                          (medians, means, scales, np.mean(coefs, axis=0))),
                       float(np.mean(intercepts)))


def training_rows(inputs: pd.DataFrame, known_by: int, horizon: int) -> pd.DataFrame:
    """The rows whose outcome over ``horizon`` years was known by the end of ``known_by``:
    predictors of year t with the onsets of t+1 .. t+horizon, t + horizon <= known_by."""
    return inputs[inputs["year"] + horizon <= known_by]


def rolling_forecasts(inputs: pd.DataFrame, first: int, last: int,
                      horizon: int = 1) -> pd.DataFrame:
    """The rolling-origin backtest: for every year Y in first..last, fit only on what was
    known by the end of Y-1 and forecast from the predictors of Y-1 the onset in Y.

    Returns ``year`` (Y), ``iso3``, ``risk``, ``rank`` (1 = highest that year) and
    ``onset`` (whether a new mass killing began in Y), for every country with predictors
    in Y-1 and a known outcome.
    """
    features = feature_columns(inputs)
    frames = []
    for year in range(first, last + 1):
        model = fit(training_rows(inputs, year - 1, horizon), features, HORIZONS[horizon])
        rows = inputs[(inputs["year"] == year - 1) & inputs["mk_onset_1"].notna()]
        frames.append(pd.DataFrame({"year": year, "iso3": rows["iso3"].to_numpy(),
                                    "risk": model.risk(rows),
                                    "onset": rows["mk_onset_1"].to_numpy(dtype=bool)}))
    forecasts = pd.concat(frames, ignore_index=True)
    forecasts["rank"] = yearly_rank(forecasts)
    return forecasts[["year", "iso3", "risk", "rank", "onset"]]


def yearly_rank(forecasts: pd.DataFrame) -> np.ndarray:
    """Rank 1..n of each row's ``risk`` within its ``year`` (1 = highest; ties by iso3)."""
    order = forecasts.sort_values(["year", "risk", "iso3"], ascending=[True, False, True])
    ranks = order.groupby("year").cumcount() + 1
    return ranks.reindex(forecasts.index).to_numpy(dtype=int)
