"""``atrisk demo``: build (or rebuild) the demo warehouse."""

from __future__ import annotations

import time
from pathlib import Path

from cli.common import add_db, print_refresh
from dashboard.settings import Settings
from queries.demo import build_demo
from queries.schema import connect_writer


def add_parser(commands) -> None:
    """``demo [--incidents N] [--seed S]``."""
    demo = commands.add_parser("demo", help="build the demo warehouse")
    add_db(demo)
    demo.add_argument("--incidents", type=int, default=50_000, help="how many (default 50,000)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")


def run(args, settings: Settings) -> int:
    """Build (or rebuild) the demo warehouse."""
    build_demo_warehouse(settings.db, args.incidents, args.seed)
    return 0


def build_demo_warehouse(db: Path, incidents: int, seed: int) -> None:
    """The demo warehouse in ``db``, its analytics refreshed, with progress on stdout."""
    started = time.perf_counter()
    print(
        f"Building the demo warehouse in {db} ({incidents:,} synthetic incidents) ...", flush=True
    )
    con = connect_writer(db)
    try:
        summary = build_demo(
            con,
            incidents=incidents,
            seed=seed,
            progress=lambda message: print(f"  {message}", flush=True),
        )
        print(
            f"Done in {time.perf_counter() - started:.1f} s: {summary.incidents:,} "
            f"incidents, {summary.trainings:,} trainings, {summary.assessments:,} "
            f"assessments (all synthetic, source 'demo'); {summary.indicators:,} real "
            "reference indicator values (source 'reference').",
            flush=True,
        )
        print_refresh(con)
    finally:
        con.close()
