"""Dashboard callbacks called directly on a warehouse holding the real UCDP CAF sample:
the numbers a person would read, URL safety, payload sizes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import dash
import plotly
import pytest
from dash import Patch

from dashboard.appstate import warehouse
from dashboard.factory import create_app
from dashboard.filters import parse_filters
from dashboard.settings import Settings
from dashboard.shell import shell
from queries import incidents
from queries.geography import admin1_labels
from queries.incidents import IncidentFilter
from tests.conftest import UCDP_SAMPLE, copy_warehouse, page_module
from tests.integration.test_app import text_of
from tests.integration.test_watchlist import find

WINDOW = ("2013-01-01", "2014-12-31")


@pytest.fixture(scope="module")
def app(tmp_path_factory, caf_warehouse):
    db = copy_warehouse(caf_warehouse, tmp_path_factory.mktemp("dash") / "w.duckdb")
    app = create_app(Settings(db=db))
    with app.server.app_context():
        yield app


@pytest.fixture(scope="module")
def pages(app):
    """The page modules (importable only once an app exists)."""
    country = page_module(app, "country")
    data = page_module(app, "data")
    overview = page_module(app, "overview")

    return type("Pages", (), {"country": country, "data": data, "overview": overview})


@pytest.fixture(scope="module")
def caf_truth():
    """The sample's totals for 2013-2014, computed from the CSV by hand."""

    with open(UCDP_SAMPLE, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if WINDOW[0] <= r["date_start"][:10] <= WINDOW[1]]
    return {
        "incidents": len(rows),
        "fatalities": sum(int(r["best"]) for r in rows),
        "civilian_fatalities": sum(int(r["deaths_civilians"] or 0) for r in rows),
        "ids": {f"ucdp:{r['id']}" for r in rows},
    }


def kpi_value(children) -> int:
    return int(children[1].children.replace(",", ""))


@pytest.mark.usefixtures("app")
def test_country_kpis_show_the_true_numbers_for_the_window(pages, caf_truth):
    cards = pages.country.update_kpis(*WINDOW, [], None, None, "CAF")
    incidents, fatalities, civilians, regions = (kpi_value(c) for c in cards)
    assert incidents == caf_truth["incidents"] > 300
    assert fatalities == caf_truth["fatalities"]
    assert civilians == caf_truth["civilian_fatalities"]
    assert 1 <= regions <= 17


@pytest.mark.usefixtures("app")
def test_changing_the_window_changes_the_kpis(pages):
    wide = [kpi_value(c) for c in pages.overview.update_kpis(*WINDOW, [], None)]
    narrow = [
        kpi_value(c) for c in pages.overview.update_kpis("2014-01-01", "2014-03-31", [], None)
    ]
    assert narrow[0] < wide[0]
    one_sided = pages.overview.update_kpis(*WINDOW, ["violence_against_civilians"], None)
    assert kpi_value(one_sided[0]) < wide[0]


@pytest.mark.usefixtures("app")
def test_kpis_compare_with_the_previous_window(pages):
    cards = pages.country.update_kpis("2014-01-01", "2014-12-31", [], None, None, "CAF")
    previous = pages.country.update_kpis("2013-01-01", "2013-12-31", [], None, None, "CAF")
    note = text_of(cards[0][2])
    assert f"({kpi_value(previous[0]):,})" in note and "vs previous 365 days" in note


@pytest.mark.usefixtures("app")
def test_overview_map_draws_once_then_sends_values(pages):
    fig, drawn, note = pages.overview.update_map(*WINDOW, [], None, "incidents", None)
    assert drawn == "incidents" and "Click a country" in note
    trace = fig["data"][0]
    assert trace["type"] == "choropleth" and list(trace["locations"]) == ["CAF"]
    patch, drawn_again, _ = pages.overview.update_map(
        "2014-01-01", "2014-06-30", [], None, "incidents", "incidents"
    )
    assert isinstance(patch, Patch) and drawn_again == "incidents"
    payload = json.dumps(patch.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder)
    assert len(payload) < 300_000 and "geojson" not in payload


@pytest.mark.usefixtures("app")
def test_density_layer_bins_to_priogrid_cells(pages):
    fig, drawn, _ = pages.overview.update_map(*WINDOW, [], None, "density", None)
    cells = fig["data"][0]
    assert drawn == "density" and cells["type"] == "scattergeo"
    assert 0 < len(cells["lat"]) < 1000
    assert all(
        2 < lat < 12 and 14 < lon < 28 for lat, lon in zip(cells["lat"], cells["lon"], strict=True)
    )


