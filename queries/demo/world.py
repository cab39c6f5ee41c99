"""The demo's world: the watched countries with their latent risk, admin-1 regions and
synthetic places, read from the warehouse's geography."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata import boundaries
from queries.demo.common import PLACES_PER_REGION
from queries.demo.sampling import cumulative_shares, points_in_polygon
from queries.errors import WarehouseError

# Countries real early-warning monitors watch: (iso3, latent risk 0..1, relative volume).
_WATCHED = (
    ("SYR", 0.95, 10.0),
    ("SDN", 0.95, 8.0),
    ("MMR", 0.92, 9.0),
    ("COD", 0.90, 8.0),
    ("BFA", 0.88, 6.0),
    ("UKR", 0.85, 10.0),
    ("SSD", 0.85, 3.0),
    ("CAF", 0.85, 3.0),
    ("MLI", 0.85, 5.0),
    ("SOM", 0.85, 5.0),
    ("YEM", 0.85, 6.0),
    ("NGA", 0.80, 7.0),
    ("ETH", 0.80, 5.0),
    ("AFG", 0.80, 4.0),
    ("HTI", 0.75, 3.0),
    ("NER", 0.75, 3.0),
    ("CMR", 0.70, 4.0),
    ("TCD", 0.70, 2.0),
    ("MOZ", 0.65, 2.0),
    ("PAK", 0.65, 4.0),
    ("MEX", 0.60, 6.0),
    ("COL", 0.60, 4.0),
    ("IRQ", 0.60, 3.0),
    ("LBY", 0.60, 2.0),
    ("BDI", 0.60, 1.0),
    ("PHL", 0.55, 3.0),
    ("VEN", 0.55, 2.0),
    ("BGD", 0.45, 1.5),
    ("IND", 0.45, 3.0),
    ("LBN", 0.45, 1.0),
    ("NIC", 0.45, 0.5),
    ("KEN", 0.40, 1.0),
    ("UGA", 0.40, 1.0),
    ("GIN", 0.35, 0.5),
    ("ZWE", 0.35, 0.4),
    ("SRB", 0.30, 0.4),
    ("XKX", 0.30, 0.3),
    ("BIH", 0.30, 0.2),
    ("LKA", 0.30, 0.3),
    ("KGZ", 0.30, 0.2),
)


@dataclass(frozen=True)
class Geography:
    """The reference geography the demo draws on: admin-1 regions known to the warehouse
    (with geometry, from ``geodata``) and countries (names and UN regions)."""

    regions: pd.DataFrame  # admin1_code, iso3, name, geometry
    countries: pd.DataFrame  # iso3, name, un_region, x, y (a point inside)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Geography:
        """Read the boundaries and keep the admin-1 regions the warehouse knows."""
        known = {row[0] for row in con.execute("SELECT admin1_code FROM admin1").fetchall()}
        admin1 = boundaries.load_admin1()
        regions = pd.DataFrame(
            {
                "admin1_code": admin1["admin1_code"].astype(str).to_numpy(),
                "iso3": admin1["iso3"].astype(str).to_numpy(),
                "name": admin1["name"].astype(str).to_numpy(),
                "geometry": np.asarray(admin1.geometry.values, dtype=object),
            }
        )
        regions = regions[regions["admin1_code"].isin(known)]
        regions = regions.sort_values(["iso3", "admin1_code"], ignore_index=True)
        shapes = boundaries.load_countries()
        points = shapely.point_on_surface(np.asarray(shapes.geometry.values, dtype=object))
        located = pd.DataFrame(
            {
                "iso3": shapes["iso3"].astype(str).to_numpy(),
                "x": shapely.get_x(points),
                "y": shapely.get_y(points),
            }
        )
        countries = con.execute("SELECT iso3, name, un_region FROM countries ORDER BY iso3").df()
        countries = countries.merge(located.drop_duplicates("iso3"), on="iso3", how="left")
        return cls(regions=regions, countries=countries)


@dataclass(frozen=True)
class World:
    """The watched countries, their regions and places, and what drives their events."""

    iso3: np.ndarray  # (C,) watched countries with regions and a shape
    names: np.ndarray  # (C,)
    risk: np.ndarray  # (C,) latent risk 0..1
    volume: np.ndarray  # (C,) relative event volume
    trend: np.ndarray  # (C,) yearly drift of the latent risk
    country_xy: np.ndarray  # (C, 2) a point inside each country
    skipped: tuple[str, ...]  # watched countries without regions or shape
    region_code: np.ndarray  # (R,) sorted by country
    region_name: np.ndarray
    region_country: np.ndarray  # (R,) index into the countries
    region_shares: np.ndarray  # (R,) cumulative share of the country's events
    region_geom: np.ndarray  # (R,) prepared shapely geometries
    region_xy: np.ndarray  # (R, 2) a point inside each region
    place_xy: np.ndarray  # (R * PLACES_PER_REGION, 2)
    rising: np.ndarray  # (C,) bool: escalating in the last three months

    @classmethod
    def build(cls, geo: Geography, rng: np.random.Generator) -> World:
        """Choose hotspots, places and trends for the watched countries."""
        located = set(geo.countries.dropna(subset=["x"])["iso3"]) & set(geo.regions["iso3"])
        kept = [w for w in _WATCHED if w[0] in located]
        if not kept:
            raise WarehouseError(
                "no admin-1 region of any watched country is in the "
                "warehouse: the demo has nowhere to place incidents"
            )
        iso3 = np.array([w[0] for w in kept])
        order = {code: i for i, code in enumerate(iso3)}
        regions = geo.regions[geo.regions["iso3"].isin(order)].copy()
        regions["c"] = regions["iso3"].map(order)
        regions = regions.sort_values(["c", "admin1_code"], ignore_index=True)
        countries = geo.countries.set_index("iso3").loc[iso3]
        risk = np.clip(np.array([w[1] for w in kept]) + rng.normal(0, 0.03, len(kept)), 0, 1)
        rising = np.zeros(len(kept), dtype=bool)
        rising[
            rng.choice(len(kept), size=max(1, len(kept) // 6), replace=False, p=risk / risk.sum())
        ] = True
        geoms = np.asarray(regions["geometry"].to_numpy(), dtype=object)
        shapely.prepare(geoms)
        return cls(
            iso3=iso3,
            names=countries["name"].to_numpy(dtype=object),
            risk=risk,
            volume=np.array([w[2] for w in kept]),
            trend=np.where(rising, 0.03, rng.normal(0.0, 0.01, len(kept))),
            country_xy=countries[["x", "y"]].to_numpy(dtype=float),
            skipped=tuple(w[0] for w in _WATCHED if w[0] not in located),
            region_code=regions["admin1_code"].to_numpy(dtype=object),
            region_name=regions["name"].to_numpy(dtype=object),
            region_country=regions["c"].to_numpy(),
            region_shares=cumulative_shares(
                _region_weights(regions["c"].to_numpy(), rng), regions["c"].to_numpy()
            ),
            region_geom=geoms,
            region_xy=inside_points(geoms),
            place_xy=np.vstack([points_in_polygon(g, PLACES_PER_REGION, rng) for g in geoms]),
            rising=rising,
        )


def _region_weights(country: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Event weights of regions: 2-5 hotspots per country take about three quarters."""
    weights = np.empty(len(country))
    for c in np.unique(country):
        idx = np.flatnonzero(country == c)
        hot = rng.choice(idx, size=min(len(idx), int(rng.integers(2, 6))), replace=False)
        cold = np.setdiff1d(idx, hot)
        weights[hot] = rng.uniform(2, 6, len(hot))
        weights[hot] *= (0.75 if len(cold) else 1.0) / weights[hot].sum()
        if len(cold):
            weights[cold] = rng.exponential(1.0, len(cold)) + 0.05
            weights[cold] *= 0.25 / weights[cold].sum()
    return weights


def inside_points(geoms: np.ndarray) -> np.ndarray:
    """A point inside each geometry, as (lon, lat) rows."""
    points = shapely.point_on_surface(geoms)
    return np.column_stack([shapely.get_x(points), shapely.get_y(points)])
