"""Analytics on a crafted warehouse whose answers are worked out by hand: escalation per
country and region, the risk index from indicators and incident signals, assessments and
the Framework of Analysis matrix, and the refresh that replaces them after every write."""

from __future__ import annotations

import math
from datetime import date

import pytest

import app
from queries.analytics import results
from queries.analytics.refresh import analytics_stale, refresh_analytics
from queries.db import Warehouse
from queries.importing.registry import import_file
from queries.incidents import IncidentFilter
from queries.schema import connect_writer

THROUGH = date(2026, 10, 31)   # the latest incident date: windows end here
INSERT_EVENTS = """
INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, admin1_code, lat,
                       lon, priogrid_gid, category, civilian_fatalities, batch_id)
SELECT $prefix || i, 'test', $prefix || i, $day::DATE - (i % $spread)::INTEGER, $iso3,
       $admin1, $lat, $lon, $gid, $category, $civilians, 1
FROM range($n) AS t(i)
"""


def add_events(con, prefix, n, day, spread=1, iso3="CAF", admin1="CAF-X1",
               category="armed_conflict", civilians=0, lat=4.3, lon=18.5, gid=136117):
    """``n`` incidents from ``day`` back over ``spread`` days, all in one place."""
    con.execute(INSERT_EVENTS, {"prefix": prefix, "n": n, "day": day, "spread": spread,
                                "iso3": iso3, "admin1": admin1, "category": category,
                                "civilians": civilians, "lat": lat, "lon": lon, "gid": gid})


@pytest.fixture
def crafted(writer):
    """CAF: 30 events in the latest 4 weeks (4-31 Oct 2026), 10 in the 4 weeks before, 94
    more in the 48 weeks before those, so the 52-week baseline averages 104 / 52 = 2.0 a
    week (8 expected in 4 weeks). TCD: 3 events in the latest 4 weeks and none before.
    Two catalogued indicators for CAF (one structural, one dynamic factor) in place of the
    shipped reference set, of which only population stays (it makes CAF and TCD scored)."""
    writer.execute("DELETE FROM indicators WHERE indicator_code <> 'wdi_population'")
    writer.execute("DELETE FROM indicator_catalog WHERE indicator_code <> 'wdi_population'")
    writer.execute("INSERT INTO import_batches (format, started_at) VALUES ('test', now())")
    add_events(writer, "latest", 30, THROUGH, spread=28, category="violence_against_civilians",
               civilians=2)
    add_events(writer, "previous", 10, date(2026, 10, 3), spread=28)
    add_events(writer, "older", 94, date(2026, 9, 5), spread=336)
    add_events(writer, "tcd", 3, THROUGH, iso3="TCD", admin1=None, lat=12.1, lon=15.0,
               gid=146911)
    writer.execute(
        "INSERT INTO indicator_catalog (indicator_code, name, unit, risk_factor, direction, "
        "lower_bound, upper_bound, source, scale) VALUES "
        "('pts', 'Political terror', 'scale 1-5', 2, 'higher_is_riskier', 1, 5, 't', 'linear'),"
        "('press', 'Press freedom', '0-100', 7, 'lower_is_riskier', 0, 100, 't', 'linear')")
    writer.execute("INSERT INTO indicators VALUES ('CAF', NULL, 'pts', DATE '2024-01-01', 4, "
                   "'t', 1), ('CAF', NULL, 'pts', DATE '2019-01-01', 1, 't', 1), "
                   "('CAF', NULL, 'press', DATE '2025-01-01', 30, 't', 1)")
    return writer


def escalation_row(con, iso3, level="country"):
    cur = con.execute("SELECT * FROM escalation WHERE iso3 = ? AND level = ?", [iso3, level])
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1
    return dict(zip(names, rows[0], strict=True))


def test_escalation_by_hand(crafted):
    refresh_analytics(crafted)
    caf = escalation_row(crafted, "CAF")
    assert (caf["events_latest"], caf["events_previous"]) == (30, 10)
    assert caf["events_baseline_weekly"] == pytest.approx(2.0)
    assert caf["change_vs_baseline"] == pytest.approx(30 / 8 - 1)
    assert caf["events_vs_baseline"] == "large_increase"
    assert caf["events_vs_previous"] == "large_increase"
    assert caf["civilian_latest"] == 60
    assert (caf["window_start"], caf["window_end"]) == (date(2026, 10, 4), THROUGH)
    region = escalation_row(crafted, "CAF", "admin1")
    assert region["admin1_code"] == "CAF-X1" and region["events_latest"] == 30
    # 3 events from nothing: +inf %, but the low-baseline rule holds it at limited change.
    assert escalation_row(crafted, "TCD")["events_vs_baseline"] == "limited_change"


