"""Import batches and rejected rows: the record of what every import read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from queries.errors import WarehouseError
from queries.statements import execute_with_rows, named_sql


class ImportAccountingError(WarehouseError):
    """An import's counts do not add up: rows went missing between reading and writing.

    Raised before the batch is recorded, so the import's transaction is rolled back.
    """


@dataclass(frozen=True)
class ImportSummary:
    """What one import did: loaded + updated + unchanged + rejected = read."""

    batch_id: int
    format: str
    file_name: str
    read: int
    loaded: int
    updated: int
    unchanged: int
    rejected: int
    notes: tuple[str, ...] = ()

    def check(self) -> None:
        """Raise :class:`ImportAccountingError` unless every row read is accounted for."""
        accounted = self.loaded + self.updated + self.unchanged + self.rejected
        if accounted != self.read:
            raise ImportAccountingError(
                f"{self.file_name}: import rolled back, rows do not add up: read "
                f"{self.read:,} but loaded {self.loaded:,} + updated {self.updated:,} + "
                f"unchanged {self.unchanged:,} + rejected {self.rejected:,} = "
                f"{accounted:,}; nothing was written")

    def lines(self) -> list[str]:
        """A human summary, one fact a line."""
        out = [
            f"Imported {self.file_name} as {self.format} (batch {self.batch_id})",
            f"  read       {self.read:>12,}",
            f"  loaded     {self.loaded:>12,}",
            f"  updated    {self.updated:>12,}",
            f"  unchanged  {self.unchanged:>12,}",
            f"  rejected   {self.rejected:>12,}",
        ]
        out += [f"  note: {note}" for note in self.notes]
        if self.rejected:
            out.append(f"  rejected rows: atrisk rejects {self.batch_id} "
                       f"(table rejected_rows, batch_id {self.batch_id})")
        return out


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def utc_now() -> datetime:
    """Now, in UTC without a zone: how the warehouse stores times. (DuckDB's ``now()``
    is the transaction's start, the same for every statement of an import.)"""
    return datetime.now(UTC).replace(tzinfo=None)


def start_batch(con: duckdb.DuckDBPyConnection, fmt: str, path: Path | None,
                sha256: str | None) -> int:
    """Record a new batch; returns its id."""
    return con.execute(named_sql("batch_start"), {
        "format": fmt, "file_name": None if path is None else Path(path).name,
        "file_sha256": sha256, "started_at": utc_now()}).fetchone()[0]


def finish_batch(con: duckdb.DuckDBPyConnection, summary: ImportSummary) -> None:
    """Store the batch's counts and notes, once :meth:`ImportSummary.check` passes."""
    summary.check()
    con.execute(named_sql("batch_finish"), {
        "batch_id": summary.batch_id, "read": summary.read, "loaded": summary.loaded,
        "updated": summary.updated, "unchanged": summary.unchanged,
        "rejected": summary.rejected, "notes": list(summary.notes),
        "finished_at": utc_now()})


def record_rejects(con: duckdb.DuckDBPyConnection, batch_id: int, row_numbers: list[int],
                   raws: list[str], reasons: list[list[str]]) -> int:
    """Insert rejected rows; returns how many."""
    if not row_numbers:
        return 0
    table = pa.table({
        "batch_id": pa.array([batch_id] * len(row_numbers), type=pa.int32()),
        "row_number": pa.array(row_numbers, type=pa.int64()),
        "raw": pa.array(raws, type=pa.string()),
        "reasons": pa.array(reasons, type=pa.list_(pa.string())),
    })
    execute_with_rows(con, "INSERT INTO rejected_rows BY NAME SELECT * FROM _rows", table)
    return len(row_numbers)


def rejected_rows(con: duckdb.DuckDBPyConnection, batch_id: int,
                  limit: int) -> list[tuple[int, str, list[str]]]:
    """The first ``limit`` rejected rows of a batch: (row number, raw record, reasons)."""
    return con.execute(named_sql("batch_rejected_rows"),
                       {"batch_id": batch_id, "limit": limit}).fetchall()


def record_chunk_rejects(con: duckdb.DuckDBPyConnection, batch_id: int, chunk,
                         problems, bad: np.ndarray) -> int:
    """Record a chunk's rejected rows: those ``bad`` (with ``problems``' reasons) and its
    malformed records. Returns how many."""
    positions = np.flatnonzero(bad)
    malformed = chunk.malformed
    return record_rejects(
        con, batch_id,
        [int(r) for r in chunk.row_numbers[positions]] + [m[0] for m in malformed],
        chunk.raw_records(positions) + [m[1] for m in malformed],
        problems.reasons(positions) + [[f"record: {m[2]}"] for m in malformed],
    )
