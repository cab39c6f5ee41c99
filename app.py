"""Atrocity Risk Monitor: the command line and the app factory's entry point.

    python app.py                      serve the dashboard (builds the demo warehouse first
                                       when there is none)
    python app.py demo                 build the demo warehouse
    python app.py import FORMAT FILE   import a file (ucdp, acled, incidents, hxl, indicators,
                                       assessments, memberships, commitments, trainings)
    python app.py boundaries FILE --iso3 X   use your own admin-1 boundaries for a country
    python app.py rejects BATCH        show the rows an import rejected, with reasons
    python app.py export snapshot|briefing|sitrep ...   a map, a briefing pack (PDF or DOCX)
                                                 or a situation report to a file
    python app.py evaluate [--json]    backtest the hotspot signal against persistence
    python app.py users add|list|remove|set-role ...   who may sign in, with which role
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.exports.errors import ExportError
from dashboard.settings import Settings
from queries.errors import WarehouseError

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``serve`` (the default), ``demo``, ``import``, ``rejects``."""
    parser = argparse.ArgumentParser(prog="atrisk", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser("serve", help="serve the dashboard (the default)")
    _add_db(serve)
    serve.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8050)")
    serve.add_argument("--auth", action="store_true", default=None,
                       help="require sign-in (always on when --host is not loopback)")

    demo = commands.add_parser("demo", help="build the demo warehouse")
    _add_db(demo)
    demo.add_argument("--incidents", type=int, default=50_000, help="how many (default 50,000)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")

    from queries.importing.registry import FORMATS

    load = commands.add_parser("import", help="import a file into the warehouse")
    load.add_argument("format", choices=sorted(FORMATS), help="the file's format")
    load.add_argument("file", type=Path, help="the CSV file")
    _add_db(load)

    regions = commands.add_parser(
        "boundaries", help="use your own admin-1 boundary file for one country")
    regions.add_argument("file", type=Path, help="GeoJSON, GeoPackage or Shapefile")
    regions.add_argument("--iso3", required=True, help="the country, e.g. COD")
    regions.add_argument("--code-field", help="the field holding region codes (found if omitted)")
    regions.add_argument("--name-field", help="the field holding region names (found if omitted)")
    _add_db(regions)

    rejects = commands.add_parser("rejects", help="show the rows an import rejected")
    rejects.add_argument("batch", type=int, help="the batch id the import printed")
    rejects.add_argument("--limit", type=int, default=50, help="rows to show (default 50)")
    _add_db(rejects)
    _add_export(commands)

    evaluate = commands.add_parser(
        "evaluate", help="backtest the hotspot signal against naive persistence")
    evaluate.add_argument("--json", action="store_true",
                          help="end with the figures as one line of JSON")
    _add_db(evaluate)
    _add_users(commands)
    return parser


def _add_users(commands) -> None:
    """``users add|list|remove|set-role``: the accounts that may sign in."""
    from queries.access import ROLES

    users = commands.add_parser("users", help="manage who may sign in")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from standard input")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    actions.add_parser("list", help="list the users and their roles")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    set_role = actions.add_parser("set-role", help="change a user's role")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=ROLES)
    for sub in (add, remove, set_role, actions.choices["list"]):
        _add_db(sub)


