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
    python app.py evaluate [--json] [--pairs-out FILE]   backtest the cell forecast and the
                                       hotspot signal against history baselines
    python app.py evaluate --countries [--json] [--out FILE]   backtest the country forecast
    python app.py model fit            fit the country forecast and store it (committed)
    python app.py users add|list|remove|set-role|set-email ...   who may sign in, their role
    python app.py alerts list|send|token|revoke|rule ...   alerts, digests, feeds, rules
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

from dashboard.alerts_cli import add_alerts_parser, cmd_alerts
from dashboard.exports.errors import ExportError
from dashboard.settings import Settings
from queries.errors import WarehouseError

EXIT_BAD_INPUT = 2          # nothing was changed (bad input, or a failure before the commit)
EXIT_COMMITTED_BUT = 3      # the change was committed (published), a later step failed


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
    serve.add_argument("--threads", type=int, help="request threads per worker (default 8)")
    serve.add_argument("--workers", type=int,
                       help="worker processes sharing the port (default 1)")

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
        "evaluate", help="backtest the cell forecast and the hotspot signal against history "
                         "baselines")
    evaluate.add_argument("--json", action="store_true",
                          help="end with the figures as one line of JSON")
    evaluate.add_argument("--pairs-out", type=Path, metavar="FILE",
                          help="write every (origin, cell) pair scored as CSV: "
                               "origin,gid,forecast,outcome")
    _add_db(evaluate)
    _add_country_evaluation(evaluate)
    model = commands.add_parser("model", help="the country forecast's model")
    model.add_argument("action", choices=("fit",),
                       help="fit: backtest and fit on the shipped inputs, store the result")
    _add_db(model)
    _add_users(commands)
    add_alerts_parser(commands)
    return parser


def _add_country_evaluation(evaluate: argparse.ArgumentParser) -> None:
    """``evaluate --countries [--out FILE]``: the country forecast's backtest, from the
    shipped inputs (no warehouse needed)."""
    evaluate.add_argument("--countries", action="store_true",
                          help="backtest the country forecast (1994 on) instead")
    evaluate.add_argument("--out", type=Path,
                          help="with --countries: write every forecast as CSV "
                               "(year,iso3,risk,rank)")


