"""The maps of the pages, built in one place: the page callbacks and the exports both ask
:func:`page_map` for a view's map, so a snapshot is exactly what the screen shows.

A :class:`MapView` names a page's map and its inputs (page, filter, layer); a
:class:`PageMap` holds the data fetched for it and builds the full figure or, for a map
already drawn in the browser, only the changed values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd
from dash import Patch
from flask import Response, abort

from dashboard import figures
from dashboard.layers import layer
from geodata.basemap import arc_boxes, surroundings, zoomed_out_view
from geodata.boundaries import country_label_points, load_admin1
from geodata.places import largest_towns, towns
from geodata.water import water_lines
from queries import incidents
from queries.analytics import results
from queries.db import Warehouse
from queries.geography import admin1_geojson, admin1_labels
from queries.incidents import IncidentFilter

POINT_CAP = 2_000
FORECAST_CELLS = 20  # the forecast's likeliest cells drawn on the country map
WORLD_BASE_MAP = "/assets/topojson/"  # plotly reads world_50m.json (or 110m) from here
BASE_MAP_ROUTE = "/basemap/"
_BOX = re.compile(r"^(-?\d{1,3}),(-?\d{1,3}),(-?\d{1,3}),(-?\d{1,3})$")


@dataclass(frozen=True)
class MapView:
    """One page's map: ``page`` is a key of :data:`MAP_PAGES`; ``layer`` is the overview's
    layer key (unknown or empty: the first layer); the country comes from ``filter.iso3``."""

    page: str
    filter: IncidentFilter
    layer: str = ""

    def __post_init__(self) -> None:
        if self.page not in MAP_PAGES:
            raise ValueError(f"page: expected one of {', '.join(MAP_PAGES)}, got {self.page!r}")
        if self.page == "country" and not self.filter.iso3:
            raise ValueError("the country map needs a country (iso3)")


@dataclass(frozen=True)
class PageMap:
    """A view's map data: ``key`` is what the browser's drawn map is checked against
    (the layer, or the country) to send only values; ``title`` and ``legend`` describe the
    map in words (for exports); ``note`` is what the page says under it (a cap, ...)."""

    view: MapView
    key: str
    title: str
    legend: str
    note: str
    window: str
    build: Callable[[], dict] = field(repr=False)
    patch_values: Callable[[], Patch] = field(repr=False)

    def figure(self) -> dict:
        """The full figure (a plain dict), geometry included."""
        return self.build()

    def patch(self) -> Patch:
        """Only the values, for a browser that already drew this ``key``'s map."""
        return self.patch_values()


def warm_up() -> None:
    """Read the maps' reference files now: the GeoNames towns and the base map's rivers
    and lakes took 1.5 s of the first country page a server process drew, the shipped
    boundaries and their label points another 0.1 s."""
    load_admin1()
    country_label_points()
    towns()
    water_lines(0.0, 0.0, 0.0, 0.0)
    arc_boxes()  # what the first country's base map is cut by


def page_map(wh: Warehouse, view: MapView) -> PageMap:
    """The map of ``view``: its data fetched now, its figure built on demand."""
    return MAP_PAGES[view.page](wh, view)


def _overview_map(wh: Warehouse, view: MapView) -> PageMap:
    chosen = layer(view.layer)
    frame, note = chosen.fetch(wh, view.filter)
    window = figures.window_text(view.filter.date_from, view.filter.date_to)
    return PageMap(
        view=view, key=chosen.key,
        # only the first letter lowered: 'PRIO-GRID', 'Gi*' keep their case in a title
        title=f"World situation: {chosen.label[:1].lower()}{chosen.label[1:]}",
        legend=f"Colour: {chosen.description or chosen.label} ({chosen.unit}).",
        note=note, window=window,
        build=lambda: figures.world_map(frame, chosen, window, country_label_points()),
        patch_values=lambda: figures.world_map_patch(frame, chosen, window,
                                                     country_label_points()))


