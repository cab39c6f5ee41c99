"""The incident category vocabulary and the one table that maps sources' types onto it.

``categories.csv`` is the vocabulary; ``category_map.csv`` maps a source's own type,
sub-type and qualifier (ACLED's ``civilian_targeting``) onto it. The most specific row
wins: (type, sub-type, qualifier), then (type, sub-type, *), then (type, *, qualifier),
then (type, *, *). A value that is already a category name maps to itself; anything
else maps to ``other`` and keeps its own type in ``source_type``.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

_HERE = Path(__file__).parent
WILDCARD = "*"


@lru_cache(maxsize=1)
def categories() -> tuple[str, ...]:
    """The category vocabulary, in the order of ``categories.csv``."""
    with open(_HERE / "categories.csv", newline="", encoding="utf-8") as f:
        return tuple(row["category"] for row in csv.DictReader(f))


def category_rows() -> list[dict[str, str]]:
    """The vocabulary with labels and descriptions, for the ``incident_categories`` table."""
    with open(_HERE / "categories.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def _category_map() -> dict[tuple[str, str, str, str], str]:
    with open(_HERE / "category_map.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    known = set(categories())
    table = {}
    for row in rows:
        if row["category"] not in known:
            raise ValueError(f"category_map.csv: unknown category {row['category']!r}")
        key = (row["source"], row["source_type"].casefold(),
               row["source_sub_type"].casefold(), row["qualifier"].casefold())
        table[key] = row["category"]
    return table


def map_category(source: str, source_type: str | None, sub_type: str | None = None,
                 qualifier: str | None = None) -> str:
    """The category for one source type (see the module docstring for the precedence)."""
    t = (source_type or "").strip().casefold()
    if t in categories():
        return t
    s = (sub_type or "").strip().casefold()
    q = (qualifier or "").strip().casefold()
    table = _category_map()
    for key in ((t, s, q), (t, s, WILDCARD), (t, WILDCARD, q), (t, WILDCARD, WILDCARD)):
        found = table.get((source, *key))
        if found:
            return found
    return "other"


def map_categories(source: str, types, sub_types=None, qualifiers=None) -> np.ndarray:
    """Vectorised :func:`map_category`: one lookup per distinct combination, not per row."""
    n = len(types)
    frame = pd.DataFrame({
        "t": np.asarray(types, dtype=object),
        "s": np.asarray(sub_types, dtype=object) if sub_types is not None else "",
        "q": np.asarray(qualifiers, dtype=object) if qualifiers is not None else "",
    }, index=range(n)).fillna("")
    group = frame.groupby(["t", "s", "q"], sort=False).ngroup().to_numpy()
    distinct = frame.drop_duplicates()
    mapped = np.array([map_category(source, *key) for key in distinct.itertuples(index=False)],
                      dtype=object)
    return mapped[group]
