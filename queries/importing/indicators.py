"""Indicator values in long form: one row per country (or admin-1 region), indicator and
period.

Columns ``iso3, year or date, indicator, value``, optionally ``admin1_code`` and ``source``
(default ``user``), imported by :mod:`queries.importing.keyed`. A value is keyed by
(iso3, admin1_code, indicator, period, source): re-importing a revised file updates the
values that changed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from queries.errors import ImportFileError
from queries.importing import fields as f
from queries.importing.keyed import KeyedFormat
from queries.importing.native import iso3_codes, source_names
from queries.importing.reader import Chunk, Header, find_header
from queries.statements import named_sql

REQUIRED = ("iso3", "indicator", "value")
PERIOD_COLUMNS = ("year", "date")
COLUMNS = ("iso3", "admin1_code", "year", "date", "indicator", "value", "source")
DEFAULT_SOURCE = "user"
_SHOWN_CODES = 10

# What the parser returns, and the Arrow type each field is staged as.
PARSED_FIELDS: dict[str, pa.DataType] = {
    "iso3": pa.string(),
    "admin1_code": pa.string(),
    "indicator_code": pa.string(),
    "period": pa.date32(),
    "value": pa.float64(),
    "source": pa.string(),
}


def _header(records: list[list[str]], path: Path) -> Header:
    header = find_header(records, path, REQUIRED, COLUMNS, normalise=lambda v: v.strip().lower())
    if all(header.index(c) is None for c in PERIOD_COLUMNS):
        found = [v.strip() for v in records[0]]
        raise ImportFileError(
            f"{path}: required column missing: year or date "
            f"(found: {', '.join(found[:12])}{', ...' if len(found) > 12 else ''})")
    return header


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    indicator = f.stripped(col("indicator"), n)
    problems.flag(indicator == "", "indicator", "an indicator code", indicator)
    value = f.number(col("value"), n, "value", problems, required=True)
    infinite = np.isinf(value)
    problems.flag(infinite, "value", "a finite number", f.stripped(col("value"), n))
    value[infinite] = np.nan
    return {
        "iso3": iso3_codes(col("iso3"), n, "iso3", problems, required=True),
        "admin1_code": f.text_or_none(col("admin1_code"), n),
        "indicator_code": indicator,
        "period": _period(chunk, n, problems),
        "value": value,
        "source": source_names(col("source"), n, "source", problems, DEFAULT_SOURCE),
    }


def _period(chunk: Chunk, n: int, problems: f.RowProblems) -> np.ndarray:
    """1 January of ``year``, or ``date``; a row with both must agree on the year."""
    has_year = chunk.header.index("year") is not None
    has_date = chunk.header.index("date") is not None
    years = f.number(chunk.column("year"), n, "year", problems, required=not has_date,
                     lo=1900, hi=2100, integer=True)
    dates = f.date(chunk.column("date"), n, "date", problems, required=not has_year)
    from_year = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    given = ~np.isnan(years)
    from_year[given] = (years[given].astype(np.int64) - 1970).astype("datetime64[Y]")
    if has_year and has_date:
        year_text = f.stripped(chunk.column("year"), n)
        date_text = f.stripped(chunk.column("date"), n)
        problems.flag((year_text == "") & (date_text == ""), "year or date",
                      "a year (YYYY) or a date (YYYY-MM-DD)")
        problems.flag(given & ~np.isnat(dates) & (dates.astype("datetime64[Y]") !=
                                                  from_year.astype("datetime64[Y]")),
                      "date", "a date in the row's year", date_text)
    return np.where(np.isnat(dates), from_year, dates)


def _reference_notes(con) -> list[str]:
    """What the loaded values refer to that the warehouse does not know (loaded anyway)."""
    notes = []
    codes = [r[0] for r in con.execute(named_sql("indicators_codes_not_in_catalog")).fetchall()]
    if codes:
        notes.append(f"{len(codes):,} indicator code{'s' if len(codes) > 1 else ''} not in "
                     f"the catalogue: {_listed(codes)}")
    regions = [r[0] for r in con.execute(named_sql("indicators_admin1_not_in_country")).fetchall()]
    if regions:
        notes.append(f"{len(regions):,} admin1_code value(s) not among their country's regions "
                     f"in the admin1 table (they will not show on a map): {_listed(regions)}")
    outside = con.execute(named_sql("indicators_outside_bounds")).fetchall()[0][0]
    if outside:
        notes.append(f"{outside:,} value(s) outside their indicator's catalogue bounds")
    return notes


def _listed(values: list[str]) -> str:
    shown = ", ".join(values[:_SHOWN_CODES])
    return shown + (f", ... ({len(values) - _SHOWN_CODES:,} more)"
                    if len(values) > _SHOWN_CODES else "")


def _repeat_reason(row: dict) -> str:
    admin1 = row["admin1_code"] or "(no admin1_code)"
    return ("indicator: expected one value per iso3, admin1_code, indicator, period and source, "
            f"got another for {row['iso3']}, {admin1}, '{row['indicator_code']}', "
            f"{row['period']}, {row['source']}")


INDICATORS = KeyedFormat(name="indicators", header=_header, parse=_parse, fields=PARSED_FIELDS,
                         key=("iso3", "admin1_code", "indicator_code", "period", "source"),
                         merge="indicators_merge",
                         repeated="a value", repeat_reason=_repeat_reason,
                         reference_notes=_reference_notes)
