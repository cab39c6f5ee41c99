"""The refresh stores the latest origin's cell forecast and its backtest; the map layer,
its note and the country page's likeliest cells read them (real UCDP sample for CAF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard import early_warning, layers
from dashboard.filters import parse_filters
from dashboard.maps import FORECAST_CELLS, MapView, page_map
from queries.access import FULL_ACCESS
from queries.analytics import results
from queries.analytics.refresh import refresh_analytics
from queries.db import Warehouse
from queries.schema import connect_writer
from tests.conftest import copy_warehouse


@pytest.fixture(scope="module")
def caf(tmp_path_factory, caf_warehouse) -> Path:
    """A warehouse with the CAF sample imported and the analytics refreshed."""

    path = copy_warehouse(caf_warehouse, tmp_path_factory.mktemp("forecast") / "caf.duckdb")
    con = connect_writer(path)
    try:
        summary = refresh_analytics(con)
    finally:
        con.close()
    assert summary.stages["forecast"] < 10
    return path



@pytest.fixture
def wh(caf):
    warehouse = Warehouse(caf)
    yield warehouse
    warehouse.close()


def test_the_refresh_stores_a_probability_for_every_study_cell(wh):
    with wh.cursor() as cur:
        cells, low, high, months = cur.execute(
            "SELECT count(*), min(probability), max(probability), "
            "count(DISTINCT (forecast_from, forecast_to)) FROM cell_forecast").fetchone()
        hotspot_cells = cur.execute("SELECT count(*) FROM hotspot_cells").fetchone()[0]
    assert cells == hotspot_cells == 216       # the same study cells as the hotspots
    assert 0 < low < high < 1 and months == 1


def test_the_run_records_the_forecast_months_and_its_backtest(wh):
    run = results.forecast_run(wh)
    # Latest incident 30 Dec 2022: the forecast is for January to March 2023.
    assert (run.forecast_from, run.forecast_to) == (date(2023, 1, 1), date(2023, 3, 31))
    # The last origin with a known outcome is August 2022 (December is not known to be
    # complete); the backtest scores the origins of the two years to it, every 6 months.
    assert (run.backtest_from, run.backtest_to) == (date(2021, 2, 1), date(2022, 8, 1))
    assert run.backtest_pairs == 4 * 216
    assert 0.6 < run.backtest_auc <= 1


def test_the_layer_shows_probabilities_and_says_how_well_it_did(wh):
    frame, note = layers.layer("forecast").fetch(wh, None)
    assert len(frame) == 216
    assert frame["probability_pct"].is_monotonic_increasing  # likeliest drawn last
    assert "AUC 0." in note and "1 Jan 2023 to 31 Mar 2023" in note
    assert "probability_pct" in layers.layer("forecast").hover.columns
    assert layers.layer("hotspots").label.startswith("Where violence has clustered")


def test_the_likeliest_cells_have_a_region_and_a_town(wh):
    cells = results.forecast_cells(wh, "CAF", limit=5)
    assert len(cells) == 5 and cells["probability"].is_monotonic_decreasing
    assert (cells["admin1_name"] != "").all()
    assert (cells["town"].str.len() > 0).all() and (cells["town_km"] < 120).all()
    text = str(early_warning.forecast_cells_table(cells, "note"))
    assert "Nearest town" in text and "GeoNames" in text
    assert cells["town"].iloc[0] in text


def test_the_country_map_outlines_the_likeliest_cells(wh):
    parsed = parse_filters(wh, {}, "CAF", access=FULL_ACCESS)
    shown = page_map(wh, MapView("country", parsed.filter))
    traces = shown.figure()["data"]
    cells = next(t for t in traces if t.get("name") == "forecast")
    assert len(cells["lat"]) == FORECAST_CELLS
    assert traces.index(cells) > [t.get("name") for t in traces].index("rivers")   # on top
    top = results.forecast_cells(wh, "CAF", limit=1)
    assert cells["customdata"][-1] == pytest.approx(100 * top["probability"][0], abs=0.05)
    assert "Purple squares: the 20 cells" in shown.legend
