"""``atrisk boundaries FILE --iso3 X``: a user's own admin-1 boundaries for one country."""

from __future__ import annotations

from pathlib import Path

from cli.common import add_db, print_refresh
from dashboard.settings import Settings
from geodata.boundaries import read_admin1_file
from queries.boundaries import load_admin1_file
from queries.versions import publishing


def add_parser(commands) -> None:
    """``boundaries FILE --iso3 X [--code-field F] [--name-field F]``."""
    regions = commands.add_parser(
        "boundaries", help="use your own admin-1 boundary file for one country"
    )
    regions.add_argument("file", type=Path, help="GeoJSON, GeoPackage or Shapefile")
    regions.add_argument("--iso3", required=True, help="the country, e.g. COD")
    regions.add_argument("--code-field", help="the field holding region codes (found if omitted)")
    regions.add_argument("--name-field", help="the field holding region names (found if omitted)")
    add_db(regions)


def run(args, settings: Settings) -> int:
    """Load a user's admin-1 boundaries for one country and re-place its incidents."""
    read_admin1_file(args.file, args.iso3, args.code_field, args.name_field)  # check first
    with publishing(settings.db) as con:
        summary = load_admin1_file(con, args.file, args.iso3, args.code_field, args.name_field)
        print(
            f"{summary.iso3}: {summary.regions:,} admin-1 regions from {args.file.name}; "
            f"{summary.incidents_placed:,} incidents placed again, "
            f"{summary.incidents_with_admin1:,} of them in a region",
            flush=True,
        )
        print_refresh(con)
    return 0
