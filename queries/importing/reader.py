"""Streaming CSV reading that never loses a row's number.

The fast path is pyarrow's streaming reader (all columns as text). If the file has a
malformed record (a wrong number of fields, a blank line), pyarrow can skip it but cannot
say where it was, so the import starts again on the careful path, Python's ``csv`` module,
which knows every record's number and rejects malformed ones with their text.

Row numbers count CSV records, the first record of the file (normally the header) being 1:
what a spreadsheet shows. A quoted value with line breaks is still one record.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from queries.errors import ImportFileError

DEFAULT_CHUNK_ROWS = 100_000
# Arrow parses a file in blocks; small blocks stay in the CPU caches (1 MB reads this
# machine's 446 MB benchmark file in about half the time 16 MB takes). A record longer
# than a block cannot be parsed: the reader then goes on with large blocks.
_BLOCK_BYTES = 1 << 20
_LARGE_BLOCK_BYTES = 16 << 20


@dataclass(frozen=True)
class Header:
    """How a file's columns are named and where its data starts.

    ``names`` has one entry per column (the format's own, normalised, names; ``None`` for
    a column the format ignores); ``data_start`` counts the records before the first data
    record (0 for a file without a header row).
    """

    names: tuple[str | None, ...]
    data_start: int
    notes: tuple[str, ...] = ()
    raw_names: tuple[str, ...] = ()

    def index(self, name: str) -> int | None:
        """The position of a column, or None when the file does not have it."""
        try:
            return self.names.index(name)
        except ValueError:
            return None


@dataclass
class Chunk:
    """Consecutive data records, every column as text (``""`` for empty)."""

    table: pa.Table
    row_numbers: np.ndarray
    header: Header
    malformed: list[tuple[int, str, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return self.table.num_rows

    def column(self, name: str) -> np.ndarray | None:
        """The column called ``name`` as an object array of str, or None if absent."""
        i = self.header.index(name)
        if i is None:
            return None
        return self.table.column(i).to_numpy(zero_copy_only=False)

    def text(self, name: str) -> pa.Array | None:
        """The column called ``name`` as one Arrow string array, or None if absent.

        Cheaper than :meth:`column` (no Python object per value); the parsers in
        ``fields`` take either."""
        i = self.header.index(name)
        if i is None:
            return None
        values = self.table.column(i)
        return values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()

    def raw_records(self, positions: np.ndarray) -> list[str]:
        """The records at ``positions`` as JSON objects keyed by the file's column names."""
        names = self.header.raw_names or tuple(f"column_{i + 1}" for i in
                                               range(self.table.num_columns))
        rows = self.table.take(pa.array(positions, type=pa.int64())).to_pylist()
        return [json.dumps(dict(zip(names, row.values(), strict=True)), ensure_ascii=False)
                for row in rows]


class MalformedRecords(Exception):
    """Raised by the fast path when it met a record it cannot place; use the careful path."""


class _BlockTooSmall(Exception):
    """A record is longer than the block Arrow reads at a time."""


