"""The watchlist on a crafted warehouse whose answers are worked out by hand: the ranking
(by the country forecast, here replaced by hand-written rows), the signals next to it and
their windows, the region filter, sorting, the empty state, and the sparkline (a pure
function)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from queries.schema import connect_writer
from tests.conftest import page_module

THROUGH = date(2024, 6, 30)   # the analytics run's data_through: every window ends here
INCIDENT = """
INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, lat, lon,
                       priogrid_gid, category, civilian_fatalities, batch_id)
VALUES ($id, 'test', $id, $day, $iso3, 0, 0, 1, 'armed_conflict', $civilians, 1)
"""
ESCALATION = """
INSERT INTO escalation VALUES ($level, $iso3, $admin1, $latest, $previous, $weekly, $cls,
    $cls, $change, $change, 0, 0, 0, 'limited_change', DATE '2024-06-03', DATE '2024-06-30')
"""
# (id, day, iso3, civilian fatalities)
INCIDENTS = [
    ("sdn-in", "2024-06-15", "SDN", 10),
    ("sdn-first-day", "2023-07-02", "SDN", 5),       # the 365-day window's first day
    ("sdn-day-before", "2023-07-01", "SDN", 100),    # one day too early
    ("sdn-after", "2024-07-05", "SDN", 1000),        # after data_through
    ("caf-may-1", "2024-05-01", "CAF", 3),
    ("caf-may-2", "2024-05-20", "CAF", None),
    ("caf-first-month", "2022-07-01", "CAF", 0),     # the sparklines' first month
    ("caf-too-old", "2022-06-30", "CAF", 0),
]


# The forecast by hand (the shipped one is replaced): SDN 1st, CAF 2nd, FRA 3rd; MLI none.
FORECAST = """
DELETE FROM country_forecast;
INSERT INTO country_forecast VALUES
    ('SDN', 2024, 0.10, 0.18, 1, 3, 0.08, 1, 'coup attempt in the last 5 years: yes'),
    ('CAF', 2024, 0.05, 0.09, 2, 3, 0.06, 2, 'infant mortality: high'),
    ('FRA', 2024, 0.001, 0.002, 3, 3, NULL, NULL, NULL)
