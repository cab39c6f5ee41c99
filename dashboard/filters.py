"""Filters in the URL: parse a page's query string into an ``IncidentFilter``, safely.

A shared link must reproduce the view, and a bad or hostile value must change nothing:
unknown categories, malformed dates and unknown sources are dropped with a notice, and
the defaults (the last 12 months of the data) apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from dashboard.access import current_access
from dashboard.appstate import warehouse
from dashboard.dates import day_text
from queries.access import Access
from queries.db import Warehouse
from queries.incidents import IncidentFilter, data_extent, default_window, sources
from queries.vocabulary import categories

_ADMIN1 = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")


@dataclass(frozen=True)
class ParsedFilters:
    """The filter to apply and what was ignored in the URL, for a notice."""

    filter: IncidentFilter
    ignored: tuple[str, ...] = ()


def parse_filters(wh: Warehouse, query: dict, iso3: str = "",
                  access: Access | None = None, snap: bool = True) -> ParsedFilters:
    """The ``IncidentFilter`` for a page's URL parameters ``from``, ``to``, ``category``,
    ``source`` and ``admin1``; anything unusable is ignored and named in ``ignored``.
    Whether restricted incidents show their detail comes from ``access`` (default: the
    signed-in person's, :func:`dashboard.access.current_access`), never from the query.
    With ``snap`` (a link being opened), a window wholly outside the data is replaced by
    the default one, with a notice; the page's own date controls keep what was chosen."""
    if access is None:
        access = current_access()
    ignored: list[str] = []
    known_sources = sources(wh)
    source = _one(query, "source")
    if source and source not in known_sources:
        ignored.append(f"source {source[:40]!r}")
        source = ""
    date_from, date_to = _window(wh, query, ignored, snap)
    chosen = _categories(query, ignored)
    admin1 = _one(query, "admin1")
    if admin1 and not _ADMIN1.match(admin1):
        ignored.append(f"admin1 {admin1[:40]!r}")
        admin1 = ""
    return ParsedFilters(IncidentFilter(date_from, date_to, chosen, source, iso3, admin1,
                                        restricted_detail=access.may_see_restricted),
                         tuple(ignored))


def without_foreign_region(parsed: ParsedFilters, regions: set[str],
                           country: str) -> ParsedFilters:
    """``parsed`` without its ``admin1`` when that region is not one of ``regions`` (the
    country's), with a notice naming it."""
    admin1 = parsed.filter.admin1
    if not admin1 or admin1 in regions:
        return parsed
    return ParsedFilters(replace(parsed.filter, admin1=""),
                         (*parsed.ignored, f"admin1 {admin1[:40]!r} (not a region of {country})"))


def choice(query: dict, name: str, allowed, default: str,
           ignored: list[str]) -> str:
    """The URL value ``name`` when it is one of ``allowed``, else ``default`` (an unknown
    value is named in ``ignored``)."""
    value = _one(query, name)
    if value and value not in allowed:
        ignored.append(f"{name} {value[:40]!r}")
        return default
    return value or default


def _window(wh: Warehouse, query: dict, ignored: list[str], snap: bool) -> tuple[date, date]:
    """The window of ``from`` and ``to``; the default window (the data's last 12 months)
    instead of one that ends before it starts or, with ``snap``, lies wholly outside the
    data."""
    default_from, default_to = default_window(wh)
    date_from = _date(query, "from", ignored) or default_from
    date_to = _date(query, "to", ignored) or default_to
    extent = data_extent(wh) if snap else None
    if date_from > date_to:
        ignored.append("a window that ends before it starts")
    elif extent and (date_from > extent[1] or date_to < extent[0]):
        ignored.append(f"a window with no data ({day_text(date_from)} – {day_text(date_to)}; "
                       f"the data run from {day_text(extent[0])} to {day_text(extent[1])})")
    else:
        return date_from, date_to
    return default_from, default_to


def _one(query: dict, name: str) -> str:
    value = query.get(name) or ""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value).strip()


def _date(query: dict, name: str, ignored: list[str]) -> date | None:
    text = _one(query, name)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]) if len(text) == 10 else _bad(name, text, ignored)
    except ValueError:
        return _bad(name, text, ignored)


def _bad(name: str, text: str, ignored: list[str]) -> None:
    ignored.append(f"{name} {text[:40]!r} (expected YYYY-MM-DD)")
    return None


def _categories(query: dict, ignored: list[str]) -> tuple[str, ...]:
    text = _one(query, "category")
    if not text:
        return ()
    wanted = [c.strip() for c in text.split(",") if c.strip()]
    known = [c for c in wanted if c in categories()]
    ignored += [f"category {c[:40]!r}" for c in wanted if c not in categories()]
    return tuple(dict.fromkeys(known))


def filter_from_controls(start: str | None, end: str | None, chosen: list[str] | None,
                         source: str | None, iso3: str = "", admin1: str | None = None,
                         wh: Warehouse | None = None) -> IncidentFilter:
    """The filter for a page's control values, validated the same way as the URL."""
    query = {"from": start or "", "to": end or "", "category": ",".join(chosen or []),
             "source": source or "", "admin1": admin1 or ""}
    if wh is None:
        wh = warehouse()
    return parse_filters(wh, query, iso3, snap=False).filter


def control_values(f: IncidentFilter) -> tuple:
    """The filter bar's values for ``f`` (start, end, categories, source) as its callbacks
    receive them: the inverse of :func:`filter_from_controls`."""
    return (f.date_from.isoformat(), f.date_to.isoformat(), list(f.categories),
            f.source or None)


DEFAULT_ORGS = ("ECOWAS",)


def parse_orgs(text: str | None, known: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The organisation codes in a comma list (any case; default ECOWAS when none is
    given) and the ignored values."""
    if isinstance(text, list | tuple):
        text = ",".join(text)
    wanted = [v.strip().upper() for v in (text or "").split(",") if v.strip()]
    if text is None:
        wanted = list(DEFAULT_ORGS)
    chosen = tuple(dict.fromkeys(v for v in wanted if v in known))
    return chosen, tuple(f"org {v[:40]!r}" for v in wanted if v not in known)


def parse_day(text: str | None) -> tuple[date, tuple[str, ...]]:
    """The day in ``text`` (YYYY-MM-DD; default today) and what was ignored."""
    if not text:
        return date.today(), ()
    try:
        return date.fromisoformat(str(text)[:10]), ()
    except ValueError:
        return date.today(), (f"date {str(text)[:40]!r} (expected YYYY-MM-DD)",)