class CsvFile:
    """A CSV file read as text, in chunks, with every record's number kept."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise ImportFileError(f"{self.path}: no such file")
        if not self.path.is_file():
            raise ImportFileError(f"{self.path}: not a file")
        if self.path.stat().st_size == 0:
            raise ImportFileError(f"{self.path}: the file is empty")

    def first_records(self, count: int = 30) -> list[list[str]]:
        """The first ``count`` records, to find the header."""
        try:
            with open(self.path, newline="", encoding="utf-8-sig") as f:
                return list(itertools.islice(csv.reader(f), count))
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{self.path}: not UTF-8 text ({exc.reason} at byte "
                                  f"{exc.start}); save it as UTF-8 CSV") from exc
        except csv.Error as exc:
            raise ImportFileError(f"{self.path}: not a CSV file ({exc})") from exc

    def chunks(self, header: Header, chunk_rows: int = DEFAULT_CHUNK_ROWS,
               careful: bool = False) -> Iterator[Chunk]:
        """The data records in chunks of about ``chunk_rows``."""
        if careful:
            return self._careful_chunks(header, chunk_rows)
        return self._fast_chunks(header, chunk_rows)

    def _fast_chunks(self, header: Header, chunk_rows: int) -> Iterator[Chunk]:
        next_row = header.data_start + 1
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        for batch in self._batches(header):
            pending.append(batch)
            pending_rows += batch.num_rows
            while pending_rows >= chunk_rows:
                table = pa.Table.from_batches(pending)
                yield self._chunk(table.slice(0, chunk_rows), next_row, header)
                next_row += chunk_rows
                pending = table.slice(chunk_rows).to_batches()
                pending_rows -= chunk_rows
        if pending_rows:
            yield self._chunk(pa.Table.from_batches(pending), next_row, header)

    def _batches(self, header: Header) -> Iterator[pa.RecordBatch]:
        """Arrow's record batches of the data records, in order.

        Raises :class:`MalformedRecords` once a record was skipped. A record longer than
        a block stops Arrow ("straddling object"): the records before it were all
        delivered, so reading goes on after them with large blocks.
        """
        skipped: list[str] = []
        received = 0
        block = _BLOCK_BYTES
        while True:
            try:
                for batch in self._arrow_reader(header, header.data_start + received, block,
                                                skipped):
                    if skipped:
                        raise MalformedRecords()
                    received += batch.num_rows
                    yield batch
            except _BlockTooSmall as exc:
                if skipped:
                    raise MalformedRecords() from exc
                block = _LARGE_BLOCK_BYTES
                continue
            if skipped:
                raise MalformedRecords()
            return

    def _arrow_reader(self, header: Header, skip: int, block: int,
                      skipped: list[str]) -> Iterator[pa.RecordBatch]:
        """Arrow's streaming reader from the record after the first ``skip`` ones."""
        names = [f"c{i}" for i in range(len(header.names))]

        def on_invalid(row) -> str:
            skipped.append(row.text)
            return "skip"

        try:
            # skip_rows_after_names counts CSV records (a quoted line break is one record);
            # skip_rows would count lines.
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(column_names=names, skip_rows_after_names=skip,
                                               block_size=block, use_threads=True),
                parse_options=pacsv.ParseOptions(newlines_in_values=True,
                                                 ignore_empty_lines=False,
                                                 invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False, quoted_strings_can_be_null=False),
            )
        except pa.ArrowInvalid as exc:
            if skipped:
                raise MalformedRecords() from exc
            raise self._too_small_or_unreadable(exc, block) from exc
        batches = iter(reader)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except pa.ArrowInvalid as exc:
                raise self._too_small_or_unreadable(exc, block) from exc
            yield batch

    def _too_small_or_unreadable(self, exc: Exception, block: int) -> Exception:
        if block < _LARGE_BLOCK_BYTES and "straddl" in str(exc):
            return _BlockTooSmall()
        return self._unreadable(exc)

    @staticmethod
    def _chunk(table: pa.Table, first_row: int, header: Header) -> Chunk:
        rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int64)
        return Chunk(table=table, row_numbers=rows, header=header)

    def _careful_chunks(self, header: Header, chunk_rows: int) -> Iterator[Chunk]:
        width = len(header.names)
        try:
            with open(self.path, newline="", encoding="utf-8-sig") as f:
                records = enumerate(csv.reader(f), start=1)
                for _ in range(header.data_start):
                    next(records, None)
                while True:
                    chunk = self._careful_chunk(records, width, chunk_rows, header)
                    if chunk is None:
                        return
                    yield chunk
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{self.path}: not UTF-8 text ({exc.reason} at byte "
                                  f"{exc.start}); save it as UTF-8 CSV") from exc
        except csv.Error as exc:
            raise ImportFileError(f"{self.path}: not a CSV file ({exc})") from exc

    @staticmethod
    def _careful_chunk(records, width: int, chunk_rows: int, header: Header) -> Chunk | None:
        columns: list[list[str]] = [[] for _ in range(width)]
        numbers: list[int] = []
        malformed: list[tuple[int, str, str]] = []
        for number, record in records:
            if len(record) != width:
                text = _as_csv_line(record)
                why = ("blank line" if not record or record == [""] else
                       f"expected {width} fields, found {len(record)}")
                malformed.append((number, json.dumps({"record": text}, ensure_ascii=False), why))
            else:
                numbers.append(number)
                for values, value in zip(columns, record, strict=True):
                    values.append(value)
            if len(numbers) + len(malformed) >= chunk_rows:
                break
        if not numbers and not malformed:
            return None
        table = pa.table({f"c{i}": pa.array(v, type=pa.string()) for i, v in enumerate(columns)})
        return Chunk(table=table, row_numbers=np.array(numbers, dtype=np.int64), header=header,
                     malformed=malformed)

    def _unreadable(self, exc: Exception) -> ImportFileError:
        message = str(exc).splitlines()[0]
        if "UTF8" in message or "UTF-8" in message:
            return ImportFileError(f"{self.path}: not UTF-8 text; save it as UTF-8 CSV")
        return ImportFileError(f"{self.path}: cannot be read as CSV ({message})")


def _as_csv_line(record: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(record)
    return out.getvalue()


def named_columns(required: tuple[str, ...], known: tuple[str, ...]
                  ) -> Callable[[list[list[str]], Path], Header]:
    """The header reader of a plain CSV whose first record names its columns, matched
    without regard to case or surrounding spaces (see :func:`find_header`)."""
    def header(records: list[list[str]], path: Path) -> Header:
        return find_header(records, path, required, known, normalise=lambda v: v.strip().lower())
    return header


def find_header(records: list[list[str]], path: Path, required: tuple[str, ...],
                known: tuple[str, ...], normalise: Callable[[str], str] = str.strip,
                headerless: tuple[str, ...] | None = None) -> Header:
    """The header of a plain CSV whose first record names the columns.

    ``required`` columns must be present (any order); columns not ``known`` are ignored
    with a note. A file whose first record is data of exactly ``len(headerless)`` fields
    is read with those names (UCDP Candidate files come without a header).
    """
    if not records:
        raise ImportFileError(f"{path}: the file has no records")
    first = [normalise(v) for v in records[0]]
    if headerless and not set(first) & set(required) and len(first) == len(headerless):
        return Header(names=headerless, data_start=0, raw_names=headerless,
                      notes=("the file has no header row; read in the standard column order",))
    missing = [c for c in required if c not in first]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise ImportFileError(
            f"{path}: required column{plural} missing: {', '.join(missing)} "
            f"(found: {', '.join(first[:12])}{', ...' if len(first) > 12 else ''})")
    duplicated = sorted({c for c in first if c and first.count(c) > 1 and c in known})
    if duplicated:
        raise ImportFileError(f"{path}: column named twice: {', '.join(duplicated)}")
    ignored = [c for c in first if c not in known]
    notes = (f"ignored {len(ignored)} column(s) this format does not use: "
             f"{', '.join(ignored[:10])}{', ...' if len(ignored) > 10 else ''}",) if ignored else ()
    names = tuple(c if c in known else None for c in first)
    return Header(names=names, data_start=1, notes=notes,
                  raw_names=tuple(v.strip() or f"column_{i + 1}" for i, v in enumerate(records[0])))
