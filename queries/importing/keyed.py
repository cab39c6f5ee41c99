"""Files of keyed records (indicator values, Framework of Analysis assessments, ...).

A format is one :class:`KeyedFormat` and one named SQL file (``<name>_merge.sql``): a
``MERGE INTO`` the entity's table ``USING stage_<name>`` that inserts new keys, updates
changed records and leaves equal ones alone, ``RETURNING merge_action`` and the key. The
rest is generic: the staging table ``stage_<name>`` is made from the format's fields, a key
repeated in the file is rejected (naming the first row), and every staged row is then
counted by what the merge did to its key: loaded (INSERT), updated (UPDATE) or unchanged
(no action). Like incidents, an import is one batch in one transaction, and every row read
is loaded, updated, unchanged or rejected with its reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from queries.importing import fields as f
from queries.importing.batches import (
    ImportSummary,
    file_sha256,
    finish_batch,
    record_chunk_rejects,
    start_batch,
)
from queries.importing.reader import (
    DEFAULT_CHUNK_ROWS,
    Chunk,
    CsvFile,
    Header,
    MalformedRecords,
)
from queries.statements import execute_with_rows, named_sql, transaction

# The DuckDB column type each staged Arrow type becomes (the staging table is spelled out
# rather than made with CREATE ... AS SELECT ... LIMIT 0: in DuckDB 2.0, a table made that way
# inside a transaction loses the rows of a first INSERT of 122,880 rows or more from Arrow).
_COLUMN_TYPES = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.float64(): "DOUBLE",
                 pa.int8(): "TINYINT", pa.int32(): "INTEGER", pa.int64(): "BIGINT"}
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class KeyedFormat:
    """A layout of keyed-record files: how to find the header and parse rows, the Arrow
    type each parsed field is staged as, the columns of its key (one record per key), the
    named SQL that merges the staged records (see the module's docstring), what a
    repeated key is called in a note and the reason that rejects it, and the notes on what
    loaded rows refer to that is unknown."""

    name: str
    header: Callable[[list[list[str]], Path], Header]
    parse: Callable[[Chunk, f.RowProblems], dict[str, np.ndarray]]
    fields: dict[str, pa.DataType]
    key: tuple[str, ...]
    merge: str
    repeated: str
    repeat_reason: Callable[[dict], str]
    reference_notes: Callable[[duckdb.DuckDBPyConnection], list[str]] = lambda _con: []

    def __post_init__(self) -> None:
        names = [self.name, *self.fields, *self.key]
        bad = [name for name in names if not _IDENTIFIER.match(name)]
        if bad or not set(self.key) <= set(self.fields):
            raise ValueError(f"{self.name}: not a plain identifier or not a field: {bad}")

    @property
    def stage(self) -> str:
        """The staging table's name."""
        return f"stage_{self.name}"


def import_keyed(con: duckdb.DuckDBPyConnection, fmt: KeyedFormat, path: Path,
                 chunk_rows: int = DEFAULT_CHUNK_ROWS) -> ImportSummary:
    """Import one file as one batch, in one transaction.

    Raises ``ImportFileError`` (and writes nothing) when the file cannot be processed.
    """
    csv_file = CsvFile(path)
    header = fmt.header(csv_file.first_records(), csv_file.path)
    sha256 = file_sha256(csv_file.path)
    try:
        return _import(con, fmt, csv_file, header, sha256, chunk_rows, careful=False)
    except MalformedRecords:
        return _import(con, fmt, csv_file, header, sha256, chunk_rows, careful=True)


def _import(con, fmt: KeyedFormat, csv_file: CsvFile, header: Header, sha256: str,
            chunk_rows: int, careful: bool) -> ImportSummary:
    with transaction(con):
        batch_id = start_batch(con, fmt.name, csv_file.path, sha256)
        _create_stage(con, fmt)
        read = rejected = 0
        for chunk in csv_file.chunks(header, chunk_rows, careful=careful):
            read += len(chunk) + len(chunk.malformed)
            rejected += _stage_chunk(con, fmt, chunk, batch_id)
        summary = _merge(con, fmt, csv_file.path, header, batch_id, read, rejected)
        finish_batch(con, summary)
        con.execute(f"DROP TABLE {fmt.stage}")
    return summary


def _create_stage(con, fmt: KeyedFormat) -> None:
    """The temp table ``stage_<name>``: the format's fields and each record's number."""
    columns = [f"{name} {_COLUMN_TYPES[kind]}" for name, kind in fmt.fields.items()]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {fmt.stage} "
                f"({', '.join([*columns, 'row_number BIGINT'])})")


