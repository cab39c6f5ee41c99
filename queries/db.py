"""The app's read side of the warehouse: :class:`Warehouse`, named queries with bound
parameters, per-version result cache.

Named SQL and the helpers that run it on one connection live in :mod:`queries.statements`.
Writers open a file read-write with :func:`queries.schema.connect_writer`, which applies
the schema; imports and edits do so on a new version of the warehouse that is published
atomically (:mod:`queries.versions`). Readers (the app) use :class:`Warehouse`, which keeps
one read-only connection per published version and gives every request its own cursor: a
DuckDB connection shared by threads without ``cursor()`` has returned another thread's
rows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from queries import versions
from queries.access import Access
from queries.errors import QueryError
from queries.statements import lock_message, named_sql, ordered

OPEN_ATTEMPTS = 20   # new versions published while one is being opened


class Warehouse:
    """Read-only access to the warehouse for the app: named SQL, bound parameters, a cursor
    per request, a row cap and a time limit; every DuckDB failure becomes a ``QueryError``.

    It reads the newest published version (:mod:`queries.versions`): each request checks
    the pointer and, when a new version was published, starts on it, while requests in
    flight finish on theirs; a version is closed when its last request ends.
    """

    def __init__(self, path: Path, max_rows: int = 200_000, timeout_s: float = 20.0) -> None:
        self.path = Path(path)
        self.max_rows = max_rows
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._open = self._open_current()

    def _open_current(self) -> _OpenVersion:
        """The current version, opened. Between reading the pointer and opening the file
        it names, that file may be deleted: two publishes in quick succession, or another
        process's start-up tidy. The pointer then names a newer version: read it again."""
        for _ in range(OPEN_ATTEMPTS):
            version = versions.current_version(self.path)
            try:
                return _OpenVersion(version, duckdb.connect(str(version.path), read_only=True))
            except duckdb.Error as exc:
                superseded = (not version.path.exists()
                              and versions.pointer_stamp(self.path) != version.stamp)
                if not superseded:
                    raise QueryError("The warehouse cannot be opened",
                                     lock_message(version.path, exc)) from exc
        raise QueryError("The warehouse cannot be opened",
                         f"{self.path}: a new version was published {OPEN_ATTEMPTS} times "
                         "while it was being opened")

    def close(self) -> None:
        """Close the connection to the current version."""
        with self._lock:
            self._open.retire()

    @property
    def version(self) -> Path:
        """The file of the version new requests read."""
        return self._acquire_release().version.path

    def _acquire_release(self) -> _OpenVersion:
        opened = self._acquire()
        self._release(opened)
        return opened

    def _acquire(self) -> _OpenVersion:
        """The newest version, held for one request."""
        with self._lock:
            if versions.pointer_stamp(self.path) != self._open.version.stamp:
                fresh = self._open_current()
                self._open.retire()
                self._open = fresh
            self._open.users += 1
            return self._open

    def _release(self, opened: _OpenVersion) -> None:
        with self._lock:
            opened.users -= 1
            if opened.retired:
                opened.retire()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request on the newest version, closed afterwards."""
        opened = self._acquire()
        try:
            cur = opened.con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            self._release(opened)

    @contextmanager
    def writing(self, access: Access, what: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writer connection for ``what`` (e.g. "importing a file"), for an analyst or an
        admin only (:class:`~queries.access.AccessDenied` otherwise), on a new version of
        the warehouse published when the block ends: readers never wait. ``WarehouseError``
        when the write fails (nothing is published then)."""
        access.require("analyst", what)
        with versions.publishing(self.path) as con:
            yield con

    def arrow(self, name: str, order_by: tuple[str, bool] | None = None,
              max_rows: int | None = None, **params) -> pa.Table:
        """Run the named query with bound parameters; at most ``max_rows`` rows
        (default: the warehouse's).

        ``order_by`` is (column, descending) for queries with an ``@order_by`` slot.
        """
        sql = named_sql(name)
        if order_by is not None:
            sql = ordered(sql, *order_by)
        cap = self.max_rows if max_rows is None else max_rows
        key = ("arrow", sql, _hashable(params))
        opened = self._acquire()
        try:
            table = opened.results.get(key)
            if table is None:
                table = self._run(opened, name, sql, params)
                opened.results.put(key, table, table.nbytes)
        finally:
            self._release(opened)
        if table.num_rows > cap:
            raise QueryError("Too many rows", f"{name} returned more than {cap:,}")
        return table

    def _run(self, opened: _OpenVersion, name: str, sql: str, params: dict) -> pa.Table:
        """The query's rows on ``opened``'s own cursor, within the time limit."""
        cur = opened.con.cursor()
        timer = threading.Timer(self.timeout_s, cur.interrupt)
        timer.start()
        try:
            return cur.sql(sql, params=params or None).to_arrow_table()
        except duckdb.InterruptException as exc:
            raise QueryError("The query took too long", f"{name} > {self.timeout_s}s") \
                from exc
        except duckdb.Error as exc:
            raise QueryError("The query failed", f"{name}: {exc}") from exc
        finally:
            timer.cancel()
            cur.close()

    def stream(self, name: str, order_by: tuple[str, bool] | None = None,
               batch_rows: int = 50_000, **params) -> Iterator[pa.RecordBatch]:
        """The named query's rows in batches, for exports of any size: no row cap, and
        memory bounded by ``batch_rows``. The cursor (and so the version it reads) stays
        open until the last batch."""
        sql = named_sql(name)
        if order_by is not None:
            sql = ordered(sql, *order_by)
        with self.cursor() as cur:
            try:
                reader = cur.sql(sql, params=params or None).to_arrow_reader(batch_rows)
                yield from reader
            except duckdb.Error as exc:
                raise QueryError("The export failed", f"{name}: {exc}") from exc

    def cached(self, name: str, **params) -> pa.Table:
        """:meth:`arrow`, remembered for the version it was read from. For metadata
        (sources, date extent): a published version never changes."""
        return self.remember((name, tuple(sorted(params.items()))),
                             lambda: self.arrow(name, **params))

    def remember(self, key, compute):
        """``compute()``, once per ``key`` and published version."""
        memo = self._acquire_release().memo
        with self._lock:
            if key in memo:
                return memo[key]
        value = compute()
        with self._lock:
            return memo.setdefault(key, value)

    def df(self, name: str, order_by: tuple[str, bool] | None = None,
           **params) -> pd.DataFrame:
        """:meth:`arrow` as a pandas DataFrame (a copy of its own: callers may change it;
        the conversion is remembered like the result)."""
        key = ("df", name, order_by, _hashable(params))
        opened = self._acquire()
        try:
            frame = opened.results.get(key)
            if frame is None:
                table = self.arrow(name, order_by=order_by, **params)
                frame = table.to_pandas()
                opened.results.put(key, frame, table.nbytes)
        finally:
            self._release(opened)
        return frame.copy()


