"""Checks on a file uploaded through a page, before any importer reads it."""

from __future__ import annotations

import base64
import binascii
import re
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
