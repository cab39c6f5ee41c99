"""Assign points to countries and admin-1 regions, vectorised over millions of points.

Geo precision follows UCDP's ``where_prec``: 1 exact place ... 4 admin-1 region,
5 larger area, 6 country only, 7 international waters or airspace. Admin-1 regions are
given only for precision 1..4 (a missing precision counts as 4).

Each point gets a ``geo_check``:

- ``ok``: inside a region / country polygon (and in the source's country, when given);
- ``offshore``: inside none, snapped to the nearest region (or country) within the
  tolerance; coastal events often lie a little offshore at this resolution;
- ``disagrees``: the geometry says another country than the source; the source's country
  is kept as ``iso3`` and ``geo_iso3`` records the geometry's;
- ``unlocated``: no polygon within the tolerance, or no valid coordinates.

A point on a shared border, or in a sliver where two simplified regions overlap, goes to
the region of the source's country when there is one, else to the region listed first
(the shipped file is sorted by ``iso3``, ``admin1_code``); distance ties resolve the same
way, so results never depend on chance.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.boundaries import GeodataError, load_admin1, load_countries

ADMIN1_MAX_PRECISION = 4
DEFAULT_PRECISION = 4
PRECISIONS = range(1, 8)
PIECE_VERTICES = 64  # polygons are split into pieces this small for fast tree queries
GRID_DEG = 0.25      # cell size of the lookup grid that answers most points without a tree
# Grid cell states besides "inside region i" (i >= 0): no polygon within the tolerance;
# outside every polygon but maybe near one; unknown.
FAR, OUTSIDE, UNKNOWN = -1, -2, -3
THREADS = max(1, min(4, os.cpu_count() or 1))  # tree queries run in this many threads
PARALLEL_MIN_POINTS = 20_000


@dataclass(frozen=True)
class AssignResult:
    """Where each input point lies: numpy object arrays, one entry per point.

    ``geo_iso3``: country by geometry (None when unlocated); ``iso3``: the source's
    country when given, else ``geo_iso3``; ``admin1_code`` / ``admin1_name``: a region of
    ``iso3`` (None for precision 5..7 or when none is near); ``geo_check``: ``ok``,
    ``offshore``, ``disagrees`` or ``unlocated``.
    """

    geo_iso3: np.ndarray
    iso3: np.ndarray
    admin1_code: np.ndarray
    admin1_name: np.ndarray
    geo_check: np.ndarray


class PointAssigner:
    """Assigns points to countries and admin-1 regions; build once, call many times.

    ``countries_gdf`` needs ``iso3`` and ``geometry``; ``admin1_gdf`` needs
    ``admin1_code``, ``iso3``, ``name`` and ``geometry``. Both are used in EPSG:4326;
    ``offshore_tolerance_deg`` is the snapping distance in degrees.
    """

    def __init__(self, countries_gdf: gpd.GeoDataFrame, admin1_gdf: gpd.GeoDataFrame,
                 offshore_tolerance_deg: float = 0.25) -> None:
        if not np.isfinite(offshore_tolerance_deg) or offshore_tolerance_deg < 0:
            raise GeodataError(f"offshore_tolerance_deg must be a number >= 0; "
                               f"got {offshore_tolerance_deg!r}")
        countries = _checked(countries_gdf, ["iso3", "geometry"], "countries")
        regions = _checked(admin1_gdf, ["admin1_code", "iso3", "name", "geometry"], "admin1")
        self.tolerance = float(offshore_tolerance_deg)
        self._iso3 = np.array(sorted(set(countries["iso3"]) | set(regions["iso3"])), dtype=object)
        self._code = {code: i for i, code in enumerate(self._iso3)}
        self._region_code = _with_none(regions["admin1_code"])
        self._region_name = _with_none(regions["name"])
        self._countries = _Shapes(countries.geometry.to_numpy(), self._codes(countries["iso3"]))
        self._regions = _Shapes(regions.geometry.to_numpy(), self._codes(regions["iso3"]))
        self._grid = _CellGrid(regions.geometry.to_numpy(), self._regions, self._countries,
                               self.tolerance)
        self._reach = _reach_boxes(regions.geometry.to_numpy(), self._regions.iso,
                                   len(self._iso3), self.tolerance)

    @classmethod
    def default(cls) -> PointAssigner:
        """The assigner for the shipped boundary files (built once per process)."""
        return _default_assigner()

    def assign(self, lat, lon, precision=None, source_iso3=None) -> AssignResult:
        """Place points given as equal-length arrays (or scalars) of degrees.

        ``precision``: UCDP ``where_prec`` values 1..7, NaN / None for missing (treated
        as 4); one value or one per point. ``source_iso3``: the country the source gives
        (ISO alpha-3, None / NaN / "" when it gives none); one value or one per point.
        Invalid coordinates (NaN, out of range) are ``unlocated``.
        """
        lat, lon = _coordinates(lat, lon)
        n = len(lat)
        precision = _precision(precision, n)
        source, source_code = self._sources(source_iso3, n)
        valid = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)  # False for NaN
        geo, region, snapped = self._place(lat, lon, source_code, valid)
        region = self._regions_of_source(lat, lon, source_code, geo, region, valid)
        region[precision > ADMIN1_MAX_PRECISION] = -1
        geo_iso3 = np.append(self._iso3, None)[geo]
        given = source_code != -1
        check = np.full(n, "ok", dtype=object)
        check[snapped] = "offshore"
        check[given & (source_code != geo)] = "disagrees"
        check[geo < 0] = "unlocated"
        return AssignResult(geo_iso3=geo_iso3, iso3=np.where(given, source, geo_iso3),
                            admin1_code=self._region_code[region],
                            admin1_name=self._region_name[region], geo_check=check)

    def _codes(self, iso3: pd.Series) -> np.ndarray:
        """Integer country codes for an iso3 column."""
        return np.array([self._code[c] for c in iso3], dtype=np.int64)

    def _sources(self, source_iso3, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Cleaned source codes (None when missing) and their integer codes.

        Integer codes: -1 missing, -2 given but without any boundary, else the country.
        """
        if source_iso3 is None:
            return np.full(n, None, dtype=object), np.full(n, -1, dtype=np.int64)
        values = _per_point(np.asarray(source_iso3, dtype=object), n, "source_iso3")
        index, uniques = pd.factorize(values)
        clean = [u.strip() or None if isinstance(u, str) else None for u in uniques]
        codes = [-1 if c is None else self._code.get(c, -2) for c in clean]
        return (np.array([*clean, None], dtype=object)[index],
                np.array([*codes, -1], dtype=np.int64)[index])

    def _place(self, lat, lon, source, valid):
        """Country code, region index (-1: none) and 'snapped' flag for each point: from
        the grid where a cell answers, else from the trees (once per distinct place)."""
        status = np.full(len(lat), FAR, dtype=np.int64)
        status[valid] = self._grid.lookup(lat[valid], lon[valid])
        region = np.where(status >= 0, status, -1)
        geo = _take(self._regions.iso, region)
        snapped = np.zeros(len(lat), dtype=bool)
        ask = np.flatnonzero((status == UNKNOWN) | (status == OUTSIDE))
        place, points, place_source = _unique_places(lat[ask], lon[ask], source[ask],
                                                     len(self._iso3))
        outside = np.zeros(len(points), dtype=bool)
        outside[place] = status[ask] == OUTSIDE
        found = self._locate(points, place_source, outside)
        geo[ask], region[ask], snapped[ask] = (values[place] for values in found)
        return geo, region, snapped

    def _locate(self, points: np.ndarray, source: np.ndarray, outside: np.ndarray):
        """Country code, region index (-1: none) and 'snapped' flag for each point.

        In order, until a country is found: containing region, containing country,
        nearest region, nearest country; points known to be ``outside`` every polygon
        skip the containment steps.
        """
        n = len(points)
        geo, region = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
        snapped = np.zeros(n, dtype=bool)
        for shapes, snap in ((self._regions, False), (self._countries, False),
                             (self._regions, True), (self._countries, True)):
            todo = np.flatnonzero((geo < 0) & (snap | ~outside))
            best = self._best(shapes, points[todo], source[todo], snap)
            geo[todo], snapped[todo] = _take(shapes.iso, best), snap & (best >= 0)
            if shapes is self._regions:
                region[todo] = best
        return geo, region, snapped

    def _best(self, shapes: _Shapes, points: np.ndarray, source: np.ndarray,
              snap: bool) -> np.ndarray:
        """Each point's polygon (-1: none): one containing it, or with ``snap`` the nearest
        within the tolerance; the source's country's first, then the lowest index."""
        if snap:
            hit, owner, dist = shapes.near(points, self.tolerance)
            return _choose(len(points), hit, owner, shapes.iso[owner] != source[hit], dist)
        hit, owner = shapes.containing(points)
        return _choose(len(points), hit, owner, shapes.iso[owner] != source[hit])

    def _regions_of_source(self, lat, lon, source, geo, region, valid) -> np.ndarray:
        """Regions that belong to the point's country: the source's when given, else the
        geometry's. Where the region found does not, take that country's nearest region
        within the tolerance (or none)."""
        target = np.where(source == -1, geo, source)
        wrong = _take(self._regions.iso, region) != target
        region = np.where(wrong, -1, region)
        reach = self._reach[np.maximum(target, 0)]  # the target's regions' box + tolerance
        close = ((lon >= reach[:, 0]) & (lat >= reach[:, 1]) & (lon <= reach[:, 2])
                 & (lat <= reach[:, 3]))
        need = np.flatnonzero(valid & wrong & (target >= 0) & close)
        place, points, place_target = _unique_places(lat[need], lon[need], target[need],
                                                     len(self._iso3))
        hit, owner, dist = self._regions.near(points, self.tolerance, country=place_target)
        region[need] = _choose(len(points), hit, owner, dist)[place]
        return region


