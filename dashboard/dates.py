"""How dates read in the app and its exports: one format each, said once."""

from __future__ import annotations

from datetime import date, datetime


def day_text(day: date | datetime) -> str:
    """'3 Mar 2024': a day in running text, labels and notes."""
    return f"{day:%-d %b %Y}"


def long_day_text(day: date | datetime) -> str:
    """'3 March 2024': a day standing alone in a heading or a sentence's lead."""
    return f"{day:%-d %B %Y}"


def minute_text(moment: datetime) -> str:
    """'3 Mar 2024 14:05': when something was made or done (the caller says the zone)."""
    return f"{moment:%-d %b %Y %H:%M}"
