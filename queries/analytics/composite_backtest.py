"""Backtest of our composite risk index against real mass-killing onsets, the way the Early
Warning Project validates its own forecasts.

For every year Y from ``FIRST_YEAR`` to ``LAST_YEAR``, each country of the Project's panel
that year is scored with :func:`queries.analytics.risk.indicator_index` from the reference
indicators dated up to 31 December of Y-1 only, and the year's countries are ranked (rank 1
= highest index; ties share the best rank). The outcome is the onset of a new mass killing
in Y (``ewp_mass_killing_onset``, the Project's ``mk_onset``: 39 onsets 1994-2024). Reported:
the AUC over all country-years, and the share of onsets ranked in their year's top 10, 20
and 30. No incidents exist for those years, so the index has no incident signals here:
its dynamic dimension is the dynamic factors' indicators alone. A country the index cannot
score (a dimension without data) ranks below every scored one.

The Project's own out-of-sample record on the same country-years: AUC 0.838, 69% of onsets
in the top 30 (54% in the top 20). Run ``python -m benchmarks.composite_backtest``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analytics.backtest import auc
from queries.analytics.risk import indicator_index
from queries.reference_indicators import ONSET
from queries.schema import apply_schema
from queries.statements import named_sql

FIRST_YEAR = 1994
LAST_YEAR = 2024
TOP_K = (10, 20, 30)


@dataclass(frozen=True)
class CompositeBacktest:
    """The composite index's out-of-sample figures, and what they rest on."""

    auc: float
    top_shares: dict[int, float]       # k -> share of onsets ranked in their year's top k
    onsets: int
    country_years: int
    unscored: int                      # country-years the index could not score
    years: tuple[int, int]

    def as_dict(self) -> dict:
        """Flat figures: ``auc``, ``top10_share`` .. ``top30_share``, ``onsets``,
        ``country_years``, ``unscored``, ``first_year``, ``last_year``."""
        return {"auc": self.auc, **{f"top{k}_share": v for k, v in self.top_shares.items()},
                "onsets": self.onsets, "country_years": self.country_years,
                "unscored": self.unscored, "first_year": self.years[0],
                "last_year": self.years[1]}

    def lines(self) -> list[str]:
        """The figures as a few lines, for the command line."""
        tops = ", ".join(f"top {k}: {v:.0%}" for k, v in self.top_shares.items())
        return [f"Composite index (14-factor, indicators only), forecasts {self.years[0]}-"
                f"{self.years[1]} from data through the year before: {self.country_years:,} "
                f"country-years, {self.onsets} onsets, {self.unscored:,} not scored",
                f"AUC {self.auc:.3f}; onsets ranked in their year's {tops}",
                "Early Warning Project's own record: AUC 0.838, top 30: 69%, top 20: 54%"]


def evaluate_ranking(forecasts: pd.DataFrame, top_k: tuple[int, ...] = TOP_K
                     ) -> CompositeBacktest:
    """Figures for ``forecasts`` (one row per country-year: ``year``, ``iso3``, ``risk``,
    NaN when not scored, and ``onset`` 0/1): the share of onsets ranked in their year's top
    k for each k of ``top_k``, ranks within each year (rank 1 the highest risk, unscored
    rows last), and the AUC over every country-year (unscored rows score lowest)."""
    ranked = with_ranks(forecasts)
    onsets = ranked[ranked["onset"] == 1]
    risk = ranked["risk"].fillna(-np.inf).to_numpy()
    return CompositeBacktest(
        auc=auc(risk, ranked["onset"].to_numpy(dtype=bool)),
        top_shares={k: float((onsets["rank"] <= k).mean()) if len(onsets) else float("nan")
                    for k in top_k},
        onsets=len(onsets), country_years=len(ranked),
        unscored=int(ranked["risk"].isna().sum()),
        years=(int(ranked["year"].min()), int(ranked["year"].max())))


def with_ranks(forecasts: pd.DataFrame) -> pd.DataFrame:
    """``forecasts`` with ``rank`` within each year: 1 = highest risk, ties share the best
    rank, unscored (NaN) rows after every scored one."""
    risk = forecasts["risk"].fillna(-np.inf)
    rank = risk.groupby(forecasts["year"]).rank(method="min", ascending=False)
    return forecasts.assign(rank=rank.astype(int))


def composite_forecasts(con: duckdb.DuckDBPyConnection, first: int = FIRST_YEAR,
                        last: int = LAST_YEAR) -> pd.DataFrame:
    """One row per country-year of the Project's panel, ``first`` to ``last``: ``year``,
    ``iso3``, ``risk`` (the index from data through Y-1), its ``structural`` and
    ``dynamic`` dimensions, and ``onset`` in Y."""
    outcomes = con.execute(named_sql("reference_onsets"),
                           {"onset": ONSET, "first": first, "last": last}).df()
    frames = []
    for year, countries in outcomes.groupby("year"):
        index = indicator_index(con, date(int(year) - 1, 12, 31)).set_index("iso3")
        frames.append(countries.assign(**{
            name: countries["iso3"].map(index[column]).astype(float)
            for name, column in (("risk", "risk_index"), ("structural", "structural"),
                                 ("dynamic", "dynamic"))}))
    return pd.concat(frames, ignore_index=True)[["year", "iso3", "risk", "structural",
                                                 "dynamic", "onset"]]


def run_composite_backtest(first: int = FIRST_YEAR, last: int = LAST_YEAR
                           ) -> tuple[CompositeBacktest, pd.DataFrame]:
    """The backtest on the shipped reference data, in a fresh in-memory warehouse; returns
    the figures and the forecasts (with ranks)."""
    con = duckdb.connect()
    try:
        apply_schema(con)
        forecasts = composite_forecasts(con, first, last)
    finally:
        con.close()
    return evaluate_ranking(forecasts), with_ranks(forecasts)
