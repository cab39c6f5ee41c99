"""What the commands share: exit codes, the ``--db`` flag, one-line messages, progress."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from dashboard.settings import Settings
from queries.analytics import refresh
from queries.db import Warehouse
from queries.errors import WarehouseError

EXIT_BAD_INPUT = 2  # nothing was changed (bad input, or a failure before the commit)
EXIT_COMMITTED_BUT = 3  # the change was committed (published), a later step failed


def add_db(parser: argparse.ArgumentParser) -> None:
    """The ``--db`` flag every command takes."""
    parser.add_argument(
        "--db", type=Path, help="warehouse file (default $ATRISK_DB or var/monitor.duckdb)"
    )


def say(line: str) -> None:
    """One line on standard error (never a traceback, even when stderr is closed)."""
    with contextlib.suppress(OSError):
        print(" ".join(line.split()), file=sys.stderr, flush=True)


def progress_line(fraction: float, message: str) -> None:
    """An export's progress on standard error (the first, cold export starts a browser)."""
    print(f"{fraction:4.0%} {message}", file=sys.stderr, flush=True)


def print_refresh(con) -> None:
    """Recompute escalation, hotspots and the risk index after a write, and say so."""
    print(refresh.refresh_analytics(con).line(), flush=True)


def existing_warehouse(settings: Settings) -> Warehouse:
    """The warehouse of ``settings`` for reading; ``WarehouseError`` when there is none."""
    if not settings.db.exists():
        raise WarehouseError(f"{settings.db}: no warehouse there")
    return Warehouse(settings.db)
