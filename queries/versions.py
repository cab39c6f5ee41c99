"""Published versions of the warehouse: new data never makes a reader wait.

A write (``atrisk import``, an upload, an edit) works on a copy of the current version in
``<warehouse>.versions/``, refreshes what it must, checkpoints and closes it, then
publishes it in two atomic steps: ``<warehouse>`` becomes a hard link to the new file
(``os.replace``), so commands that open the warehouse by its name see it, and the pointer
file ``<warehouse>.current`` names it (``os.replace``), which is what servers watch. A
failed write publishes nothing and its copy is removed. One writer at a time, across
processes, holds ``<warehouse>.write-lock``.

Readers (:class:`queries.db.Warehouse`) stat the pointer on each request and open a new
version when it changed; requests in flight finish on the version they started on. Each
version has a name of its own, which DuckDB needs: it shares one database instance between
connections to one path in a process. Every version but the current one and the one before
it (a reader may have just read the pointer) is deleted at each publish; a process that
still reads a deleted one keeps it until it closes it (POSIX unlink semantics).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from queries.errors import WarehouseError
from queries.schema import connect_writer

WRITE_WAIT_S = 600.0


@dataclass(frozen=True)
class Version:
    """The file to read, and the stamp of the pointer that named it (None: no pointer)."""

    path: Path
    stamp: tuple[int, int] | None


def versions_dir(db: Path) -> Path:
    """The folder of the published versions of the warehouse ``db``."""
    return db.with_name(db.name + ".versions")


def pointer_path(db: Path) -> Path:
    """The file naming the current version of the warehouse ``db``."""
    return db.with_name(db.name + ".current")


def pointer_stamp(db: Path) -> tuple[int, int] | None:
    """What changes when a version is published (a stat: cheap enough per request)."""
    try:
        st = os.stat(pointer_path(db))
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def current_version(db: Path) -> Version:
    """The version to read now: the one the pointer names, else the warehouse file."""
    db = Path(db)
    stamp = pointer_stamp(db)
    if stamp is None:
        return Version(db, None)
    try:
        name = pointer_path(db).read_text(encoding="utf-8").strip()
    except FileNotFoundError:   # replaced between the stat and the read: read it again
        return current_version(db)
    return Version(versions_dir(db) / name, stamp)


@contextmanager
def publishing(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writer connection to a new version of the warehouse ``db`` (a copy of the current
    one, schema applied), published when the block ends; discarded when it fails. A DuckDB
    or file system failure (a full disk) becomes one ``WarehouseError`` line."""
    db = Path(db)
    with writer_lock(db):
        source = current_version(db).path
        staging = _new_version_path(db)
        try:
            if source.exists():
                shutil.copyfile(source, staging)
            con = connect_writer(staging)
            try:
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _publish(db, staging)
        except (duckdb.Error, OSError) as exc:
            _discard(staging)
            raise WarehouseError(f"{db}: nothing was changed; the new version could not "
                                 f"be written ({_one_line(exc)})") from exc
        except BaseException:
            _discard(staging)
            raise
        remove_old_versions(db, keep={staging.name, source.name})


@contextmanager
def writer_lock(db: Path, wait_s: float = WRITE_WAIT_S) -> Iterator[None]:
    """The one writer's turn for the warehouse ``db``, across processes; waits for a
    running write at most ``wait_s`` (``WarehouseError`` then)."""
    path = db.with_name(db.name + ".write-lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseError(f"{db}: another import is still running; try again "
                                         "when it has finished") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tidy(db: Path) -> list[Path]:
    """At start: delete old versions and copies left by a crashed write, unless a write is
    running now (then its publish tidies up)."""
    try:
        with writer_lock(db, wait_s=0):
            return remove_old_versions(db, keep=set())
    except WarehouseError:
        return []


def remove_old_versions(db: Path, keep: set[str]) -> list[Path]:
    """Delete the versions (and left-over copies of failed writes) not named in ``keep``
    nor current; returns what was deleted."""
    folder = versions_dir(db)
    if not folder.is_dir():
        return []
    keep = keep | {current_version(db).path.name}
    gone = []
    for path in folder.iterdir():
        base = path.name.removesuffix(".wal")
        if base not in keep:
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def _new_version_path(db: Path) -> Path:
    folder = versions_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{time.time_ns():020d}-{os.getpid()}.duckdb"


def _publish(db: Path, staging: Path) -> None:
    """``db`` and the pointer name ``staging`` from now on, each replaced atomically."""
    with open(staging, "rb") as handle:
        os.fsync(handle.fileno())
    link = db.with_name(db.name + ".publishing")
    link.unlink(missing_ok=True)
    os.link(staging, link)
    os.replace(link, db)
    pointer = pointer_path(db)
    fresh = pointer.with_name(pointer.name + ".tmp")
    with open(fresh, "w", encoding="utf-8") as handle:
        handle.write(staging.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(fresh, pointer)
    _fsync_dir(db.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(staging: Path) -> None:
    for path in (staging, staging.with_name(staging.name + ".wal")):
        path.unlink(missing_ok=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
