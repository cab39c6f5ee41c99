"""What every part of the demo shares: its source, its period, the note on every batch, and
how a part is written as one demo batch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from queries.importing.batches import ImportSummary, finish_batch, start_batch
from queries.statements import execute_with_rows, named_sql

DEMO_SOURCE = "demo"
FIRST_DAY = np.datetime64("2018-01-01", "D")
LAST_DAY = np.datetime64("2026-10-31", "D")
TRAINING_YEARS = (2019, 2026)
CHUNK_ROWS = 1_000_000
PLACES_PER_REGION = 24
SYNTHETIC_NOTE = "synthetic demo data: not real events, places, actors or values"


def record_batch(
    con: duckdb.DuckDBPyConnection,
    name: str,
    write: Callable[[int], int],
    notes: tuple[str, ...] = (),
) -> int:
    """Run ``write(batch_id)`` as one demo batch and record how many rows it wrote."""
    batch_id = start_batch(con, "demo", Path(name), None)
    rows = write(batch_id)
    finish_batch(
        con,
        ImportSummary(
            batch_id=batch_id,
            format="demo",
            file_name=name,
            read=rows,
            loaded=rows,
            updated=0,
            unchanged=0,
            rejected=0,
            notes=(SYNTHETIC_NOTE, *notes),
        ),
    )
    return rows


def insert_arrow(con: duckdb.DuckDBPyConnection, query: str, table: pa.Table, params: dict) -> None:
    """Run the named query ``query``, which reads ``table`` as ``_rows``."""
    execute_with_rows(con, named_sql(query), table, params)
