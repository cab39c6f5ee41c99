"""The prevention-capacity pages as a person uses them, in headless Chromium: coverage of
ECOWAS before and after the 2025 exits, the training map's bubbles, the gap ranking, and
the two capacity layers on the overview map."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SAHEL_EXITS = ("MLI", "BFA", "NER")


def member_rows(page) -> set[str]:
    """The ISO3 codes of the coverage table's rows."""
    page.locator("#coverage-table tbody tr").first.wait_for()
    ids = page.locator("#coverage-table tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    return {i.removeprefix("coverage-row-") for i in ids}


def test_coverage_of_ecowas_shows_the_2025_exits(page, wait_for_dash, wait_for_graph,
                                                 screenshot):
    page.goto("/coverage?org=ECOWAS&date=2024-06-01")
    wait_for_dash()
    wait_for_graph("#coverage-map")
    before = member_rows(page)
    assert set(SAHEL_EXITS) <= before and len(before) == 15
    assert "15 member countries of ECOWAS" in page.locator("#coverage-summary").inner_text()
    mali = page.locator("#coverage-row-MLI").inner_text()
    assert "ECOWARN" in mali and "CEWS" in mali and "AU" in mali  # AU-suspended since 2021
    screenshot("coverage-2024")

    page.goto("/coverage?org=ECOWAS&date=2025-06-01")
    wait_for_dash()
    wait_for_graph("#coverage-map")
    after = member_rows(page)
    assert before - after == set(SAHEL_EXITS) and len(after) == 12
    assert "12 member countries" in page.locator("#coverage-summary").inner_text()
    screenshot("coverage-2025")


def test_coverage_controls_live_in_the_url(page, wait_for_dash, wait_for_graph, screenshot):
    page.goto("/coverage?org=ECOWAS,AU&date=2025-06-01")
    wait_for_dash()
    wait_for_graph("#coverage-map")
    assert len(member_rows(page)) == 55
    assert "org=ECOWAS%2CAU" in page.url or "org=ECOWAS,AU" in page.url
    suspended = page.locator("#coverage-row-BFA td").nth(2).inner_text()
    assert suspended == "AU"
    screenshot("coverage-ecowas-au")


def test_training_page_draws_bubbles_by_audience(page, wait_for_dash, wait_for_graph,
                                                 screenshot):
    page.goto("/training")
    wait_for_dash()
    wait_for_graph("#training-map")
    bubbles = page.locator("#training-map path.point").count()
    assert bubbles == 300                       # every demo training has a venue
    legend = page.locator("#training-map .legendtext").all_text_contents()
    assert legend == ["Civil society", "Member State officials", "Regional organisations",
                      "UN system"]
    assert page.locator("#training-history-table .ag-center-cols-container .ag-row").count() >= 40
    assert "300 trainings" in page.locator("#training-summary").inner_text()
    # The country forecast under the bubbles, with its colour bar, and a key to the sizes.
    assert page.locator("#training-map .choroplethlocation").count() >= 150
    assert "mass killing" in " ".join(
        page.locator("#training-map .colorbar text").all_text_contents())
    key = page.locator("#training-size-key .bubble-item")
    assert key.count() == 3
    widths = [b.bounding_box()["width"] for b in key.locator(".bubble").all()]
    assert widths == sorted(widths) and widths[-1] >= 28
    screenshot("training")

    page.goto("/training?audience=un_system&from=2024-01-01&to=2024-12-31")
    wait_for_dash()
    wait_for_graph("#training-map")
    legend = page.locator("#training-map .legendtext").all_text_contents()
    assert legend == ["UN system"]
    assert 0 < page.locator("#training-map path.point").count() < 30


def test_training_history_of_one_country(page, wait_for_dash, wait_for_graph):
    page.goto("/training?country=BDI")
    wait_for_dash()
    wait_for_graph("#training-map")
    history = page.locator("#training-history-table .ag-center-cols-container .ag-row")
    assert history.count() == 1 and history.first.inner_text().startswith("Burundi")
    trainings = int(history.first.locator("[col-id=trainings]").inner_text())
    listed = page.locator("#training-list tbody tr")
    assert listed.count() == trainings > 0
    assert page.locator("#training-map path.point").count() == trainings
    dates = listed.locator("td:first-child").all_inner_texts()
    assert dates == sorted(dates, reverse=True)


def test_gaps_table_ranks_countries_with_reasons(page, wait_for_dash, wait_for_graph,
                                                 screenshot):
    page.goto("/gaps")
    wait_for_dash()
    wait_for_graph("#gaps-map")
    rows = page.locator("#gaps-table tbody tr")
    assert rows.count() == 40
    ranks = [int(t) for t in page.locator("#gaps-table tbody tr td:first-child").all_inner_texts()]
    assert ranks == list(range(1, 41))
    cells = page.locator("#gaps-table tbody tr td:nth-child(7)")
    gaps = [float(t) for t in cells.all_inner_texts()]
    assert gaps == sorted(gaps, reverse=True)
    first_reasons = page.locator("#gaps-table tbody tr td:last-child").first.inner_text()
    assert first_reasons.startswith("forecast risk of a new mass killing ")
    assert "training" in first_reasons
    assert page.locator("nav a", has_text="Gaps").get_attribute("href") == "/gaps"
    screenshot("gaps")


@pytest.mark.parametrize("layer", ["early_warning", "memberships", "training"])
def test_capacity_layers_draw_on_the_overview(page, wait_for_dash, wait_for_graph, screenshot,
                                              layer):
    page.goto(f"/?layer={layer}&from=2024-11-01&to=2026-10-31")
    wait_for_dash()
    wait_for_graph("#overview-map")
    if layer == "training":
        assert page.locator("#overview-map path.point").count() > 50
    else:
        assert page.locator("#overview-map .choroplethlocation").count() > 60
    screenshot(f"overview-{layer}")


def test_training_history_sorts_by_any_column_and_says_who_was_trained(page, wait_for_dash):
    page.goto("/training")
    wait_for_dash()
    rows = page.locator("#training-history-table .ag-center-cols-container .ag-row")
    rows.first.wait_for()
    audiences = page.locator("#training-history-table [col-id=audiences]").all_inner_texts()
    assert "_" not in "".join(audiences) and "UN system" in "".join(audiences)
    header = page.locator("#training-history-table .ag-header-cell[col-id=participants]")
    header.click()                      # ascending
    wait_for_dash()
    people = [int(t) for t in page.locator(
        "#training-history-table .ag-center-cols-container [col-id=participants]"
    ).all_inner_texts()]
    assert people == sorted(people) and len(people) >= 40
    assert "a bubble's area shows its participants (the largest:" in page.locator(
        "#training-summary").inner_text()
