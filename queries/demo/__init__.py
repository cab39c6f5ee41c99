"""A deterministic synthetic world for demos and benchmarks: incidents, trainings, assessments.

Every row written here has ``source = 'demo'`` and says it is synthetic. The world is about
forty countries that early-warning monitors watch, each with a latent risk level, a few
hotspot admin-1 regions and escalation episodes (some rising in the last months, some
cooling). Incidents are drawn per country and month, placed at synthetic places sampled
inside admin-1 polygons, and inserted in Arrow chunks, so ten million rows fit in bounded
memory. Indicators are not synthetic: the demo uses the real reference indicators every
warehouse holds (:mod:`queries.reference_indicators`). The same seed and size give the same
rows.
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np

from queries.capacity import load_reference
from queries.demo.assessments import write_assessments
from queries.demo.common import DEMO_SOURCE
from queries.demo.incidents import _ACTORS, _CATEGORIES, write_incidents
from queries.demo.sampling import (
    cumulative_shares,
    episode_curve,
    pick_columns,
    pick_in_groups,
    points_in_polygon,
    rows_to_cells,
)
from queries.demo.trainings import write_trainings
from queries.demo.world import Geography, World
from queries.reference_indicators import load_reference_indicators
from queries.statements import transaction

# What the tests of the generator's parts reach through ``queries.demo``.
__all__ = [
    "DEMO_SOURCE",
    "DemoSummary",
    "build_demo",
    "cumulative_shares",
    "episode_curve",
    "pick_columns",
    "pick_in_groups",
    "points_in_polygon",
    "rows_to_cells",
    "_ACTORS",
    "_CATEGORIES",
]


@dataclass(frozen=True)
class DemoSummary:
    """What one demo build wrote."""

    incidents: int
    indicators: int
    trainings: int
    assessments: int
    seconds: float


def build_demo(
    con: duckdb.DuckDBPyConnection,
    incidents: int = 50_000,
    seed: int = 7,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Replace the demo rows (``source = 'demo'``) with a freshly generated synthetic world.

    Writes ``incidents`` incidents (2018-01-01 to 2026-10-31), about 300 trainings and
    Framework of Analysis assessments of the watched countries, each part as one
    ``import_batches`` row of format ``demo``, and reloads the real reference data
    (organisations, memberships, commitments, indicators: ``indicators`` in the summary
    counts those values), all in one transaction on ``con`` (a writer connection). Other
    sources' rows are left alone. The same ``seed`` and ``incidents`` give the same rows.
    ``progress`` receives short human messages.

    Raises ``ValueError`` for a negative or fractional size or seed, and
    ``WarehouseError`` when the warehouse knows no admin-1 region of any watched country.
    """
    incidents = _whole_number("incidents", incidents)
    seed = _whole_number("seed", seed)
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    say("geography")
    geo = Geography.load(con)
    world = World.build(geo, np.random.default_rng([seed, 0]))
    with transaction(con):
        _delete_demo_rows(con)
        n_incidents = write_incidents(con, world, incidents, seed, say)
        say("trainings")
        n_trainings = write_trainings(con, geo, world, seed)
        say("assessments")
        n_assessments = write_assessments(con, world, seed)
        say("reference: regional organisations, memberships, commitments, indicators")
        load_reference(con)
        n_indicators = load_reference_indicators(con)
    return DemoSummary(
        n_incidents,
        n_indicators,
        n_trainings,
        n_assessments,
        round(time.perf_counter() - started, 3),
    )


def _whole_number(name: str, value) -> int:
    """``value`` as an int >= 0, or a ``ValueError`` naming the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    return int(value)


def _delete_demo_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Remove what an earlier demo build wrote; other sources' rows stay."""
    for statement in (
        "DELETE FROM incidents WHERE source = ?",
        "DELETE FROM trainings WHERE source = ?",
        "DELETE FROM risk_assessments WHERE source = ?",
    ):
        con.execute(statement, [DEMO_SOURCE])
