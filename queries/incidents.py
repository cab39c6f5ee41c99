"""What the dashboard asks of the incidents: filtered totals, maps, series and tables.

Every function takes the app's :class:`~queries.db.Warehouse` and an
:class:`IncidentFilter`, runs named SQL with bound parameters, and returns small
DataFrames or plain values: aggregation happens in DuckDB, never in pandas.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from geodata.priogrid import cell_center
from queries.db import Warehouse
from queries.vocabulary import categories

BUCKETS = ("week", "month")
SORTABLE = ("event_date", "admin1_name", "location", "category", "perpetrator", "target",
            "fatalities", "civilian_fatalities", "source")
TOTAL_COLUMNS = ("incidents", "fatalities", "civilian_fatalities", "countries", "regions")
ROLES = {"perpetrator": "top_perpetrators", "target": "top_targets"}
EXPORT_COLUMNS = ("incident_id", "event_date", "iso3", "admin1_code", "admin1_name",
                  "location", "lat", "lon", "geo_precision", "category", "source_type",
                  "source_sub_type", "perpetrator", "target", "fatalities",
                  "civilian_fatalities", "description", "sensitivity", "source", "source_id")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


@dataclass(frozen=True)
class IncidentFilter:
    """The window and filters every dashboard query applies (empty = no filter).

    ``restricted_detail`` comes from the asker's role (:class:`queries.access.Access`),
    never from a request: unless it is set, incidents marked restricted appear only in
    aggregates (``filtered_incidents.sql``).
    """

    date_from: date
    date_to: date
    categories: tuple[str, ...] = ()
    source: str = ""
    iso3: str = ""
    admin1: str = ""
    restricted_detail: bool = False   # see restricted incidents' detail (analyst, admin)

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise ValueError(f"the window starts ({self.date_from}) after it ends "
                             f"({self.date_to})")
        unknown = sorted(set(self.categories) - set(categories()))
        if unknown:
            raise ValueError(f"unknown categor{'ies' if len(unknown) > 1 else 'y'}: "
                             f"{', '.join(unknown)}")

    @property
    def days(self) -> int:
        """The window's length in days, both ends included."""
        return (self.date_to - self.date_from).days + 1

    def previous(self) -> IncidentFilter:
        """The window of equal length that ends the day before this one starts."""
        end = self.date_from - timedelta(days=1)
        return replace(self, date_from=end - timedelta(days=self.days - 1), date_to=end)

    def params(self) -> dict:
        """The bound parameters of ``filtered_incidents.sql``."""
        return {"date_from": self.date_from, "date_to": self.date_to,
                "categories": list(self.categories), "source": self.source,
                "iso3": self.iso3, "admin1": self.admin1,
                "may_see_restricted": self.restricted_detail}


def data_extent(wh: Warehouse, source: str = "", iso3: str = "") -> tuple[date, date] | None:
    """The first and last event dates held (for a source / country), or None when empty."""
    first, last = wh.cached("data_extent", source=source, iso3=iso3).to_pylist()[0].values()
    return None if first is None else (first, last)


def default_window(wh: Warehouse) -> tuple[date, date]:
    """The last 12 months of the data (not of today), so an old file still shows something.
    One window for every page, country and source, so that every route to a country shows
    the same numbers."""
    extent = data_extent(wh)
    if extent is None:
        today = date.today()
        return today - timedelta(days=364), today
    last = extent[1]
    return max(extent[0], last - timedelta(days=364)), last


def sources(wh: Warehouse) -> list[str]:
    """The sources with incidents in the warehouse."""
    return wh.cached("incident_sources").column("source").to_pylist()


def window_totals(wh: Warehouse, f: IncidentFilter) -> dict[str, int]:
    """Incidents, fatalities, civilian fatalities, countries and regions in the window."""
    return wh.arrow("window_totals", **f.params()).to_pylist()[0]


def totals_with_change(wh: Warehouse, f: IncidentFilter) -> dict[str, tuple[int, int]]:
    """Each total of the window with the same total of the previous window of equal length."""
    now, before = window_totals(wh, f), window_totals(wh, f.previous())
    return {key: (now[key], before[key]) for key in TOTAL_COLUMNS}


def country_totals(wh: Warehouse, f: IncidentFilter) -> pd.DataFrame:
    """Per country: iso3, name, incidents, fatalities, civilian_fatalities."""
    return wh.df("country_totals", **f.params())


