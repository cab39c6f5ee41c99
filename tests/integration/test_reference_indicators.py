"""Reference indicators in real warehouses: loaded at schema apply, a user's own values win
for their country-years and survive re-loading, places without a population figure are
never ranked, and a warehouse holding only the UCDP CAF sample scores CAF on real data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries import capacity
from queries.analytics.refresh import refresh_analytics
from queries.db import Warehouse
from queries.demo import build_demo
from queries.importing.registry import import_file
from queries.reference_indicators import load_reference_indicators
from queries.schema import connect_writer, schema_files
from tests.conftest import UCDP_SAMPLE

# Places without people (or without data) that earlier rankings showed.
UNINHABITED = {"ATA", "BVT", "HMD", "SJM", "PCN", "GRL", "SGS", "ATF"}
SCHEMA_FILES = schema_files()


def scalar(con, sql, params=None):
    return con.execute(sql, params).fetchone()[0]


def test_schema_apply_loads_the_reference_set(writer):
    assert scalar(writer, "SELECT count(*) FROM indicators WHERE source = 'reference'") > 100_000
    assert scalar(writer, "SELECT count(*) FROM indicator_catalog WHERE reference") == 19
    assert scalar(writer, "SELECT count(*) FROM indicators WHERE batch_id IS NOT NULL") == 0
    not_measured = writer.execute(
        "SELECT factor FROM risk_factors WHERE not_measured IS NOT NULL ORDER BY 1").fetchall()
    assert [f for (f,) in not_measured] == [5, 10, 13, 14]
    assert writer.execute(
        "SELECT factor FROM risk_factors ANTI JOIN indicator_catalog AS c "
        "ON c.risk_factor = factor ORDER BY 1").fetchall() == not_measured


def test_a_users_values_win_for_their_country_years_and_survive_reloading(writer, tmp_path):
    reference = scalar(writer, "SELECT value FROM indicators WHERE source = 'reference' AND "
                               "iso3 = 'CAF' AND indicator_code = 'pts_score' "
                               "AND period = DATE '2023-01-01'")
    own = tmp_path / "own.csv"
    own.write_text("iso3,year,indicator,value\nCAF,2023,pts_score,1\n", encoding="utf-8")
    assert import_file(writer, "indicators", own).loaded == 1
    chosen = ("SELECT value, source FROM indicator_values WHERE iso3 = 'CAF' AND "
              "indicator_code = 'pts_score' AND year(period) = ?")
    assert writer.execute(chosen, [2023]).fetchall() == [(1.0, "user")]
    assert writer.execute(chosen, [2022]).fetchall()[0][1] == "reference"
    before = scalar(writer, "SELECT count(*) FROM indicators")
    load_reference_indicators(writer)
    assert scalar(writer, "SELECT count(*) FROM indicators") == before
    assert writer.execute(chosen, [2023]).fetchall() == [(1.0, "user")]
    assert scalar(writer, "SELECT count(*) FROM indicators WHERE iso3 = 'CAF' AND "
                          "indicator_code = 'pts_score' AND period = DATE '2023-01-01'") == 2
    assert reference != 1.0


def test_the_risk_index_reads_the_users_value(writer, tmp_path):
    def pts_score():
        refresh_analytics(writer)
        return scalar(writer, "SELECT score FROM risk_components WHERE iso3 = 'CAF' "
                              "AND component = 'factor_2'")
    before = pts_score()
    own = tmp_path / "own.csv"
    own.write_text("iso3,year,indicator,value\nCAF,2023,pts_score,1\n", encoding="utf-8")
    import_file(writer, "indicators", own)
    assert before > 5 and pts_score() == pytest.approx(0.0)   # PTS 1 is the safe bound


def ranked_places(db_path) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """The /gaps top 40, the risk layer's rows and the places not scored, read as the app
    does."""
    wh = Warehouse(db_path)
    try:
        on = wh.df("data_through")["data_through"].iloc[0]
        gaps = capacity.gap_ranking(wh, on or date.today(), limit=40)
        layer = wh.df("layer_risk_index")
        not_scored = set(wh.df("places_not_scored")["iso3"])
    finally:
        wh.close()
    return gaps, layer, not_scored


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = connect_writer(path)
    build_demo(con, incidents=5_000, seed=7)
    refresh_analytics(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def caf_path(tmp_path_factory, ucdp_sample_path):
    path = tmp_path_factory.mktemp("caf") / "caf.duckdb"
    con = connect_writer(path)
    import_file(con, "ucdp", ucdp_sample_path)
    refresh_analytics(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def ucdp_sample_path():
    """The real UCDP CAF sample, for module-scoped warehouses."""
    if not UCDP_SAMPLE.exists():
        pytest.fail(f"the shared UCDP sample is missing: {UCDP_SAMPLE}")
    return UCDP_SAMPLE


@pytest.mark.parametrize("warehouse", ["demo_path", "caf_path"])
def test_no_uninhabited_place_is_ranked(warehouse, request):
    gaps, layer, not_scored = ranked_places(request.getfixturevalue(warehouse))
    assert len(gaps) == 40
    assert not_scored >= UNINHABITED
    assert not set(gaps["iso3"]) & not_scored
    assert not set(layer["iso3"]) & not_scored
    assert len(layer) >= 150
    assert (gaps["basis"] == "index").all()


def test_the_risk_index_scores_only_scored_places(demo_path):
    con = connect_writer(demo_path)
    try:
        unscored = scalar(con, "SELECT count(*) FROM risk_index ANTI JOIN scored_places "
                               "USING (iso3)")
        components = scalar(con, "SELECT count(*) FROM risk_components ANTI JOIN "
                                 "scored_places USING (iso3)")
    finally:
        con.close()
    assert (unscored, components) == (0, 0)


def test_caf_gets_an_index_with_real_drivers_from_the_ucdp_sample_alone(caf_path):
    con = connect_writer(caf_path)
    try:
        assert con.execute("SELECT DISTINCT source FROM incidents").fetchall() == [("ucdp",)]
        row = con.execute("SELECT structural, dynamic, risk_index, completeness, drivers "
                          "FROM risk_index WHERE iso3 = 'CAF'").fetchone()
        unmeasured = con.execute(
            "SELECT label, score, expected FROM risk_components WHERE iso3 = 'CAF' "
            "AND component = 'factor_10'").fetchone()
        scored = scalar(con, "SELECT count(risk_index) FROM risk_index")
    finally:
        con.close()
    structural, dynamic, index, completeness, drivers = row
    assert 0 < structural <= 10 and 0 < dynamic <= 10 and index == pytest.approx(
        (structural * dynamic) ** 0.5)
    assert completeness > 0.8
    assert drivers.count("RF") + drivers.count("Civilian") >= 2
    assert "synthetic" not in drivers
    assert unmeasured[0].endswith("(no real indicator)") and unmeasured[1:] == (None, 0)
    assert scored >= 150


def test_the_composite_backtest_never_sees_the_future(writer):
    from queries.analytics.composite_backtest import composite_forecasts

    before = composite_forecasts(writer, 2010, 2011)
    # Every risk input dated 2010 or later set to its riskiest bound.
    writer.execute("UPDATE indicators SET value = CASE WHEN c.direction = 'higher_is_riskier' "
                   "THEN c.upper_bound ELSE c.lower_bound END FROM indicator_catalog AS c "
                   "WHERE c.indicator_code = indicators.indicator_code "
                   "AND period >= DATE '2010-01-01' AND c.risk_factor IS NOT NULL")
    after = composite_forecasts(writer, 2010, 2011)
    in_2010 = before["year"] == 2010
    pd.testing.assert_frame_equal(before[in_2010], after[in_2010])
    assert before[in_2010]["risk"].notna().sum() >= 150 and before["onset"].sum() >= 1
    assert (after.loc[~in_2010, "risk"] > before.loc[~in_2010, "risk"]).mean() > 0.9


def test_migrating_a_warehouse_with_synthetic_indicators(tmp_path, monkeypatch):
    import duckdb

    from queries import schema

    # A warehouse as it was before migration 006, holding demo indicators.
    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(schema, "schema_files", lambda: [f for f in SCHEMA_FILES if f[0] < 6])
    con = schema.connect_writer(path)
    con.execute("INSERT INTO indicator_catalog (indicator_code, name, unit, risk_factor, "
                "direction, lower_bound, upper_bound, source) VALUES ('demo_x', 'X "
                "(synthetic)', 'u', 2, 'higher_is_riskier', 0, 1, 'demo')")
    con.execute("INSERT INTO indicators VALUES ('CAF', NULL, 'demo_x', DATE '2024-01-01', "
                "0.5, 'demo', 1), ('CAF', NULL, 'hdi', DATE '2020-01-01', 0.4, 'undp', 2)")
    con.close()
    monkeypatch.undo()
    con = duckdb.connect(str(path))
    try:
        assert schema.apply_schema(con) == SCHEMA_FILES[-1][0]
        by_source = dict(con.execute("SELECT source, count(*) FROM indicators GROUP BY 1"
                                     ).fetchall())
        assert by_source.pop("undp") == 1 and "demo" not in by_source
        assert by_source["reference"] > 100_000
        assert scalar(con, "SELECT count(*) FROM indicator_catalog WHERE source = 'demo'") == 0
    finally:
        con.close()


def test_data_and_gaps_pages_say_what_is_real_and_what_is_not_scored(caf_path):
    from dashboard import create_app
    from dashboard.settings import Settings
    from tests.integration.test_app import text_of

    app = create_app(Settings(db=caf_path))
    with app.server.app_context():
        from dashboard.pages import data, gaps

        data_page = text_of(data.layout())
        gaps_page = text_of(gaps.layout())
    assert "Indicators: real reference data" in data_page
    assert "Political Terror Scale 2024" in data_page and "CC BY-SA 4.0" in data_page
    assert "no real indicator" in data_page.lower()
    assert "Signs of an intent to destroy" in data_page
    assert "Not scored, so never ranked: 55 places" in gaps_page
    assert "Antarctica" in gaps_page
