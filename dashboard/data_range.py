"""Where a country's incidents lie when none fall in the window a page shows: the whole app
uses one default window (the data's last 12 months), so a country whose data end earlier
would otherwise show zeros with nothing saying why."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dash import dcc, html

from queries import incidents
from queries.incidents import IncidentFilter


def outside_window(wh, f: IncidentFilter) -> tuple[date, date] | None | bool:
    """For ``f``'s country: its data range when it has incidents but none in ``f``'s window
    (whatever the categories, source or region chosen), False when it has none at all, and
    None when some fall in the window."""
    extent = incidents.data_extent(wh, iso3=f.iso3)
    if extent is None:
        return False
    whole_country = replace(f, categories=(), source="", admin1="")
    return extent if incidents.incident_count(wh, whole_country) == 0 else None


def range_notice(
    notice_id: str,
    name: str,
    f: IncidentFilter,
    found: tuple[date, date] | None | bool,
    links: list,
) -> html.Div | None:
    """The notice for :func:`outside_window`'s answer ``found``: where ``name``'s incidents
    lie, then ``links`` (built with :func:`range_link`); None when there is nothing to say."""
    if found is None:
        return None
    window = f"{_day(f.date_from)} – {_day(f.date_to)}"
    if found is False:
        text = f"There are no incidents for {name} in this warehouse."
        links = []
    else:
        text = (
            f"{_possessive(name)} incidents in this warehouse run from {_day(found[0])} "
            f"to {_day(found[1])}; none fall in the window shown ({window})."
        )
    return html.Div(
        [html.Span(text), *[item for link in links for item in (" ", link)]],
        id=notice_id,
        className="notice",
        role="status",
    )


def range_link(link_id: str, text: str, path: str, found: tuple[date, date]) -> dcc.Link:
    """A link to ``path`` opened on the range ``found``."""
    first, last = found
    return dcc.Link(text, id=link_id, href=f"{path}?from={first:%Y-%m-%d}&to={last:%Y-%m-%d}")


def range_text(found: tuple[date, date]) -> str:
    """'1 Jan 2016 – 31 Dec 2019'."""
    return f"{_day(found[0])} – {_day(found[1])}"


def _day(day: date) -> str:
    return f"{day:%-d %b %Y}"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
