"""What the warehouse holds, for the data page, the header and the gaps page: the latest
incident date, incidents per source, recent imports and their rejected rows, the indicators
and the risk factors no indicator measures, the places no ranking scores."""

from __future__ import annotations

from datetime import date

import pandas as pd

from queries.db import Warehouse


def data_through(wh: Warehouse) -> date | None:
    """The latest incident date in the warehouse (None when it holds none)."""
    return wh.cached("data_through").column("data_through")[0].as_py()


def by_source(wh: Warehouse) -> pd.DataFrame:
    """Per source: incidents, countries, first and last event, fatalities, last import."""
    return wh.df("holdings_by_source")


def recent_batches(wh: Warehouse, limit: int = 50) -> pd.DataFrame:
    """The latest ``limit`` imports with their accounting (read, loaded, ... rejected)."""
    return wh.df("recent_batches", limit=limit)


def latest_rejected_rows(wh: Warehouse, limit: int, may_see_restricted: bool) -> pd.DataFrame:
    """The latest ``limit`` rows imports rejected, with their reasons (restricted rows'
    content only for those who ``may_see_restricted``)."""
    return wh.df("rejected_rows_latest", limit=limit, may_see_restricted=may_see_restricted)


def indicators(wh: Warehouse) -> pd.DataFrame:
    """Per indicator: its risk factor, source, licence, years and reference / own values."""
    return wh.df("indicator_holdings")


def factors_not_measured(wh: Warehouse) -> pd.DataFrame:
    """The risk factors no real indicator measures, with why."""
    return wh.df("factors_not_measured")


def places_not_scored(wh: Warehouse) -> list[str]:
    """The names of the places no ranking scores (no population figure)."""
    return [r["name"] for r in wh.cached("places_not_scored").to_pylist()]
