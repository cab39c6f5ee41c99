"""The command line put together: the parser of every command, and :func:`main`, which runs
one and turns an expected failure into one line on standard error and exit code 2."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import (
    alerts,
    boundaries,
    demo,
    evaluate,
    export,
    imports,
    model,
    rejects,
    serve,
    users,
)
from cli.common import EXIT_BAD_INPUT, say
from dashboard.exports.errors import ExportError
from dashboard.settings import Settings
from queries import audit
from queries.errors import WarehouseError

DESCRIPTION = "Atrocity Risk Monitor: the command line and the app factory's entry point."

# In the order ``atrisk --help`` lists them; ``serve`` runs when no command is given.
COMMANDS = {
    "serve": serve,
    "demo": demo,
    "import": imports,
    "boundaries": boundaries,
    "rejects": rejects,
    "export": export,
    "evaluate": evaluate,
    "model": model,
    "users": users,
    "alerts": alerts,
}


def build_parser() -> argparse.ArgumentParser:
    """The command line: every command of :data:`COMMANDS` with its flags."""
    parser = argparse.ArgumentParser(prog="atrisk", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command")
    for command in COMMANDS.values():
        command.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = build_parser().parse_args(argv)
    command = args.command or "serve"
    try:
        settings = Settings.from_env(
            db=getattr(args, "db", None),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            auth=getattr(args, "auth", None),
            threads=getattr(args, "threads", None),
            workers=getattr(args, "workers", None),
        )
        _flush_audit_spool(settings.db)
        return COMMANDS[command].run(args, settings)
    except (WarehouseError, ExportError, ValueError, OSError) as exc:
        say(f"atrisk {command}: {exc}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _flush_audit_spool(db: Path) -> None:
    """Record the audit events that an earlier command wrote down but could not record
    (a full disk, say); they stay spooled if that fails again."""
    try:
        audit.flush_spool(db)
    except (WarehouseError, OSError, ValueError) as exc:
        say(f"atrisk: audit events are still waiting to be recorded ({exc})")
