"""compute_hotspots on a crafted warehouse worked out by hand, and on the real UCDP sample
for the Central African Republic."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from geodata.priogrid import land_cells, priogrid_gid
from queries.analytics.hotspots import COLUMNS, compute_hotspots
from queries.schema import connect_writer
from queries.statements import execute_with_rows
from tests.conftest import copy_warehouse

INSERT_EVENTS = """
INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, lat, lon,
                       priogrid_gid, category, batch_id)
SELECT $prefix || i, 'test', $prefix || i, $day, 'CAF', 0, 0, $gid, 'armed_conflict', 1
FROM range($n) AS t(i)
"""
# Three cells of one row in the north of CAF, west to east; all their neighbours are CAF
# land cells, so each has the full 9-cell neighbourhood.
A, B, C = 141522, 141523, 141524
FAR = 139364          # Bria, 6.75N 21.75E, far from all three
UCDP_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "ucdp_ged_23_1_CAF.csv"


@pytest.fixture
def crafted(writer):
    """CAF, January to October 2026 (10 months): 1 incident in cell A in January; in
    October 5 more in A and 1 in B, its eastern neighbour."""
    writer.execute("INSERT INTO import_batches (format, started_at) VALUES ('test', now())")
    for prefix, n, day, gid in (("jan", 1, date(2026, 1, 15), A),
                                ("octa", 5, date(2026, 10, 20), A),
                                ("octb", 1, date(2026, 10, 31), B)):
        writer.execute(INSERT_EVENTS, {"prefix": prefix, "n": n, "day": day, "gid": gid})
    return writer


def test_crafted_warehouse_by_hand(crafted):
    land = land_cells()
    caf = set(land.loc[land["iso3"] == "CAF", "gid"])
    assert len(caf) == 203
    assert all(g + dr * 720 + dc in caf for g in (A, B, C, FAR) for dr in (-1, 0, 1)
               for dc in (-1, 0, 1))
    rows = compute_hotspots(crafted).set_index("gid")
    # The study area is CAF's 203 land cells (the incidents are all in them). The cube:
    # 203 cells x 10 months = 2030 bins; a cell-month counts 1 when it had an incident:
    # (A, Jan), (A, Oct), (B, Oct), so sum = sum of squares = 3; mean m = 3/2030 and
    # S^2 = m - m^2. The window holds the 10 months (fewer than 12 in the data): W_i is
    # 9 cells x 10 months = 90, and (n W - W^2) / (n - 1) = (2030*90 - 8100) / 2029.
    n, m = 2030, 3 / 2030
    denominator = math.sqrt(m - m * m) * math.sqrt((n * 90 - 90 ** 2) / (n - 1))
    # A's and B's neighbourhoods hold all 3 active cell-months; C's only (B, Oct); FAR's none.
    assert rows.loc[A, "gi_z"] == pytest.approx((3 - 90 * m) / denominator, abs=1e-9)
    assert rows.loc[B, "gi_z"] == pytest.approx((3 - 90 * m) / denominator, abs=1e-9)
    assert rows.loc[C, "gi_z"] == pytest.approx((1 - 90 * m) / denominator, abs=1e-9)
    assert rows.loc[FAR, "gi_z"] == pytest.approx(-90 * m / denominator, abs=1e-9)
    # m = 0.001478, S = 0.03842, sqrt(174600 / 2029) = 9.2765: z = 2.867 / 0.3564 = 8.05.
    assert rows.loc[A, "gi_z"] == pytest.approx(8.05, abs=0.01)
    # C: (1 - 0.133) / 0.3564 = 2.43, hot at 95%.
    assert rows.loc[[A, B, C, FAR], "confidence"].tolist() == [99, 99, 95, 0]
    assert rows.loc[[A, B, C, FAR], "events"].tolist() == [6, 1, 0, 0]
    assert rows.loc[A, "gi_p"] == pytest.approx(math.erfc(rows.loc[A, "gi_z"] / math.sqrt(2)))
    # Monthly slices (one month deep, W = 9): a month with one active cell-month in the
    # neighbourhood has z = (1 - 9m) / (S sqrt((2030*9 - 81) / 2029)) = 8.6: hot.
    # A and B were hot in January and October, on and off: sporadic. C only in October
    # (A is not its neighbour): new. FAR never.
    assert rows.loc[[A, B, C], "pattern"].tolist() == ["sporadic", "sporadic", "new"]
    assert pd.isna(rows.loc[FAR, "pattern"])
    assert rows.loc[A, "window_start"] == date(2026, 1, 1)
    assert rows.loc[A, "window_end"] == date(2026, 10, 31)
    assert len(rows) == 203


def test_through_leaves_later_incidents_out(crafted):
    rows = compute_hotspots(crafted, through=date(2026, 9, 30)).set_index("gid")
    # Only (A, Jan) in a cube of 9 months: A's and B's neighbourhoods hold it, C's does not.
    assert rows.loc[[A, B, C], "events"].tolist() == [1, 0, 0]
    assert rows.loc[A, "gi_z"] == rows.loc[B, "gi_z"] > 0 > rows.loc[C, "gi_z"]
    assert rows.loc[A, "window_end"] == date(2026, 9, 30)
    assert compute_hotspots(crafted, through=date(2025, 12, 31)).empty


def test_an_empty_warehouse_has_no_hotspots(writer):
    frame = compute_hotspots(writer)
    assert frame.empty and list(frame.columns) == COLUMNS


@pytest.fixture(scope="module")
def caf(tmp_path_factory, caf_warehouse):
    """A warehouse holding the real UCDP GED 23.1 sample for CAF, built once."""
    con = connect_writer(copy_warehouse(caf_warehouse,
                                        tmp_path_factory.mktemp("caf") / "caf.duckdb"))
    yield con
    con.close()


def test_caf_hot_cells_are_where_the_violence_was(caf):
    rows = compute_hotspots(caf, through=date(2014, 6, 30))
    assert list(rows.columns) == COLUMNS
    assert (rows["iso3"] == "CAF").all()
    bangui = rows.set_index("gid").loc[int(priogrid_gid(4.36, 18.56))]
    # Bangui in the year to June 2014 (the Seleka / anti-balaka violence): its cell (a DR
    # Congo land cell by its centre, in CAF's study area by its incidents) is hot at 99%.
    assert bangui["events"] > 100
    assert bangui["confidence"] == 99
    hot = rows[rows["confidence"] > 0]
    # Nearly all the year's incidents (453 of 468) lie in hot cells, and every cell with 3
    # or more is hot at 99%; a cell with one or two where little else happened is not: one
    # month of violence in a neighbourhood is about CAF's average since 1991.
    assert hot["events"].sum() / rows["events"].sum() > 0.95
    assert (rows.loc[rows["events"] >= 3, "confidence"] == 99).all()
    # Every hot cell has an incident in its 3x3 neighbourhood.
    active = set(rows.loc[rows["events"] > 0, "gid"])
    offsets = [dr * 720 + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
    assert all(any(g + o in active for o in offsets) for g in hot["gid"])


def test_caf_rows_fit_the_hotspot_table(caf):
    rows = compute_hotspots(caf)
    incident_cells = {g for (g,) in caf.execute(
        "SELECT DISTINCT priogrid_gid FROM incidents").fetchall()}
    assert incident_cells <= set(rows["gid"])                  # cells outside CAF's land too
    assert rows["gid"].is_unique
    assert rows["window_end"].iloc[0] == date(2022, 12, 30)
    assert rows["gi_z"].is_monotonic_decreasing
    assert np.isfinite(rows[["gi_z", "gi_p", "trend_z", "trend_p"]].to_numpy()).all()
    caf.execute("DELETE FROM hotspot_cells")
    execute_with_rows(caf, "INSERT INTO hotspot_cells BY NAME SELECT * FROM _rows",
                      pa.Table.from_pandas(rows, preserve_index=False))
    assert caf.execute("SELECT count(*) FROM hotspot_cells").fetchall()[0][0] == len(rows)

