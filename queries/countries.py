"""Finding a country by what a person types: its name or part of it, accents and case
ignored, or its ISO3 code."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from queries.db import Warehouse

MAX_QUERY = 80


@dataclass(frozen=True)
class CountryEntry:
    """One country of the directory."""

    iso3: str
    name: str
    incidents: int


def directory(wh: Warehouse) -> list[CountryEntry]:
    """Every country and territory by name, remembered for the life of the warehouse."""
    return wh.remember("country_directory", lambda: [
        CountryEntry(**row) for row in wh.arrow("country_directory").to_pylist()])


def find_countries(entries: list[CountryEntry], text: str) -> list[CountryEntry]:
    """The entries matching ``text``, best first: an exact ISO3 code or name, then the
    names that start with it, then those that contain it (countries with incidents first
    within each group). Empty text matches nothing."""
    wanted = _folded(text[:MAX_QUERY])
    if not wanted:
        return []
    exact = [e for e in entries if is_exact(e, text)]
    starts = [e for e in entries if _folded(e.name).startswith(wanted) and e not in exact]
    contains = [e for e in entries
                if wanted in _folded(e.name) and e not in exact and e not in starts]
    return exact + sorted(starts, key=_with_data_first) + sorted(contains, key=_with_data_first)


def is_exact(entry: CountryEntry, text: str) -> bool:
    """Whether ``text`` is the entry's ISO3 code or its whole name (accents and case aside)."""
    return _folded(text) in (entry.iso3.casefold(), _folded(entry.name))


def _with_data_first(entry: CountryEntry) -> tuple[bool, str]:
    return entry.incidents == 0, entry.name


def _folded(text: str) -> str:
    """``text`` without accents, case or surrounding space: 'Côte d’Ivoire' -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
