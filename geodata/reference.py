"""Country reference tables: ISO 3166-1 with UN M49 regions, and Gleditsch-Ward state codes.

Both tables are small CSV files committed under ``geodata/data/``; see ``PROVENANCE.md``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "data"


def countries() -> pd.DataFrame:
    """The ISO 3166-1 countries and territories (plus XKX Kosovo), one row each.

    Columns: ``iso3``, ``iso_n3`` (ISO numeric, zero-padded to 3 characters; missing for
    XKX), ``name``, ``un_region`` and ``un_subregion`` (UN M49; missing for Antarctica).
    Returns a fresh copy, sorted by ``iso3``.
    """
    return _countries_table().copy()


def iso3_from_gwno(codes):
    """ISO3 codes for Gleditsch-Ward state numbers (UCDP ``country_id``, ``gwnoa``).

    ``codes`` is one code or an array of them, as ints, floats or strings ("482").
    Returns a str (or None) for one code, else a numpy object array with None where the
    code is missing or unknown. Historical states map to their successor (265 GDR -> DEU).
    """
    return _lookup(codes, _gwno_to_iso3())


# Correlates of War codes that differ from Gleditsch-Ward's for the same present-day
# state (the Early Warning Project and the PTS use COW codes). COW 679 is unified Yemen
# (1990-), where GW keeps 678; the four Pacific states are numbered differently (COW 946
# Kiribati, 947 Tuvalu, 955 Tonga, 970 Nauru; GW 970 Kiribati, 971 Nauru, 972 Tonga, 973
# Tuvalu). Every other COW code in those files means the same state.
_COW_DIFFERENCES = {679: "YEM", 946: "KIR", 947: "TUV", 955: "TON", 970: "NRU"}


def iso3_from_cow(codes):
    """ISO3 codes for Correlates of War state numbers (the Early Warning Project's ``ccode``).

    COW and Gleditsch-Ward numbers agree for all but a few states; those are in
    ``_COW_DIFFERENCES``, the rest go through the Gleditsch-Ward table. Same input and output
    conventions as :func:`iso3_from_gwno`: None where the code is unknown, for the caller to
    name (never to drop silently).
    """
    return _lookup(codes, _cow_to_iso3())


def iso3_from_iso_numeric(codes):
    """ISO3 codes for ISO 3166-1 numeric codes (ACLED ``iso``), e.g. 140 or "140" -> "CAF".

    Same input and output conventions as :func:`iso3_from_gwno`.
    """
    return _lookup(codes, _numeric_to_iso3())


def state_iso3_codes() -> frozenset[str]:
    """The ISO3 codes of the states the Gleditsch-Ward and Correlates of War tables map to
    (independent states; no dependent territory, no uninhabited place)."""
    return frozenset(_cow_to_iso3().values())


def is_iso3(code) -> bool:
    """Whether ``code`` is an alpha-3 code of the country table (case-sensitive: "CAF")."""
    return isinstance(code, str) and code in _iso3_set()


@functools.lru_cache(maxsize=1)
def _countries_table() -> pd.DataFrame:
    """countries.csv as read once; every column is text, empty cells are missing."""
    return pd.read_csv(DATA_DIR / "countries.csv", dtype=str, keep_default_na=False,
                       na_values=[""])


@functools.lru_cache(maxsize=1)
def _iso3_set() -> frozenset[str]:
    """The alpha-3 codes of countries.csv."""
    return frozenset(_countries_table()["iso3"])


@functools.lru_cache(maxsize=1)
def _numeric_to_iso3() -> dict[int, str]:
    """ISO numeric code -> alpha-3, for the rows that have a numeric code."""
    table = _countries_table().dropna(subset=["iso_n3"])
    return dict(zip(table["iso_n3"].astype(int), table["iso3"], strict=True))


@functools.lru_cache(maxsize=1)
def _gwno_to_iso3() -> dict[int, str]:
    """Gleditsch-Ward number -> alpha-3, for the states that have a present-day mapping."""
    table = pd.read_csv(DATA_DIR / "gleditsch_ward.csv", dtype=str, keep_default_na=False,
                        na_values=[""]).dropna(subset=["iso3"])
    return dict(zip(table["gwno"].astype(int), table["iso3"], strict=True))


@functools.lru_cache(maxsize=1)
def _cow_to_iso3() -> dict[int, str]:
    """Correlates of War number -> alpha-3: the Gleditsch-Ward table with COW's differences."""
    return {**_gwno_to_iso3(), **_COW_DIFFERENCES}


def _lookup(codes, table: dict[int, str]):
    """Map integer-like codes through ``table``; scalar in, scalar out."""
    index, uniques = pd.factorize(np.asarray(codes, dtype=object).reshape(-1))
    mapped = np.array([table.get(_as_int(value)) for value in uniques] + [None], dtype=object)
    out = mapped[index]
    return out[0] if np.ndim(codes) == 0 else out


def _as_int(value) -> int | None:
    """``value`` as an int when it is a whole number ("482", 482.0), else None."""
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None
