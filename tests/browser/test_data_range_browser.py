"""A country whose incidents all lie outside the default window (the data's last 12
months): its page and the overview say where its data lie and open that range with one
click. The warehouse holds the real UCDP CAF sample (to 2022) and the first rows of the
real UCDP Syria file (2016-2019)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from queries.importing.registry import import_file
from queries.schema import connect_writer
from tests.conftest import UCDP_SAMPLE

pytestmark = pytest.mark.browser

SYRIA = UCDP_SAMPLE.parent / "ucdp_ged_syria_2016_2019_41col.csv"
SYRIA_ROWS = 400


@pytest.fixture(scope="module")
def range_url(tmp_path_factory, base_url, serve):
    """An app over CAF (to 30 Dec 2022) and SYRIA_ROWS Syrian incidents (to 2019)."""


    if not SYRIA.exists():
        pytest.fail(f"the shared UCDP Syria file is missing: {SYRIA}", pytrace=False)
    with urllib.request.urlopen(base_url + "/") as answer:
        assert answer.status == 200
    folder = tmp_path_factory.mktemp("range")
    syria = folder / "syria.csv"
    with SYRIA.open(encoding="utf-8") as source:
        syria.write_text(
            "".join(line for _, line in zip(range(SYRIA_ROWS + 1), source, strict=False)),
            encoding="utf-8",
        )
    db = folder / "w.duckdb"
    con = connect_writer(db)
    try:
        import_file(con, "ucdp", UCDP_SAMPLE)
        import_file(con, "ucdp", syria)
        first, last, count = con.execute(
            "SELECT min(event_date), max(event_date), count(*) FROM incidents WHERE iso3 = 'SYR'"
        ).fetchone()
    finally:
        con.close()
    app = create_app(Settings(db=db))
    with serve(app) as url:
        yield url, (first, last, count)
    app.server.config["WAREHOUSE"].close()


def test_a_country_outside_the_window_says_where_its_data_lie(
    page, browser_log, range_url, wait_for_dash, screenshot
):
    url, (first, last, count) = range_url
    browser_log.base_url = url
    page.goto(url + "/country/SYR")
    wait_for_dash()
    assert page.locator("#country-kpi-incidents .kpi-value").inner_text() == "0"
    text = page.locator("#country-range-notice").inner_text()
    span = f"{first:%-d %b %Y} to {last:%-d %b %Y}"
    assert f"incidents in this warehouse run from {span}" in text
    assert "none fall in the window shown (31 Dec 2021 – 30 Dec 2022)" in text
    screenshot("country-outside-window", full_page=False)
    page.locator("#country-range-link").click()
    page.wait_for_url(re.compile(rf"from={first:%Y-%m-%d}&to={last:%Y-%m-%d}"))
    wait_for_dash()
    shown = page.locator("#country-kpi-incidents .kpi-value")
    page.wait_for_function(
        "() => document.querySelector('#country-kpi-incidents .kpi-value').innerText !== '0'"
    )
    assert int(shown.inner_text().replace(",", "")) == count
    assert page.locator("#country-range-notice").count() == 0


def test_a_country_with_data_in_the_window_has_no_range_notice(
    page, browser_log, range_url, wait_for_dash
):
    url, _ = range_url
    browser_log.base_url = url
    page.goto(url + "/country/CAF")
    wait_for_dash()
    assert page.locator("#country-kpi-incidents .kpi-value").inner_text() != "0"
    assert page.locator("#country-range-notice").count() == 0
