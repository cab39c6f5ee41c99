"""A user's own admin-1 boundaries for a country, in place of the shipped ones.

Loading a file replaces the country's rows in ``admin1``, keeps the geometry for later
imports, and places that country's incidents again, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import geopandas as gpd
import pyarrow as pa
import shapely

from geodata import boundaries
from geodata.assign import PointAssigner
from queries.statements import execute_with_rows, named_sql, replace_admin1, transaction


@dataclass(frozen=True)
class BoundarySummary:
    """What loading a boundary file changed."""

    iso3: str
    regions: int
    incidents_placed: int
    incidents_with_admin1: int


def load_admin1_file(con: duckdb.DuckDBPyConnection, path: Path, iso3: str,
                     code_field: str | None = None,
                     name_field: str | None = None) -> BoundarySummary:
    """Use the regions of ``path`` for ``iso3`` from now on, and re-place its incidents.

    Raises ``geodata.boundaries.GeodataError`` (a ``ValueError``) naming the file and the
    problem; nothing is written then.
    """
    regions = boundaries.read_admin1_file(path, iso3, code_field=code_field,
                                          name_field=name_field)
    with transaction(con):
        con.execute("DELETE FROM admin1_overrides WHERE iso3 = ?", [iso3])
        _store_overrides(con, regions, iso3, Path(path).name)
        assigner = assigner_for(con)   # checks the codes against every other country's
        replace_admin1(con, regions, boundary_source=Path(path).name, iso3=iso3)
        placed, with_admin1 = _place_again(con, assigner, iso3)
    return BoundarySummary(iso3=iso3, regions=len(regions), incidents_placed=placed,
                           incidents_with_admin1=with_admin1)


def _store_overrides(con, regions: gpd.GeoDataFrame, iso3: str, file_name: str) -> None:
    table = pa.table({
        "iso3": pa.array([iso3] * len(regions), type=pa.string()),
        "admin1_code": pa.array(regions["admin1_code"].astype(str).tolist(), type=pa.string()),
        "name": pa.array(regions["name"].tolist(), type=pa.string()),
        "geometry": pa.array(shapely.to_wkb(regions.geometry.to_numpy()).tolist(),
                             type=pa.binary()),
        "file_name": pa.array([file_name] * len(regions), type=pa.string()),
        "loaded_at": pa.array([datetime.now()] * len(regions), type=pa.timestamp("us")),
    })
    execute_with_rows(con, "INSERT INTO admin1_overrides BY NAME SELECT * FROM _rows", table)


def assigner_for(con: duckdb.DuckDBPyConnection) -> PointAssigner:
    """The point assigner for this warehouse: shipped boundaries with the user's overrides."""
    overrides = con.execute(named_sql("admin1_overrides_all")).df()
    if overrides.empty:
        return PointAssigner.default()
    regions = boundaries.load_admin1()
    for iso3, rows in overrides.groupby("iso3"):
        user = gpd.GeoDataFrame(
            rows[["admin1_code", "name"]].reset_index(drop=True),
            geometry=shapely.from_wkb(rows["geometry"].map(bytes).to_numpy()), crs=4326)
        regions = boundaries.with_admin1_override(regions, user, iso3)
    return PointAssigner(boundaries.load_countries(), regions)


def _place_again(con, assigner: PointAssigner, iso3: str) -> tuple[int, int]:
    rows = con.execute(named_sql("incidents_of_country_places"), {"iso3": iso3}).df()
    if rows.empty:
        return 0, 0
    placed = assigner.assign(rows["lat"].to_numpy(), rows["lon"].to_numpy(),
                             rows["geo_precision"].astype(float).to_numpy(),
                             rows["iso3"].to_numpy(dtype=object))
    table = pa.table({
        "incident_id": pa.array(rows["incident_id"].tolist(), type=pa.string()),
        "geo_iso3": pa.array(placed.geo_iso3, type=pa.string()),
        "geo_check": pa.array(placed.geo_check, type=pa.string()),
        "admin1_code": pa.array(placed.admin1_code, type=pa.string()),
        "admin1_name": pa.array(placed.admin1_name, type=pa.string()),
    })
    execute_with_rows(con, named_sql("incidents_update_places"), table)
    return len(rows), int(sum(code is not None for code in placed.admin1_code))
