"""The pipeline every incident format goes through.

A format (UCDP, ACLED, HXL, our native CSV) only finds its header and parses a chunk of
text columns into the fields below, flagging bad rows. This module does the rest, the
same for all: places points in countries and admin-1 regions, stages the rows, rejects
duplicates, and merges into ``incidents`` as new, changed or unchanged, all in one
transaction: an import that fails midway leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geodata.assign import PointAssigner
from geodata.priogrid import priogrid_gid
from queries.boundaries import assigner_for
from queries.importing.batches import (
    ImportSummary,
    file_sha256,
    finish_batch,
    record_chunk_rejects,
    start_batch,
)
from queries.importing.fields import RowProblems
from queries.importing.reader import (
    DEFAULT_CHUNK_ROWS,
    Chunk,
    CsvFile,
    Header,
    MalformedRecords,
)
from queries.statements import execute_with_rows, named_sql, transaction

# What a format's parser returns, and the Arrow type each field is staged as.
PARSED_FIELDS: dict[str, pa.DataType] = {
    "source": pa.string(),
    "source_id": pa.string(),
    "event_date": pa.date32(),
    "event_date_end": pa.date32(),
    "date_precision": pa.int8(),
    "iso3": pa.string(),               # the source's own country, or None
    "location": pa.string(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "geo_precision": pa.int8(),        # UCDP where_prec scale
    "category": pa.string(),
    "source_type": pa.string(),
    "source_sub_type": pa.string(),
    "perpetrator": pa.string(),
    "target": pa.string(),
    "fatalities": pa.int32(),
    "civilian_fatalities": pa.int32(),
    "description": pa.string(),
    "sensitivity": pa.string(),
}

_GEO_NOTES = {
    "offshore": "{n:,} row(s) lie just outside every boundary; placed in the nearest "
                "country/region within tolerance (geo_check = 'offshore')",
    "disagrees": "{n:,} row(s) have coordinates outside the country the source gives; the "
                 "source's country was kept (geo_check = 'disagrees', geo_iso3 = the "
                 "geometry's)",
    "unlocated": "{n:,} row(s) have coordinates in no country (geo_check = 'unlocated')",
}


@dataclass(frozen=True)
class IncidentFormat:
    """One source's file layout: how to find its header and parse its rows."""

    name: str
    header: Callable[[list[list[str]], Path], Header]
    parse: Callable[[Chunk, RowProblems], dict[str, np.ndarray]]


def import_incidents(con: duckdb.DuckDBPyConnection, fmt: IncidentFormat, path: Path,
                     assigner: PointAssigner | None = None,
                     chunk_rows: int = DEFAULT_CHUNK_ROWS) -> ImportSummary:
    """Import one incident file as one batch, in one transaction.

    Raises ``ImportFileError`` (and writes nothing) when the file cannot be processed.
    """
    csv_file = CsvFile(path)
    header = fmt.header(csv_file.first_records(), csv_file.path)
    # Reading and parsing need no assigner: they start while it is built.
    ahead = _ParsedAhead(fmt, csv_file.chunks(header, chunk_rows))
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256") as pool:
            digest = pool.submit(file_sha256, csv_file.path)  # hashlib lets go of the GIL
            assigner = assigner or assigner_for(con)
            sha256 = digest.result()
        return _import(con, fmt, csv_file, header, sha256, assigner, ahead)
    except MalformedRecords:
        pass
    finally:
        ahead.close()
    careful = _ParsedAhead(fmt, csv_file.chunks(header, chunk_rows, careful=True))
    try:
        return _import(con, fmt, csv_file, header, sha256, assigner, careful)
    finally:
        careful.close()


class _ParsedAhead:
    """Chunks read and parsed in a background thread, one ahead of the caller.

    Arrow reads and most of the parsing run without holding the GIL, so this overlaps
    with the caller's work (building the assigner, staging the chunk before). Yields
    ``(chunk, problems, fields)``; an error comes out where its chunk would have. (More
    than one ahead was measured: no faster on two cores, and more memory.)
    """

    def __init__(self, fmt: IncidentFormat, chunks: Iterator[Chunk]) -> None:
        self._fmt = fmt
        self._chunks = chunks
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csv-parse-ahead")
        self._pending: Future | None = self._pool.submit(self._next)

    def _next(self) -> tuple[Chunk, RowProblems, dict] | None:
        chunk = next(self._chunks, None)
        if chunk is None:
            return None
        problems = RowProblems(len(chunk))
        return chunk, problems, self._fmt.parse(chunk, problems)

    def __iter__(self) -> Iterator[tuple[Chunk, RowProblems, dict]]:
        while self._pending is not None:
            parsed = self._pending.result()
            self._pending = None if parsed is None else self._pool.submit(self._next)
            if parsed is not None:
                yield parsed

    def close(self) -> None:
        """Stop reading: wait for the chunk under way, if any, and close the file."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


def _import(con, fmt: IncidentFormat, csv_file: CsvFile, header: Header, sha256: str,
            assigner: PointAssigner, parsed: _ParsedAhead) -> ImportSummary:
    with transaction(con):
        batch_id = start_batch(con, fmt.name, csv_file.path, sha256)
        con.execute(named_sql("import_stage_create"))
        read, rejected = _stage(con, parsed, batch_id, assigner)
        pa.default_memory_pool().release_unused()  # for DuckDB's merge: lowers peak memory
        summary = _merge(con, fmt, csv_file.path, header, batch_id, read, rejected)
        finish_batch(con, summary)
        con.execute("DROP TABLE stage_incidents")
        con.execute("DROP TABLE stage_status")
    return summary


def _stage(con, parsed: _ParsedAhead, batch_id: int, assigner: PointAssigner) -> tuple[int, int]:
    """Stage every chunk; returns (records read, rows rejected)."""
    read = rejected = 0
    for chunk, problems, fields in parsed:
        read += len(chunk) + len(chunk.malformed)
        rejected += _stage_chunk(con, chunk, problems, fields, batch_id, assigner)
    return read, rejected


def _stage_chunk(con, chunk: Chunk, problems: RowProblems, fields: dict, batch_id: int,
                 assigner: PointAssigner) -> int:
    """Reject a parsed chunk's bad rows, stage the good ones. Returns rows rejected."""
    bad = problems.rejected()
    rejected = record_chunk_rejects(con, batch_id, chunk, problems, bad)
    n_bad = int(bad.sum())
    if n_bad < len(chunk):
        if n_bad:
            keep = ~bad
            fields = {k: _kept(v, keep) for k, v in fields.items()}
            row_numbers = chunk.row_numbers[keep]
        else:
            row_numbers = chunk.row_numbers
        table = _stage_table(fields, row_numbers, batch_id, assigner)
        execute_with_rows(con, "INSERT INTO stage_incidents BY NAME SELECT * FROM _rows", table)
    return rejected


