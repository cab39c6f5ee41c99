"""Exports as a person gets them: the export menu by the map downloads the snapshot, and
the briefing pack is made in the background with a progress bar, then downloads. No
request leaves the app (the ``page`` fixture fails the test otherwise)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.factory import create_app
from dashboard.settings import Settings
from queries import users

pytestmark = pytest.mark.browser


def test_export_menu_downloads_the_map_as_shown(page, wait_for_dash, wait_for_graph):
    page.goto("/country/CAF?from=2013-01-01&to=2014-12-31")
    wait_for_dash()
    wait_for_graph("#country-map")
    link = page.locator("#country-export-link")
    assert "from=2013-01-01" in link.get_attribute("href")
    with page.expect_download(timeout=60_000) as download:
        link.click()
    path = download.value.path()
    assert download.value.suggested_filename == "map_country_CAF_2013-01-01_2014-12-31.png"
    assert Image.open(path).size == (1920, 1080)

    page.locator("#country-export-format").click()
    page.get_by_role("option", name="SVG").click()
    wait_for_dash()
    assert "format=svg" in link.get_attribute("href")
    with page.expect_download(timeout=60_000) as download:
        link.click()
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert "choroplethlocation" in svg and "Central African Republic" in svg


@pytest.mark.usefixtures("wait_for_graph")
def test_briefing_pack_is_made_in_the_background(page, wait_for_dash):
    page.goto("/country/CAF?from=2013-01-01&to=2014-12-31")
    wait_for_dash()
    page.locator("#country-briefing-start").click()
    page.locator("#country-briefing-progress").wait_for(state="visible", timeout=10_000)
    # the page stays usable meanwhile: a filter change still updates the table
    page.locator("#country-category").click()
    page.get_by_role("option", name="Sexual violence").click()
    page.wait_for_function("document.querySelector('#country-table-count').innerText"
                           ".match(/^[0-9,]+ incidents$/) !== null")
    link = page.locator("#country-briefing-link")
    link.wait_for(state="visible", timeout=60_000)
    with page.expect_download(timeout=30_000) as download:
        link.click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(reader.pages) >= 7
    first = reader.pages[0].extract_text()
    assert "Central African Republic" in first and "Key messages" in first


def test_situation_report_downloads_from_the_watchlist(page, wait_for_dash):
    page.goto("/watchlist")
    wait_for_dash()
    page.locator("#watchlist-sitrep-start").click()
    link = page.locator("#watchlist-sitrep-link")
    link.wait_for(state="visible", timeout=120_000)
    with page.expect_download(timeout=30_000) as download:
        link.click()
    assert download.value.suggested_filename.startswith("sitrep_top_10_by_forecast_risk_")
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(reader.pages) >= 11          # the summary, then a page per country
    assert "Situation report: top 10 by forecast risk" in reader.pages[0].extract_text()


PASSWORD = "correct horse battery"
NOTES_PAGE = "/country/CAF?from=2013-01-01&to=2013-01-31"


def _write_note(page, text: str, final: bool) -> None:
    page.locator("#country-notes-body").fill(text)
    if final:
        page.locator("#country-notes-status").get_by_label("final").check()
    page.locator("#country-notes-save").click()
    page.locator("#country-notes-saved").filter(has_text=text[:5]).wait_for(timeout=60_000)
    page.wait_for_function("document.querySelector('#country-notes-list').innerText"
                           f".includes({text!r})", timeout=60_000)


def test_an_analysts_final_note_reaches_a_viewer_and_a_draft_does_not(
        page, browser_log, browser_warehouse, base_url, serve, wait_for_dash):
    """The session's app (sign-in off: everyone may write) takes the notes; a second app
    with sign-in on shows the country page to a viewer. (Only the first app to serve gets
    the pages' callbacks, and the viewer's list is drawn with the page, so the viewer's app
    needs none.)"""

    page.goto(base_url + NOTES_PAGE)
    wait_for_dash(timeout_ms=60_000)
    _write_note(page, "Draft: militia movements near Bossangoa.", False)
    _write_note(page, "Final: convene the Framework team this week.", True)
    if users.get_user(browser_warehouse, "vic") is None:
        users.add_user(browser_warehouse, "vic", "viewer", PASSWORD)
    app = create_app(Settings(db=browser_warehouse, auth=True, secret_key="notes-test"))
    try:
        with serve(app) as url:
            browser_log.base_url = url
            page.goto(url + "/login")
            page.locator("#login-username").fill("vic")
            page.locator("#login-password").fill(PASSWORD)
            page.locator("#login-submit").click()
            page.wait_for_url(url + "/")
            page.goto(url + NOTES_PAGE)
            shown = page.locator("#country-notes-list").inner_text(timeout=60_000)
            assert "Final: convene the Framework team this week." in shown
            assert "Draft: militia" not in shown
            assert page.locator("#country-notes-form").count() == 0
            page.goto("about:blank")
    finally:
        # the viewer's app has no callbacks: what the page asked of them is not our concern
        browser_log.console_errors.clear()
        browser_log.alerts.clear()
        browser_log.http_errors.clear()
        _close_when_idle(app.server.config["WAREHOUSE"])


def _close_when_idle(warehouse, tries: int = 100) -> None:
    """Close ``warehouse`` once the stopped server's last request threads let go of it."""

    for _ in range(tries):
        try:
            warehouse.close()
            return
        except duckdb.Error:
            time.sleep(0.1)
    warehouse.close()