@pytest.mark.usefixtures("app")
def test_country_map_sends_geometry_once(pages):
    fig, drawn = pages.country.update_map(*WINDOW, [], None, None, "CAF", None)
    regions = fig["data"][0]["geojson"]
    assert drawn == "CAF" and len(regions["features"]) >= 14
    patch, _ = pages.country.update_map(*WINDOW, [], None, "CAF-1460", "CAF", "CAF")
    payload = json.dumps(patch.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder)
    assert "coordinates" not in payload and len(payload) < 300_000


@pytest.mark.usefixtures("app")
def test_clicking_a_region_filters_and_clicking_again_clears(pages):
    click = {"points": [{"location": "CAF-1460"}]}
    assert pages.country.select_region(click, None) == "CAF-1460"
    assert pages.country.select_region(click, "CAF-1460") is None


@pytest.mark.usefixtures("app")
def test_table_pages_and_sorts_on_the_server(pages, caf_truth):
    size = pages.country.PAGE_SIZE
    request = {"startRow": size, "endRow": 2 * size,
               "sortModel": [{"colId": "fatalities", "sort": "desc"}]}
    answer = pages.country.table_rows(request, *WINDOW, [], None, None, "CAF")
    assert answer["rowCount"] == caf_truth["incidents"] > 2 * size
    rows = answer["rowData"]
    assert len(rows) == size
    first = pages.country.table_rows(request | {"startRow": 0, "endRow": size}, *WINDOW, [],
                                     None, None, "CAF")["rowData"]
    deaths = [int(r["fatalities"].replace(",", "")) for r in first + rows]
    assert deaths == sorted(deaths, reverse=True) and deaths[0] > deaths[-1]
    assert pages.country.update_table_count(*WINDOW, [], None, None, "CAF") == \
        f"{caf_truth['incidents']:,} incidents"
    hostile = pages.country.table_rows(
        {"startRow": 0, "endRow": size,
         "sortModel": [{"colId": "1; DROP TABLE incidents", "sort": "asc"}]},
        *WINDOW, [], None, None, "CAF")
    newest = [r["event_date"] for r in hostile["rowData"]]
    assert len(newest) == size and newest == sorted(newest, reverse=True)   # the default
    with pytest.raises(ValueError, match="multiple of"):
        pages.country.table_rows({"startRow": 3, "endRow": 3 + size}, *WINDOW, [], None,
                                 None, "CAF")


@pytest.mark.usefixtures("app")
def test_the_table_sort_comes_from_the_link_and_goes_to_the_csv(pages):
    page = pages.country.layout(iso3="CAF", sort="fatalities", desc="0")
    refused = pages.country.layout(iso3="CAF", sort="description; --", desc="1")
    first_sort = find(page, "country-incident-sort").data
    grid = pages.country.mount_incident_grid(True, first_sort)
    sorted_by = {c["field"]: c.get("sort") for c in grid.columnDefs}
    assert sorted_by["fatalities"] == "asc" and sorted_by["event_date"] is None
    assert "Ignored in the link: sort 'description; --'" in text_of(refused)
    default = {c["field"]: c.get("sort") for c in pages.country.mount_incident_grid(
        True, find(refused, "country-incident-sort").data).columnDefs}
    assert default["event_date"] == "desc"
    for forged in (["1; DROP TABLE incidents", False], "fatalities", [["x"]], None):
        grid = pages.country.mount_incident_grid(True, forged)
        assert {c["field"]: c.get("sort") for c in grid.columnDefs}["event_date"] == "desc"
    href, _ = pages.country.update_download_link(
        *WINDOW, [], None, None, [{"colId": "target", "sort": "asc"}], "CAF")
    assert "sort=target&desc=0" in href
    before_the_table, _ = pages.country.update_download_link(
        *WINDOW, [], None, None, None, "CAF", first_sort)
    assert "sort=fatalities&desc=0" in before_the_table


@pytest.mark.usefixtures("app")
def test_a_window_without_the_countrys_incidents_says_where_they_lie(pages):
    with open(UCDP_SAMPLE, newline="", encoding="utf-8") as f:
        days = sorted(r["date_start"][:10] for r in csv.DictReader(f))
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = f"{first:%-d %b %Y} to {last:%-d %b %Y}"
    shown = pages.country.update_range_notice("1990-01-01", "1990-12-31", [], None, None, "CAF")
    assert text_of(shown).startswith(
        f"Central African Republic's incidents in this warehouse run from {span}; none fall "
        "in the window shown (1 Jan 1990 – 31 Dec 1990).")
    link = find(shown, "country-range-link")
    assert link.href == f"/country/CAF?from={first}&to={last}"
    # Categories, source and region do not count: the notice is about the window.
    assert pages.country.update_range_notice(*WINDOW, ["sexual_violence"], None, None,
                                             "CAF") is None
    assert "no incidents for Chad" in text_of(
        pages.country.update_range_notice(*WINDOW, [], None, None, "TCD"))


