"""A country's context beyond its incidents, for briefings: where its boundaries come
from and the trainings held there."""

from __future__ import annotations

import pandas as pd

from queries.db import Warehouse
from queries.incidents import IncidentFilter


def boundary_source(wh: Warehouse, iso3: str) -> str:
    """``natural_earth``, or ``your file <name>`` when a user loaded the country's
    admin-1 boundaries."""
    return wh.arrow("admin1_boundary_source", iso3=iso3).column("boundary_source")[0].as_py()


def trainings(wh: Warehouse, f: IncidentFilter, limit: int = 12) -> tuple[pd.DataFrame, dict]:
    """The latest trainings held in ``f.iso3`` in ``f``'s window (at most ``limit``) and
    the window's totals (``trainings``, ``participants``)."""
    window = {"iso3": f.iso3, "date_from": f.date_from, "date_to": f.date_to}
    rows = wh.df("country_trainings", limit=limit, **window)
    totals = wh.arrow("country_training_count", **window).to_pylist()[0]
    return rows, totals
