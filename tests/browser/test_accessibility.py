"""Accessibility in a real browser: axe-core finds no serious or critical violation on any
page, and every feature is reachable from the keyboard."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.axe]

PAGES = ["/", "/watchlist", "/gaps", "/coverage", "/training", "/data", "/upload",
         "/admin/audit", "/country/CAF", "/countries?q=congo"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(page, axe, wait_for_dash, path):
    page.goto(path)
    wait_for_dash()
    if path.startswith("/country/"):   # its lower parts are put on the page when near
        page.locator("#country-foa-heading").scroll_into_view_if_needed()
        page.locator("#country-foa-matrix tbody tr").first.wait_for()
        page.locator("#country-incidents").scroll_into_view_if_needed()
        page.locator("#country-perpetrators-table tbody tr").first.wait_for()
        page.locator("#country-incident-table .ag-row").first.wait_for()
    assert axe() == []


def test_dropdowns_are_reached_and_used_with_the_keyboard(page, wait_for_dash):
    page.goto("/")
    wait_for_dash()
    page.focus("#overview-dates-end-date")
    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == ["overview-category", "overview-source", "overview-layer"]
    choose_next_option(page, "#overview-layer")
    page.wait_for_url(lambda url: "layer=fatalities" in url)
    wait_for_dash()
    assert page.inner_text("#overview-layer") == "Fatalities by country"


@pytest.mark.parametrize("path", ["/", "/watchlist", "/country/CAF", "/coverage", "/data"])
def test_at_200_percent_zoom_nothing_scrolls_sideways(page, wait_for_dash, path):
    page.set_viewport_size({"width": 683, "height": 384})     # 1366x768 at 200%
    page.goto(path)
    wait_for_dash()
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll_width <= client_width
    marking = page.locator("#classification").bounding_box()
    assert marking is not None and marking["x"] >= 0
    assert marking["x"] + marking["width"] <= client_width


def test_keyboard_path_from_search_to_a_regions_incidents_as_csv(page, wait_for_dash):
    page.goto("/watchlist")
    wait_for_dash()
    page.get_by_label("Search countries").focus()
    page.keyboard.type("Central African")
    page.keyboard.press("Enter")
    page.wait_for_url("**/country/CAF")
    wait_for_dash()
    page.focus("#country-admin1")
    choose_next_option(page, "#country-admin1")
    page.wait_for_url(lambda url: "admin1=CAF-" in url)
    wait_for_dash()
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Incidents").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("#country-incidents"))
    page.keyboard.press("Tab")
    link = page.locator("#country-download-link")
    assert link.evaluate("el => el === document.activeElement")
    page.wait_for_function(
        "() => document.querySelector('#country-download-link').href.includes('admin1=CAF-')")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("incidents_CAF_")


def choose_next_option(page, dropdown: str) -> None:
    """With the keyboard only: open the focused ``dropdown`` (Enter), wait until focus is
    in its list (the chosen option, or the search box of a dropdown with nothing chosen;
    the list opens a moment later), move down to the next option and choose it."""
    page.keyboard.press("Enter")
    assert page.get_attribute(dropdown, "aria-expanded") == "true"
    page.wait_for_function("() => document.activeElement.closest('[role=option]') !== null"
                           " || document.activeElement.matches('.dash-dropdown-search')")
    before = page.evaluate("document.activeElement.value")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("(v) => document.activeElement.closest('[role=option]') !== null"
                           " && document.activeElement.value !== v", arg=before)
    page.keyboard.press("Enter")