@pytest.mark.usefixtures("app")
def test_clicking_a_country_without_incidents_in_the_window_explains_instead(pages):
    click = {"points": [{"location": "CAF"}]}
    href, shown = pages.overview.open_country(click, "1990-01-01", "1990-12-31")
    assert href is dash.no_update
    assert "Central African Republic's incidents in this warehouse run from" in text_of(shown)
    world = find(shown, "overview-range-world").href
    assert world.startswith("/?from=") and find(shown, "overview-range-country").href.startswith(
        "/country/CAF?from=")
    href, shown = pages.overview.open_country(click, *WINDOW)
    assert href == f"/country/CAF?from={WINDOW[0]}&to={WINDOW[1]}" and shown is None
    assert pages.overview.open_country({"points": [{"location": "1; --"}]}, *WINDOW) == (
        dash.no_update, None)


def test_csv_download_holds_exactly_the_filtered_rows(pages, app, caf_truth):
    href, filename = pages.country.update_download_link(*WINDOW, [], None, None, None, "CAF")
    assert "sort=event_date&desc=1" in href
    assert filename == "incidents_CAF_2013-01-01_2014-12-31.csv"
    answer = app.server.test_client().get(href)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert filename in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert {r["incident_id"] for r in rows} == caf_truth["ids"]
    assert len(rows) == caf_truth["incidents"]


@pytest.mark.usefixtures("pages")
def test_csv_download_streams_in_pieces_and_checks_its_parameters(app):
    f = IncidentFilter(date.fromisoformat("1991-01-01"), date.fromisoformat("2022-12-31"),
                       iso3="CAF")
    pieces = list(incidents.incidents_csv(warehouse(), f, "fatalities", True))
    rows = list(csv.DictReader(io.StringIO(b"".join(pieces).decode())))
    assert len(rows) == 1848 and int(rows[0]["fatalities"]) >= int(rows[-1]["fatalities"])
    assert pieces[0].startswith(b'"incident_id","event_date"')
    client = app.server.test_client()
    assert client.get("/download/incidents.csv?iso3=XYZ").status_code == 404
    hostile = client.get("/download/incidents.csv?iso3=CAF&sort=1;DROP&from=x'--")
    assert hostile.status_code == 200 and hostile.get_data(as_text=True).count("\n") > 1


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2013-01-01'; DROP TABLE incidents; --"},
        {"category": "x') OR 1=1 --,armed_conflict"},
        {"source": "ucdp' OR '1'='1"},
        {"admin1": "'; DELETE FROM incidents; --"},
        {"to": "../../etc/passwd"},
    ],
)
@pytest.mark.usefixtures("pages", "app")
def test_hostile_url_values_are_ignored_and_change_nothing(query):
    wh = warehouse()
    before = wh.arrow("incident_count", **parse_filters(wh, {}).filter.params())
    parsed = parse_filters(wh, query)
    assert parsed.ignored
    assert parsed.filter.categories in ((), ("armed_conflict",))
    after = wh.arrow("incident_count", **parse_filters(wh, {}).filter.params())
    assert before.equals(after)


@pytest.mark.usefixtures("app")
def test_unknown_country_says_so(pages):
    assert "no country with the code 'XYZ'" in text_of(pages.country.layout(iso3="XYZ"))
    assert "Unknown country" in text_of(pages.country.layout(iso3="../../etc"))


@pytest.mark.usefixtures("app")
def test_pages_render_with_defaults_from_the_data_dates(pages):
    page = text_of(pages.overview.layout())
    assert "World situation" in page and "Synthetic demo data" not in page
    assert "Sources: UCDP GED" in text_of(pages.data.layout())


@pytest.mark.usefixtures("app")
def test_clicking_an_incident_dot_selects_its_region(pages):
    fig, _ = pages.country.update_map(*WINDOW, [], None, None, "CAF", None)
    dot = fig["data"][1]["customdata"][0]
    click = {"points": [{"curveNumber": 1, "customdata": list(dot)}]}
    assert pages.country.select_region(click, None) == dot[5]
    assert dot[5].startswith("CAF-")