def _country_map(wh: Warehouse, view: MapView) -> PageMap:
    f = view.filter
    country = replace(f, admin1="")
    regions = incidents.admin1_totals(wh, country)
    points = incidents.incident_points(wh, f, cap=POINT_CAP)
    window = figures.window_text(f.date_from, f.date_to)
    name = incidents.country_name(wh, f.iso3) or f.iso3
    cells = results.forecast_layer(wh, FORECAST_CELLS, f.iso3)
    return PageMap(
        view=view, key=f.iso3, title=f"{name}: incidents by admin-1 region",
        legend=_points_legend(points, f.admin1) + _cells_legend(cells), note="",
        window=window,
        build=lambda: _country_figure(wh, f, regions, points, window, cells),
        patch_values=lambda: figures.country_map_patch(regions, points, window, f.admin1))


def _country_figure(wh: Warehouse, f, regions, points, window: str, cells) -> dict:
    """The country map with its regions' geometry, names, towns, rivers and lakes."""
    extent = country_extent(wh, f.iso3)
    view = country_view(extent)
    return figures.country_map(admin1_geojson(wh, f.iso3), regions, points, window, f.admin1,
                               cells, admin1_labels(wh, f.iso3), largest_towns(f.iso3),
                               water_lines(*extent) if extent else {},
                               min_scale=view[1] if view else 0.0)


def base_map_url(wh: Warehouse, iso3: str) -> str:
    """Where the country map's plotly reads its base map (its ``topojsonURL``): the
    surroundings of the country's regions as far as the map can be zoomed out
    (:func:`country_view`), served by :func:`serve_base_map`; the whole world's file for a
    country without regions."""
    view = country_view(country_extent(wh, iso3))
    return f"{BASE_MAP_ROUTE}{','.join(map(str, view[0]))}/" if view else WORLD_BASE_MAP


def country_extent(wh: Warehouse, iso3: str) -> tuple[float, float, float, float] | None:
    """The box (west, south, east, north) of the country's regions as the map draws them,
    once per country and warehouse version; None without geometry."""
    return wh.remember(("admin1_extent", iso3), lambda: _extent(admin1_geojson(wh, iso3)))


def country_view(
    extent: tuple[float, float, float, float] | None,
) -> tuple[tuple[int, int, int, int], float] | None:
    """The box a country map fitted to ``extent`` can show, zoomed out as far as it may
    (``figures.COUNTRY_MIN_ZOOM`` of its fitted size) or panned a little, and that zoom as
    plotly's ``projection.minscale``; None without geometry."""
    return zoomed_out_view(extent, figures.COUNTRY_MIN_ZOOM) if extent else None


def register_base_map(server) -> None:
    """Add the route plotly reads a country's base map from (behind the sign-in gate, like
    every route that is not the sign-in itself)."""
    server.add_url_rule(f"{BASE_MAP_ROUTE}<box>/world_50m.json", "base_map", serve_base_map)


def serve_base_map(box: str) -> Response:
    """The 1:50m base map cut to ``box`` (``west,south,east,north`` in whole degrees)."""
    found = _BOX.match(box)
    if not found:
        abort(404)
    try:
        body = surroundings(*(int(value) for value in found.groups()))
    except ValueError:
        abort(404)
    return Response(body, mimetype="application/json",
                    headers={"Cache-Control": "private, max-age=86400"})


def _extent(shapes: dict) -> tuple[float, float, float, float] | None:
    """The box (west, south, east, north) of GeoJSON ``shapes``; None without geometry."""
    points = [point for feature in shapes.get("features", [])
              for point in _positions((feature.get("geometry") or {}).get("coordinates", []))]
    if not points:
        return None
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def _positions(coordinates) -> list:
    """Every [lon, lat] in a GeoJSON coordinates array, however deeply nested."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [coordinates[:2]]
    return [point for part in coordinates for point in _positions(part)]


def _cells_legend(cells: pd.DataFrame) -> str:
    if cells.empty:
        return ""
    return (f" Purple squares: the {len(cells)} cells our forecast rates likeliest to see "
            "violence against civilians in the next 3 months (thicker: likelier).")


def _points_legend(points: pd.DataFrame, admin1: str) -> str:
    where = f"in region {admin1}" if admin1 else "in the country"
    capped = f" (the deadliest {POINT_CAP:,})" if len(points) >= POINT_CAP else ""
    return (f"Colour: incidents per admin-1 region. Dots: {len(points):,} incidents {where}"
            f"{capped}, sized by fatalities.")


MAP_PAGES: dict[str, Callable[[Warehouse, MapView], PageMap]] = {
    "overview": _overview_map,
    "country": _country_map,
}
