"""ACLED export CSV (Armed Conflict Location & Event Data).

Columns may come in any order. Current exports give the country as ISO 3166 numeric
(``iso``) and the actor types as text (``inter1 = 'State forces'``); older ones also have
``iso3`` and numeric actor-type codes. Both are read; the actor types are not stored.
ACLED revises events: ``incident_id`` is ``acled:<event_id_cnty>``, so re-importing a
revised export updates those events in place. ACLED's terms forbid redistributing the
data: we read files the user downloaded under their own licence and never ship any.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from geodata.reference import is_iso3, iso3_from_iso_numeric
from queries.importing import fields as f
from queries.importing.incidents import IncidentFormat
from queries.importing.reader import Chunk, Header, find_header
from queries.vocabulary import map_categories

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
OLD_COLUMNS = ("iso3",)
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%Y")

# ACLED time_precision (1 day, 2 week, 3 month) on UCDP's date_prec scale
# (1 day, 2 within 2-6 days, 3 week, 4 month, 5 year).
DATE_PRECISION = {1: 1, 2: 2, 3: 4}
# ACLED geo_precision (1 the named place, 2 near it / a part of a region, 3 the admin
# region's centroid) on UCDP's where_prec scale (1 exact, 2 within 25 km, 3 second-order
# admin unit, 4 first-order admin unit, 5 ..., 6 country, 7 sea).
GEO_PRECISION = {1: 1, 2: 3, 3: 4}
CIVILIAN_EVENT_TYPE = "violence against civilians"


def _header(records: list[list[str]], path: Path) -> Header:
    return find_header(records, path, REQUIRED, COLUMNS + OLD_COLUMNS,
                       normalise=lambda v: v.strip().lower())


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    ids = f.stripped(col("event_id_cnty"), n)
    problems.flag(ids == "", "event_id_cnty", "the ACLED event id", ids)
    event_type = f.stripped(col("event_type"), n)
    problems.flag(event_type == "", "event_type", "the ACLED event type", event_type)
    sub_type = f.text_or_none(col("sub_event_type"), n)
    targeting = f.text_or_none(col("civilian_targeting"), n)
    fatalities = f.number(col("fatalities"), n, "fatalities", problems, required=False, lo=0,
                          integer=True)
    on_civilians = (targeting != None) | (  # noqa: E711
        np.char.lower(event_type.astype(str)) == CIVILIAN_EVENT_TYPE)
    return {
        "source": np.full(n, "acled", dtype=object),
        "source_id": ids,
        "event_date": f.date(col("event_date"), n, "event_date", problems, required=True,
                             formats=DATE_FORMATS),
        "event_date_end": np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        "date_precision": _scale(col("time_precision"), n, "time_precision", problems,
                                 DATE_PRECISION),
        "iso3": _country(col("iso3"), col("iso"), n),
        "location": f.text_or_none(col("location"), n),
        "lat": f.number(col("latitude"), n, "latitude", problems, required=True, lo=-90, hi=90),
        "lon": f.number(col("longitude"), n, "longitude", problems, required=True,
                        lo=-180, hi=180),
        "geo_precision": _scale(col("geo_precision"), n, "geo_precision", problems,
                                GEO_PRECISION),
        "category": map_categories("acled", event_type, sub_type, targeting),
        "source_type": np.where(event_type == "", None, event_type),
        "source_sub_type": sub_type,
        "perpetrator": f.free_text(col("actor1"), n),
        "target": f.free_text(col("actor2"), n),
        "fatalities": fatalities,
        "civilian_fatalities": np.where(on_civilians, fatalities, np.nan),
        "description": f.free_text(col("notes"), n),
        "sensitivity": np.full(n, "public", dtype=object),
    }


def _scale(values: np.ndarray | None, n: int, column: str, problems: f.RowProblems,
           scale: dict[int, int]) -> np.ndarray:
    """An ACLED precision code (1..3) translated onto UCDP's scale; NaN where empty."""
    codes = f.number(values, n, column, problems, required=False, lo=min(scale),
                     hi=max(scale), integer=True)
    out = np.full(n, np.nan)
    for code, ucdp in scale.items():
        out[codes == code] = ucdp
    return out


def _country(iso3: np.ndarray | None, iso_numeric: np.ndarray | None, n: int) -> np.ndarray:
    """The country ACLED gives: ``iso3`` (older exports) when it is a known code, else the
    ISO numeric ``iso``; None when neither is known (the coordinates decide)."""
    out = np.full(n, None, dtype=object)
    if iso_numeric is not None:
        out = np.asarray(iso3_from_iso_numeric(f.stripped(iso_numeric, n)), dtype=object)
    if iso3 is not None:
        alpha = np.char.upper(f.stripped(iso3, n).astype(str)).astype(object)
        known = [code for code in set(alpha) if is_iso3(code)]
        out = np.where(np.isin(alpha, known), alpha, out)
    return out


ACLED = IncidentFormat(name="acled", header=_header, parse=_parse)