class _OpenVersion:
    """One published version opened read-only, the requests using it, what was remembered
    from it; closed once retired and unused."""

    def __init__(self, version: versions.Version, con: duckdb.DuckDBPyConnection) -> None:
        self.version, self.con = version, con
        self.users, self.retired, self.closed = 0, False, False
        self.memo: dict = {}
        self.results = ResultCache()

    def retire(self) -> None:
        """No new request starts here; closed now if none is running."""
        self.retired = True
        if self.users == 0 and not self.closed:
            self.closed = True
            self.con.close()


class ResultCache:
    """Recent query results of one published version, which never changes: many people
    opening the same view (the default window, the busiest country) cost one query.
    Bounded: results over ``max_item_bytes`` are not kept; the least recently used go
    first once ``max_bytes`` is held."""

    def __init__(self, max_bytes: int = 64 << 20, max_item_bytes: int = 4 << 20) -> None:
        self.max_bytes, self.max_item_bytes = max_bytes, max_item_bytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        """The result kept under ``key``, or None."""
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[0]

    def put(self, key, value, size: int) -> None:
        """Keep ``value`` (of about ``size`` bytes) under ``key`` when small enough."""
        if size > self.max_item_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, old_size) = self._items.popitem(last=False)
                self._bytes -= old_size


def _hashable(params: dict) -> tuple:
    """Bound parameters as a key: lists become tuples."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in params.items()))
