"""The country forecast in a real warehouse and on the command line: a fresh warehouse
holding only the UCDP sample for the Central African Republic has the shipped forecast for
every country, the watchlist ranks them by it, CAF shows its forecast and drivers, and
``atrisk evaluate --countries`` prints, writes and summarises the backtest."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import app
from dashboard.factory import create_app
from dashboard.layers import layer
from dashboard.settings import Settings
from queries.forecast import store
from queries.forecast.model import FIRST_INNER_YEAR, PENALTY_GRID
from queries.forecast.store import BACKTEST_FILE, MODEL_FILE, fit_and_store
from tests.conftest import UCDP_SAMPLE, page_module


@pytest.fixture(scope="module")
def caf_app(tmp_path_factory):
    db = tmp_path_factory.mktemp("forecast") / "caf.duckdb"
    assert app.main(["import", "ucdp", str(UCDP_SAMPLE), "--db", str(db)]) == 0
    dash_app = create_app(Settings(db=db))
    with dash_app.server.app_context():
        yield dash_app
    dash_app.server.config["WAREHOUSE"].close()


def test_a_ucdp_only_warehouse_has_the_forecast_for_every_country(caf_app):
    wh = caf_app.server.config["WAREHOUSE"]
    ranking = store.ranking(wh)
    assert len(ranking) == 168 and ranking["rank"].tolist() == list(range(1, 169))
    assert ranking["risk_1y"].between(0, 1).all()
    assert (ranking["risk_2y"] >= ranking["risk_1y"]).mean() > 0.95
    caf = store.country_forecast(wh, "CAF")
    assert caf["data_year"] == 2024 and 0 < caf["risk_1y"] < 1
    assert caf["previous_risk_1y"] is not None and caf["drivers"]
    drivers = store.country_drivers(wh, "CAF")
    assert len(drivers) == 5 and drivers["contribution"].abs().is_monotonic_decreasing
    history = store.history(wh, "CAF")
    assert history["year"].tolist() == list(range(1994, 2025))
    assert history["onset"].any()  # CAF saw new mass killings in the period
    summary = store.summary(wh)
    assert summary["backtest_years"] == "1994-2024" and summary["onsets"] == 39
    assert summary["auc"] > summary["anchor_auc"]
    assert store.country_forecast(wh, "ATA") is None


def test_the_watchlist_shows_caf_with_its_forecast_and_drivers(caf_app):
    watchlist = page_module(caf_app, "watchlist")

    page = watchlist.layout()
    table = _find(page, "watchlist-table")
    rows = table.rowData
    forecast_rows = [r for r in rows if r["risk_1y"] is not None]
    assert len(forecast_rows) >= 150
    assert [r["rank"] for r in rows[:3]] == [1, 2, 3]
    assert rows[0]["risk_1y"] >= rows[1]["risk_1y"] >= rows[2]["risk_1y"]
    caf = next(r for r in rows if r["iso3"] == "CAF")
    assert caf["forecast_drivers"] and caf["hot_cells"] >= 0
    tip = caf["tip_risk_1y"]
    assert tip.startswith("Risk that a new mass killing begins in 2025: ")
    assert f"(rank {caf['rank']} of 168)" in tip
    note = _find(page, "watchlist-method")
    assert "AUC" in str(note.children) and "Data through 2024" in str(note.children)


def test_the_country_page_shows_the_forecast_and_its_history(caf_app):
    country = page_module(caf_app, "country")

    page = country.layout(iso3="CAF")
    panel = _find(page, "country-forecast")
    assert "Risk that a new mass killing begins in 2025" in str(panel.children)
    assert len(_find(page, "country-forecast-drivers").children) == 5
    chart = _find(page, "country-forecast-history-figure").data  # drawn when near
    names = [trace["name"] for trace in chart["data"]]
    assert names == [
        "forecast made the year before",
        "a new mass killing began",
        "current forecast",
    ]
    assert chart["data"][0]["x"][0] == 1994 and chart["data"][2]["x"] == [2025]


def test_the_risk_layer_is_the_forecast(caf_app):
    frame, note = layer("risk").fetch(caf_app.server.config["WAREHOUSE"], None)
    assert len(frame) == 168 and "backtested AUC" in note
    assert frame.loc[frame["iso3"] == "CAF", "risk_pct"].between(0, 100).all()


def test_evaluate_countries_prints_the_table_json_and_csv(tmp_path, capsys):
    out = tmp_path / "forecasts.csv"
    assert app.main(["evaluate", "--countries", "--json", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(lines[-1])
    assert figures["onsets"] == 39 and figures["country_years"] == 5034
    assert figures["years"] == "1994-2024"
    assert figures["auc"] >= 0.85 and figures["top30_share"] >= 0.70
    assert [d["years"] for d in figures["by_decade"]] == [
        "1994-1999",
        "2000-2009",
        "2010-2019",
        "2020-2024",
    ]
    assert sum(d["onsets"] for d in figures["by_decade"]) == 39
    assert any(line.startswith("1994-2024") for line in lines)
    assert any(line.startswith("EWP own") for line in lines)
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["year", "iso3", "risk", "rank"] and len(rows) == 5034
    first_year = [r for r in rows if r["year"] == "1994"]
    assert sorted(int(r["rank"]) for r in first_year) == list(range(1, len(first_year) + 1))


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str | int | float):
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


def _find(page, component_id):
    return next((c for c in _walk(page) if getattr(c, "id", None) == component_id), None)


def test_model_fit_reproduces_the_committed_model(tmp_path):
    model, backtest = tmp_path / "model.json", tmp_path / "backtest.parquet"
    messages = []
    fit_and_store(model_path=model, backtest_path=backtest, progress=messages.append)
    assert json.loads(model.read_text()) == json.loads(MODEL_FILE.read_text())
    pd.testing.assert_frame_equal(pd.read_parquet(backtest), pd.read_parquet(BACKTEST_FILE))
    assert messages[0].startswith("backtest: 1994 onwards")


def test_the_shipped_model_uses_the_penalties_chosen_on_the_years_before_it():

    stored = json.loads(MODEL_FILE.read_text())
    selection = stored["selection"]
    chosen = selection["penalties_by_year"]
    # One choice per backtest year and one for the shipped model (forecasting 2025).
    assert list(chosen) == [str(year) for year in range(1994, 2026)]
    assert all(c1 in PENALTY_GRID["l1"] and c2 in PENALTY_GRID["l2"] for c1, c2 in chosen.values())
    c1, c2 = chosen[str(stored["inputs"]["data_through"] + 1)]
    assert f"L1 (C={c1})" in stored["model"] and f"L2 (C={c2})" in stored["model"]
    assert selection["first_inner_year"] == FIRST_INNER_YEAR
    assert "pooled AUC" in selection["rule"]
