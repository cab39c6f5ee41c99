"""``atrisk serve`` (the default command): the dashboard with the production server."""

from __future__ import annotations

from pathlib import Path

from cli.common import add_db, print_refresh
from cli.demo import build_demo_warehouse
from dashboard import server
from dashboard.settings import Settings
from dashboard.uploads import remove_leftover_uploads
from queries.analytics.refresh import analytics_stale
from queries.db import Warehouse
from queries.schema import schema_pending
from queries.versions import publishing, tidy


def add_parser(commands) -> None:
    """``serve [--host H] [--port P] [--auth] [--threads N] [--workers N]``."""
    serve_ = commands.add_parser("serve", help="serve the dashboard (the default)")
    add_db(serve_)
    serve_.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve_.add_argument("--port", type=int, help="port (default 8050)")
    serve_.add_argument(
        "--auth",
        action="store_true",
        default=None,
        help="require sign-in (always on when --host is not loopback)",
    )
    serve_.add_argument("--threads", type=int, help="request threads per worker (default 8)")
    serve_.add_argument("--workers", type=int, help="worker processes sharing the port (default 1)")


def run(_args, settings: Settings) -> int:
    """Serve the dashboard with the production server; build the demo warehouse first
    when there is none; remove what a crashed upload left behind."""
    settings.checked()  # before any work: auth without a secret refuses to start
    prepare_warehouse(settings.db)
    remove_leftover_uploads(settings.db)
    tidy(settings.db)
    server.serve(settings, announce=lambda line: print(line, flush=True))
    return 0


def prepare_warehouse(db: Path) -> None:
    """Build the demo warehouse when there is none; otherwise bring its schema and its
    analytics up to date (the app opens it read-only, so both must happen before)."""
    if not db.exists():
        build_demo_warehouse(db, incidents=50_000, seed=7)
        return
    warehouse = Warehouse(db)
    try:
        with warehouse.cursor() as con:
            stale = schema_pending(con) or analytics_stale(con)
    finally:
        warehouse.close()
    if stale:
        with publishing(db) as con:  # the schema is applied on opening it
            if analytics_stale(con):
                print_refresh(con)
