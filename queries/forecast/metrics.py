"""How well the country forecast ranked the countries that saw a new mass killing.

The figures the Early Warning Project reports for its own out-of-sample forecasts: the AUC
over all country-years, and the share of onsets ranked in that year's top 10, 20 and 30,
overall and per calendar decade.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from queries.analytics.backtest import auc

TOP_K = (10, 20, 30)
# The Project's own out-of-sample forecasts on the same country-years (1994-2024, 39 onsets).
ANCHOR = {"auc": 0.838, "top20_share": 0.54, "top30_share": 0.69}


@dataclass(frozen=True)
class RankingScore:
    """AUC and top-k shares of one set of yearly forecasts."""

    label: str
    auc: float
    top10_share: float
    top20_share: float
    top30_share: float
    onsets: int
    country_years: int


def top_k_share(forecasts: pd.DataFrame, k: int) -> float:
    """The share of onsets whose ``rank`` that year was k or better; NaN without onsets."""
    onsets = forecasts[forecasts["onset"].astype(bool)]
    return math.nan if onsets.empty else float((onsets["rank"] <= k).mean())


def score(forecasts: pd.DataFrame, label: str) -> RankingScore:
    """The figures of ``forecasts`` (``year``, ``risk``, ``rank``, ``onset``)."""
    shares = [top_k_share(forecasts, k) for k in TOP_K]
    return RankingScore(label, auc(forecasts["risk"], forecasts["onset"].astype(bool)),
                        *shares, int(forecasts["onset"].sum()), len(forecasts))


def scores_by_decade(forecasts: pd.DataFrame) -> list[RankingScore]:
    """:func:`score` over all years, then per calendar decade (1990s, 2000s, ...)."""
    first, last = int(forecasts["year"].min()), int(forecasts["year"].max())
    rows = [score(forecasts, f"{first}-{last}")]
    for decade in range(first // 10 * 10, last + 1, 10):
        part = forecasts[forecasts["year"].between(decade, decade + 9)]
        rows.append(score(part, f"{max(decade, first)}-{min(decade + 9, last)}"))
    return rows


def table_lines(rows: list[RankingScore]) -> list[str]:
    """The scores as a fixed-width table, with the Project's own record as the last row."""
    head = f"{'years':<10} {'AUC':>6} {'top 10':>7} {'top 20':>7} {'top 30':>7} " \
           f"{'onsets':>7} {'country-years':>14}"
    lines = [head] + [f"{r.label:<10} {r.auc:>6.3f} {r.top10_share:>7.0%} "
                      f"{r.top20_share:>7.0%} {r.top30_share:>7.0%} {r.onsets:>7} "
                      f"{r.country_years:>14,}" for r in rows]
    lines.append(f"{'EWP own':<10} {ANCHOR['auc']:>6.3f} {'':>7} {ANCHOR['top20_share']:>7.0%} "
                 f"{ANCHOR['top30_share']:>7.0%} {39:>7} {'(1994-2024)':>14}")
    return lines


def as_dict(rows: list[RankingScore]) -> dict:
    """The overall figures flat (``years``, ``auc``, ``top30_share``, ``onsets``,
    ``country_years``, ...), the per-decade ones under ``by_decade``, the Project's own
    under ``anchor``; NaN becomes None."""
    def clean(row: RankingScore) -> dict:
        return {"years" if k == "label" else k:
                None if isinstance(v, float) and math.isnan(v) else v
                for k, v in asdict(row).items()}
    return {**clean(rows[0]), "by_decade": [clean(r) for r in rows[1:]], "anchor": ANCHOR}
