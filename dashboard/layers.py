"""Map layers: one registered definition each.

A layer says what it draws (a value per country, or per PRIO-GRID cell), how to fetch it,
and how to show it. The overview's layer selector, its map and its legend all come from
this registry, so adding a layer (risk, hotspots, coverage, training ...) is one
``register_layer`` call in the module that owns the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from queries import incidents
from queries.db import Warehouse
from queries.incidents import IncidentFilter

GRID_CAP = 8_000


@dataclass(frozen=True)
class Layer:
    """One map layer. ``fetch`` returns a frame with ``iso3`` and ``name`` (kind
    ``country``) or ``lat`` and ``lon`` (kind ``grid``), the ``value`` column, and the
    incident totals used in hover text; plus a note for the map (e.g. a cap), or ''."""

    key: str
    label: str
    value: str
    unit: str
    kind: Literal["country", "grid"]
    fetch: Callable[[Warehouse, IncidentFilter], tuple[pd.DataFrame, str]]
    colorscale: str = "YlOrRd"
    description: str = ""


_LAYERS: dict[str, Layer] = {}


def register_layer(layer: Layer) -> Layer:
    """Add a layer to the registry (a key may be registered once)."""
    if layer.key in _LAYERS:
        raise ValueError(f"layer {layer.key!r} is registered already")
    _LAYERS[layer.key] = layer
    return layer


def layers() -> dict[str, Layer]:
    """The registered layers, in registration order."""
    return dict(_LAYERS)


def layer(key: str | None) -> Layer:
    """The layer called ``key``, or the first one when ``key`` is unknown."""
    return _LAYERS.get(key or "", next(iter(_LAYERS.values())))


def _by_country(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    return incidents.country_totals(wh, f), ""


def _by_cell(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    cells, total = incidents.grid_cells(wh, f, cap=GRID_CAP)
    note = (f"Showing the {len(cells):,} busiest of {total:,} PRIO-GRID cells."
            if total > len(cells) else "")
    return cells, note


register_layer(Layer("incidents", "Incidents by country", "incidents", "incidents",
                     "country", _by_country,
                     description="Number of incidents in the window, per country"))
register_layer(Layer("fatalities", "Fatalities by country", "fatalities", "deaths", "country",
                     _by_country, colorscale="Reds",
                     description="Reported deaths (best estimate) in the window"))
register_layer(Layer("civilian_fatalities", "Civilian fatalities by country",
                     "civilian_fatalities", "civilian deaths", "country", _by_country,
                     colorscale="Purples",
                     description="Reported civilian deaths in the window"))
register_layer(Layer("density", "Incident density (PRIO-GRID 0.5°)", "incidents",
                     "incidents per cell", "grid", _by_cell, colorscale="Viridis",
                     description="Incidents per 0.5 degree PRIO-GRID cell"))
