"""Boundaries for the browser: a country's admin-1 regions as compact GeoJSON.

The user's own boundaries (``admin1_overrides``) win over the shipped ones, so the map
shows the regions incidents were placed in.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import shapely

from geodata import boundaries
from queries.db import Warehouse

DISPLAY_TOLERANCE_DEG = 0.005
DETAIL_STEPS = 1500          # a country is drawn with about this many steps across
DECIMALS = 3


def admin1_geojson(wh: Warehouse, iso3: str) -> dict:
    """The regions of ``iso3`` as a GeoJSON FeatureCollection (``properties.admin1_code``
    and ``properties.name``), simplified for display; empty when there are none. Built
    once per country for the life of the warehouse (simplifying took ~30 ms a call)."""
    return wh.remember(("admin1_geojson", iso3), lambda: _admin1_geojson(wh, iso3))


def _admin1_geojson(wh: Warehouse, iso3: str) -> dict:
    regions = _regions(wh, iso3)
    if regions.empty:
        return {"type": "FeatureCollection", "features": []}
    minx, miny, maxx, maxy = regions.total_bounds
    tolerance = max(DISPLAY_TOLERANCE_DEG, max(maxx - minx, maxy - miny) / DETAIL_STEPS)
    shapes = shapely.simplify(regions.geometry.to_numpy(), tolerance, preserve_topology=True)
    shapes = shapely.set_precision(shapes, 10 ** -DECIMALS)
    features = [
        {"type": "Feature", "id": code,
         "properties": {"admin1_code": code, "name": name},
         "geometry": json.loads(shapely.to_geojson(shape))}
        for code, name, shape in zip(regions["admin1_code"], regions["name"], shapes,
                                     strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def admin1_labels(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """Where to write the names of ``iso3``'s admin-1 regions: ``admin1_code``, ``name``,
    ``lat``, ``lon`` (the user's own boundaries where loaded). Remembered per country."""
    return wh.remember(("admin1_labels", iso3), lambda: _admin1_labels(wh, iso3))


def _admin1_labels(wh: Warehouse, iso3: str) -> pd.DataFrame:
    regions = _regions(wh, iso3).reset_index(drop=True)
    if regions.empty:
        return pd.DataFrame(columns=["admin1_code", "name", "lat", "lon"])
    return pd.concat([regions[["admin1_code", "name"]], boundaries.label_points(regions)],
                     axis=1)


def _regions(wh: Warehouse, iso3: str) -> gpd.GeoDataFrame:
    user = wh.df("admin1_override_shapes", iso3=iso3)
    if not user.empty:
        return gpd.GeoDataFrame(
            user[["admin1_code", "name"]],
            geometry=shapely.from_wkb(user["geometry"].map(bytes).to_numpy()), crs=4326)
    shipped = boundaries.load_admin1()
    return shipped[shipped["iso3"] == iso3][["admin1_code", "name", "geometry"]]
