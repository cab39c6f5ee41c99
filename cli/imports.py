"""``atrisk import FORMAT FILE``: one file into a new, published version of the warehouse."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from cli.common import EXIT_COMMITTED_BUT, add_db, say
from dashboard.settings import Settings
from queries import audit
from queries.analytics import refresh
from queries.errors import WarehouseError
from queries.importing.registry import FORMATS, check_file, import_file
from queries.versions import publishing


def add_parser(commands) -> None:
    """``import FORMAT FILE``."""
    load = commands.add_parser("import", help="import a file into the warehouse")
    load.add_argument("format", choices=sorted(FORMATS), help="the file's format")
    load.add_argument("file", type=Path, help="the CSV file")
    add_db(load)


def run(args, settings: Settings) -> int:
    """Import one file into a new version of the warehouse, refresh the analytics and
    publish it; audited. Exit 0 when done (even with rejected rows), 2 when nothing was
    changed, 3 when the import was published but printing or auditing it failed (the
    audit event then waits in a spool and is recorded on the next start)."""
    check_file(args.format, args.file)  # a bad file is reported before the warehouse is opened
    spooled = None
    try:
        with publishing(settings.db) as con:
            summary = import_file(con, args.format, args.file)
            lines = [*summary.lines(), refresh.refresh_analytics(con).line()]
            spooled = audit.spool_event(
                settings.db,
                getpass.getuser(),
                "import.cli",
                {"format": args.format, "file": str(args.file), "summary": lines},
            )
    except BaseException:
        if spooled is not None:  # written down, but the import was not published
            spooled.unlink(missing_ok=True)
        raise
    failures = _print_and_record(settings.db, lines, spooled)
    if failures:
        say(
            f"atrisk import: batch {summary.batch_id} was imported and published, but "
            + "; ".join(failures)
        )
        return EXIT_COMMITTED_BUT
    return 0


def _print_and_record(db: Path, lines: list[str], spooled: Path) -> list[str]:
    """Print the summary and record the spooled audit event; what failed, in words."""
    failures = []
    try:
        print("\n".join(lines), flush=True)
    except OSError as exc:  # a closed pipe: the output goes nowhere from now on
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        failures.append(f"the summary could not be printed ({exc})")
    try:
        audit.record_spooled(db, spooled)
    except (WarehouseError, OSError) as exc:
        failures.append(f"the audit event waits to be recorded on the next start ({exc})")
    return failures
