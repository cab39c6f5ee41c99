"""Files of keyed records (indicator values, Framework of Analysis assessments, ...).

Each format names its SQL by a prefix: ``<prefix>_stage_create`` makes the temp table
``stage_<prefix>``, ``<prefix>_stage_insert`` fills it from a chunk's good rows,
``<prefix>_reject_duplicates`` / ``_drop_duplicates`` reject a key repeated in the file,
``<prefix>_classify`` marks every staged row new, same or changed in
``stage_<prefix>_status`` (counted by ``_count_status``), ``_update_changed`` and
``_insert_new`` merge, and ``_stage_drop`` cleans up. Like incidents, an import is one
batch in one transaction, and every row read is loaded, updated, unchanged or rejected
with its reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from queries.db import execute_with_rows, named_sql, transaction
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


@dataclass(frozen=True)
class KeyedFormat:
    """A layout of keyed-record files: how to find the header and parse rows, the Arrow
    type each parsed field is staged as, the prefix of its named SQL, what a repeated key
    is called in a note, and the notes on what loaded rows refer to that is unknown."""

    name: str
    header: Callable[[list[list[str]], Path], Header]
    parse: Callable[[Chunk, f.RowProblems], dict[str, np.ndarray]]
    fields: dict[str, pa.DataType]
    sql: str
    repeated: str
    reference_notes: Callable[[duckdb.DuckDBPyConnection], list[str]] = lambda _con: []


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


def _sql(fmt: KeyedFormat, step: str) -> str:
    return named_sql(f"{fmt.sql}_{step}")


def _import(con, fmt: KeyedFormat, csv_file: CsvFile, header: Header, sha256: str,
            chunk_rows: int, careful: bool) -> ImportSummary:
    with transaction(con):
        batch_id = start_batch(con, fmt.name, csv_file.path, sha256)
        con.execute(_sql(fmt, "stage_create"))
        read = rejected = 0
        for chunk in csv_file.chunks(header, chunk_rows, careful=careful):
            read += len(chunk) + len(chunk.malformed)
            rejected += _stage_chunk(con, fmt, chunk, batch_id)
        summary = _merge(con, fmt, csv_file.path, header, batch_id, read, rejected)
        finish_batch(con, summary)
        con.execute(_sql(fmt, "stage_drop"))
    return summary


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
        execute_with_rows(con, _sql(fmt, "stage_insert"), pa.table(columns))
    return rejected


def _merge(con, fmt: KeyedFormat, path: Path, header: Header, batch_id: int, read: int,
           rejected: int) -> ImportSummary:
    """Reject in-file duplicates, then insert new records and update changed ones."""
    before = _count_rejects(con, batch_id)
    con.execute(_sql(fmt, "reject_duplicates"), {"batch_id": batch_id})
    duplicates = _count_rejects(con, batch_id) - before
    if duplicates:
        con.execute(_sql(fmt, "drop_duplicates"))
    con.execute(_sql(fmt, "classify"))
    loaded, updated, unchanged = con.execute(_sql(fmt, "count_status")).fetchall()[0]
    if updated:
        con.execute(_sql(fmt, "update_changed"), {"batch_id": batch_id})
    if loaded:
        con.execute(_sql(fmt, "insert_new"), {"batch_id": batch_id})
    notes = list(header.notes)
    if duplicates:
        notes.append(f"{duplicates:,} row(s) repeat {fmt.repeated} read earlier in the file")
    notes += fmt.reference_notes(con)
    return ImportSummary(batch_id=batch_id, format=fmt.name, file_name=path.name, read=read,
                         loaded=loaded, updated=updated, unchanged=unchanged,
                         rejected=rejected + duplicates, notes=tuple(notes))


def _count_rejects(con, batch_id: int) -> int:
    return con.execute("SELECT count(*) FROM rejected_rows WHERE batch_id = ?",
                       [batch_id]).fetchall()[0][0]
