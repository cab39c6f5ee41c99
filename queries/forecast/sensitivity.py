"""How much the country forecast's backtest depends on the rule that chooses its penalties.

    python -m queries.forecast.sensitivity

Prints the 1994-2024 figures of the shipped rule (:func:`queries.forecast.model.choose_penalties`)
beside variants of it, each still choosing for year Y on the years before Y only, and
beside every fixed pair of the grid (which, read off this table, would be a choice made
on the test years: shown only to say how much such a look-ahead could buy). Nothing here
is used by the app; ``docs/analytics.md`` quotes the output.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from queries.analytics.backtest import auc
from queries.forecast import metrics
from queries.forecast.model import (
    FIRST_INNER_YEAR,
    PENALTY_GRID,
    Candidates,
    Penalties,
    candidate_forecasts,
    choose_penalties,
    yearly_rank,
)
from queries.forecast.store import FIRST_TEST_YEAR, read_inputs

LAST_TEST_YEAR = 2024
WINDOW = 10


def _pairs() -> list[Penalties]:
    """Every pair of the grid, in the shipped rule's tie order."""
    return [(c1, c2) for c2 in sorted(PENALTY_GRID["l2"]) for c1 in sorted(PENALTY_GRID["l1"])]


def _log_loss(log_odds: np.ndarray, onsets: np.ndarray) -> float:
    """Mean negative log-likelihood of the onsets under the logistic of ``log_odds``."""
    return float(np.mean(np.logaddexp(0.0, log_odds) - onsets * log_odds))


def _chooser(
    score: Callable[[np.ndarray, np.ndarray], float],
    window: int | None,
) -> Callable[[Candidates, int], Penalties]:
    """A rule like the shipped one: the pair with the best ``score`` (higher is better)
    over the inner years (the last ``window`` before Y, or all from 1980)."""

    def choose(candidates: Candidates, before: int) -> Penalties:
        first = FIRST_INNER_YEAR if window is None else before - window
        inner = candidates.rows["year"].between(first, before - 1).to_numpy()
        onsets = candidates.rows["onset"].to_numpy()[inner]
        scores = [score(candidates.averaged(pair)[inner], onsets) for pair in _pairs()]
        return _pairs()[int(np.argmax(scores))]

    return choose


def outer_forecasts(
    candidates: Candidates, choose: Callable[[Candidates, int], Penalties]
) -> pd.DataFrame:
    """The outer years' forecasts, each year's pair chosen by ``choose``."""
    frames = []
    for year in range(FIRST_TEST_YEAR, LAST_TEST_YEAR + 1):
        in_year = (candidates.rows["year"] == year).to_numpy()
        log_odds = candidates.averaged(choose(candidates, year))[in_year]
        frames.append(candidates.rows[in_year].assign(risk=1 / (1 + np.exp(-log_odds))))
    forecasts = pd.concat(frames, ignore_index=True)
    forecasts["rank"] = yearly_rank(forecasts)
    return forecasts


def main() -> int:
    """Print one line per rule, then the spread over the fixed pairs."""
    candidates = candidate_forecasts(read_inputs(), FIRST_INNER_YEAR, LAST_TEST_YEAR)
    rules = {
        "shipped: pooled AUC, 1980..Y-1": choose_penalties,
        f"pooled AUC, last {WINDOW} years": _chooser(auc, WINDOW),
        "pooled log loss, 1980..Y-1": _chooser(lambda s, o: -_log_loss(s, o), None),
        f"pooled log loss, last {WINDOW} years": _chooser(lambda s, o: -_log_loss(s, o), WINDOW),
    }
    print(f"{'rule':<40} {'AUC':>6} {'top 20':>7} {'top 30':>7}")
    for name, choose in rules.items():
        row = metrics.score(outer_forecasts(candidates, choose), name)
        print(f"{name:<40} {row.auc:>6.3f} {row.top20_share:>7.0%} {row.top30_share:>7.0%}")
    fixed = [
        metrics.score(outer_forecasts(candidates, lambda _c, _y, p=pair: p), str(pair))
        for pair in _pairs()
    ]
    for field in ("auc", "top30_share"):
        values = [getattr(row, field) for row in fixed]
        best = fixed[int(np.argmax(values))]
        print(
            f"fixed pairs, {field}: {min(values):.3f} to {max(values):.3f} "
            f"(best {best.label}: AUC {best.auc:.3f}, top 30 {best.top30_share:.0%})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
