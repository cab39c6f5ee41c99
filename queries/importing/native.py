"""Our native incidents CSV: one row per event, columns named as in ``incidents``.

The layout is documented column by column in ``docs/import-formats.md``. Columns may come
in any order; only ``source_id, event_date, latitude, longitude, category`` are required.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.reference import is_iso3
from queries.importing import fields as f
from queries.importing.incidents import IncidentFormat
from queries.importing.reader import Chunk, named_columns
from queries.vocabulary import categories

REQUIRED = ("source_id", "event_date", "latitude", "longitude", "category")
OPTIONAL = ("source", "event_date_end", "date_precision", "iso3", "location", "admin1_name",
            "geo_precision", "source_type", "source_sub_type", "perpetrator", "target",
            "fatalities", "civilian_fatalities", "description", "sensitivity")
COLUMNS = REQUIRED + OPTIONAL
DEFAULT_SOURCE = "csv"
SOURCE_PATTERN = r"[a-z][a-z0-9_]{0,31}"
SENSITIVITIES = ("public", "restricted")


_header = named_columns(REQUIRED, COLUMNS)


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    ids = f.stripped(col("source_id"), n)
    problems.flag(ids == "", "source_id", "the event's id in its source", ids)
    start = f.date(col("event_date"), n, "event_date", problems, required=True)
    end = f.date(col("event_date_end"), n, "event_date_end", problems, required=False)
    problems.flag(end < start, "event_date_end", "a date no earlier than event_date",
                  f.stripped(col("event_date_end"), n))
    fatalities = f.number(col("fatalities"), n, "fatalities", problems, required=False, lo=0,
                          integer=True)
    civilians = f.number(col("civilian_fatalities"), n, "civilian_fatalities", problems,
                         required=False, lo=0, integer=True)
    problems.flag(civilians > fatalities, "civilian_fatalities", "no more than fatalities",
                  f.stripped(col("civilian_fatalities"), n))
    location = f.text_or_none(col("location"), n)
    return {
        "source": source_names(col("source"), n, "source", problems, DEFAULT_SOURCE),
        "source_id": ids,
        "event_date": start,
        "event_date_end": end,
        "date_precision": f.number(col("date_precision"), n, "date_precision", problems,
                                   required=False, lo=1, hi=5, integer=True),
        "iso3": iso3_codes(col("iso3"), n, "iso3", problems),
        "location": np.where(location == None,  # noqa: E711
                             f.text_or_none(col("admin1_name"), n), location),
        "lat": f.number(col("latitude"), n, "latitude", problems, required=True, lo=-90, hi=90),
        "lon": f.number(col("longitude"), n, "longitude", problems, required=True,
                        lo=-180, hi=180),
        "geo_precision": f.number(col("geo_precision"), n, "geo_precision", problems,
                                  required=False, lo=1, hi=7, integer=True),
        "category": f.choice(col("category"), n, "category", problems, categories()),
        "source_type": f.text_or_none(col("source_type"), n),
        "source_sub_type": f.text_or_none(col("source_sub_type"), n),
        "perpetrator": f.free_text(col("perpetrator"), n),
        "target": f.free_text(col("target"), n),
        "fatalities": fatalities,
        "civilian_fatalities": civilians,
        "description": f.free_text(col("description"), n),
        "sensitivity": f.choice(col("sensitivity"), n, "sensitivity", problems, SENSITIVITIES,
                                default="public"),
    }


def source_names(values: np.ndarray | None, n: int, column: str, problems: f.RowProblems,
                 default: str) -> np.ndarray:
    """A source name per row (``default`` where empty); anything but a short lowercase
    identifier is flagged."""
    text = pd.Series(f.stripped(values, n), dtype=object).replace("", default)
    bad = ~text.str.fullmatch(SOURCE_PATTERN).to_numpy(dtype=bool)
    problems.flag(bad, column, "a short lowercase name such as 'csv' or 'my_ngo' (a-z, 0-9, "
                  "_; at most 32 characters)", text.to_numpy(dtype=object))
    return text.to_numpy(dtype=object)


def iso3_codes(values: np.ndarray | None, n: int, column: str, problems: f.RowProblems, *,
               required: bool = False) -> np.ndarray:
    """ISO 3166-1 alpha-3 codes, upper-cased; None where empty; unknown codes (and empty
    ones when ``required``) are flagged."""
    codes = pd.Series(f.stripped(values, n), dtype=object).str.upper().to_numpy(dtype=object)
    known = [code for code in set(codes) if code and is_iso3(code)]
    empty = codes == ""
    bad = (~empty & ~np.isin(codes, known)) | (empty & required)
    problems.flag(bad, column, "an ISO 3166-1 alpha-3 country code", codes)
    return np.where(empty, None, codes)


NATIVE = IncidentFormat(name="incidents", header=_header, parse=_parse)
