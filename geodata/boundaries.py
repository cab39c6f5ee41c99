"""Country and admin-1 boundaries: the shipped GeoParquet files, and users' own files.

The shipped files are built by ``python -m geodata.build_boundaries`` (see
``data/PROVENANCE.md``). Users may replace one country's regions with their own file
(OCHA COD-AB, geoBoundaries, GADM, ...) as GeoJSON, GeoPackage or Shapefile.
"""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.reference import DATA_DIR, is_iso3

COUNTRIES_FILE = DATA_DIR / "countries.parquet"
ADMIN1_FILE = DATA_DIR / "admin1.parquet"
REGION_COLUMNS = ["admin1_code", "iso3", "name", "geometry"]

# Field names tried, in order and case-insensitively, when the caller names none:
# our own, OCHA COD-AB, GADM, geoBoundaries, Natural Earth.
CODE_FIELDS = ("admin1_code", "adm1_pcode", "gid_1", "shapeid", "adm1_code")
NAME_FIELDS = ("name", "adm1_en", "adm1_name", "name_1", "shapename", "adm1_fr", "adm1_es")
POLYGON_TYPES = ("Polygon", "MultiPolygon")


class GeodataError(ValueError):
    """Bad geographic input: a missing or unreadable file, field, layer or country code."""


def load_countries() -> gpd.GeoDataFrame:
    """The shipped country polygons: ``iso3``, ``name``, ``geometry`` (EPSG:4326).

    Read once per process; each call returns a copy.
    """
    return _read_shipped(COUNTRIES_FILE).copy()


def load_admin1() -> gpd.GeoDataFrame:
    """The shipped admin-1 regions (Natural Earth, about 2013), EPSG:4326.

    Columns: ``admin1_code``, ``iso3``, ``name``, ``iso_3166_2``, ``hasc``, ``type_en``,
    ``geometry``; sorted by ``iso3`` then ``admin1_code``. Read once; each call returns
    a copy.
    """
    return _read_shipped(ADMIN1_FILE).copy()


def label_points(regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where to write each region's name: a point inside its largest part (a country's
    name goes on its mainland, not between its islands). Columns ``lat`` and ``lon``, the
    index of ``regions``."""
    largest = [max(shapely.get_parts(shape), key=lambda part: part.area)
               if shape is not None and not shape.is_empty else None
               for shape in regions.geometry]
    points = shapely.point_on_surface(np.array(largest, dtype=object))
    return pd.DataFrame({"lat": shapely.get_y(points), "lon": shapely.get_x(points)},
                        index=regions.index)


@functools.lru_cache(maxsize=1)
def country_label_points() -> pd.DataFrame:
    """Each shipped country's label point: ``iso3``, ``lat``, ``lon`` (computed once)."""
    countries = _read_shipped(COUNTRIES_FILE)
    return pd.concat([countries[["iso3"]], label_points(countries)], axis=1)


@functools.lru_cache(maxsize=2)
def _read_shipped(path: Path) -> gpd.GeoDataFrame:
    """One shipped GeoParquet file, read once."""
    return gpd.read_parquet(path)


def read_admin1_file(path: str | Path, iso3: str, code_field: str | None = None,
                     name_field: str | None = None, layer: str | None = None
                     ) -> gpd.GeoDataFrame:
    """Read a user's admin-1 boundary file for one country.

    ``path`` is a GeoJSON, GeoPackage or Shapefile; ``layer`` picks one layer of a
    multi-layer file. ``code_field`` / ``name_field`` name the region code and name
    fields; when None they are found among common names (``admin1_code``, ``ADM1_PCODE``,
    ``GID_1``, ``shapeID`` / ``name``, ``ADM1_EN``, ``NAME_1``, ``shapeName``, ...).
    Features sharing a code are merged. Returns ``admin1_code``, ``iso3``, ``name``,
    ``geometry`` in EPSG:4326, sorted by code. Raises :class:`GeodataError` naming the
    file and the problem.
    """
    path = Path(path)
    _check_iso3(iso3)
    frame = _read_vector(path, layer)
    _check_polygons(frame, path)
    code = _field(frame, path, code_field, CODE_FIELDS, "code")
    name = _field(frame, path, name_field, NAME_FIELDS, "name")
    _check_codes(frame[code], path, code)
    regions = gpd.GeoDataFrame({
        "admin1_code": frame[code].astype(str).str.strip().to_numpy(),
        "iso3": iso3,
        "name": frame[name].astype(object).where(frame[name].notna(), None).to_numpy(),
        "geometry": shapely.make_valid(frame.geometry.to_numpy(), method="structure",
                                       keep_collapsed=False),
    }, geometry="geometry", crs=_crs(frame, path))
    regions = regions.to_crs(4326).dissolve(by="admin1_code", aggfunc="first", sort=True)
    return regions.reset_index()[REGION_COLUMNS]