def grid_cells(wh: Warehouse, f: IncidentFilter, cap: int = 20_000) -> tuple[pd.DataFrame, int]:
    """The busiest PRIO-GRID cells (at most ``cap``) with their centres, and how many
    cells have incidents in all."""
    cells = wh.df("grid_cells", cap=cap, **f.params())
    total = wh.arrow("grid_cell_count", **f.params()).column("cells")[0].as_py()
    lat, lon = cell_center(cells["priogrid_gid"].to_numpy())
    return cells.assign(lat=lat, lon=lon), total


def timeseries(wh: Warehouse, f: IncidentFilter, bucket: str = "month",
               by: str = "category", top: int = 8) -> pd.DataFrame:
    """Incidents and fatalities per period (``week`` or ``month``) by category or by
    admin-1 region (the ``top`` busiest; the rest together)."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket: expected one of {', '.join(BUCKETS)}, got {bucket!r}")
    if by == "category":
        return wh.df("timeseries_by_category", bucket=bucket, **f.params())
    if by == "admin1":
        return wh.df("timeseries_by_admin1", bucket=bucket, top=top, **f.params())
    raise ValueError(f"by: expected category or admin1, got {by!r}")


def admin1_totals(wh: Warehouse, f: IncidentFilter) -> pd.DataFrame:
    """Every admin-1 region of ``f.iso3`` with its totals (zero where nothing happened)."""
    return wh.df("admin1_totals", **f.params())


def incident_points(wh: Warehouse, f: IncidentFilter, cap: int = 3_000) -> pd.DataFrame:
    """The deadliest incidents of the window, at most ``cap``, to draw as points."""
    return wh.df("incident_points", cap=cap, **f.params())


def top_actors(wh: Warehouse, f: IncidentFilter, role: str, top: int = 10) -> pd.DataFrame:
    """The most frequent perpetrators or targets: actor, incidents, fatalities."""
    if role not in ROLES:
        raise ValueError(f"role: expected perpetrator or target, got {role!r}")
    return wh.df(ROLES[role], top=top, **f.params())


def incident_count(wh: Warehouse, f: IncidentFilter) -> int:
    """How many incidents match."""
    return wh.arrow("incident_count", **f.params()).column("n")[0].as_py()


def incident_rows(wh: Warehouse, f: IncidentFilter, sort_by: str = "event_date",
                  descending: bool = True, page: int = 0, page_size: int = 25) -> pd.DataFrame:
    """One page of the matching incidents, sorted by an allow-listed column."""
    if sort_by not in SORTABLE:
        raise ValueError(f"sort: expected one of {', '.join(SORTABLE)}, got {sort_by!r}")
    if page < 0 or not 1 <= page_size <= 500:
        raise ValueError("page must be >= 0 and page_size between 1 and 500")
    return wh.df("incident_rows", order_by=(sort_by, descending), limit=page_size,
                 offset=page * page_size, **f.params())


def incidents_csv(wh: Warehouse, f: IncidentFilter, sort_by: str = "event_date",
                  descending: bool = True) -> Iterator[bytes]:
    """Exactly the matching incidents as CSV (UTF-8, a header row first), in pieces of
    about 50,000 rows, however many there are."""
    if sort_by not in SORTABLE:
        raise ValueError(f"sort: expected one of {', '.join(SORTABLE)}, got {sort_by!r}")
    header = True
    for batch in wh.stream("incident_export", order_by=(sort_by, descending), **f.params()):
        out = io.BytesIO()
        pacsv.write_csv(neutralised(batch), out, pacsv.WriteOptions(include_header=header))
        header = False
        yield out.getvalue()
    if header:   # no rows: still a header, so the file says what it would hold
        yield (",".join(EXPORT_COLUMNS) + "\n").encode()


def neutralised(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` with every text cell that a spreadsheet would run as a formula (starting
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) prefixed with ``'``."""
    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.fill_null(pc.match_substring_regex(column, _FORMULA_START), False)
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def country_name(wh: Warehouse, iso3: str) -> str | None:
    """The country's name, or None when the code is not a country we know."""
    names = wh.arrow("country_name", iso3=iso3).column("name").to_pylist()
    return names[0] if names else None


def window_sources(wh: Warehouse, f: IncidentFilter) -> list[str]:
    """The sources of the matching incidents, the largest contributor first."""
    return wh.arrow("window_sources", **f.params()).column("source").to_pylist()


def source_holdings(wh: Warehouse) -> dict[str, dict]:
    """Per source: incidents, countries, first and last event date, last import (UTC)."""
    rows = wh.cached("holdings_by_source").to_pylist()
    return {row["source"]: row for row in rows}
