"""Checks on a file uploaded through a page, before any importer reads it, and the
folder where it waits meanwhile (``<warehouse>.uploads``, emptied when the server
starts: a crash must not leave partners' files behind)."""

from __future__ import annotations

import base64
import binascii
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from queries.importing.registry import FORMATS

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def checked_upload(contents: str | None, filename: str | None, fmt: str | None,
                   limit_mb: int) -> tuple[str, bytes]:
    """A safe file name and the bytes of an upload; ``ValueError`` saying what is wrong
    (format unknown, not .csv, not base64, too large, binary, not UTF-8)."""
    if fmt not in FORMATS:
        raise ValueError(f"format: expected one of {', '.join(sorted(FORMATS))}")
    name = _SAFE_NAME.sub("_", Path(str(filename or "")).name)[-100:].lstrip(".")
    if not name.lower().endswith(".csv"):
        raise ValueError("only .csv files can be imported")
    head, _, payload = str(contents or "").partition(",")
    if not head.startswith("data:") or not head.endswith(";base64"):
        raise ValueError("the upload did not arrive as a file")
    if len(payload) > (limit_mb * 1024 * 1024 * 4) // 3 + 4:
        raise ValueError(f"the file is larger than {limit_mb} MB")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the upload did not arrive as a file") from exc
    if len(data) > limit_mb * 1024 * 1024:
        raise ValueError(f"the file is larger than {limit_mb} MB")
    if b"\0" in data[:65536]:
        raise ValueError(f"{name} is not a CSV file (it holds binary data)")
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 65536 - 4:   # a character cut at the sample's end is fine
            raise ValueError(f"{name} is not UTF-8 text") from exc
    return name, data


def upload_dir(db: Path) -> Path:
    """The folder holding uploads while they are imported."""
    db = Path(db)
    return db.with_name(db.name + ".uploads")


@contextmanager
def upload_file(db: Path, name: str, data: bytes) -> Iterator[Path]:
    """``data`` written to a file named ``name`` in a folder of its own, removed after
    the block."""
    folder = upload_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="atrisk-upload-", dir=folder) as own:
        path = Path(own) / name
        path.write_bytes(data)
        yield path


def remove_leftover_uploads(db: Path) -> int:
    """Remove what uploads left in :func:`upload_dir` (at start, when none is running);
    returns how many were removed."""
    folder = upload_dir(db)
    if not folder.is_dir():
        return 0
    leftovers = list(folder.iterdir())
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return len(leftovers)
