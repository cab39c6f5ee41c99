"""The watchlist as a person uses it, in headless Chromium: the table shows the countries
ranked by the country forecast, the method note opens with a click, a header click
re-sorts it (the sort kept in the URL, so a shared link reopens sorted), a country link
opens the country's page, and the UN-region filter narrows it and stays in the URL."""

from __future__ import annotations

import math
import re

import pytest

pytestmark = pytest.mark.browser

ROWS = "#watchlist-table .ag-center-cols-container .ag-row"


def column(page, column_id: str) -> list[str]:
    """The text of one column's cells on the table's current page, top to bottom, read
    once the grid has drawn every row it holds (see :func:`settled`), in that same moment."""
    return settled(page, column_id)


# True, or the column's texts, once the grid has drawn every row it holds and kept them
# for half a second. The grid draws them after the page, and again as it sizes its columns
# (its rows re-measured for their wrapped text, some 0.5-1 s later), so the texts are read
# in the same moment as the check rather than after it.
_SETTLED = """(columnId) => {
  let drawn = false;
  try {
    const api = dash_ag_grid.getApi('watchlist-table');
    drawn = api.getDisplayedRowCount() > 0
      && document.querySelectorAll('ROWS').length === api.getDisplayedRowCount();
  } catch (notYet) { drawn = false; }
  const now = performance.now();
  if (!drawn) { window.__gridDrawnSince = undefined; return false; }
  window.__gridDrawnSince = window.__gridDrawnSince ?? now;
  if (now - window.__gridDrawnSince < 500) { return false; }
  if (!columnId) { return true; }
  return [...document.querySelectorAll(`ROWS [col-id="${columnId}"]`)]
    .map(cell => cell.innerText);
}""".replace("ROWS", ROWS)


def settled(page, column_id: str | None = None):
    """Wait until the grid has drawn every row it holds and kept them for half a second;
    with ``column_id``, the texts of that column's cells at that moment."""
    return page.wait_for_function(_SETTLED, arg=column_id, timeout=60_000,
                                  polling=100).json_value()


def header(page, column_id: str):
    """The clickable label of a column's header (a click sorts: ascending, descending, off)."""
    return page.locator(f'#watchlist-table .ag-header-cell[col-id="{column_id}"] '
                        ".ag-header-cell-label")


def numbers(texts: list[str]) -> list[float]:
    return [float(t.replace(",", "").replace("%", "")) for t in texts if t.strip()]


def test_watchlist_ranks_countries_by_the_forecast(page, wait_for_dash, screenshot):
    page.goto("/watchlist")
    wait_for_dash()
    settled(page)
    assert page.locator(ROWS).count() >= 150
    assert "not a UN score" in page.locator("#watchlist-about").inner_text()
    assert "Data through" in page.locator("#watchlist-windows").inner_text()
    ranks = numbers(column(page, "rank"))
    assert ranks[:5] == [1, 2, 3, 4, 5]
    risk = numbers(column(page, "risk_1y"))
    assert len(risk) >= 150 and risk == sorted(risk, reverse=True) and risk[0] > risk[-1]
    headers = " ".join(page.locator("#watchlist-table .ag-header-group-cell").all_inner_texts())
    assert "Forecast (backtested)" in headers and "Dynamic signals (not backtested)" in headers
    assert all(t.strip() for t in column(page, "forecast_drivers")[:10])
    # Every trend is 24 monthly blocks, and CAF (real UCDP rows + demo) has incidents.
    trends = column(page, "trend")
    assert all(len(t.strip()) == 24 and set(t.strip()) <= set("▁▂▃▄▅▆▇█") for t in trends)
    # The nav link is there and points here.
    assert page.locator("nav a", has_text="Watchlist").get_attribute("href") == "/watchlist"
    screenshot("watchlist")


def test_the_method_note_opens_with_one_click(page, wait_for_dash):
    page.goto("/watchlist")
    wait_for_dash()
    note = page.locator("#watchlist-method")
    assert note.get_attribute("open") is None
    assert not page.get_by_text("How well it did:").is_visible()
    note.locator("summary").click()
    assert page.get_by_text("How well it did:").is_visible()
    text = note.inner_text()
    assert re.search(r"AUC of 0\.\d{3}", text) and "in that year's top 30" in text
    assert "Data through 2024" in text and "were not backtested" in text