def _kept(values: np.ndarray | pa.Array, keep: np.ndarray) -> np.ndarray | pa.Array:
    """The values of the rows to keep (a parser may give numpy or Arrow arrays)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values.filter(pa.array(keep, type=pa.bool_()))
    return values[keep]


def _stage_table(fields: dict[str, np.ndarray | pa.Array], row_numbers: np.ndarray,
                 batch_id: int, assigner: PointAssigner) -> pa.Table:
    """Parsed fields plus the derived ones (ids, geography), as an Arrow table."""
    lat, lon = _numpy(fields["lat"], float), _numpy(fields["lon"], float)
    placed = assigner.assign(lat, lon, _numpy(fields["geo_precision"], float),
                             _numpy(fields["iso3"], object))
    columns = {name: _arrow(fields[name], kind) for name, kind in PARSED_FIELDS.items()}
    n = len(row_numbers)
    columns.update({
        "incident_id": pc.binary_join_element_wise(columns["source"], columns["source_id"],
                                                   ":"),
        "iso3": _strings(placed.iso3),
        "geo_iso3": _strings(placed.geo_iso3),
        "geo_check": _strings(placed.geo_check),
        "admin1_code": _strings(placed.admin1_code),
        "admin1_name": _strings(placed.admin1_name),
        "priogrid_gid": pa.array(priogrid_gid(lat, lon), type=pa.int32()),
        "batch_id": pa.repeat(pa.scalar(batch_id, pa.int32()), n),
        "row_number": pa.array(row_numbers, type=pa.int64()),
    })
    return pa.table(columns)


def _numpy(values: np.ndarray | pa.Array, dtype) -> np.ndarray:
    """A field as numpy (None / NaN for nulls)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        values = values.to_numpy(zero_copy_only=False)
    return np.asarray(values, dtype=dtype)


def _strings(values: np.ndarray) -> pa.Array:
    """An object array of str (None for none) as Arrow."""
    return pa.array(values, type=pa.string(), from_pandas=True)


def _arrow(values: np.ndarray | pa.Array, kind: pa.DataType) -> pa.Array:
    """One parsed field as Arrow; NaN / NaT / None become nulls."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values if values.type == kind else values.cast(kind)
    if pa.types.is_integer(kind):
        values = np.asarray(values, dtype=float)
        missing = np.isnan(values)
        return pa.array(np.where(missing, 0, values).astype(kind.to_pandas_dtype()),
                        mask=missing, type=kind)
    return pa.array(values, type=kind, from_pandas=True)


def _merge(con, fmt: IncidentFormat, path: Path, header: Header, batch_id: int,
           read: int, rejected: int) -> ImportSummary:
    """Reject in-file duplicates, then insert new rows and update changed ones.

    ``loaded`` and ``updated`` are the rows the INSERT and UPDATE wrote, not a forecast:
    if rows went missing on the way, the accounting check in ``finish_batch`` fails.
    """
    duplicates = con.execute(named_sql("import_reject_duplicates"),
                             {"batch_id": batch_id}).fetchone()[0]
    if duplicates:
        con.execute(named_sql("import_drop_duplicates"))
    geo = dict(con.execute(named_sql("import_geo_checks")).fetchall())
    con.execute(named_sql("import_classify"))
    staged, changed, unchanged = con.execute(named_sql("import_count_status")).fetchone()
    updated = loaded = 0
    if changed:
        updated = con.execute(named_sql("import_update_changed")).fetchone()[0]
    if staged > changed + unchanged:
        insert = "import_insert_new" if changed + unchanged else "import_insert_all"
        loaded = con.execute(named_sql(insert)).fetchone()[0]
    notes = list(header.notes)
    notes += [template.format(n=geo[check]) for check, template in _GEO_NOTES.items()
              if geo.get(check)]
    if duplicates:
        notes.append(f"{duplicates:,} row(s) repeat an incident id read earlier in the file")
    return ImportSummary(batch_id=batch_id, format=fmt.name, file_name=path.name, read=read,
                         loaded=loaded, updated=updated, unchanged=unchanged,
                         rejected=rejected + duplicates, notes=tuple(notes))
