"""Change detection on crafted warehouses whose alerts are worked out by hand: through the
real refresh (escalation, fatalities, a quiet place, a restricted report), and on hand-made
analytics tables (hot cells, the two forecasts, the week-earlier comparison)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from queries.alerts.detect import detect_alerts
from queries.analytics.refresh import refresh_analytics

THROUGH = date(2026, 10, 31)
INSERT_EVENTS = """
INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, admin1_code, lat,
                       lon, priogrid_gid, category, fatalities, civilian_fatalities,
                       sensitivity, batch_id)
SELECT $prefix || i, 'test', $prefix || i, $day::DATE - (i % $spread)::INTEGER, $iso3,
       $admin1, $lat, $lon, $gid, 'violence_against_civilians', $killed, $civilians,
       $sensitivity, $batch
FROM range($n) AS t(i)
"""


def add_events(con, prefix, n, day, spread=1, iso3="CAF", admin1="CAF-A", killed=0,
               civilians=0, sensitivity="public", batch=1, lat=4.3, lon=18.5, gid=136117):
    """``n`` incidents from ``day`` back over ``spread`` days, all in one place."""
    con.execute(INSERT_EVENTS, {"prefix": prefix, "n": n, "day": day, "spread": spread,
                                "iso3": iso3, "admin1": admin1, "killed": killed,
                                "civilians": civilians, "sensitivity": sensitivity,
                                "batch": batch, "lat": lat, "lon": lon, "gid": gid})


def new_batch(con) -> None:
    con.execute("INSERT INTO import_batches (format, started_at) VALUES ('test', now())")


def alerts_of(con) -> list[tuple]:
    return con.execute("SELECT kind, iso3, admin1_code, severity, headline, restricted "
                       "FROM alerts ORDER BY kind, iso3, admin1_code NULLS FIRST").fetchall()


@pytest.fixture
def quiet_world(writer):
    """CAF-A: 2 events a week for the 52 weeks before 4 Oct 2026 (104) and 8 in the latest
    4 weeks (4-31 Oct): limited change. TCD-B: one event on 1 Jun 2024, then nothing."""
    new_batch(writer)
    add_events(writer, "base", 104, date(2026, 10, 3), spread=364)
    add_events(writer, "latest", 8, THROUGH, spread=28)
    add_events(writer, "tcd-old", 1, date(2024, 6, 1), iso3="TCD", admin1="TCD-B",
               lat=12.1, lon=15.0, gid=146911)
    return writer


def test_first_refresh_is_a_baseline_and_nothing_changed_is_no_alert(quiet_world):
    first = refresh_analytics(quiet_world)
    second = refresh_analytics(quiet_world)
    assert "baseline recorded" in first.alerts
    assert "0 new alert(s)" in second.alerts
    assert "forecast_rank alerts skipped" not in second.alerts   # migration 007's table
    assert alerts_of(quiet_world) == []
    # states are kept for the last run of each data day only (the first run's are gone)
    assert quiet_world.execute("SELECT count(DISTINCT run_at) FROM alert_states"
                               ).fetchone()[0] == 1


def test_new_batch_alerts_worked_out_by_hand_and_never_twice(quiet_world):
    refresh_analytics(quiet_world)
    new_batch(quiet_world)
    # CAF-A: 30 more in the last week, 4 civilians killed each: 38 in 4 weeks against 8
    # expected (+375%), 120 civilians in the week to 31 Oct.
    add_events(quiet_world, "surge", 30, THROUGH, spread=7, civilians=4, killed=4, batch=2)
    # TCD-B: 2 reports on 30 Oct 2026 after 881 days (28 months) without any; one restricted.
    add_events(quiet_world, "tcd-new", 1, date(2026, 10, 30), iso3="TCD", admin1="TCD-B",
               batch=2, lat=12.1, lon=15.0, gid=146911)
    add_events(quiet_world, "tcd-secret", 1, date(2026, 10, 30), iso3="TCD", admin1="TCD-B",
               killed=3, sensitivity="restricted", batch=2, lat=12.1, lon=15.0, gid=146911)
    summary = refresh_analytics(quiet_world)
    found = [a for a in alerts_of(quiet_world) if a[0] != "hotspot"]
    caf, tcd = "Central African Republic", "Chad"
    assert found == [
        ("escalation", "CAF", None, "high",
         f"{caf}: large increase in incidents, 38 in the 4 weeks to 31 Oct 2026 against 8 "
         "expected from the year before (+375%).", False),
        ("escalation", "CAF", "CAF-A", "medium",
         f"CAF-A ({caf}): large increase in incidents, 38 in the 4 weeks to 31 Oct 2026 "
         "against 8 expected from the year before (+375%).", False),
        ("fatalities", "CAF", None, "high",
         f"{caf}: 120 civilians killed in the week to 31 Oct 2026, at or over 100.", False),
        ("quiet_ended", "TCD", None, "medium",
         f"{tcd}: first incident in 28 months (2 reported from 30 Oct 2026; the one before "
         "on 1 Jun 2024).", False),
        ("quiet_ended", "TCD", "TCD-B", "low",
         f"TCD-B ({tcd}): first incident in 28 months (2 reported from 30 Oct 2026; the one "
         "before on 1 Jun 2024).", False),
        ("restricted_report", "TCD", None, "medium",
         f"{tcd}: 1 new restricted report(s), 3 killed, from 30 Oct 2026 to 30 Oct 2026.",
         True),
    ]
    evidence = json.loads(quiet_world.execute(
        "SELECT evidence FROM alerts WHERE kind = 'restricted_report'").fetchone()[0])
    assert [row["incident_id"] for row in evidence["incidents"]] == ["tcd-secret0"]
    assert evidence["filter"] == {"from": "2026-10-30", "to": "2026-10-30", "admin1": None}
    fatalities = json.loads(quiet_world.execute(
        "SELECT evidence FROM alerts WHERE kind = 'fatalities'").fetchone()[0])
    assert len(fatalities["incidents"]) == 10
    assert all(row["civilian_fatalities"] == 4 for row in fatalities["incidents"])
    count = quiet_world.execute("SELECT count(*) FROM alerts").fetchone()[0]
    assert f"{count} new alert(s)" in summary.alerts
    refresh_analytics(quiet_world)
    assert quiet_world.execute("SELECT count(*) FROM alerts").fetchone()[0] == count


# The country and cell forecasts of migrations 007 and 008, emptied for hand-made rows.
HAND_TABLES = """
DELETE FROM country_forecast;
DELETE FROM cell_forecast;
"""
CELLS = ("INSERT INTO cell_forecast (gid, iso3, lat, lon, probability, events_12m, "
         "civilian_12m, forecast_from, forecast_to) SELECT gid, iso3, 0, 0, p, 0, 0, "
         "DATE '2026-11-01', DATE '2027-01-31' FROM (VALUES {}) AS v(gid, iso3, p)")
FORECAST = ("INSERT INTO country_forecast (iso3, rank, risk_1y, data_year, risk_2y, "
            "countries_ranked) SELECT iso3, rank, risk, year - 1, risk, 160 FROM (VALUES {}) "
            "AS v(iso3, rank, risk, year)")
HOT_CELL = ("INSERT INTO hotspot_cells VALUES ($gid, $iso3, 0, 0, 9, 3.1, 0.002, $confidence, "
            "NULL, NULL, $pattern, DATE '2026-08-01', DATE '2026-10-31')")


def detect(con, day: int, through=THROUGH):
    return detect_alerts(con, through, now=datetime(2026, 11, day, 6, 0))


def test_hot_cells_and_forecasts_by_hand(writer):
    """Run 1: CAF hot cell 1 at 95% (persistent); SDN rank 35; cell 7 at 20%. Run 2: cell 1
    becomes intensifying, cell 2 appears at 99% (new), cell 3 at 90% (below the bar); SDN
    moves to rank 8, SSD to rank 25 (risk 3.2%); cell 7 rises to 65%, cell 8 to 31%."""
    new_batch(writer)
    add_events(writer, "x", 1, THROUGH)
    writer.execute(HAND_TABLES)
    writer.execute(HOT_CELL, {"gid": 1, "iso3": "CAF", "confidence": 95,
                              "pattern": "persistent"})
    writer.execute(FORECAST.format("('SDN', 35, 0.02, 2026), ('SSD', 40, 0.01, 2026)"))
    writer.execute(CELLS.format("(7, 'SSD', 0.2)"))
    assert detect(writer, 1).baseline
    writer.execute("DELETE FROM hotspot_cells; DELETE FROM country_forecast; "
                   "DELETE FROM cell_forecast")
    for gid, confidence, pattern in ((1, 95, "intensifying"), (2, 99, "new"),
                                     (3, 90, "new")):
        writer.execute(HOT_CELL, {"gid": gid, "iso3": "CAF", "confidence": confidence,
                                  "pattern": pattern})
    writer.execute(FORECAST.format("('SDN', 8, 0.081, 2026), ('SSD', 25, 0.032, 2026)"))
    writer.execute(CELLS.format("(7, 'SSD', 0.65), (8, 'SSD', 0.31)"))
    second = detect(writer, 2)
    assert second.alerts == 4 and second.skipped == ()
    assert alerts_of(writer) == [
        ("forecast_cells", "SSD", None, "medium",
         "South Sudan: 2 cell(s) newly forecast at 30% or more for violence against civilians "
         "in the next 3 months (highest 65%).", False),
        ("forecast_rank", "SDN", None, "high",
         "Sudan entered the top 10 of the country forecast for 2026: rank 8, risk 8.1% "
         "(was outside it).", False),
        ("forecast_rank", "SSD", None, "medium",
         "South Sudan entered the top 30 of the country forecast for 2026: rank 25, risk "
         "3.2% (was outside it).", False),
        ("hotspot", "CAF", None, "medium",
         "Central African Republic: 2 hot cell(s) new or intensifying at Gi* 95% or more, "
         "with 18 incidents in them (2 marked new or intensifying by the trend).", False),
    ]
    assert detect(writer, 3).alerts == 0


def test_week_earlier_comparison_never_alerts_a_change_twice(writer):
    """SDN enters the forecast's top 10 between run 1 (data to 20 Oct) and run 2 (25 Oct).
    Run 3 (31 Oct) sees the same rise against run 1, a week earlier: not alerted again.
    Had run 2's alert been lost, run 4 would find the change against run 1 and say so."""
    new_batch(writer)
    add_events(writer, "x", 1, date(2026, 10, 20))
    writer.execute(HAND_TABLES)
    detect(writer, 1, through=date(2026, 10, 20))
    writer.execute(FORECAST.format("('SDN', 5, 0.1, 2026)"))
    assert detect(writer, 2, through=date(2026, 10, 25)).alerts == 1
    assert detect(writer, 3).alerts == 0
    writer.execute("DELETE FROM alerts")
    assert detect(writer, 4).alerts == 1
    assert writer.execute("SELECT basis FROM alerts").fetchall() == [("7 days earlier",)]
    assert detect(writer, 5).alerts == 0