"""


def build(path, analytics: bool = True) -> None:
    """SDN (forecast 10%, index 7.5), CAF (5%, 6.0), FRA (0.1%, 2.0) and MLI (no forecast,
    index not scored), with their signals."""
    con = connect_writer(path)
    try:
        con.execute(FORECAST)
        for iid, day, iso3, civilians in INCIDENTS:
            con.execute(INCIDENT, {"id": iid, "day": day, "iso3": iso3,
                                   "civilians": civilians})
        if not analytics:
            return
        con.execute("INSERT INTO analytics_runs VALUES (TIMESTAMP '2024-07-01 08:00', $d, 0.1)",
                    {"d": THROUGH})
        con.execute("""INSERT INTO risk_index VALUES
            ('SDN', 8.0, 7.0, 7.5, 1.0, 'Armed conflict 9.0'),
            ('CAF', 6.0, 6.0, 6.0, 0.5, 'Weak State 7.0'),
            ('FRA', 2.0, 2.0, 2.0, 0.75, ''),
            ('MLI', 5.0, NULL, NULL, 0.25, '')""")
        for level, iso3, admin1, latest, previous, weekly, cls, change in [
            ("country", "SDN", None, 30, 10, 5.0, "large_increase", 0.5),
            ("admin1", "SDN", "SDN-1", 3, 9, 5.0, "large_decrease", -0.85),
            ("country", "CAF", None, 4, 1, 0.5, "limited_change", 1.0),   # low baseline
        ]:
            con.execute(ESCALATION, {"level": level, "iso3": iso3, "admin1": admin1,
                                     "latest": latest, "previous": previous,
                                     "weekly": weekly, "cls": cls, "change": change})
        for gid, iso3, confidence in [(1, "SDN", 99), (2, "SDN", 95), (3, "SDN", 0),
                                      (4, "CAF", 90), (5, "CAF", 99), (6, "CAF", 99)]:
            con.execute("INSERT INTO hotspot_cells VALUES ($gid, $iso3, 0, 0, 5, 3, 0.01, "
                        "$c, NULL, NULL, NULL, DATE '2023-07-01', DATE '2024-06-30')",
                        {"gid": gid, "iso3": iso3, "c": confidence})
        con.execute("""INSERT INTO risk_assessments (iso3, factor, judgement, assessed_on,
                                                     analyst) VALUES
            ('SDN', 1, 'present', DATE '2024-01-10', 'a'),
            ('SDN', 2, 'present', DATE '2024-03-05', 'a'),
            ('FRA', 1, 'absent', DATE '2022-11-30', 'b')""")
    finally:
        con.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("watchlist") / "w.duckdb"
    build(path)
    app = create_app(Settings(db=path))
    with app.server.app_context():
        yield app
    app.server.config["WAREHOUSE"].close()


@pytest.fixture(scope="module")
def watchlist(app):
    """The page module (importable only once an app exists)."""
    watchlist = page_module(app, "watchlist")

    return watchlist


@pytest.fixture(scope="module")
def wh(app):
    return app.server.config["WAREHOUSE"]


def test_ranked_by_the_forecast_with_the_signals_of_each_country(wh):
    rows = wh.df("watchlist", region="").set_index("iso3")
    assert rows.index.tolist() == ["SDN", "CAF", "FRA", "MLI"]   # MLI has no forecast: last
    assert rows["risk_1y"].tolist()[:3] == [0.10, 0.05, 0.001]
    assert rows.loc["SDN", "risk_change"] == pytest.approx(0.02)
    assert pd.isna(rows.loc["FRA", "risk_change"]) and pd.isna(rows.loc["MLI", "risk_1y"])
    assert rows["rank"].tolist() == [1, 2, 3, 4]
    assert rows.loc["SDN", "name"] == "Sudan"
    assert rows.loc["SDN", "un_region"] == "Africa"
    # Only the country-level escalation row, not the admin-1 one.
    assert rows.loc["SDN", "events_vs_baseline"] == "large_increase"
    assert rows.loc["SDN", "events_latest"] == 30
    # Hot cells at 90% or more, and how many of them at 99%.
    assert rows[["hot_cells", "hot_cells_99"]].loc["SDN"].tolist() == [2, 1]
    assert rows[["hot_cells", "hot_cells_99"]].loc["CAF"].tolist() == [3, 2]
    assert rows[["hot_cells", "hot_cells_99"]].loc["FRA"].tolist() == [0, 0]
    # Civilian fatalities from 2 Jul 2023 to 30 Jun 2024: 10 + 5 (not 100, not 1,000).
    assert rows["civilian_fatalities"].to_dict() == {"SDN": 15, "CAF": 3, "FRA": 0, "MLI": 0}
    assert str(rows.loc["SDN", "last_assessed"])[:10] == "2024-03-05"
    assert str(rows.loc["FRA", "last_assessed"])[:10] == "2022-11-30"
    assert rows["last_assessed"].isna().tolist() == [False, True, False, True]


def test_windows_end_at_the_analytics_data_through(wh):
    windows = wh.df("watchlist_windows").to_dict("records")[0]
    assert {k: str(v)[:10] for k, v in windows.items()} == {
        "data_through": "2024-06-30", "civilian_from": "2023-07-02",
        "months_from": "2022-07-01", "escalation_from": "2024-06-03",
        "escalation_to": "2024-06-30", "hotspot_from": "2023-07-01",
        "hotspot_to": "2024-06-30"}


def test_sparklines_count_24_calendar_months(wh):
    monthly = dict(zip(*wh.df("watchlist_sparklines").to_dict("list").values(), strict=True))
    assert set(monthly) == {"SDN", "CAF", "FRA", "MLI"}
    assert all(len(v) == 24 for v in monthly.values())
    # Jul 2022 is index 0, Jul 2023 index 12, May 2024 index 22, Jun 2024 index 23.
    assert {i: n for i, n in enumerate(monthly["CAF"]) if n} == {0: 1, 22: 2}
    assert {i: n for i, n in enumerate(monthly["SDN"]) if n} == {12: 2, 23: 1}
    assert sum(monthly["FRA"]) == 0


def test_region_filter_keeps_the_world_rank(wh):
    rows = wh.df("watchlist", region="Africa")
    assert rows["iso3"].tolist() == ["SDN", "CAF", "MLI"]
    assert rows["rank"].tolist() == [1, 2, 4]
    assert wh.df("watchlist", region="Nowhere").empty


def test_page_shows_the_ranked_table_with_links_and_explanations(watchlist):
    page = watchlist.layout()
    table = find(page, "watchlist-table")
    data = table.rowData
    assert [r["iso3"] for r in data] == ["SDN", "CAF", "FRA", "MLI"]
    assert data[0]["country"] == "Sudan" and data[0]["iso3"] == "SDN"   # CountryLink's
    assert data[0]["escalation"] == "⇈ Large increase"
    assert data[1]["escalation"] == "→ Limited change"
    assert data[2]["escalation"] == "–"                 # no incidents in 56 weeks
    assert data[1]["completeness"] == 0.5
    assert data[0]["last_assessed"] == "2024-03-05" and data[1]["last_assessed"] == ""
    assert data[3]["risk_index"] is None
    assert data[1]["trend"] == "▅" + "▁" * 21 + "█▁"     # 1 and 2 of at most 2
    tips = [{key[4:]: value for key, value in row.items() if key.startswith("tip_")}
            for row in data]
    assert tips[0]["risk_index"] == "Structural 8.0, dynamic 7.0; drivers: Armed conflict 9.0."
    assert tips[0]["escalation"] == ("Large increase: 30 events in the latest 4 weeks, 50% more "
                                     "than the year before's average predicts (20.0).")
    assert "too few events to call it a change" in tips[1]["escalation"]
    assert tips[1]["trend"] == ("Incidents per month, Jul 2022 – Jun 2024: 3 in all, busiest "
                                "month 2 (the full block), latest month 0.")
    assert tips[3]["risk_index"].startswith("Not scored")
    text = text_of(page)
    assert "not a UN score" in text and "were not backtested" in text
    assert data[0]["risk_1y"] == 0.10 and data[0]["risk_2y"] == 0.18
    assert data[0]["forecast_drivers"] == "coup attempt in the last 5 years: yes"
    assert tips[0]["risk_1y"] == (
        "Risk that a new mass killing begins in 2025: 10.0%; in 2025-26: 18.0% (rank 1 of 3)."
        " Up 2.0 points since last year's forecast (8.0%, rank 1).")
    assert tips[3]["risk_1y"].startswith("No forecast")
    headers = [[group["headerName"], c["headerName"]] for group in table.columnDefs
               for c in group["children"]]
    assert headers[3] == ["Forecast (backtested)", "Risk, next year"]
    assert headers[-1] == ["Dynamic signals (not backtested)", "Incidents, 24 months"]
    assert all(c["headerTooltip"] for group in table.columnDefs for c in group["children"])
    assert "31 Oct" not in text and "30 Jun 2024" in text
    assert "2 Jul 2023 – 30 Jun 2024" in text          # civilian fatalities
    assert "3 Jun 2024 – 30 Jun 2024" in text          # escalation
    assert "Jul 2022 – Jun 2024" in text               # sparklines
    assert find(page, "watchlist-empty") is None


def test_each_row_carries_the_keys_its_columns_sort_by(watchlist):
    """The grid sorts in the browser (byKey in assets/grid_functions.js) by these keys:
    names by their folded text, escalation by its level, a trend by its total, missing
    values as null (last either way)."""
    rows = {r["iso3"]: r for r in find(watchlist.layout(), "watchlist-table").rowData}
    assert rows["CAF"]["key_country"] == "central african republic"
    assert rows["SDN"]["key_civilian_fatalities"] == 15
    assert rows["MLI"]["key_risk_index"] is None and rows["FRA"]["key_escalation"] is None
    assert rows["SDN"]["key_escalation"] > rows["CAF"]["key_escalation"]
    assert rows["CAF"]["key_trend"] == 3 and rows["FRA"]["key_trend"] == 0
    assert rows["SDN"]["key_last_assessed"] == "2024-03-05"
    assert rows["CAF"]["key_last_assessed"] is None
    columns = [c for group in find(watchlist.layout(), "watchlist-table").columnDefs
               for c in group["children"]]
    assert {c["field"] for c in columns} == set(watchlist.SORTABLE)
    assert all(c["comparator"] == {"function": f"byKey('key_{c['field']}')"} for c in columns)


def test_the_sort_in_the_link_is_the_grids_first_sort(watchlist):
    page = watchlist.layout(sort="civilian_fatalities", desc="1")
    sorts = {c["field"]: c.get("sort") for group in find(page, "watchlist-table").columnDefs
             for c in group["children"]}
    assert sorts["civilian_fatalities"] == "desc"
    assert [k for k, v in sorts.items() if v] == ["civilian_fatalities"]


@pytest.mark.parametrize("sort", ["drop table", "iso3", ["rank; --"]])
def test_unknown_sort_in_the_link_is_ignored_and_named(watchlist, sort):
    page = watchlist.layout(sort=sort, desc="1")
    sorts = [c.get("sort") for group in find(page, "watchlist-table").columnDefs
             for c in group["children"]]
    assert not any(sorts)
    assert "Ignored in the link: sort" in text_of(page)


@pytest.mark.parametrize("region", ["Atlantis", "'; DROP TABLE incidents; --", ["Africa", "x"]])
def test_hostile_region_in_the_url_is_ignored_or_used_safely(watchlist, region):
    page = watchlist.layout(region=region)
    rows = find(page, "watchlist-table").rowData
    if region == ["Africa", "x"]:
        assert [r["iso3"] for r in rows] == ["SDN", "CAF", "MLI"]
    else:
        assert len(rows) == 4
        assert "Ignored in the link: region" in text_of(page)
    with pytest.raises(ValueError, match="unknown UN region"):
        watchlist.update_table("Atlantis")


def test_region_in_the_url_filters(watchlist):
    page = watchlist.layout(region="Europe")
    assert [r["iso3"] for r in find(page, "watchlist-table").rowData] == ["FRA"]
    assert find(page, "watchlist-region").value == "Europe"


def test_without_analytics_the_forecast_shows_and_the_page_says_so(tmp_path, watchlist):
    path = tmp_path / "bare.duckdb"
    build(path, analytics=False)
    bare = create_app(Settings(db=path))
    try:
        with bare.server.app_context():
            page = watchlist.layout()
    finally:
        bare.server.config["WAREHOUSE"].close()
    assert "Analytics have not been computed for this warehouse" in text_of(page)
    # The forecast needs no analytics: the ranking shows, its incident signals do not.
    data = find(page, "watchlist-table").rowData
    assert [r["iso3"] for r in data] == ["SDN", "CAF", "FRA"]   # MLI: no forecast, no index
    assert data[0]["trend"] == "" and data[0]["escalation"] == "–"
    assert not find_parent_hidden(page, "watchlist-table")


@pytest.mark.parametrize(("values", "expected"), [
    ([], ""),
    ([0, 0, 0], "▁▁▁"),
    ([5, 5], "██"),
    ([0, 1, 4, 8], "▁▂▅█"),          # 1 of 8 is still visibly more than none
    ([0, 100, 50], "▁█▅"),           # 50/100 x 7 = 3.5, rounds to the 5th block
    ([-3, 2], "▁█"),                 # negative counts cannot happen; drawn as none
])
def test_sparkline_scales_each_series_to_its_own_maximum(watchlist, values, expected):
    assert watchlist.sparkline(values) == expected


def test_sparkline_tooltip_says_what_it_shows(watchlist):
    assert watchlist.sparkline_tooltip([0] * 24, date(2022, 7, 1)) == \
        "Incidents per month, Jul 2022 – Jun 2024: none."
    assert watchlist.sparkline_tooltip([1] * 12, date(2023, 11, 1)) == \
        ("Incidents per month, Nov 2023 – Oct 2024: 12 in all, busiest month 1 "
         "(the full block), latest month 1.")


# --- helpers ------------------------------------------------------------------------------

def walk(component, parents=()):
    yield component, parents
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str | int | float):
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child, (*parents, component))


def find(page, component_id):
    return next((c for c, _ in walk(page) if getattr(c, "id", None) == component_id), None)


def find_parent_hidden(page, component_id) -> bool:
    return any(getattr(p, "hidden", False) for c, parents in walk(page)
               if getattr(c, "id", None) == component_id for p in parents)


def text_of(component) -> str:
    parts = []
    for c, _ in walk(component):
        children = getattr(c, "children", None)
        if isinstance(children, str):
            parts.append(children)
        elif isinstance(children, list | tuple):
            parts.extend(x for x in children if isinstance(x, str))
    return " ".join(parts)