def test_risk_index_by_hand(crafted):
    refresh_analytics(crafted)
    index = dict(zip(*[[d[0] for d in c.description] for c in [crafted.execute(
        "SELECT * FROM risk_index WHERE iso3 = 'CAF'")]], crafted.fetchall()[0], strict=True))
    hot_share = crafted.execute(
        "SELECT count(*) FILTER (WHERE confidence >= 95) / count(*) FROM hotspot_cells "
        "WHERE iso3 = 'CAF'").fetchall()[0][0]
    # Structural: factor 2 from the latest terror value 4 on 1..5 -> 7.5 (the 2019 value
    # is older than 5 years and ignored).
    assert index["structural"] == pytest.approx(7.5)
    # Dynamic: factor 7 from press freedom 30 (lower is riskier) -> 7.0; civilian deaths
    # 60 -> 10 ln(61) / ln(1001); escalation large increase -> 10; hot cells: a quarter
    # of the country's cells hot scores 10.
    civilians = 10 * math.log(61) / math.log(1001)
    dynamic = (7.0 + civilians + 10.0 + min(10.0, 40 * hot_share)) / 4
    assert index["dynamic"] == pytest.approx(dynamic)
    assert index["risk_index"] == pytest.approx(math.sqrt(7.5 * dynamic))
    assert index["completeness"] == pytest.approx(1.0)           # both catalogued present
    assert index["drivers"].startswith("Escalation of events, last 4 weeks 10.0")


def test_refresh_replaces_rather_than_appends_and_marks_staleness(crafted):
    assert analytics_stale(crafted)
    first = refresh_analytics(crafted)
    assert not analytics_stale(crafted)
    second = refresh_analytics(crafted)
    assert (first.escalation_rows, first.countries_scored) == \
        (second.escalation_rows, second.countries_scored)
    counts = crafted.execute("SELECT (SELECT count(*) FROM escalation), "
                             "(SELECT count(risk_index) FROM risk_index), "
                             "(SELECT count(*) FROM analytics_runs)").fetchall()[0]
    assert counts == (first.escalation_rows, first.countries_scored, 2)


ASSESSMENTS = """iso3,factor,judgement,evidence,assessed_on,analyst
CAF,11,absent,Early report,2026-01-10,A. Analyst
CAF,11,present,"Attacks on civilians in Ouaka, Haute-Kotto",2026-10-20,B. Analyst
CAF,8,unknown,,2026-10-20,B. Analyst
"""


def test_matrix_shows_the_latest_judgement_and_supporting_incidents(crafted, tmp_path,
                                                                     db_path):
    csv = tmp_path / "assessments.csv"
    csv.write_text(ASSESSMENTS, encoding="utf-8")
    summary = import_file(crafted, "assessments", csv)
    assert (summary.loaded, summary.rejected) == (3, 0)
    refresh_analytics(crafted)
    crafted.close()
    wh = Warehouse(db_path)
    try:
        f = IncidentFilter(date_from=date(2026, 10, 4), date_to=THROUGH, iso3="CAF")
        matrix = results.assessment_matrix(wh, f).set_index("factor")
    finally:
        wh.close()
    assert len(matrix) == 14
    assert matrix.loc[11, "judgement"] == "present"
    assert matrix.loc[11, "analyst"] == "B. Analyst"
    assert matrix.loc[11, "assessments"] == 2
    assert matrix.loc[8, "judgement"] == "unknown"
    assert matrix.loc[1, "judgement"] == "not assessed"
    # Factor 11's evidence includes violence against civilians: the 30 latest events.
    assert matrix.loc[11, "incidents"] == 30
    assert matrix.loc[1, "incidents"] == 0            # armed conflict: none in the window
    assert matrix.loc[7, "model_score"] == pytest.approx(7.0)


def test_import_command_recomputes_the_analytics(db_path, ucdp_sample, capsys):
    connect_writer(db_path).close()
    assert app.main(["import", "ucdp", str(ucdp_sample), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Analytics (data through 2022-12-30)" in out
    wh = Warehouse(db_path)
    try:
        caf = results.escalation_of_country(wh, "CAF")
        assert not caf.empty and (caf["level"] == "country").sum() == 1
        assert not results.hot_cells(wh, "CAF").empty
    finally:
        wh.close()