def with_admin1_override(admin1_gdf: gpd.GeoDataFrame, user_gdf: gpd.GeoDataFrame,
                         iso3: str) -> gpd.GeoDataFrame:
    """``admin1_gdf`` with country ``iso3``'s regions replaced by ``user_gdf``'s.

    ``user_gdf`` has at least ``admin1_code``, ``name`` and ``geometry`` (as returned by
    :func:`read_admin1_file`); columns of ``admin1_gdf`` it lacks are left empty. Raises
    :class:`GeodataError` when a user code is already used by another country, or when
    ``user_gdf`` holds rows of another country. Sorted by ``iso3`` then ``admin1_code``.
    """
    _check_iso3(iso3)
    _check_user_regions(user_gdf, iso3)
    keep = admin1_gdf[admin1_gdf["iso3"] != iso3]
    clash = sorted(set(keep["admin1_code"]) & set(user_gdf["admin1_code"]))
    if clash:
        raise GeodataError(f"user admin-1 code(s) already used by another country: "
                           f"{', '.join(map(str, clash[:10]))}")
    user = user_gdf.to_crs(admin1_gdf.crs).assign(iso3=iso3)
    user = user.reindex(columns=admin1_gdf.columns)
    merged = pd.concat([keep, user], ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=admin1_gdf.crs).sort_values(
        ["iso3", "admin1_code"], ignore_index=True)


def _check_user_regions(user_gdf: gpd.GeoDataFrame, iso3: str) -> None:
    """Raise unless ``user_gdf`` has the region columns, a CRS, unique codes, one country."""
    missing = [c for c in ("admin1_code", "name", "geometry") if c not in user_gdf.columns]
    if missing:
        raise GeodataError(f"user regions lack column(s) {', '.join(missing)}; "
                           f"available: {', '.join(map(str, user_gdf.columns))}")
    if user_gdf.crs is None:
        raise GeodataError("user regions have no coordinate reference system")
    duplicated = sorted(set(user_gdf["admin1_code"][user_gdf["admin1_code"].duplicated()]))
    if duplicated:
        raise GeodataError(f"user admin-1 codes are not unique: "
                           f"{', '.join(map(str, duplicated[:10]))}")
    if "iso3" in user_gdf.columns and (other := set(user_gdf["iso3"].dropna()) - {iso3}):
        raise GeodataError(f"user regions for {iso3} include rows of {', '.join(sorted(other))}")


def _check_iso3(iso3: str) -> None:
    """Raise unless ``iso3`` is an alpha-3 code of the country table."""
    if not is_iso3(iso3):
        raise GeodataError(f"iso3 {iso3!r} is not an ISO 3166-1 alpha-3 code "
                           "(expected upper case, e.g. 'CAF')")


def _read_vector(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    """Read one layer of a vector file, with errors that name the file."""
    if not path.exists():
        raise GeodataError(f"{path}: boundary file not found")
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
        if layer is None and len(layers) > 1:
            raise GeodataError(f"{path}: has {len(layers)} layers ({', '.join(layers)}); "
                               "pass layer= to pick the admin-1 layer")
        if layer is not None and layer not in layers:
            raise GeodataError(f"{path}: no layer {layer!r}; layers: {', '.join(layers)}")
        return pyogrio.read_dataframe(path, layer=layer)
    except pyogrio.errors.DataSourceError as exc:
        raise GeodataError(f"{path}: not a readable GeoJSON, GeoPackage or Shapefile "
                           f"({exc})") from exc


def _field(frame: gpd.GeoDataFrame, path: Path, wanted: str | None,
           candidates: tuple[str, ...], role: str) -> str:
    """The column to use as the region ``role`` ("code" or "name")."""
    fields = [str(c) for c in frame.columns if c != frame.geometry.name]
    if wanted is not None:
        if wanted not in fields:
            raise GeodataError(f"{path}: {role} field {wanted!r} not found; "
                               f"available fields: {', '.join(fields) or '(none)'}")
        return wanted
    by_lower = {f.lower(): f for f in fields}
    for candidate in candidates:
        if candidate in by_lower:
            return by_lower[candidate]
    raise GeodataError(f"{path}: no admin-1 {role} field found (looked for "
                       f"{', '.join(candidates)}); available fields: "
                       f"{', '.join(fields) or '(none)'}; pass {role}_field=")


def _check_polygons(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Raise unless there are features and each has a non-empty (multi)polygon."""
    empty = frame.geometry.isna() | frame.geometry.is_empty
    types = frame.geom_type.where(~empty, "no geometry")
    if len(frame) == 0 or not types.isin(POLYGON_TYPES).all():
        found = ", ".join(f"{n} {kind}" for kind, n in types.value_counts().items())
        raise GeodataError(f"{path}: expected polygon or multipolygon features only; "
                           f"found {found or 'no features'}")


def _check_codes(codes: pd.Series, path: Path, field: str) -> None:
    """Raise when any region code is missing or blank."""
    blank = codes.isna() | (codes.astype(str).str.strip() == "")
    if blank.any():
        rows = ", ".join(map(str, np.flatnonzero(blank.to_numpy())[:10]))
        raise GeodataError(f"{path}: {blank.sum()} feature(s) have an empty code field "
                           f"{field!r} (feature index {rows})")


def _crs(frame: gpd.GeoDataFrame, path: Path):
    """The file's CRS; a file without one must hold longitude/latitude coordinates."""
    if frame.crs is not None:
        return frame.crs
    xmin, ymin, xmax, ymax = frame.total_bounds
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise GeodataError(f"{path}: has no coordinate reference system and its "
                           "coordinates are not longitude/latitude degrees")
    return "EPSG:4326"