def _stage_chunk(con, fmt: KeyedFormat, chunk: Chunk, batch_id: int) -> int:
    """Parse one chunk; reject bad rows, stage the good ones. Returns rows rejected."""
    problems = f.RowProblems(len(chunk))
    parsed = fmt.parse(chunk, problems)
    bad = problems.rejected()
    rejected = record_chunk_rejects(con, batch_id, chunk, problems, bad)
    keep = ~bad
    if keep.any():
        columns = {name: pa.array(parsed[name][keep], type=kind, from_pandas=True)
                   for name, kind in fmt.fields.items()}
        columns["row_number"] = pa.array(chunk.row_numbers[keep], type=pa.int64())
        execute_with_rows(con, f"INSERT INTO {fmt.stage} BY NAME SELECT * FROM _rows",  # noqa: S608 (identifiers checked)
                          pa.table(columns))
    return rejected


def _merge(con, fmt: KeyedFormat, path: Path, header: Header, batch_id: int, read: int,
           rejected: int) -> ImportSummary:
    """Reject in-file duplicates, then merge the staged records and count what happened
    to each."""
    duplicates = _reject_repeats(con, fmt, batch_id)
    merged = con.execute(named_sql(fmt.merge), {"batch_id": batch_id}).df()
    counts = _count_actions(con, fmt, merged)
    notes = list(header.notes)
    if duplicates:
        notes.append(f"{duplicates:,} row(s) repeat {fmt.repeated} read earlier in the file")
    notes += fmt.reference_notes(con)
    return ImportSummary(batch_id=batch_id, format=fmt.name, file_name=path.name, read=read,
                         **counts, rejected=rejected + duplicates, notes=tuple(notes))


def _reject_repeats(con, fmt: KeyedFormat, batch_id: int) -> int:
    """Reject (and unstage) every record whose key was read earlier in the file, naming the
    first; returns how many."""
    key = ", ".join(fmt.key)
    cur = con.execute(
        f"SELECT row_number, first_row, to_json(s)::VARCHAR AS raw, {key} "  # noqa: S608 (identifiers checked)
        f"FROM (SELECT *, min(row_number) OVER (PARTITION BY {key}) AS first_row "
        f"FROM {fmt.stage}) AS s WHERE row_number > first_row ORDER BY row_number"
    )
    names = [column[0] for column in cur.description]
    repeats = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    if not repeats:
        return 0
    con.executemany("INSERT INTO rejected_rows VALUES (?, ?, ?, ?)",
                    [[batch_id, r["row_number"], r["raw"],
                      [f"{fmt.repeat_reason(r)} (first at row {r['first_row']})"]]
                     for r in repeats])
    con.execute(f"DELETE FROM {fmt.stage} WHERE row_number IN "  # noqa: S608 (identifiers checked)
                "(SELECT unnest($rows))", {"rows": [r["row_number"] for r in repeats]})
    return len(repeats)


def _count_actions(con, fmt: KeyedFormat, merged: pd.DataFrame) -> dict[str, int]:
    """Loaded, updated and unchanged: every staged record counted once, by the action the
    merge took on its key (none: unchanged)."""
    missing = {"merge_action", *fmt.key} - set(merged.columns)
    if missing:
        raise ValueError(f"{fmt.merge}.sql must return {', '.join(sorted(missing))}")
    joined = " AND ".join(f"s.{name} IS NOT DISTINCT FROM m.{name}" for name in fmt.key)
    con.register("merged_keys", merged[["merge_action", *fmt.key]])
    cur = con.execute(
        "SELECT count(*) FILTER (WHERE m.merge_action = 'INSERT') AS loaded, "  # noqa: S608 (identifiers checked)
        "count(*) FILTER (WHERE m.merge_action = 'UPDATE') AS updated, "
        "count(*) FILTER (WHERE m.merge_action IS NULL) AS unchanged "
        f"FROM {fmt.stage} AS s "
        f"LEFT JOIN (SELECT DISTINCT * FROM merged_keys) AS m ON {joined}")
    counts = dict(zip(("loaded", "updated", "unchanged"), cur.fetchall()[0], strict=True))
    con.unregister("merged_keys")
    return counts
