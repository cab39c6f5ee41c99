"""Indicator values in long form: one row per country (or admin-1 region), indicator and
period.

Columns ``iso3, year or date, indicator, value``, optionally ``admin1_code`` and ``source``
(default ``user``). Like incidents, an import is one batch in one transaction, and every
row read is loaded, updated, unchanged or rejected with its reasons. A value is keyed by
(iso3, admin1_code, indicator, period, source): re-importing a revised file updates the
values that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from queries.db import execute_with_rows, named_sql, transaction
from queries.errors import ImportFileError
from queries.importing import fields as f
from queries.importing.batches import (
    ImportSummary,
    file_sha256,
    finish_batch,
    record_chunk_rejects,
    start_batch,
)
from queries.importing.native import iso3_codes, source_names
from queries.importing.reader import (
    DEFAULT_CHUNK_ROWS,
    Chunk,
    CsvFile,
    Header,
    MalformedRecords,
    find_header,
)

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


@dataclass(frozen=True)
class IndicatorFormat:
    """A layout of indicator files: how to find its header and parse its rows."""

    name: str
    header: Callable[[list[list[str]], Path], Header]
    parse: Callable[[Chunk, f.RowProblems], dict[str, np.ndarray]]


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


INDICATORS = IndicatorFormat(name="indicators", header=_header, parse=_parse)


def import_indicators(con: duckdb.DuckDBPyConnection, fmt: IndicatorFormat, path: Path,
                      chunk_rows: int = DEFAULT_CHUNK_ROWS) -> ImportSummary:
    """Import one indicator file as one batch, in one transaction.

    Raises ``ImportFileError`` (and writes nothing) when the file cannot be processed.
    """
    csv_file = CsvFile(path)
    header = fmt.header(csv_file.first_records(), csv_file.path)
    sha256 = file_sha256(csv_file.path)
    try:
        return _import(con, fmt, csv_file, header, sha256, chunk_rows, careful=False)
    except MalformedRecords:
        return _import(con, fmt, csv_file, header, sha256, chunk_rows, careful=True)


def _import(con, fmt: IndicatorFormat, csv_file: CsvFile, header: Header, sha256: str,
            chunk_rows: int, careful: bool) -> ImportSummary:
    with transaction(con):
        batch_id = start_batch(con, fmt.name, csv_file.path, sha256)
        con.execute(named_sql("indicators_stage_create"))
        read = rejected = 0
        for chunk in csv_file.chunks(header, chunk_rows, careful=careful):
            read += len(chunk) + len(chunk.malformed)
            rejected += _stage_chunk(con, fmt, chunk, batch_id)
        summary = _merge(con, fmt, csv_file.path, header, batch_id, read, rejected)
        finish_batch(con, summary)
        con.execute("DROP TABLE stage_indicators")
        con.execute("DROP TABLE stage_indicator_status")
    return summary


def _stage_chunk(con, fmt: IndicatorFormat, chunk: Chunk, batch_id: int) -> int:
    """Parse one chunk; reject bad rows, stage the good ones. Returns rows rejected."""
    problems = f.RowProblems(len(chunk))
    parsed = fmt.parse(chunk, problems)
    bad = problems.rejected()
    rejected = record_chunk_rejects(con, batch_id, chunk, problems, bad)
    keep = ~bad
    if keep.any():
        columns = {name: pa.array(parsed[name][keep], type=kind, from_pandas=True)
                   for name, kind in PARSED_FIELDS.items()}
        columns["row_number"] = pa.array(chunk.row_numbers[keep], type=pa.int64())
        execute_with_rows(con, "INSERT INTO stage_indicators BY NAME SELECT * FROM _rows",
                          pa.table(columns))
    return rejected


def _merge(con, fmt: IndicatorFormat, path: Path, header: Header, batch_id: int, read: int,
           rejected: int) -> ImportSummary:
    """Reject in-file duplicates, then insert new values and update changed ones."""
    before = _count_rejects(con, batch_id)
    con.execute(named_sql("indicators_reject_duplicates"), {"batch_id": batch_id})
    duplicates = _count_rejects(con, batch_id) - before
    if duplicates:
        con.execute(named_sql("indicators_drop_duplicates"))
    con.execute(named_sql("indicators_classify"))
    loaded, updated, unchanged = con.execute(named_sql("indicators_count_status")).fetchone()
    if updated:
        con.execute(named_sql("indicators_update_changed"), {"batch_id": batch_id})
    if loaded:
        con.execute(named_sql("indicators_insert_new"), {"batch_id": batch_id})
    notes = list(header.notes)
    if duplicates:
        notes.append(f"{duplicates:,} row(s) repeat a value read earlier in the file")
    notes += _reference_notes(con)
    return ImportSummary(batch_id=batch_id, format=fmt.name, file_name=path.name, read=read,
                         loaded=loaded, updated=updated, unchanged=unchanged,
                         rejected=rejected + duplicates, notes=tuple(notes))


def _count_rejects(con, batch_id: int) -> int:
    return con.execute("SELECT count(*) FROM rejected_rows WHERE batch_id = ?",
                       [batch_id]).fetchone()[0]


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
    outside = con.execute(named_sql("indicators_outside_bounds")).fetchone()[0]
    if outside:
        notes.append(f"{outside:,} value(s) outside their indicator's catalogue bounds")
    return notes


def _listed(values: list[str]) -> str:
    shown = ", ".join(values[:_SHOWN_CODES])
    return shown + (f", ... ({len(values) - _SHOWN_CODES:,} more)"
                    if len(values) > _SHOWN_CODES else "")