def _add_export(commands) -> None:
    """``export snapshot`` and ``export briefing``: the page's exports, to a file."""
    export = commands.add_parser("export", help="export a map snapshot or a briefing pack")
    kinds = export.add_subparsers(dest="kind", required=True)
    snap = kinds.add_parser("snapshot", help="a map as PNG, SVG or PDF")
    snap.add_argument("--page", default="overview", choices=("overview", "country"),
                      help="whose map (default overview)")
    snap.add_argument("--iso3", help="the country (for --page country)")
    snap.add_argument("--layer", help="the overview's map layer (default the first)")
    snap.add_argument("--format", required=True, choices=("png", "svg", "pdf"))
    snap.add_argument("--size", default="slide", choices=("slide", "a4-landscape"),
                      help="slide (1920x1080, the default) or a4-landscape (print)")
    brief = kinds.add_parser("briefing", help="a country's briefing pack as PDF or DOCX")
    brief.add_argument("--iso3", required=True, help="the country, e.g. CAF")
    sitrep = kinds.add_parser("sitrep", help="a situation report on several countries")
    sitrep.add_argument("--region", default="", help="a UN region or subregion, e.g. Africa")
    sitrep.add_argument("--top", type=int, help="the watchlist's top N (default all chosen)")
    sitrep.add_argument("--org", default="", help="an organisation's members, e.g. ECOWAS")
    for sub in (brief, sitrep):
        sub.add_argument("--format", default="pdf", choices=("pdf", "docx"),
                         help="pdf (the default) or docx (editable in Word)")
    sitrep.set_defaults(iso3="", admin1=None)
    for sub in (snap, brief, sitrep):
        sub.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
        sub.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
        sub.add_argument("--category", help="comma-separated categories (default all)")
        sub.add_argument("--source", help="one source (default all)")
        if sub is not sitrep:
            sub.add_argument("--admin1", help="one admin-1 region code (country maps, packs)")
        sub.add_argument("--out", type=Path, required=True, help="the file to write")
        _add_db(sub)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path,
                        help="warehouse file (default $ATRISK_DB or var/monitor.duckdb)")


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = build_parser().parse_args(argv)
    command = args.command or "serve"
    try:
        settings = Settings.from_env(db=getattr(args, "db", None),
                                     host=getattr(args, "host", None),
                                     port=getattr(args, "port", None),
                                     auth=getattr(args, "auth", None))
        return COMMANDS[command](args, settings)
    except (WarehouseError, ExportError, ValueError, OSError) as exc:
        print(f"atrisk {command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def cmd_demo(args, settings: Settings) -> int:
    """Build (or rebuild) the demo warehouse."""
    _build_demo(settings.db, args.incidents, args.seed)
    return 0


def _build_demo(db: Path, incidents: int, seed: int) -> None:
    from queries.db import connect_writer
    from queries.demo import build_demo

    started = time.perf_counter()
    print(f"Building the demo warehouse in {db} ({incidents:,} synthetic incidents) ...",
          flush=True)
    con = connect_writer(db)
    try:
        summary = build_demo(con, incidents=incidents, seed=seed,
                             progress=lambda message: print(f"  {message}", flush=True))
        print(f"Done in {time.perf_counter() - started:.1f} s: {summary.incidents:,} "
              f"incidents, {summary.trainings:,} trainings, {summary.assessments:,} "
              f"assessments (all synthetic, source 'demo'); {summary.indicators:,} real "
              "reference indicator values (source 'reference').", flush=True)
        _refresh_analytics(con)
    finally:
        con.close()


def cmd_import(args, settings: Settings) -> int:
    """Import one file; exit 0 when processed, even with rejected rows. Audited."""
    import getpass

    from queries import audit
    from queries.db import connect_writer
    from queries.importing.registry import check_file, import_file

    check_file(args.format, args.file)  # a bad file is reported before the warehouse is opened
    con = connect_writer(settings.db)
    try:
        summary = import_file(con, args.format, args.file)
        print("\n".join(summary.lines()), flush=True)
        _refresh_analytics(con)
    finally:
        con.close()
    audit.record_event(settings.db, getpass.getuser(), "import.cli",
                       {"format": args.format, "file": str(args.file),
                        "summary": summary.lines()})
    return 0


def cmd_boundaries(args, settings: Settings) -> int:
    """Load a user's admin-1 boundaries for one country and re-place its incidents."""
    from geodata.boundaries import read_admin1_file
    from queries.boundaries import load_admin1_file
    from queries.db import connect_writer

    read_admin1_file(args.file, args.iso3, args.code_field, args.name_field)  # check first
    con = connect_writer(settings.db)
    try:
        summary = load_admin1_file(con, args.file, args.iso3, args.code_field, args.name_field)
        print(f"{summary.iso3}: {summary.regions:,} admin-1 regions from {args.file.name}; "
              f"{summary.incidents_placed:,} incidents placed again, "
              f"{summary.incidents_with_admin1:,} of them in a region", flush=True)
        _refresh_analytics(con)
    finally:
        con.close()
    return 0


def _refresh_analytics(con) -> None:
    """Recompute escalation, hotspots and the risk index after a write, and say so."""
    from queries.analytics.refresh import refresh_analytics

    print(refresh_analytics(con).line(), flush=True)


def cmd_rejects(args, settings: Settings) -> int:
    """Print the rejected rows of one batch with their reasons."""
    from queries.db import connect_writer
    from queries.importing.batches import rejected_rows

    con = connect_writer(settings.db)
    try:
        rows = rejected_rows(con, args.batch, args.limit)
    finally:
        con.close()
    if not rows:
        print(f"batch {args.batch}: no rejected rows")
    for row_number, raw, reasons in rows:
        print(f"row {row_number}: {'; '.join(reasons)}\n    {raw}")
    return 0


def cmd_export(args, settings: Settings) -> int:
    """Write a map snapshot or a briefing pack, exactly as the page would; audited."""
    import getpass

    from dashboard.exports.snapshot import snapshot
    from dashboard.filters import parse_filters
    from dashboard.layers import layers
    from dashboard.maps import MapView
    from queries import audit, incidents
    from queries.access import FULL_ACCESS
    from queries.db import Warehouse

    if not settings.db.exists():
        raise ValueError(f"{settings.db}: no warehouse there (build one with `atrisk demo`)")
    wh = Warehouse(settings.db)
    try:
        iso3 = (args.iso3 or "").upper()
        if iso3 and incidents.country_name(wh, iso3) is None:
            raise ValueError(f"--iso3: there is no country with the code {iso3!r}")
        if args.kind == "snapshot" and args.page == "country" and not iso3:
            raise ValueError("--page country needs --iso3")
        if args.kind == "snapshot" and args.layer and args.layer not in layers():
            raise ValueError(f"--layer: expected one of {', '.join(layers())}")
        parsed = parse_filters(wh, {"from": args.date_from, "to": args.date_to,
                                    "category": args.category, "source": args.source,
                                    "admin1": args.admin1},
                               iso3 if args.kind == "briefing" or (
                                   args.kind == "snapshot" and args.page == "country") else "",
                               access=FULL_ACCESS)
        if parsed.ignored:
            raise ValueError("not understood: " + "; ".join(parsed.ignored))
        if args.kind == "snapshot":
            made = snapshot(wh, MapView(args.page, parsed.filter, args.layer or ""),
                            args.format, args.size, settings.classification)
        elif args.kind == "sitrep":
            from dashboard.exports.sitrep import MAX_COUNTRIES, Selection, sitrep

            chosen = Selection(args.region, args.top or MAX_COUNTRIES, args.org)
            made = sitrep(wh, parsed.filter, chosen, settings.classification,
                          progress=_progress_line, fmt=args.format)
        else:
            from dashboard.exports.briefing import briefing_pack

            made = briefing_pack(wh, parsed.filter, settings.classification,
                                 progress=_progress_line, fmt=args.format)
    finally:
        wh.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(made.content)
    audit.record_event(settings.db, getpass.getuser(), f"export.{args.kind}",
                       dict(made.detail, bytes=len(made.content), out=str(args.out)))
    print(f"{args.out}: {len(made.content):,} bytes ({made.detail['format']}, "
          f"{parsed.filter.date_from} to {parsed.filter.date_to})")
    return 0


def _progress_line(fraction: float, message: str) -> None:
    """An export's progress on standard error (the first, cold export starts a browser)."""
    print(f"{fraction:4.0%} {message}", file=sys.stderr, flush=True)


def cmd_evaluate(args, settings: Settings) -> int:
    """Run the rolling-origin backtest of the hotspot signal and print its figures."""
    import json

    from queries.analytics.backtest import run_backtest
    from queries.db import Warehouse

    if not settings.db.exists():
        raise WarehouseError(f"{settings.db}: no warehouse there")
    warehouse = Warehouse(settings.db)
    try:
        with warehouse.cursor() as cur:
            result = run_backtest(cur)
    finally:
        warehouse.close()
    print("\n".join(result.lines()))
    if args.json:
        print(json.dumps(result.as_dict(json_safe=True)))
    return 0


def cmd_users(args, settings: Settings) -> int:
    """Add, list, remove a user or change a role; every change is audited."""
    import getpass

    from queries import audit, users

    if args.action == "list":
        for user in users.list_users(settings.db):
            print(f"{user.username}\t{user.role}\tsince {user.created_at:%Y-%m-%d}")
        return 0
    if args.action == "add":
        users.add_user(settings.db, args.name, args.role, _read_password())
        detail = {"user": args.name, "role": args.role}
    elif args.action == "remove":
        users.remove_user(settings.db, args.name)
        detail = {"user": args.name}
    else:
        users.set_role(settings.db, args.name, args.role)
        detail = {"user": args.name, "role": args.role}
    action = "user." + args.action.replace("-", "_")
    audit.record_event(settings.db, getpass.getuser(), action, dict(detail, via="cli"))
    print(f"{action}: {args.name}" + (f" ({detail['role']})" if "role" in detail else ""))
    return 0


def _read_password() -> str:
    """The password from standard input: asked twice at a terminal, else its first line."""
    import getpass

    if sys.stdin.isatty():
        first, second = getpass.getpass("Password: "), getpass.getpass("Again: ")
        if first != second:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def prepare_warehouse(db: Path) -> None:
    """Build the demo warehouse when there is none; otherwise bring its schema and its
    analytics up to date (the app opens it read-only, so both must happen before)."""
    if not db.exists():
        _build_demo(db, incidents=50_000, seed=7)
        return
    from queries.analytics.refresh import analytics_stale
    from queries.db import connect_writer

    con = connect_writer(db)
    try:
        if analytics_stale(con):
            _refresh_analytics(con)
    finally:
        con.close()


def cmd_serve(args, settings: Settings) -> int:
    """Serve the dashboard; build the demo warehouse first when there is none."""
    settings.checked()   # before any work: auth without a secret refuses to start
    prepare_warehouse(settings.db)
    from dashboard import create_app

    app = create_app(settings)
    print(f"Serving the Atrocity Risk Monitor on http://{settings.host}:{settings.port}/ "
          f"(warehouse {settings.db}; sign-in "
          f"{'required' if settings.auth_enabled else 'off: local demo, full access'})",
          flush=True)
    app.run(host=settings.host, port=settings.port, debug=False)
    return 0


COMMANDS = {"serve": cmd_serve, "demo": cmd_demo, "import": cmd_import,
            "boundaries": cmd_boundaries, "rejects": cmd_rejects, "export": cmd_export,
            "evaluate": cmd_evaluate, "users": cmd_users}


if __name__ == "__main__":
    sys.exit(main())
