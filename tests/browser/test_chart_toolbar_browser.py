"""Chart toolbars in headless Chromium: only the useful buttons (download as PNG, zoom in,
zoom out, reset), and one tab stop per chart, not one per button: the keyboard reaches a
toolbar once, shows it, moves along it with the arrow keys and leaves it with Tab."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

KEPT = {
    "Download plot as a PNG",
    "Zoom in",
    "Zoom out",
    "Reset",
    "Reset axes",
    "Reset view",
    "Reset map",
}

# Per chart: its id, its buttons' titles, and how many of them take a Tab stop.
TOOLBARS = """
() => Array.from(document.querySelectorAll('.modebar')).map((bar) => ({
  chart: bar.closest('.dash-graph').id,
  titles: Array.from(bar.querySelectorAll('button')).map((b) => b.getAttribute('data-title')),
  stops: Array.from(bar.querySelectorAll('button')).filter((b) => b.tabIndex >= 0).length,
}))
"""


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        (
            "/country/CAF",
            {
                "country-map",
                "country-timeseries-category",
                "country-timeseries-admin1",
                "country-risk-factors",
            },
        ),
        ("/", {"overview-map", "overview-timeseries"}),
    ],
)
def test_each_chart_has_a_short_toolbar_and_one_tab_stop(
    page, wait_for_dash, wait_for_graph, path, charts
):
    page.goto(path)
    wait_for_dash()
    for chart in charts:
        slot = page.locator(f"#{chart}-slot")  # a chart drawn when near the window
        if slot.count():
            slot.scroll_into_view_if_needed()
        wait_for_graph(f"#{chart}")
    page.wait_for_function(
        "() => document.querySelectorAll('.modebar button[tabindex]').length > 0"
    )
    toolbars = {bar["chart"]: bar for bar in page.evaluate(TOOLBARS)}
    assert charts <= toolbars.keys()
    for bar in toolbars.values():
        assert bar["stops"] == 1, bar
        assert "Download plot as a PNG" in bar["titles"] and set(bar["titles"]) <= KEPT, bar
        assert len(bar["titles"]) <= 4


def test_the_keyboard_moves_along_a_toolbar_that_shows_while_focused(
    page, wait_for_dash, wait_for_graph, screenshot
):
    page.goto("/country/CAF")
    wait_for_dash()
    assert page.locator("#country-timeseries-category").count() == 0  # drawn when near
    page.locator("#country-timeseries-category-slot").scroll_into_view_if_needed()
    wait_for_graph("#country-timeseries-category")
    bar = page.locator("#country-timeseries-category .modebar")
    first = bar.locator("button[tabindex='0']")
    first.wait_for(state="attached")
    group = bar.locator(".modebar-group").first
    assert group.evaluate("g => getComputedStyle(g).opacity") == "0"  # hidden at rest
    page.locator("#country-timeseries-category").scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    first.focus()
    assert bar.get_attribute("aria-label") == "Chart tools"
    page.wait_for_function(  # shown while focused (plotly fades it in)
        "g => getComputedStyle(g).opacity === '1'", arg=group.element_handle()
    )
    assert page.evaluate("document.activeElement.dataset.title") == "Download plot as a PNG"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.title") == "Zoom in"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.title") == "Reset axes"
    assert bar.locator("button[tabindex='0']").count() == 1  # the stop moved along
    screenshot("chart-toolbar-focused", full_page=False)
    page.keyboard.press("Tab")  # out, in one press
    assert page.evaluate("document.activeElement.closest('#country-timeseries-category') === null")
