"""Exports as a person gets them: the export menu by the map downloads the snapshot, and
the briefing pack is made in the background with a progress bar, then downloads. No
request leaves the app (the ``page`` fixture fails the test otherwise)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

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


def test_briefing_pack_is_made_in_the_background(page, wait_for_dash, wait_for_graph):
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
    assert len(reader.pages) == 9   # with the country-forecast page
    assert "Central African Republic" in reader.pages[0].extract_text()
