"""The audit log: who did what, when, from where (sign-ins, sign-outs, imports, uploads,
exports, edits, user changes).

The app holds the warehouse read-only and a DuckDB file open read-write in one process
cannot be opened by another, so events go to a small sidecar file next to the warehouse,
``<warehouse>.audit.duckdb``, through short-lived writer connections that retry for a
while when another process (the CLI, a second server) holds the lock. The same file holds
the users (:mod:`queries.users`): the running server can then record sign-ins and the
command line can manage users while the server runs.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from queries.errors import WarehouseError
from queries.statements import named_sql

LOCK_RETRY_S = 3.0
_RETRY_PAUSE_S = 0.05
_local_writes = threading.Lock()   # one writer at a time within this process


@dataclass(frozen=True)
class AuditEvent:
    """One recorded event; ``detail`` is the dict that was recorded."""

    at: datetime
    actor: str | None
    action: str
    detail: dict
    remote_addr: str | None


def audit_path(db_path: Path) -> Path:
    """The audit file of the warehouse at ``db_path``: ``<warehouse>.audit.duckdb``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".audit.duckdb")


def record_event(db_path: Path, actor: str | None, action: str, detail: dict,
                 remote_addr: str | None = None, at: datetime | None = None) -> AuditEvent:
    """Append one event to the audit log of the warehouse at ``db_path`` and return it.

    ``at`` defaults to now (UTC); ``detail`` must be JSON-serialisable. Raises
    ``WarehouseError`` when the audit file stays locked longer than ``LOCK_RETRY_S``.
    """
    if not action:
        raise ValueError("an audit event needs an action")
    event = AuditEvent(at or datetime.now(UTC), actor, action, detail, remote_addr)
    params = {"at": event.at.astimezone(UTC).replace(tzinfo=None), "actor": actor,
              "action": action, "detail": json.dumps(detail, default=str, sort_keys=True),
              "remote_addr": remote_addr}
    with sidecar(db_path) as con:
        try:
            con.execute(named_sql("audit_insert"), params)
        except duckdb.Error as exc:
            raise WarehouseError(f"{audit_path(db_path)}: the event was not recorded ({exc})") \
                from exc
    return event


@contextmanager
def sidecar(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived writer connection to the sidecar file of the warehouse at ``db_path``,
    its tables created; one at a time within this process, closed afterwards."""
    with _local_writes:
        con = _connect(audit_path(db_path), read_only=False)
        try:
            con.execute(named_sql("audit_create"))
            con.execute(named_sql("users_create"))
            yield con
        finally:
            con.close()


def spool_path(db_path: Path) -> Path:
    """The folder of events written down but not yet in the audit log."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".audit-spool")


def spool_event(db_path: Path, actor: str | None, action: str, detail: dict,
                remote_addr: str | None = None) -> Path:
    """Write an event down (a small JSON file, synced) before the step it records is
    committed, so that it reaches the audit log even when recording it afterwards fails:
    :func:`record_spooled` records it then, or :func:`flush_spool` on the next start."""
    folder = spool_path(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.time_ns():020d}-{os.getpid()}.json"
    body = json.dumps({"at": datetime.now(UTC).isoformat(), "actor": actor, "action": action,
                       "detail": detail, "remote_addr": remote_addr}, default=str,
                      sort_keys=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def record_spooled(db_path: Path, path: Path) -> AuditEvent | None:
    """Record the spooled event at ``path`` in the audit log, then forget it; None when
    another process has just taken it. It stays spooled when recording fails."""
    claimed = path.with_name(f"{path.name}.{os.getpid()}.claim")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    try:
        spooled = json.loads(claimed.read_text(encoding="utf-8"))
        event = record_event(db_path, spooled["actor"], spooled["action"],
                             spooled["detail"], spooled["remote_addr"],
                             at=datetime.fromisoformat(spooled["at"]))
    except BaseException:
        os.rename(claimed, path)
        raise
    claimed.unlink()
    return event


def flush_spool(db_path: Path) -> int:
    """Record every spooled event (oldest first); returns how many were recorded."""
    folder = spool_path(db_path)
    if not folder.is_dir():
        return 0
    return sum(record_spooled(db_path, path) is not None
               for path in sorted(folder.glob("*.json")))


def recent_events(db_path: Path, action_prefix: str = "", limit: int = 50) -> list[AuditEvent]:
    """The latest ``limit`` events, newest first, whose action starts with
    ``action_prefix`` (e.g. ``export.``); empty when nothing was recorded yet."""
    path = audit_path(db_path)
    if not path.exists():
        return []
    with sidecar(db_path) as con:
        rows = con.execute(named_sql("audit_recent"),
                           {"action_prefix": action_prefix, "limit": limit}).fetchall()
    return [AuditEvent(at.replace(tzinfo=UTC), actor, action, json.loads(detail), remote)
            for at, actor, action, detail, remote in rows]


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the audit file, retrying while another process holds its lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + LOCK_RETRY_S
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise WarehouseError(f"{path}: cannot open the audit log ({exc})") from exc
            time.sleep(_RETRY_PAUSE_S)
