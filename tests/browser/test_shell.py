"""The app shell in a real browser: it loads from this machine only and shows its header."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_shell_shows_the_header_and_loads_nothing_from_outside(page, base_url, browser_log,
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
