"""The demo's Framework of Analysis assessments of the watched countries."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from queries.demo.common import DEMO_SOURCE, insert_arrow, record_batch
from queries.demo.world import World

_ASSESSMENT_ROUNDS = (
    np.datetime64("2025-11-14"),
    np.datetime64("2026-05-15"),
    np.datetime64("2026-10-16"),
)


def write_assessments(con: duckdb.DuckDBPyConnection, world: World, seed: int) -> int:
    """Judgements on the 14 risk factors for every watched country, in up to three
    rounds (riskier countries are assessed more often), as one batch."""
    rng = np.random.default_rng([seed, 5])

    def write(batch_id: int) -> int:
        table = _assessment_table(world, rng)
        insert_arrow(
            con, "demo_insert_assessments", table, {"source": DEMO_SOURCE, "batch_id": batch_id}
        )
        return table.num_rows

    return record_batch(con, f"demo:assessments seed={seed}", write)


def _assessment_table(world: World, rng: np.random.Generator) -> pa.Table:
    """A factor is judged present with a chance that grows with the country's latent
    risk, unknown now and then, absent otherwise."""
    rounds = np.where(world.risk >= 0.8, 3, np.where(world.risk >= 0.5, 2, 1))
    rows = [
        (iso3, factor, day)
        for iso3, n in zip(world.iso3, rounds, strict=True)
        for day in _ASSESSMENT_ROUNDS[-n:]
        for factor in range(1, 15)
    ]
    iso3, factor, day = (np.array(column) for column in zip(*rows, strict=True))
    risk = dict(zip(world.iso3, world.risk, strict=True))
    p_present = np.array([risk[code] for code in iso3]) ** 1.5
    u = rng.random(len(rows))
    judgement = np.where(
        u < 0.08, "unknown", np.where(u < 0.08 + 0.92 * p_present, "present", "absent")
    )
    analyst = rng.integers(1, 7, len(rows))
    return pa.table(
        {
            "iso3": iso3,
            "factor": pa.array(factor, type=pa.int8()),
            "judgement": judgement,
            "evidence": [
                f"Synthetic demo assessment of risk factor {f}: no real evidence" for f in factor
            ],
            "assessed_on": pa.array(day),
            "analyst": [f"Demo analyst (synthetic) {k}" for k in analyst],
        }
    )
