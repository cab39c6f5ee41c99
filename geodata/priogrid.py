"""PRIO-GRID: the global 0.5-degree grid whose cell ids UCDP publishes as ``priogrid_gid``.

Cell ids run from 1 at the south-west corner (-90, -180), row by row eastwards then
northwards: ``gid = row * 720 + col + 1`` with ``row = floor((lat + 90) / 0.5)`` and
``col = floor((lon + 180) / 0.5)``. Latitude 90 and longitude 180 fall in the last cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from geodata.boundaries import GeodataError
from geodata.reference import DATA_DIR

CELL_DEG = 0.5
N_COLS = 720
N_ROWS = 360
MAX_GID = N_COLS * N_ROWS
LAND_FILE = DATA_DIR / "priogrid_land.parquet"


def priogrid_gid(lat, lon) -> np.ndarray:
    """PRIO-GRID cell ids (int64) for points; scalars or arrays, broadcast together.

    Raises :class:`GeodataError` for a latitude outside -90..90 or a longitude outside
    -180..180 (NaN included).
    """
    lat = _degrees(lat, "latitude", 90.0)
    lon = _degrees(lon, "longitude", 180.0)
    row = np.minimum(np.floor((lat + 90.0) / CELL_DEG), N_ROWS - 1).astype(np.int64)
    col = np.minimum(np.floor((lon + 180.0) / CELL_DEG), N_COLS - 1).astype(np.int64)
    return row * N_COLS + col + 1


def cell_center(gid) -> tuple[np.ndarray, np.ndarray]:
    """The (lat, lon) centre of each cell id, as float arrays shaped like ``gid``."""
    row, col = np.divmod(_gids(gid) - 1, N_COLS)
    return -90.0 + (row + 0.5) * CELL_DEG, -180.0 + (col + 0.5) * CELL_DEG


def cell_polygon(gid):
    """The square of each cell id (EPSG:4326): a shapely Polygon for one id, else an array."""
    lat, lon = cell_center(gid)
    half = CELL_DEG / 2
    return shapely.box(lon - half, lat - half, lon + half, lat + half)


def land_cells() -> pd.DataFrame:
    """The PRIO-GRID land cells and their country: ``gid`` (int32), ``iso3``, one row per
    cell, sorted by ``gid``.

    A cell belongs to the country its centre falls in, or, when its centre is at sea, to
    the country it overlaps most (built by ``python -m geodata.build_priogrid``; see
    ``data/PROVENANCE.md``). Read from the shipped file on every call.
    """
    return pd.read_parquet(LAND_FILE)


def _degrees(values, what: str, limit: float) -> np.ndarray:
    """``values`` as floats, checked to lie within [-limit, limit]."""
    array = np.asarray(values, dtype=float)
    bad = ~(np.abs(array) <= limit)
    if bad.any():
        first = array.reshape(-1)[np.flatnonzero(bad.reshape(-1))[0]]
        raise GeodataError(f"{what} must be within -{limit:g}..{limit:g}; got {float(first)!r} "
                           f"({int(bad.sum())} value(s) out of range)")
    return array


def _gids(gid) -> np.ndarray:
    """``gid`` as int64, checked to be whole numbers within 1..259200."""
    array = np.asarray(gid)
    if array.dtype.kind not in "iu" and not (array.dtype.kind == "f"
                                              and np.all(array == np.floor(array))):
        raise GeodataError(f"PRIO-GRID ids must be whole numbers; got {array.dtype} values")
    array = array.astype(np.int64)
    bad = (array < 1) | (array > MAX_GID)
    if bad.any():
        raise GeodataError(f"PRIO-GRID ids must be within 1..{MAX_GID}; "
                           f"got {array.reshape(-1)[np.flatnonzero(bad.reshape(-1))[0]]}")
    return array