def test_clicking_a_header_re_sorts_and_the_link_keeps_the_sort(page, wait_for_dash):
    page.goto("/watchlist")
    wait_for_dash()
    ranked = numbers(column(page, "civilian_fatalities"))
    assert ranked != sorted(ranked, reverse=True)   # ranked by the forecast, not by this
    header(page, "civilian_fatalities").click()      # ascending
    ascending = numbers(column(page, "civilian_fatalities"))
    assert ascending == sorted(ascending) and ascending[0] == 0
    header(page, "civilian_fatalities").click()      # descending: numerically, not as text
    descending = numbers(column(page, "civilian_fatalities"))
    assert descending == sorted(descending, reverse=True)
    assert descending[0] == max(ranked) >= 100 > min(descending)
    assert numbers(column(page, "rank"))[:3] != [1, 2, 3]
    page.wait_for_function("() => location.search.includes('sort=civilian_fatalities')")
    assert "desc=1" in page.evaluate("location.search")
    shared = page.evaluate("location.pathname + location.search")
    page.goto(shared)                                # the link reopens sorted
    wait_for_dash()
    assert numbers(column(page, "civilian_fatalities")) == descending
    header(page, "civilian_fatalities").click()      # off: ranked again, the link says so
    page.wait_for_function("() => !location.search.includes('sort=')")
    assert numbers(column(page, "rank"))[:3] == [1, 2, 3]


def test_rows_without_a_value_sort_last_either_way(page, wait_for_dash):
    page.goto("/watchlist?sort=risk_index&desc=0")
    wait_for_dash()
    ascending = sort_keys(page, "risk_index")
    scored = [v for v in ascending if v is not None]
    assert 0 < len(scored) < len(ascending)            # some countries are not scored
    assert ascending[: len(scored)] == sorted(scored)  # then the unscored, last
    shown = [t for t in column(page, "risk_index") if t.strip()]
    assert all(abs(a - b) <= 0.051 for a, b in zip(numbers(shown[:5]), sorted(scored)[:5],
                                                     strict=True))
    header(page, "risk_index").click()                 # descending: still last
    descending = sort_keys(page, "risk_index")
    assert descending[: len(scored)] == sorted(scored, reverse=True)
    assert all(v is None for v in descending[len(scored):])


def sort_keys(page, column_id: str) -> list:
    """The column's sort keys in the order the grid shows its rows."""
    settled(page)
    return page.evaluate(
        "(key) => { const out = []; dash_ag_grid.getApi('watchlist-table')"
        ".forEachNodeAfterFilterAndSort((node) => out.push(node.data[key])); return out; }",
        f"key_{column_id}")


def test_clicking_a_country_opens_its_page(page, wait_for_dash):
    page.goto("/watchlist")
    wait_for_dash()
    link = page.locator(f'{ROWS} [col-id="country"] a',
                        has_text="Central African Republic")
    assert link.get_attribute("href") == "/country/CAF"
    link.click()
    page.wait_for_url("**/country/CAF")
    wait_for_dash(timeout_ms=45_000)   # the country page is the heaviest: allow a busy machine
    assert page.locator("#country-name").inner_text() == "Central African Republic"


def test_region_filter_narrows_the_list_and_lives_in_the_url(page, wait_for_dash):
    page.goto("/watchlist?region=Africa")
    wait_for_dash()
    regions = set(column(page, "un_region"))
    assert regions == {"Africa"}
    assert numbers(column(page, "rank"))[0] >= 1
    page.locator("#watchlist-region .Select-clear, #watchlist-region [aria-label*='Clear']"
                 ).first.click()
    wait_for_dash()
    assert len(set(column(page, "un_region"))) > 1
    assert "region=" not in page.url


def test_cell_tooltips_belong_to_the_hovered_row_after_sorting(page, wait_for_dash,
                                                             screenshot):
    page.goto("/watchlist")
    wait_for_dash()
    header(page, "civilian_fatalities").click()
    header(page, "civilian_fatalities").click()   # descending: rows far from their places
    row = page.locator(ROWS).nth(2)
    cell = row.locator('[col-id="risk_index"]')
    cell.hover()
    tip = page.locator(".ag-tooltip")
    tip.wait_for()
    # The tooltip sits by the hovered cell and gives that row's two scores, whose
    # geometric mean is the index shown (each rounded to 0.1).
    assert abs(tip.bounding_box()["y"] - cell.bounding_box()["y"]) < 80
    structural, dynamic = (float(x) for x in re.findall(r"(?:Structural|dynamic) ([\d.]+)",
                                                         tip.inner_text()))
    assert abs(math.sqrt(structural * dynamic) - float(cell.inner_text())) <= 0.1
    row.locator('[col-id="trend"]').hover()
    page.wait_for_function("() => document.querySelector('.ag-tooltip')"
                           "?.innerText.includes('Incidents per month')")
    screenshot("watchlist-tooltip", full_page=False)
