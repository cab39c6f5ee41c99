"""The rolling-origin backtest on the real UCDP sample for the Central African Republic:
the hotspot signal must beat naive persistence, the cell forecast every history baseline,
and neither may use data from after each origin."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import app
from geodata.priogrid import land_cells
from queries.analytics.backtest import auc, run_backtest
from queries.analytics.hotspots import build_cube, cell_months, hotspot_scores, month_index
from queries.importing.registry import import_file
from queries.schema import connect_writer

UCDP_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "ucdp_ged_23_1_CAF.csv"


@pytest.fixture(scope="module")
def caf_path(tmp_path_factory) -> Path:
    """A warehouse file holding the UCDP GED 23.1 sample for CAF, built once; closed."""
    if not UCDP_SAMPLE.exists():
        pytest.fail(f"the shared UCDP sample is missing: {UCDP_SAMPLE}")
    path = tmp_path_factory.mktemp("caf") / "caf.duckdb"
    con = connect_writer(path)
    try:
        import_file(con, "ucdp", UCDP_SAMPLE)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def result(caf_path):
    con = connect_writer(caf_path)
    try:
        return run_backtest(con)
    finally:
        con.close()


def test_hotspot_signal_beats_persistence_on_caf(result):
    figures = result.as_dict()
    assert figures["hotspot_auc"] >= 0.78
    assert figures["hotspot_auc"] >= figures["persistence_auc"] + 0.05
    assert figures["hotspot_recall"] > figures["persistence_recall"]
    for key in ("precision", "recall"):
        assert 0 < figures[f"hotspot_{key}"] <= 1 and 0 < figures[f"persistence_{key}"] <= 1


def test_origins_cells_and_pairs_on_caf(result):
    # First incident 8 Aug 1991: the first origin with 12 months of data is July 1992.
    # Latest incident 30 Dec 2022: December is not known to be complete, so the last
    # covered month is November and the last origin August 2022. 1992-07 .. 2022-08: 362.
    assert result.origins == 362
    assert result.cells >= 203  # CAF's land cells and its incidents' cells
    assert result.pairs >= 362 * 203
    assert 0 < result.positives < result.pairs


def test_scores_at_an_origin_do_not_see_the_future(caf_path):
    con = connect_writer(caf_path)
    try:
        counts = cell_months(con, date(1989, 1, 1), date(2022, 12, 31))
    finally:
        con.close()
    origin, first = month_index(date(2014, 6, 1)), int(counts["month"].min())
    land = land_cells()
    full = build_cube(counts, land, first, origin)
    past = build_cube(counts[counts["month"] <= origin], land, first, origin)
    assert full.cells.equals(past.cells)
    assert (hotspot_scores(full) == hotspot_scores(past)).all()


def test_evaluate_command_prints_the_table_and_json_and_writes_the_pairs(
    caf_path, result, tmp_path, capsys
):
    out = tmp_path / "pairs.csv"
    assert app.main(["evaluate", "--db", str(caf_path), "--json", "--pairs-out", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split() == ["signal", "AUC", "precision@10%", "recall@10%", "origins", "cells"]
    assert [line.split()[0] for line in lines[2:8]] == [
        "forecast",
        "hotspot",
        "persistence",
        "civilian_cell_60m",
        "events_cell_12m",
        "civilian_3x3_60m",
    ]
    figures = json.loads(lines[-1])
    assert figures == pytest.approx(result.as_dict())
    assert {
        "forecast_auc",
        "hotspot_auc",
        "persistence_auc",
        "civilian_cell_60m_auc",
        "events_cell_12m_auc",
        "civilian_3x3_60m_auc",
        "origins",
        "cells",
        "pairs",
        "positives",
    } <= set(figures)
    pairs = pd.read_csv(out, dtype={"origin": str})
    assert list(pairs.columns) == ["origin", "gid", "forecast", "outcome"]
    assert len(pairs) == figures["pairs"] == 75_051
    assert pairs["outcome"].sum() == figures["positives"]
    assert pairs["origin"].min() == "1992-07" and pairs["origin"].max() == "2022-08"
    assert pairs["origin"].nunique() == figures["origins"]
    assert set(pairs["outcome"]) == {0, 1} and pairs["forecast"].between(0, 1).all()
    # The CSV's forecast is the one the table scored: its AUC is the table's.
    assert auc(pairs["forecast"], pairs["outcome"]) == pytest.approx(
        figures["forecast_auc"], abs=1e-4
    )


def test_the_forecast_beats_every_history_baseline_on_caf(result):
    figures = result.as_dict()
    baselines = ("persistence", "civilian_cell_60m", "events_cell_12m", "civilian_3x3_60m")
    # The table (reproduced to three decimals by this frame).
    assert [round(figures[f"{name}_auc"], 3) for name in ("hotspot", *baselines)] == [
        0.803,
        0.653,
        0.781,
        0.749,
        0.810,
    ]
    assert figures["forecast_auc"] >= max(figures[f"{b}_auc"] for b in baselines) + 0.02
    assert figures["forecast_precision"] >= max(figures[f"{b}_precision"] for b in baselines)


def test_evaluate_without_json_prints_only_the_table(caf_path, capsys):
    assert app.main(["evaluate", "--db", str(caf_path)]) == 0
    out = capsys.readouterr().out
    assert "hotspot" in out and "{" not in out


def test_evaluate_refuses_a_missing_or_empty_warehouse(tmp_path, capsys):
    assert app.main(["evaluate", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse there" in capsys.readouterr().err
    connect_writer(tmp_path / "empty.duckdb").close()
    assert app.main(["evaluate", "--db", str(tmp_path / "empty.duckdb")]) == 2
    assert "no incidents" in capsys.readouterr().err
