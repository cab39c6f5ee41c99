"""The dashboard as a person uses it, in headless Chromium: the world map draws, the date
range changes the KPIs, a country page draws its regions and shows the true numbers,
clicking a region filters, and the CSV download holds the filtered rows. The ``page``
fixture fails any test that lets a request leave the machine or logs a console error."""

from __future__ import annotations

import csv
import io
import re

import pytest

from queries import incidents
from queries.errors import QueryError
from tests.conftest import UCDP_SAMPLE

pytestmark = pytest.mark.browser

CAF_WINDOW = "/country/CAF?from=2013-01-01&to=2014-12-31"


def number(text: str) -> int:
    """The first number in a KPI card's text, e.g. 'INCIDENTS\\n12,345\\n...' -> 12345."""
    return int(re.search(r"\n([\d,]+)\n", f"\n{text}\n").group(1).replace(",", ""))


@pytest.fixture(scope="module")
def caf_truth():
    """The real sample's CAF totals for 2013-2014, computed from the CSV by hand."""

    with open(UCDP_SAMPLE, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if "2013-01-01" <= r["date_start"][:10]
                <= "2014-12-31"]
    return {"incidents": len(rows), "fatalities": sum(int(r["best"]) for r in rows),
            "ids": {f"ucdp:{r['id']}" for r in rows}}


def test_overview_draws_the_world_map_with_every_country(page, wait_for_dash,
                                                         wait_for_graph, screenshot):
    page.goto("/")
    wait_for_dash()
    wait_for_graph("#overview-map")
    shaded = page.locator("#overview-map .choroplethlocation")
    assert shaded.count() >= 30
    # The base map (land, country borders) comes from the local topojson.
    assert page.locator("#overview-map .geo .land path").count() >= 1
    assert page.locator("#overview-map .geo .countries path").count() >= 1
    assert number(page.locator("#overview-kpi-incidents").inner_text()) > 1000
    assert "vs previous" in page.locator("#overview-kpi-fatalities").inner_text()
    # plotly.js comes from the app's own bundle (dashboard/build_plotly.py), never the full
    # 4.8 MB plotly.min.js that dcc.Graph fetches when no window.Plotly is defined
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any("/assets/vendor/plotly-atrisk.min.js" in url for url in loaded)
    assert not any("plotly.min.js" in url for url in loaded)
    # no @babel/polyfill; its regeneratorRuntime, which Dash's lazy components need, is ours
    assert not any("polyfill" in url for url in loaded)
    assert page.evaluate("typeof regeneratorRuntime.wrap") == "function"
    screenshot("overview")


@pytest.mark.usefixtures("wait_for_graph")
def test_changing_the_date_range_changes_the_kpis(page, wait_for_dash):
    page.goto("/")
    wait_for_dash()
    before = number(page.locator("#overview-kpi-incidents").inner_text())
    start = page.get_by_label("From")   # the date range's first input, by its label
    start.fill("1 Sep 2026")
    start.press("Enter")
    page.keyboard.press("Escape")
    wait_for_dash()
    after = number(page.locator("#overview-kpi-incidents").inner_text())
    assert 0 < after < before
    assert "from=2026-09-01" in page.url


def test_country_page_draws_its_regions_and_the_true_numbers(page, wait_for_dash,
                                                             wait_for_graph, caf_truth,
                                                             screenshot):
    page.goto(CAF_WINDOW)
    wait_for_dash()
    wait_for_graph("#country-map")
    assert page.locator("#country-name").inner_text() == "Central African Republic"
    assert page.locator("#country-map .choroplethlocation").count() >= 14
    assert number(page.locator("#country-kpi-incidents").inner_text()) == caf_truth["incidents"]
    assert number(page.locator("#country-kpi-fatalities").inner_text()) == \
        caf_truth["fatalities"]
    assert page.locator("#country-incident-table").count() == 0   # put there when near
    page.locator("#country-incidents").scroll_into_view_if_needed()
    page.locator("#country-incident-table .ag-center-cols-container .ag-row").nth(10).wait_for()
    screenshot("country")


# The centre of the largest region's box (plotly finds the region under the pointer itself).
_REGION_POINT = """() => {
  const paths = [...document.querySelectorAll('#country-map .choroplethlocation')];
  const area = p => { const b = p.getBoundingClientRect(); return b.width * b.height; };
  const box = paths.sort((a, b) => area(b) - area(a))[0].getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2];
}"""


def test_clicking_a_region_filters_the_page(page, wait_for_dash, wait_for_graph, caf_truth):
    page.goto(CAF_WINDOW)
    wait_for_dash()
    wait_for_graph("#country-map")
    page.locator("#country-map").scroll_into_view_if_needed()
    x, y = page.evaluate(_REGION_POINT)
    page.mouse.click(x, y)
    wait_for_dash()
    assert re.search(r"admin1=[A-Z]{3}-\d+", page.url), page.url
    filtered = number(page.locator("#country-kpi-incidents").inner_text())
    assert filtered < caf_truth["incidents"]
    assert page.locator("#country-admin1").inner_text().strip() != "Whole country"


def test_csv_download_holds_exactly_the_filtered_rows(page, wait_for_dash, caf_truth):
    page.goto(CAF_WINDOW)
    wait_for_dash()
    with page.expect_download() as info:
        page.click("#country-download-link")
    download = info.value
    assert download.suggested_filename == "incidents_CAF_2013-01-01_2014-12-31.csv"
    with open(download.path(), encoding="utf-8") as f:
        rows = list(csv.DictReader(io.StringIO(f.read())))
    assert {r["incident_id"] for r in rows} == caf_truth["ids"]


def test_data_page_lists_sources_and_imports(page, wait_for_dash):
    page.goto("/data")
    wait_for_dash()
    sources = page.locator("#data-sources").inner_text()
    assert "ucdp" in sources and "demo" in sources and "1,848" in sources
    assert "synthetic demo data" in page.locator("#data-demo-statement").inner_text()


def test_demo_banner_on_every_page_with_demo_data(page, wait_for_dash):
    for path in ("/", CAF_WINDOW):
        page.goto(path)
        wait_for_dash()
        assert page.locator("#demo-banner").is_visible(), path


def test_a_failing_query_shows_a_readable_alert(page, wait_for_dash, browser_log, monkeypatch):
    def too_slow(*_args, **_kwargs):
        raise QueryError("The query took too long", "window_totals > 20s")

    monkeypatch.setattr(incidents, "window_totals", too_slow)
    browser_log.alert_expected = True
    page.goto("/")
    wait_for_dash()
    alert = page.locator("#app-alert")
    assert alert.is_visible()
    assert alert.inner_text() == ("The query took too long. Try a shorter window or fewer "
                                  "filters.")
    assert "Traceback" not in page.content()
    assert page.locator("#overview-map .choroplethlocation").count() > 0


def test_readable_at_full_hd(page, wait_for_dash, wait_for_graph, screenshot):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/")
    wait_for_dash()
    wait_for_graph("#overview-map")
    kpis = page.locator("[id^=overview-kpi-]").all()   # the window's cards (not the week's)
    tops = {round(k.bounding_box()["y"]) for k in kpis}
    assert len(kpis) == 4 and len(tops) == 1          # one row of KPI cards
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    screenshot("overview-1920")
