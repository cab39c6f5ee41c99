"""The watchlist's data: countries ranked by the country forecast with the signals read
beside it, their monthly incident counts, the windows the numbers cover and the regions
to filter by. The page (:mod:`dashboard.pages.watchlist`) only shapes them into rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from queries.db import Warehouse


def ranked(wh: Warehouse, region: str = "") -> pd.DataFrame:
    """One row per country of ``region`` ('' for all), ranked by the forecast, with its
    profile, escalation, hot cells, civilian fatalities and last assessment."""
    return wh.df("watchlist", region=region)


def monthly_incidents(wh: Warehouse) -> dict[str, list[int]]:
    """ISO3 -> incidents per calendar month over the 24 months to the analytics' data
    (the sparklines)."""
    sparks = wh.df("watchlist_sparklines")
    return dict(zip(sparks["iso3"], sparks["monthly"], strict=True))


def windows(wh: Warehouse) -> dict | None:
    """The dates the watchlist's numbers cover (``data_through``, ``civilian_from``,
    ``months_from`` as a date, the escalation's and hotspots' ``*_from``/``*_to``), or None
    when analytics were never computed."""
    rows = wh.df("watchlist_windows").to_dict("records")
    if not rows or pd.isna(rows[0]["data_through"]):
        return None
    found = rows[0]
    found["months_from"] = pd.Timestamp(found["months_from"]).date()
    return found


def regions(wh: Warehouse) -> list[str]:
    """The UN regions the watchlist can be filtered to."""
    return [r["un_region"] for r in wh.cached("watchlist_regions").to_pylist()]


def chosen_countries(wh: Warehouse, region: str, org: str, on: date, top: int) -> list[str]:
    """The ISO3 codes of the ``top`` countries by forecast risk, ranked as on the watchlist,
    of ``region`` ('' for all) and members of ``org`` on ``on`` ('' for any)."""
    return (
        wh.arrow("sitrep_countries", region=region, org=org, on_date=on, top=top)
        .column("iso3")
        .to_pylist()
    )
