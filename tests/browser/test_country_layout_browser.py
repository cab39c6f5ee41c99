"""The country page at 1366x768: its links to its parts stay in view however far down the
page one has read, and one click on "Incidents" shows the incident table's rows; the parts
and scripts that come only when needed (the matrix, the actors, the grid's script) come."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ROWS = "#country-incident-table .ag-center-cols-container .ag-row"
GRID_SCRIPT = "**/dash_ag_grid/dash_ag_grid.*.js"
GRID_SCRIPT_RUN = "() => [...document.scripts].some(s => s.src.includes('/dash_ag_grid/'))"


def test_the_incident_table_is_one_click_away_from_anywhere(page, wait_for_dash, screenshot):
    page.goto("/country/CAF")
    wait_for_dash()
    nav = page.get_by_role("navigation", name="On this page")
    page.locator("#country-foa-heading").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 400)")  # deep in the Framework of Analysis
    box = nav.bounding_box()
    assert 0 <= box["y"] <= 5 and box["height"] < 60  # still at the top of the window
    nav.get_by_role("link", name="Incidents").click()
    page.wait_for_url(lambda url: url.endswith("#country-incidents"))
    page.locator(ROWS).first.wait_for()
    heading = page.locator("#country-incidents").bounding_box()
    assert heading["y"] >= box["height"]  # not hidden under the links
    first_row = page.locator(ROWS).first.bounding_box()
    assert first_row["y"] + first_row["height"] <= 768
    screenshot("country-incidents-one-click", full_page=False)
    nav.get_by_role("link", name="Early warning").click()
    page.wait_for_url(lambda url: url.endswith("#country-early-warning"))
    page.locator("#country-early-warning").wait_for()
    early = page.locator("#country-early-warning").bounding_box()
    assert box["height"] <= early["y"] <= 200


def test_a_jump_stays_on_its_target_while_the_parts_above_are_filled_in(page, wait_for_dash):
    page.goto("/country/CAF")
    wait_for_dash()
    actors = page.locator("#country-perpetrators-table tbody tr")
    assert actors.count() == 0                     # filled when the jump passes them
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Incidents").click()
    actors.first.wait_for(state="attached")
    page.locator(ROWS).first.wait_for()
    wait_for_dash()
    heading = page.locator("#country-incidents").bounding_box()
    assert 0 <= heading["y"] <= 100                # where the jump put it, not pushed down


def test_the_framework_matrix_and_the_actors_are_filled_when_reached(page, wait_for_dash):
    page.goto("/country/CAF")
    wait_for_dash()
    matrix = page.locator("#country-foa-matrix tbody tr")
    actors = page.locator("#country-perpetrators-table tbody tr")
    assert matrix.count() == 0 and actors.count() == 0      # not with the first screen
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Framework of Analysis").click()
    matrix.first.wait_for()
    assert matrix.count() == 14                              # the 14 risk factors
    page.locator("#country-incidents").scroll_into_view_if_needed()
    actors.first.wait_for()
    assert actors.count() >= 1


def test_the_country_map_shows_rivers_over_its_regions(page, wait_for_dash, wait_for_graph):
    page.goto("/country/CAF")
    wait_for_dash()
    wait_for_graph("#country-map")
    names = page.evaluate(
        "() => document.querySelector('#country-map .js-plotly-plot').data.map(t => t.name)"
    )
    assert names.index("rivers") > 0  # over the regions (trace 0)
    lines = page.locator("#country-map .trace.scattergeo path.js-line")
    assert lines.count() >= 1 and len(lines.first.get_attribute("d")) > 500


def test_each_country_opened_without_a_page_load_is_drawn_on_its_own_base_map(
        page, wait_for_dash, wait_for_graph):
    """The country map's base map is cut to the country's surroundings; plotly.js keeps
    base maps by name for the page's life, so a second country opened by a link (no page
    load) must not be drawn on the first one's cut (assets/base_map_cache.js)."""
    read = []
    page.on("request", lambda r: read.append(r.url) if "/basemap/" in r.url else None)
    page.goto("/coverage?org=ECOWAS,AU&date=2025-06-01")
    wait_for_dash()
    for iso3 in ("NGA", "ZAF"):
        page.locator(f"#coverage-row-{iso3} a").click()
        page.wait_for_url(f"**/country/{iso3}")
        wait_for_dash()
        wait_for_graph("#country-map")
        assert len(read) == 1 + (iso3 == "ZAF"), read
        page.go_back()
        wait_for_dash()
    assert read[0] != read[1]                  # each country's own surroundings


def test_the_grid_script_is_run_only_when_a_grid_is_drawn(page, wait_for_dash):
    page.goto("/country/CAF")
    wait_for_dash()
    assert page.evaluate(GRID_SCRIPT_RUN) is False          # the first screen has no grid
    page.locator("#country-incidents").scroll_into_view_if_needed()
    page.locator(ROWS).first.wait_for()
    assert page.evaluate(GRID_SCRIPT_RUN) is True
    page.locator("#country-incident-table .ag-header-cell-text").nth(1).click()
    page.wait_for_url(lambda url: "sort=" in url)            # the real grid, sorting


def test_a_grid_whose_script_fails_to_load_says_so_and_the_next_one_tries_again(
        page, wait_for_dash, browser_log):
    page.route(GRID_SCRIPT, lambda route: route.abort("failed"))
    page.goto("/watchlist")
    wait_for_dash()
    table = page.locator("#watchlist-table")
    assert table.get_attribute("role") == "alert"            # in the table's place
    assert "table could not be drawn" in table.inner_text()
    page.unroute(GRID_SCRIPT)
    page.get_by_role("link", name="Training", exact=True).click()  # no page load
    page.locator("#training-history-table .ag-row").first.wait_for()
    # The failed requests were the test's own doing.
    browser_log.console_errors[:] = [line for line in browser_log.console_errors
                                     if "ERR_FAILED" not in line]
