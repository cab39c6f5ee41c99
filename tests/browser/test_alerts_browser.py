"""The header badge and acknowledging an alert, as a person does it in the browser: an app
over a small warehouse holding two alerts that match the office's default rule."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

pytestmark = pytest.mark.browser

ALERTS = (("escalation", "high", "Ouham: large increase, 38 against 8."),
          ("fatalities", "medium", "Central African Republic: 30 civilians killed."))


@pytest.fixture(scope="module")
def alerts_url(tmp_path_factory, base_url, serve):
    """An app (sign-in off: the local demo's full access) over a warehouse with two
    alerts. The session's app answers first (see test_access_browser.auth_url)."""
    import urllib.request

    from dashboard import create_app
    from dashboard.settings import Settings
    from queries.schema import connect_writer

    with urllib.request.urlopen(base_url + "/") as answer:
        assert answer.status == 200
    db = tmp_path_factory.mktemp("alerts") / "w.duckdb"
    con = connect_writer(db)
    for kind, severity, headline in ALERTS:
        con.execute("INSERT INTO alerts (kind, iso3, admin1_code, severity, headline, "
                    "evidence, restricted, basis, change_key, created_at, data_as_of) VALUES "
                    "(?, 'CAF', NULL, ?, ?, ?, false, 'previous refresh', ?, ?, "
                    "DATE '2026-10-31')",
                    [kind, severity, headline,
                     json.dumps({"filter": {"from": "2026-10-04", "to": "2026-10-31"}}),
                     headline, datetime(2026, 11, 1, 6)])
    con.close()
    app = create_app(Settings(db=db))
    with serve(app) as url:
        yield url
    app.server.config["WAREHOUSE"].close()


def test_badge_counts_and_acknowledging_clears_one(page, browser_log, alerts_url,
                                                   wait_for_dash):
    browser_log.base_url = alerts_url
    page.goto(alerts_url + "/alerts")
    wait_for_dash()
    badge = page.locator("#alerts-badge")
    assert badge.inner_text().split() == ["Alerts", "2"]
    items = page.locator("#alerts-list > li")
    assert items.count() == 2
    assert "30 civilians killed" in items.first.inner_text()      # newest (#2) first
    assert "Ouham: large increase, 38 against 8." in items.nth(1).inner_text()
    page.locator("#alerts-ack-id").click()
    page.get_by_text("#1 Ouham: large increase").last.click()
    page.locator("#alerts-ack-note").fill("Desk officer called; situation report requested.")
    page.locator("#alerts-ack-button").click()
    wait_for_dash()
    assert page.locator("#alerts-ack-status").inner_text() == "Alert #1 acknowledged."
    assert badge.inner_text().split() == ["Alerts", "1"]
    assert items.count() == 1
    assert "30 civilians killed" in items.first.inner_text()
    page.locator("#alerts-badge").click()
    wait_for_dash()
    assert page.url == alerts_url + "/alerts"
