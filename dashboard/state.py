"""State that every worker process (and every machine) must share: sessions signed out,
sign-in attempts, export jobs. A small key-value store with expiry and an atomic
read-modify-write (:meth:`transaction`), in two implementations:

- :class:`SqliteState`, the embedded default: a sidecar file next to the warehouse,
  ``<warehouse>.state.sqlite`` (WAL mode; ``BEGIN IMMEDIATE`` serialises writers across
  processes on one machine);
- :class:`RedisState` when ``ATRISK_REDIS_URL`` is set: several machines behind a proxy.

Values are small JSON-serialisable dicts.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

_SCHEMA = ("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
           "expires REAL NOT NULL)")
_GET = "SELECT value FROM kv WHERE key = ? AND expires > ?"
_PUT = "INSERT OR REPLACE INTO kv (key, value, expires) VALUES (?, ?, ?)"
_DELETE = "DELETE FROM kv WHERE key = ?"
_EXPIRE = "DELETE FROM kv WHERE expires <= ?"


def shared_state(db: Path, redis_url: str = ""):
    """The store for the warehouse ``db``: Redis when ``redis_url`` is given, else the
    sidecar SQLite file."""
    if redis_url:
        return RedisState(redis_url)
    return SqliteState(Path(db).with_name(Path(db).name + ".state.sqlite"))


class SqliteState:
    """The embedded store: one SQLite file, one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        with self.transaction() as tx:
            tx.con.execute(_EXPIRE, (time.time(),))

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute(_SCHEMA)
            self._local.con = con
        return con

    def get(self, key: str) -> dict | None:
        """The value under ``key``, or None (absent or expired)."""
        row = self._con().execute(_GET, (key, time.time())).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: dict, ttl_s: float) -> None:
        """Keep ``value`` under ``key`` for ``ttl_s`` seconds."""
        self._con().execute(_PUT, (key, json.dumps(value), time.time() + ttl_s))

    @contextmanager
    def transaction(self) -> Iterator[_SqliteTx]:
        """Reads and writes that no other thread or process interleaves with."""
        con = self._con()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield _SqliteTx(con)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


class _SqliteTx:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def get(self, key: str) -> dict | None:
        row = self.con.execute(_GET, (key, time.time())).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: dict, ttl_s: float) -> None:
        self.con.execute(_PUT, (key, json.dumps(value), time.time() + ttl_s))

    def delete(self, key: str) -> None:
        self.con.execute(_DELETE, (key,))


class RedisState:
    """The store on Redis (``redis://host:port/db``); keys are prefixed ``atrisk:``.
    A transaction holds a Redis lock (a few milliseconds: a throttle check)."""

    PREFIX = "atrisk:"

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)

    def get(self, key: str) -> dict | None:
        """The value under ``key``, or None (absent or expired)."""
        raw = self.redis.get(self.PREFIX + key)
        return None if raw is None else json.loads(raw)

    def put(self, key: str, value: dict, ttl_s: float) -> None:
        """Keep ``value`` under ``key`` for ``ttl_s`` seconds."""
        self.redis.set(self.PREFIX + key, json.dumps(value), px=max(1, int(ttl_s * 1000)))

    @contextmanager
    def transaction(self) -> Iterator[RedisState]:
        """Reads and writes that no other client interleaves with (a Redis lock)."""
        with self.redis.lock(self.PREFIX + "lock", timeout=10, blocking_timeout=10):
            yield self

    def delete(self, key: str) -> None:
        """Forget ``key``."""
        self.redis.delete(self.PREFIX + key)