@pytest.mark.usefixtures("app")
def test_an_empty_window_says_why(pages):
    fig, _, _ = pages.overview.update_map("1950-01-01", "1950-12-31", [], None, "incidents",
                                          None)
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["No incidents in this window"]
    trend = pages.overview.update_timeseries("1950-01-01", "1950-12-31", [], None, "month")
    assert trend["layout"]["annotations"][0]["text"] == "No incidents in this window"
    cards = pages.overview.update_kpis("1950-01-01", "1950-12-31", [], None)
    assert kpi_value(cards[0]) == 0


@pytest.mark.usefixtures("pages", "app")
def test_a_link_to_a_window_without_data_snaps_to_the_data_with_a_notice():
    wh = warehouse()
    default = parse_filters(wh, {}).filter
    parsed = parse_filters(wh, {"from": "2099-01-01", "to": "2099-12-31"})
    assert (parsed.filter.date_from, parsed.filter.date_to) == (date(2021, 12, 31),
                                                               date(2022, 12, 30))
    assert (default.date_from, default.date_to) == (parsed.filter.date_from,
                                                    parsed.filter.date_to)
    assert any("a window with no data" in text and "30 Dec 2022" in text
               for text in parsed.ignored)
    # The page's own date controls keep what was chosen (the map then says it is empty).
    kept = parse_filters(wh, {"from": "2099-01-01", "to": "2099-12-31"}, snap=False)
    assert kept.filter.date_from == date(2099, 1, 1) and kept.ignored == ()


@pytest.mark.usefixtures("pages", "app")
def test_every_route_to_a_country_uses_the_same_default_window():
    wh = warehouse()
    world = parse_filters(wh, {}).filter
    country = parse_filters(wh, {}, iso3="CAF").filter
    by_source = parse_filters(wh, {"source": "ucdp"}, iso3="CAF").filter
    assert {(f.date_from, f.date_to) for f in (world, country, by_source)} == {
        (world.date_from, world.date_to)}


@pytest.mark.usefixtures("pages")
def test_every_page_says_how_old_the_data_are(app):
    header = text_of(shell(app.server.config["SETTINGS"]))
    assert "Data through 30 Dec 2022 (" in header and "older than a month" in header
    assert "Skip to main content" in header


@pytest.mark.usefixtures("app")
def test_unknown_layer_and_foreign_region_in_a_link_are_named_in_a_notice(pages):
    overview = text_of(pages.overview.layout(layer="nonsense", bucket="fortnight"))
    assert "Ignored in the link: layer 'nonsense'; bucket 'fortnight'." in overview
    country = text_of(pages.country.layout(iso3="CAF", admin1="TCD-1234"))
    assert "admin1 'TCD-1234' (not a region of Central African Republic)" in country
    assert "Ignored in the link" not in text_of(pages.country.layout(iso3="CAF",
                                                                     admin1="CAF-1460"))


@pytest.mark.usefixtures("pages")
def test_the_search_opens_one_country_and_lists_several(app):
    client = app.server.test_client()
    found = client.get("/search?q=central%20african")
    assert found.status_code == 303 and found.headers["Location"] == "/country/CAF"
    assert client.get("/search?q=COD").headers["Location"] == "/country/COD"
    several = client.get("/search?q=korea")
    assert several.headers["Location"] == "/countries?q=korea"
    countries = page_module(app, "countries")

    listed = text_of(countries.layout(q="korea"))
    assert "Countries matching “korea”: 2" in listed and "Republic of Korea" in listed
    caf = text_of(countries.layout(q="CAF"))
    assert "CAF · 1,848 incidents" in caf
    assert "No country or territory has that name" in text_of(countries.layout(q="Atlantis"))


@pytest.mark.usefixtures("app")
def test_the_country_map_names_every_region_inside_it(pages):
    labels = admin1_labels(warehouse(), "CAF")
    assert len(labels) == 17 and "Ouaka" in labels["name"].tolist()
    assert labels["lat"].between(2.2, 11.0).all() and labels["lon"].between(14.4, 27.5).all()
    fig, _ = pages.country.update_map(*WINDOW, [], None, None, "CAF", None)
    names = next(trace for trace in fig["data"] if trace.get("name") == "names")
    assert sorted(names["text"]) == sorted(labels["name"])


@pytest.mark.usefixtures("app")
def test_the_country_page_opens_with_its_forecast_and_links_to_its_parts(pages):
    page = pages.country.layout(iso3="CAF")
    band = text_of(find(page, "country-summary"))
    assert band.startswith("Risk that a new mass killing begins in ") and "(rank " in band
    nav = find(page, "country-section-nav")
    assert text_of(nav).startswith("On this page:")
    assert [a.href for a in nav.children[1:]] == [
        "#country-section-map", "#country-early-warning", "#country-foa-heading",
        "#country-incidents"]