class _Shapes:
    """Polygons split into small pieces in one STRtree; hits are reported per polygon.

    The pieces are prepared up front, so that queries only read and can run in threads
    (shapely releases the GIL in tree queries).
    """

    def __init__(self, geoms: np.ndarray, iso: np.ndarray) -> None:
        self.iso = iso  # each polygon's integer country code
        self._pieces, self._owner = _subdivide(geoms, PIECE_VERTICES)
        shapely.prepare(self._pieces)
        self._tree = shapely.STRtree(self._pieces)
        self.bounds = shapely.bounds(self._pieces).reshape(-1, 4)

    def query(self, geoms: np.ndarray, predicate: str, **kwargs) -> tuple[np.ndarray,
                                                                           np.ndarray]:
        """(input index, polygon index) for each polygon with a piece that satisfies
        ``predicate`` (e.g. "intersects") with an input geometry."""
        hit, piece = self._pieces_where(geoms, predicate, **kwargs)
        return hit, self._owner[piece]

    def containing(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(point index, polygon index) for every polygon that intersects a point."""
        return self.query(points, "intersects")

    def near(self, points: np.ndarray, distance: float, country: np.ndarray | None = None):
        """(point index, polygon index, distance) for polygons within ``distance`` (and of
        the point's ``country`` code, when given).

        A polygon of several pieces may appear more than once: its distance is the
        smallest.
        """
        hit, piece = self._pieces_where(points, "dwithin", distance=distance)
        if country is not None:
            mine = self.iso[self._owner[piece]] == country[hit]
            hit, piece = hit[mine], piece[mine]
        return hit, self._owner[piece], shapely.distance(points[hit], self._pieces[piece])

    def _pieces_where(self, geoms: np.ndarray, predicate: str, **kwargs):
        """STRtree.query (input index, piece index), in THREADS chunks when there are
        many inputs."""
        if len(geoms) < PARALLEL_MIN_POINTS:
            return self._tree.query(geoms, predicate, **kwargs)
        starts = np.linspace(0, len(geoms), THREADS + 1).astype(np.int64)
        with ThreadPoolExecutor(THREADS) as pool:
            parts = list(pool.map(lambda a, b: self._tree.query(geoms[a:b], predicate, **kwargs),
                                  starts[:-1], starts[1:]))
        hit = np.concatenate([part[0] + a for part, a in zip(parts, starts[:-1], strict=True)])
        return hit, np.concatenate([part[1] for part in parts])


class _CellGrid:
    """A GRID_DEG lattice over the polygons' extent that answers most points without a
    tree query.

    Each cell holds the region that contains all of it (>= 0), OUTSIDE when it does not
    touch any polygon, FAR when moreover no polygon lies within the tolerance, or UNKNOWN.
    A cell is a region's only when no region edge touches the closed cell and its centre
    lies in exactly that region. Cells beyond every polygon piece's bounding box grown by
    the tolerance are FAR; the other cells whose centre lies in no region are tested
    against the polygon pieces.
    """

    def __init__(self, regions: np.ndarray, region_shapes: _Shapes, country_shapes: _Shapes,
                 tolerance: float) -> None:
        boxes = np.vstack([region_shapes.bounds, country_shapes.bounds])
        self.row0, self.col0 = _cell(boxes[:, 1].min() - tolerance, boxes[:, 0].min() - tolerance)
        row1, col1 = _cell(boxes[:, 3].max() + tolerance, boxes[:, 2].max() + tolerance)
        self.rows, self.cols = row1 - self.row0 + 1, col1 - self.col0 + 1
        reachable = self._covered(boxes, tolerance + 1e-9)
        self.status = np.where(reachable, UNKNOWN, FAR)
        inner = np.flatnonzero(reachable & ~self._covered(_edge_boxes(regions), 1e-9))
        empty = self._mark_regions(inner, region_shapes)
        self._mark_empty(empty, (region_shapes, country_shapes), tolerance)

    def _mark_regions(self, cells: np.ndarray, regions: _Shapes) -> np.ndarray:
        """Give each cell whose centre lies in exactly one region to that region; return
        the cells whose centre lies in none."""
        hit, owner = regions.query(shapely.points(self._centres(cells)), "intersects")
        hits = np.bincount(hit, minlength=len(cells))
        alone = hits[hit] == 1
        self.status[cells[hit[alone]]] = owner[alone]
        return cells[hits == 0]

    def _mark_empty(self, cells: np.ndarray, layers: tuple[_Shapes, ...],
                    tolerance: float) -> None:
        """Mark the cells that touch no polygon OUTSIDE, or FAR when none is within the
        tolerance either."""
        centres = self._centres(cells)
        squares = shapely.box(*(centres - GRID_DEG / 2).T, *(centres + GRID_DEG / 2).T)
        touched = np.zeros(len(cells), dtype=bool)
        near = np.zeros(len(cells), dtype=bool)
        for shapes in layers:
            touched[shapes.query(squares, "intersects")[0]] = True
            near[shapes.query(squares, "dwithin", distance=tolerance)[0]] = True
        self.status[cells[~touched]] = np.where(near[~touched], OUTSIDE, FAR)

    def _centres(self, cells: np.ndarray) -> np.ndarray:
        """(lon, lat) of the centres of flat cell indices."""
        row, col = np.divmod(cells, self.cols)
        return np.column_stack([-180 + (self.col0 + col + 0.5) * GRID_DEG,
                                -90 + (self.row0 + row + 0.5) * GRID_DEG])

    def lookup(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """The state of the cell of each point (valid coordinates only)."""
        row, col = _cell(lat, lon)
        row, col = row - self.row0, col - self.col0
        inside = (row >= 0) & (row < self.rows) & (col >= 0) & (col < self.cols)
        return np.where(inside, self.status[np.where(inside, row * self.cols + col, 0)], FAR)

    def _covered(self, boxes: np.ndarray, pad: float) -> np.ndarray:
        """Flat mask of the cells that a box (xmin, ymin, xmax, ymax), grown by ``pad``,
        overlaps; summed with a 2-D difference array."""
        r0, c0 = _cell(boxes[:, 1] - pad, boxes[:, 0] - pad)
        r1, c1 = _cell(boxes[:, 3] + pad, boxes[:, 2] + pad)
        r0, r1 = (np.clip(r - self.row0, 0, self.rows - 1) for r in (r0, r1))
        c0, c1 = (np.clip(c - self.col0, 0, self.cols - 1) for c in (c0, c1))
        width, size = self.cols + 1, (self.rows + 1) * (self.cols + 1)
        corners = ((r0, c0, 1), (r0, c1 + 1, -1), (r1 + 1, c0, -1), (r1 + 1, c1 + 1, 1))
        diff = sum(sign * np.bincount(r * width + c, minlength=size) for r, c, sign in corners)
        counts = diff.reshape(self.rows + 1, width).cumsum(0).cumsum(1)
        return (counts[:self.rows, :self.cols] > 0).reshape(-1)


def _cell(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """Global GRID_DEG lattice row and column of points (clamped to the globe)."""
    row = np.clip((np.asarray(lat) + 90) // GRID_DEG, 0, 180 / GRID_DEG - 1).astype(np.int64)
    col = np.clip((np.asarray(lon) + 180) // GRID_DEG, 0, 360 / GRID_DEG - 1).astype(np.int64)
    return row, col


@functools.lru_cache(maxsize=1)
def _default_assigner() -> PointAssigner:
    """The assigner for the shipped files."""
    return PointAssigner(load_countries(), load_admin1())


def _reach_boxes(geoms: np.ndarray, iso: np.ndarray, n: int, pad: float) -> np.ndarray:
    """Per country code, the bounding box (xmin, ymin, xmax, ymax) of its polygons grown
    by ``pad``; an empty box (inf, inf, -inf, -inf) for a country without polygons."""
    bounds = shapely.bounds(geoms).reshape(-1, 4)
    boxes = np.tile([np.inf, np.inf, -np.inf, -np.inf], (n, 1))
    for column, (ufunc, sign) in enumerate([(np.minimum, -1), (np.minimum, -1),
                                            (np.maximum, 1), (np.maximum, 1)]):
        ufunc.at(boxes[:, column], iso, bounds[:, column] + sign * pad)
    return boxes


def _checked(frame: gpd.GeoDataFrame, columns: list[str], what: str) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326 (taken as such when it has no CRS), after checking that it
    has ``columns`` without missing values."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise GeodataError(f"{what} lacks column(s) {', '.join(missing)}; "
                           f"available: {', '.join(map(str, frame.columns))}")
    if frame[columns].isna().any().any():
        raise GeodataError(f"{what} has missing values in {', '.join(columns)}")
    frame = frame.to_crs(4326) if frame.crs is not None else frame
    return frame.reset_index(drop=True)


def _subdivide(geoms: np.ndarray, max_vertices: int) -> tuple[np.ndarray, np.ndarray]:
    """Split polygons by halving their bounding box until each piece has at most
    ``max_vertices`` vertices. Returns the pieces and the index of each one's polygon."""
    pieces, owners = [], []
    todo = [(i, geom) for i, geom in enumerate(geoms) if not shapely.is_empty(geom)]
    while todo:
        owner, geom = todo.pop()
        xmin, ymin, xmax, ymax = geom.bounds
        small = shapely.get_num_coordinates(geom) <= max_vertices
        if small or max(xmax - xmin, ymax - ymin) < 1e-6:
            pieces.append(geom)
            owners.append(owner)
            continue
        if xmax - xmin >= ymax - ymin:
            mid = (xmin + xmax) / 2
            halves = ((xmin, ymin, mid, ymax), (mid, ymin, xmax, ymax))
        else:
            mid = (ymin + ymax) / 2
            halves = ((xmin, ymin, xmax, mid), (xmin, mid, xmax, ymax))
        for box in halves:
            part = _polygons(shapely.clip_by_rect(geom, *box))
            if part is not None:
                todo.append((owner, part))
    return np.array(pieces, dtype=object), np.array(owners, dtype=np.int64)


def _edge_boxes(geoms: np.ndarray) -> np.ndarray:
    """Bounding boxes (xmin, ymin, xmax, ymax) of the polygons' edges, cut to at most half
    a grid cell long so that each box hugs its edge."""
    rings = shapely.segmentize(shapely.get_rings(shapely.get_parts(geoms)), GRID_DEG / 2)
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    start, end = coords[:-1][same], coords[1:][same]
    return np.hstack([np.minimum(start, end), np.maximum(start, end)])


def _polygons(geom):
    """The polygonal part of a clipping result, or None when it has none."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return None if geom.is_empty else geom
    parts = [p for p in shapely.get_parts(geom)
             if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    return shapely.multipolygons(shapely.get_parts(parts)) if parts else None


def _choose(n: int, hit: np.ndarray, owner: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """For each of ``n`` points, the owner of its best hit (-1 when it has none).

    Best: smallest ``keys`` in order (e.g. not-the-source's-country, then distance),
    then the smallest owner index.
    """
    best = np.full(n, -1, dtype=np.int64)
    order = np.lexsort((owner, *reversed(keys), hit))
    hit, owner = hit[order], owner[order]
    first = np.ones(len(hit), dtype=bool)
    first[1:] = hit[1:] != hit[:-1]
    best[hit[first]] = owner[first]
    return best


def _take(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]`` with -1 where ``index`` is -1."""
    return np.where(index >= 0, values[np.maximum(index, 0)], -1)


def _with_none(column: pd.Series) -> np.ndarray:
    """A column as an object array with None appended (so index -1 gives None)."""
    values = column.astype(object).where(column.notna(), None).to_numpy(dtype=object)
    return np.append(values, None)


def _coordinates(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes as equal-length float arrays."""
    try:
        lat = np.asarray(lat, dtype=float).reshape(-1)
        lon = np.asarray(lon, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise GeodataError(f"lat and lon must be numbers: {exc}") from exc
    if lat.shape != lon.shape:
        raise GeodataError(f"lat and lon differ in length: {len(lat)} and {len(lon)}")
    return lat, lon


def _per_point(values: np.ndarray, n: int, what: str) -> np.ndarray:
    """``values`` as one per point: a single value is repeated ``n`` times."""
    values = values.reshape(-1)
    if len(values) == 1:
        return np.repeat(values, n)
    if len(values) != n:
        raise GeodataError(f"{what} has {len(values)} values for {n} points")
    return values


def _precision(precision, n: int) -> np.ndarray:
    """Precision per point (1..7), missing as 4; raises on other values."""
    if precision is None:
        return np.full(n, DEFAULT_PRECISION, dtype=np.int8)
    try:
        values = np.asarray(precision, dtype=float)
    except (TypeError, ValueError) as exc:
        raise GeodataError(f"precision must be numbers 1..7 or missing: {exc}") from exc
    values = _per_point(values, n, "precision")
    values = np.where(np.isnan(values), DEFAULT_PRECISION, values)
    bad = ~np.isin(values, PRECISIONS)
    if bad.any():
        shown = ", ".join(f"{v:g}" for v in np.unique(values[bad])[:5])
        raise GeodataError(f"precision must be 1..7 (UCDP where_prec) or missing; got {shown}")
    return values.astype(np.int8)


def _unique_places(lat: np.ndarray, lon: np.ndarray, code: np.ndarray, n_codes: int):
    """Deduplicate (lat, lon, code) triples (valid coordinates; codes >= -2).

    Returns, per input, the index of its place; the places as shapely points; and each
    place's code.
    """
    place, _ = pd.factorize((lat + 0.0) + 1j * (lon + 0.0))
    index, uniques = pd.factorize(place * (n_codes + 2) + (code + 2))
    coords = np.empty((len(uniques), 2))
    coords[index] = np.column_stack([lon, lat])
    place_code = np.empty(len(uniques), dtype=np.int64)
    place_code[index] = code
    return index, shapely.points(coords), place_code
