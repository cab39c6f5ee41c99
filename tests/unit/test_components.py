"""Small layout pieces: the freshness line, counts in words, KPI changes."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.components import (
    age_text,
    freshness,
    kpi_children,
    period_text,
    plural,
)
from tests.integration.test_app import text_of

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(("then", "expected"), [
    (date(2026, 11, 26), "today"),
    (date(2026, 11, 25), "1 day ago"),
    (date(2026, 10, 31), "26 days ago"),
    (date(2026, 10, 26), "1 month ago"),
    (date(2025, 11, 26), "1 year ago"),
    (date(2022, 12, 30), "3 years 10 months ago"),
    (date(2027, 1, 1), "in the future"),
])
def test_age_in_words(then, expected):
    assert age_text(then, TODAY) == expected


def test_fresh_data_are_stated_and_stale_data_are_a_warning():
    fresh = freshness(date(2026, 11, 1), TODAY)
    assert fresh.children == "Data through 1 Nov 2026 (25 days ago)"
    assert fresh.className == "freshness"
    stale = freshness(date(2022, 12, 30), TODAY)
    assert stale.children.startswith("Data through 30 Dec 2022 (3 years 10 months ago): older")
    assert stale.className == "freshness stale"
    assert "No incident data" in freshness(None, TODAY).children


@pytest.mark.parametrize(("count", "noun", "expected"), [
    (1, "country", "1 country"), (3, "country", "3 countries"), (0, "day", "0 days"),
    (2, "key", "2 keys"), (1250, "cell", "1,250 cells"),
])
def test_plural(count, noun, expected):
    assert plural(count, noun) == expected


def test_long_windows_are_said_in_years_not_tens_of_thousands_of_days():
    assert period_text(365) == "365 days"
    assert period_text(46_325) == "126.8 years"


def test_kpi_change_is_a_difference_when_the_earlier_count_is_small():
    small = text_of(kpi_children("Incidents", 16, 8, 365))
    assert "▲ +8  vs previous 365 days (8)" in small and "%" not in small
    large = text_of(kpi_children("Incidents", 90, 120, 365))
    assert "▼ -25.0%  vs previous 365 days (120)" in large
    assert "none before" in text_of(kpi_children("Incidents", 5, 0, 30))
