"""``atrisk rejects BATCH``: the rows an import rejected, with their reasons."""

from __future__ import annotations

from cli.common import add_db, existing_warehouse
from dashboard.settings import Settings
from queries.importing.batches import rejected_rows


def add_parser(commands) -> None:
    """``rejects BATCH [--limit N]``."""
    rejects = commands.add_parser("rejects", help="show the rows an import rejected")
    rejects.add_argument("batch", type=int, help="the batch id the import printed")
    rejects.add_argument("--limit", type=int, default=50, help="rows to show (default 50)")
    add_db(rejects)


def run(args, settings: Settings) -> int:
    """Print the rejected rows of one batch with their reasons."""
    warehouse = existing_warehouse(settings)
    try:
        with warehouse.cursor() as con:
            rows = rejected_rows(con, args.batch, args.limit)
    finally:
        warehouse.close()
    if not rows:
        print(f"batch {args.batch}: no rejected rows")
    for row_number, raw, reasons in rows:
        print(f"row {row_number}: {'; '.join(reasons)}\n    {raw}")
    return 0
