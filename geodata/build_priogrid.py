"""Build ``geodata/data/priogrid_land.parquet``: the country of every PRIO-GRID land cell.

    python -m geodata.build_priogrid

A cell belongs to the country its centre falls in. A cell whose centre is at sea but
which overlaps a country (a coast, a small island) belongs to the country it overlaps
most: coasts matter, many incidents happen in coastal towns. Countries come from the
shipped ``countries.parquet`` (Natural Earth 1:50m). See ``data/PROVENANCE.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from geodata.assign import PIECE_VERTICES, _subdivide
from geodata.boundaries import load_countries
from geodata.priogrid import LAND_FILE, MAX_GID, cell_center, cell_polygon


def build_land_cells() -> pd.DataFrame:
    """One row per PRIO-GRID cell that touches a country: ``gid`` (int32), ``iso3``,
    sorted by ``gid``."""
    countries = load_countries().sort_values("iso3", ignore_index=True)
    pieces, owner = _subdivide(countries.geometry.to_numpy(), PIECE_VERTICES)
    shapely.prepare(pieces)
    tree = shapely.STRtree(pieces)
    gids = np.arange(1, MAX_GID + 1, dtype=np.int64)
    country = _centre_country(tree, owner, gids, len(gids))
    sea = np.flatnonzero(country < 0)
    country[sea] = _largest_overlap(tree, pieces, owner, gids[sea], len(countries))
    land = country >= 0
    return pd.DataFrame({"gid": gids[land].astype(np.int32),
                         "iso3": countries["iso3"].to_numpy()[country[land]]})


def _centre_country(tree: shapely.STRtree, owner: np.ndarray, gids: np.ndarray,
                    n: int) -> np.ndarray:
    """Index of the country holding each cell's centre (-1: none). A centre on a border
    goes to the country first in ``iso3`` order, so the result never depends on chance."""
    lat, lon = cell_center(gids)
    hit, piece = tree.query(shapely.points(lon, lat), predicate="intersects")
    country = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(country, hit, owner[piece])
    return np.where(country == np.iinfo(np.int64).max, -1, country)


def _largest_overlap(tree: shapely.STRtree, pieces: np.ndarray, owner: np.ndarray,
                     gids: np.ndarray, n_countries: int) -> np.ndarray:
    """Index of the country each cell overlaps most (-1: none; area ties go to the
    country first in ``iso3`` order)."""
    boxes = cell_polygon(gids)
    hit, piece = tree.query(boxes, predicate="intersects")
    area = shapely.area(shapely.intersection(boxes[hit], pieces[piece]))
    keep = area > 0
    hit, country = hit[keep], owner[piece[keep]]
    pair, index = np.unique(hit * n_countries + country, return_inverse=True)
    total = np.bincount(index, weights=area[keep])
    cell, country = np.divmod(pair, n_countries)
    order = np.lexsort((country, -total, cell))
    first = np.ones(len(order), dtype=bool)
    first[1:] = cell[order][1:] != cell[order][:-1]
    best = np.full(len(gids), -1, dtype=np.int64)
    best[cell[order][first]] = country[order][first]
    return best


def main() -> None:
    """Build the file and report its size."""
    cells = build_land_cells()
    # Sorted gids delta-encode to a few bits each: the file is about 15 kB, not 400 kB.
    pq.write_table(pa.Table.from_pandas(cells, preserve_index=False), LAND_FILE,
                   compression="zstd", compression_level=19, use_dictionary=["iso3"],
                   column_encoding={"gid": "DELTA_BINARY_PACKED"})
    print(f"{LAND_FILE.name}: {len(cells):,} cells, {cells['iso3'].nunique()} iso3, "
          f"{LAND_FILE.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
