"""The app shell in a real browser: it loads from this machine only and shows its header."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("base_url")
def test_shell_shows_the_header_and_loads_nothing_from_outside(page, browser_log,
                                                                wait_for_dash):
    response = page.goto("/")
    assert response is not None and response.status == 200
    wait_for_dash()

    header = page.locator("header h1")
    assert header.inner_text() == "Atrocity Risk Monitor"
    assert header.is_visible()
    assert page.title().endswith("Atrocity Risk Monitor")
    # The page fixture fails the test afterwards on any request that left 127.0.0.1 and on
    # any console or page error; here, at least the app's own scripts must have loaded.
    assert browser_log.blocked == []


def test_keyboard_users_can_skip_to_the_content_and_read_how_old_the_data_are(
        page, wait_for_dash):
    page.goto("/")
    wait_for_dash()
    assert page.locator("html").get_attribute("lang") == "en"
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible() and skip.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.locator("#freshness").inner_text().startswith("Data through ")


def test_no_chart_offers_to_share_it_with_a_cloud_service(page, wait_for_dash,
                                                          wait_for_graph):
    page.goto("/")
    wait_for_dash()
    wait_for_graph("#overview-map")
    titles = page.eval_on_selector_all(".modebar-btn", "els => els.map(e => e.dataset.title)")
    assert "Download plot as a PNG" in titles
    assert not [t for t in titles if "Share" in t or "Chart Studio" in t]


def test_a_country_opens_from_the_search_by_keyboard(page, wait_for_dash):
    page.goto("/watchlist")
    wait_for_dash()
    search = page.get_by_label("Search countries")
    suggested = search.evaluate("box => Array.from(box.list.options, o => o.value)")
    assert len(suggested) > 200 and "Central African Republic" in suggested  # type-ahead
    search.focus()
    page.keyboard.type("Central African")
    page.keyboard.press("Enter")
    page.wait_for_url("**/country/CAF")
    wait_for_dash()
    assert page.locator("#country-name").inner_text() == "Central African Republic"