def _add_users(commands) -> None:
    """``users add|list|remove|set-role``: the accounts that may sign in."""
    from queries.access import ROLES

    users = commands.add_parser("users", help="manage who may sign in")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from standard input")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--email", help="where alert digests go")
    actions.add_parser("list", help="list the users and their roles")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    set_role = actions.add_parser("set-role", help="change a user's role")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=ROLES)
    set_email = actions.add_parser("set-email", help="where a user's alert digests go")
    set_email.add_argument("name")
    set_email.add_argument("email")
    for sub in (add, remove, set_role, set_email, actions.choices["list"]):
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
                                     auth=getattr(args, "auth", None),
                                     threads=getattr(args, "threads", None),
                                     workers=getattr(args, "workers", None))
        _flush_audit_spool(settings.db)
        return COMMANDS[command](args, settings)
    except (WarehouseError, ExportError, ValueError, OSError) as exc:
        _say(f"atrisk {command}: {exc}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _say(line: str) -> None:
    """One line on standard error (never a traceback, even when stderr is closed)."""
    with contextlib.suppress(OSError):
        print(" ".join(line.split()), file=sys.stderr, flush=True)


def _flush_audit_spool(db: Path) -> None:
    """Record the audit events that an earlier command wrote down but could not record
    (a full disk, say); they stay spooled if that fails again."""
    from queries import audit

    try:
        audit.flush_spool(db)
    except (WarehouseError, OSError, ValueError) as exc:
        _say(f"atrisk: audit events are still waiting to be recorded ({exc})")


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
    """Import one file into a new version of the warehouse, refresh the analytics and
    publish it; audited. Exit 0 when done (even with rejected rows), 2 when nothing was
    changed, 3 when the import was published but printing or auditing it failed (the
    audit event then waits in a spool and is recorded on the next start)."""
    import getpass

    from queries import audit
    from queries.analytics.refresh import refresh_analytics
    from queries.importing.registry import check_file, import_file
    from queries.versions import publishing

    check_file(args.format, args.file)  # a bad file is reported before the warehouse is opened
    spooled = None
    try:
        with publishing(settings.db) as con:
            summary = import_file(con, args.format, args.file)
            lines = [*summary.lines(), refresh_analytics(con).line()]
            spooled = audit.spool_event(settings.db, getpass.getuser(), "import.cli",
                                        {"format": args.format, "file": str(args.file),
                                         "summary": lines})
    except BaseException:
        if spooled is not None:   # written down, but the import was not published
            spooled.unlink(missing_ok=True)
        raise
    failures = []
    try:
        print("\n".join(lines), flush=True)
    except OSError as exc:   # a closed pipe: the output goes nowhere from now on
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        failures.append(f"the summary could not be printed ({exc})")
    try:
        audit.record_spooled(settings.db, spooled)
    except (WarehouseError, OSError) as exc:
        failures.append(f"the audit event waits to be recorded on the next start ({exc})")
    if failures:
        _say(f"atrisk import: batch {summary.batch_id} was imported and published, but "
             + "; ".join(failures))
        return EXIT_COMMITTED_BUT
    return 0


def cmd_boundaries(args, settings: Settings) -> int:
    """Load a user's admin-1 boundaries for one country and re-place its incidents."""
    from geodata.boundaries import read_admin1_file
    from queries.boundaries import load_admin1_file
    from queries.versions import publishing

    read_admin1_file(args.file, args.iso3, args.code_field, args.name_field)  # check first
    with publishing(settings.db) as con:
        summary = load_admin1_file(con, args.file, args.iso3, args.code_field, args.name_field)
        print(f"{summary.iso3}: {summary.regions:,} admin-1 regions from {args.file.name}; "
              f"{summary.incidents_placed:,} incidents placed again, "
              f"{summary.incidents_with_admin1:,} of them in a region", flush=True)
        _refresh_analytics(con)
    return 0


def _refresh_analytics(con) -> None:
    """Recompute escalation, hotspots and the risk index after a write, and say so."""
    from queries.analytics.refresh import refresh_analytics

    print(refresh_analytics(con).line(), flush=True)


def cmd_rejects(args, settings: Settings) -> int:
    """Print the rejected rows of one batch with their reasons."""
    from queries.db import Warehouse
    from queries.importing.batches import rejected_rows

    if not settings.db.exists():
        raise WarehouseError(f"{settings.db}: no warehouse there")
    warehouse = Warehouse(settings.db)
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
    """Run the rolling-origin backtest of the cell forecast, the hotspot signal and the
    history baselines, and print their figures (and write the pairs with --pairs-out)."""
    import json

    if args.countries:
        return _evaluate_countries(args)
    from queries.analytics.backtest import backtest_pairs, evaluate_pairs, write_pairs
    from queries.db import Warehouse

    if not settings.db.exists():
        raise WarehouseError(f"{settings.db}: no warehouse there")
    warehouse = Warehouse(settings.db)
    try:
        with warehouse.cursor() as cur:
            pairs = backtest_pairs(cur)
    finally:
        warehouse.close()
    result = evaluate_pairs(pairs)
    if args.pairs_out:
        write_pairs(pairs, args.pairs_out)
    print("\n".join(result.lines()))
    if args.json:
        print(json.dumps(result.as_dict(json_safe=True)))
    return 0


def _evaluate_countries(args) -> int:
    """The country forecast's rolling-origin backtest: the table, optionally JSON and CSV."""
    import json

    from queries.forecast import metrics
    from queries.forecast.store import run_backtest

    forecasts = run_backtest()
    rows = metrics.scores_by_decade(forecasts)
    print("Country forecast, rolling-origin backtest (each year forecast with the data of "
          "the year before only): a new mass killing beginning that year")
    print("\n".join(metrics.table_lines(rows)))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        forecasts[["year", "iso3", "risk", "rank"]].to_csv(args.out, index=False)
        print(f"{args.out}: {len(forecasts):,} forecasts")
    if args.json:
        print(json.dumps(metrics.as_dict(rows)))
    return 0


def cmd_model(args, settings: Settings) -> int:
    """``model fit``: backtest and fit the country forecast, store it under queries/reference,
    and reload it into the warehouse when there is one (new warehouses load it anyway)."""
    from queries.db import connect_writer, transaction
    from queries.forecast.store import BACKTEST_FILE, MODEL_FILE, fit_and_store, load_forecast

    stored = fit_and_store(progress=lambda message: print(message, flush=True))
    figures = stored["backtest"]
    print(f"{MODEL_FILE}, {BACKTEST_FILE}: backtest {figures['years']} AUC "
          f"{figures['auc']:.3f}, {figures['top30_share']:.0%} of {figures['onsets']} onsets "
          f"in that year's top 30; data through {stored['inputs']['data_through']}.")
    if settings.db.exists():
        con = connect_writer(settings.db)
        try:
            with transaction(con):
                countries = load_forecast(con)
        finally:
            con.close()
        print(f"{settings.db}: forecast reloaded for {countries} countries.")
    return 0


def cmd_users(args, settings: Settings) -> int:
    """Add, list, remove a user or change a role; every change is audited."""
    import getpass

    from queries import audit, users
    from queries.alerts.people import check_email, set_email

    if args.action == "list":
        for user in users.list_users(settings.db):
            print(f"{user.username}\t{user.role}\tsince {user.created_at:%Y-%m-%d}")
        return 0
    if args.action == "add":
        if args.email:
            check_email(args.email)
        users.add_user(settings.db, args.name, args.role, _read_password())
        detail = {"user": args.name, "role": args.role}
        if args.email:
            set_email(settings.db, args.name, args.email)
            detail["email"] = args.email
    elif args.action == "set-email":
        set_email(settings.db, args.name, args.email)
        detail = {"user": args.name, "email": args.email}
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
    from queries.db import Warehouse, schema_pending
    from queries.versions import publishing

    warehouse = Warehouse(db)
    try:
        with warehouse.cursor() as con:
            stale = schema_pending(con) or analytics_stale(con)
    finally:
        warehouse.close()
    if stale:
        with publishing(db) as con:   # the schema is applied on opening it
            if analytics_stale(con):
                _refresh_analytics(con)


def cmd_serve(args, settings: Settings) -> int:
    """Serve the dashboard with the production server; build the demo warehouse first
    when there is none; remove what a crashed upload left behind."""
    settings.checked()   # before any work: auth without a secret refuses to start
    prepare_warehouse(settings.db)
    from dashboard.server import serve
    from dashboard.uploads import remove_leftover_uploads
    from queries.versions import tidy

    remove_leftover_uploads(settings.db)
    tidy(settings.db)
    serve(settings, announce=lambda line: print(line, flush=True))
    return 0


COMMANDS = {"serve": cmd_serve, "demo": cmd_demo, "import": cmd_import,
            "boundaries": cmd_boundaries, "rejects": cmd_rejects, "export": cmd_export,
            "evaluate": cmd_evaluate, "model": cmd_model, "users": cmd_users,
            "alerts": cmd_alerts}


if __name__ == "__main__":
    sys.exit(main())
