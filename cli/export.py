"""``atrisk export snapshot|briefing|sitrep``: a map, a briefing pack or a situation report
to a file, exactly as the page would make it; audited.

Imports the export modules (reportlab, python-docx, kaleido) at the top: about a second
more at start-up for every command, since :mod:`cli.main` imports every command."""

from __future__ import annotations

import getpass
from pathlib import Path

from cli.common import add_db, progress_line
from dashboard.exports.briefing import briefing_pack
from dashboard.exports.sitrep import MAX_COUNTRIES, Selection, sitrep
from dashboard.exports.snapshot import snapshot
from dashboard.filters import ParsedFilters, parse_filters
from dashboard.layers import layers
from dashboard.maps import MapView
from dashboard.settings import Settings
from queries import audit, incidents
from queries.access import FULL_ACCESS
from queries.db import Warehouse


def add_parser(commands) -> None:
    """``export snapshot``, ``export briefing`` and ``export sitrep``, to a file."""
    export = commands.add_parser("export", help="export a map snapshot or a briefing pack")
    kinds = export.add_subparsers(dest="kind", required=True)
    snap = kinds.add_parser("snapshot", help="a map as PNG, SVG or PDF")
    snap.add_argument(
        "--page",
        default="overview",
        choices=("overview", "country"),
        help="whose map (default overview)",
    )
    snap.add_argument("--iso3", help="the country (for --page country)")
    snap.add_argument("--layer", help="the overview's map layer (default the first)")
    snap.add_argument("--format", required=True, choices=("png", "svg", "pdf"))
    snap.add_argument(
        "--size",
        default="slide",
        choices=("slide", "a4-landscape"),
        help="slide (1920x1080, the default) or a4-landscape (print)",
    )
    brief = kinds.add_parser("briefing", help="a country's briefing pack as PDF or DOCX")
    brief.add_argument("--iso3", required=True, help="the country, e.g. CAF")
    report = kinds.add_parser("sitrep", help="a situation report on several countries")
    report.add_argument("--region", default="", help="a UN region or subregion, e.g. Africa")
    report.add_argument("--top", type=int, help="the watchlist's top N (default all chosen)")
    report.add_argument("--org", default="", help="an organisation's members, e.g. ECOWAS")
    for sub in (brief, report):
        sub.add_argument(
            "--format",
            default="pdf",
            choices=("pdf", "docx"),
            help="pdf (the default) or docx (editable in Word)",
        )
    report.set_defaults(iso3="", admin1=None)
    for sub in (snap, brief, report):
        _add_window(sub, admin1=sub is not report)


def _add_window(sub, admin1: bool) -> None:
    """The filters every export takes, and where it goes."""
    sub.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    sub.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
    sub.add_argument("--category", help="comma-separated categories (default all)")
    sub.add_argument("--source", help="one source (default all)")
    if admin1:
        sub.add_argument("--admin1", help="one admin-1 region code (country maps, packs)")
    sub.add_argument("--out", type=Path, required=True, help="the file to write")
    add_db(sub)


def run(args, settings: Settings) -> int:
    """Write a map snapshot or a briefing pack, exactly as the page would; audited."""
    if not settings.db.exists():
        raise ValueError(f"{settings.db}: no warehouse there (build one with `atrisk demo`)")
    wh = Warehouse(settings.db)
    try:
        parsed = _checked_filters(wh, args)
        made = _make(wh, args, parsed, settings.classification)
    finally:
        wh.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(made.content)
    audit.record_event(
        settings.db,
        getpass.getuser(),
        f"export.{args.kind}",
        dict(made.detail, bytes=len(made.content), out=str(args.out)),
    )
    print(
        f"{args.out}: {len(made.content):,} bytes ({made.detail['format']}, "
        f"{parsed.filter.date_from} to {parsed.filter.date_to})"
    )
    return 0


def _checked_filters(wh: Warehouse, args) -> ParsedFilters:
    """The export's filters, parsed as the page parses its URL; ``ValueError`` naming the
    first flag that is not understood."""
    iso3 = (args.iso3 or "").upper()
    if iso3 and incidents.country_name(wh, iso3) is None:
        raise ValueError(f"--iso3: there is no country with the code {iso3!r}")
    country_map = args.kind == "snapshot" and args.page == "country"
    if country_map and not iso3:
        raise ValueError("--page country needs --iso3")
    if args.kind == "snapshot" and args.layer and args.layer not in layers():
        raise ValueError(f"--layer: expected one of {', '.join(layers())}")
    parsed = parse_filters(
        wh,
        {
            "from": args.date_from,
            "to": args.date_to,
            "category": args.category,
            "source": args.source,
            "admin1": args.admin1,
        },
        iso3 if args.kind == "briefing" or country_map else "",
        access=FULL_ACCESS,
    )
    if parsed.ignored:
        raise ValueError("not understood: " + "; ".join(parsed.ignored))
    return parsed


def _make(wh: Warehouse, args, parsed: ParsedFilters, classification: str):
    """The export's file (content, filename, detail)."""
    if args.kind == "snapshot":
        return snapshot(
            wh,
            MapView(args.page, parsed.filter, args.layer or ""),
            args.format,
            args.size,
            classification,
        )
    if args.kind == "sitrep":
        chosen = Selection(args.region, args.top or MAX_COUNTRIES, args.org)
        return sitrep(
            wh, parsed.filter, chosen, classification, progress=progress_line, fmt=args.format
        )
    return briefing_pack(wh, parsed.filter, classification, progress=progress_line, fmt=args.format)
